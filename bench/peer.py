"""Peer benchmark: Said & Done against Hugo + Pagefind (and plain Pelican) on the same records, in one run.

    python bench/peer.py                  # N = 1,000 and 10,000
    python bench/peer.py 1000 --no-plain  # skip the plain-Pelican comparison
    python bench/peer.py 1000 10000 --alone 100000 --no-plain   # and 100,000 by Said & Done alone
    make bench-peer                       # the same (PEER_SIZES="1000" for fewer)

For each N it generates N synthetic records (bench/synthetic.py) and builds them with
Said & Done (`python -m said_and_done build`, search included). In the same run it
writes them as the site a web developer would make instead (bench/hugo_site.py:
Markdown with front matter, taxonomies for localities, topics and organisations, paging
by 20, a minimal layout), builds it with Debian's `hugo` and indexes Hugo's output with
the same Pagefind program the build uses. It prints wall times, pages (.html), peak
memory of each command with every process it starts (bench/process_tree.py) and the
ratios; then edits one record and times both again (Hugo has no incremental build from
the command line: a full rebuild, then Pagefind over the whole site again). Then plain
Pelican on the same text (bench/build.py). The machine may be shared: compare the
ratios, which come from one run, rather than seconds across runs. Figures, never
pass/fail: this is not a test.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "plugins"))
from build import phases_of, plain_pelican, project_settings, said_and_done_build  # noqa: E402
from hugo_site import update_page, write_hugo_site  # noqa: E402
from process_tree import run_tree  # noqa: E402
from synthetic import write_project  # noqa: E402

from search.indexer import find_pagefind  # noqa: E402

NO_HUGO = ("hugo is not installed, so the peer (Hugo + Pagefind) is not measured. "
           "On Debian or Ubuntu: `sudo apt-get install hugo` (0.111 in Debian 12); this script downloads nothing.")


def hugo_version(hugo: str) -> str:
    said = subprocess.run([hugo, "version"], capture_output=True, text=True, check=False)
    return said.stdout.strip().split(" BuildDate")[0]


def html_pages(folder: Path, skip: str | None = None) -> int:
    return sum(1 for p in folder.rglob("*.html") if not (skip and skip in p.parts))


def peer_build(hugo: str, pagefind: Path, site: Path) -> dict:
    """Hugo over the site, then Pagefind over what it wrote: wall and peak memory of each."""
    public = site / "public"
    hugo_wall, hugo_peak = run_tree([hugo, "--quiet", "--source", str(site), "--destination", str(public)], cwd=site)
    pf_wall, pf_peak = run_tree([str(pagefind), "--site", str(public), "--glob", "**/*.html", "--force-language", "en",
                                 "--output-path", str(public / "pagefind"), "--quiet"], cwd=site)
    return {"hugo": hugo_wall, "pagefind": pf_wall, "wall": hugo_wall + pf_wall, "peak": max(hugo_peak, pf_peak),
            "pages": html_pages(public, skip="pagefind")}


def edit(record: Path) -> None:
    """The one-record edit both sites get: a changed title and a new word in the summary."""
    text = record.read_text(encoding="utf-8")
    text = text.replace("title: ", "title: Edited ", 1).replace("summary: ", "summary: Zanzibarish ", 1)
    record.write_text(text, encoding="utf-8")


def row(label: str, ours: float, peer: float | None, unit: str = "s", note: str = "") -> None:
    fmt = (lambda v: f"{v:>10.2f} {unit}") if unit == "s" else (lambda v: f"{v:>10,.0f} {unit}")
    peer_text = fmt(peer) if peer is not None else f"{'-':>12}"
    ratio = f"{ours / peer:>8.2f}" if peer else f"{'':>8}"
    print(f"{label:<34}{fmt(ours)}{peer_text}{ratio}   {note}")


def bench(n: int, hugo: str | None, pagefind: Path, with_plain: bool, alone: bool = False) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"peer-{n}-") as tmp:
        project = Path(tmp)
        write_project(project, n)
        project_settings(project)
        output, timings = project / "output", project / "timings.json"
        site = project / "hugo"
        if alone:  # Said & Done alone at this size: no Hugo site written, built or timed
            hugo = None
        if hugo:
            write_hugo_site(project, site)

        ours_wall, ours_peak = said_and_done_build(project, output, timings)
        cold_phases = phases_of(timings)
        ours_pages = html_pages(output.resolve())
        peer = peer_build(hugo, pagefind, site) if hugo else None

        record = sorted((project / "data" / "consultations").glob("*.yaml"))[n // 2]
        edit(record)
        ours_edit, _ = said_and_done_build(project, output, timings)
        edit_phases = phases_of(timings)
        peer_edit = None
        if hugo:
            update_page(project, site, record)
            peer_edit = peer_build(hugo, pagefind, site)
        # A second edit: the first after a cold build also makes the spare build folder (a hard
        # link per file, publish.py); every later edit of a working session finds it made.
        record.write_text(record.read_text(encoding="utf-8").replace("title: Edited ", "title: Edited again ", 1),
                          encoding="utf-8")
        ours_edit_again, _ = said_and_done_build(project, output, timings)

        print(f"\n== {n:,} records ==")
        print(f"{'':<34}{'Said & Done':>12}{'Hugo+Pagefind':>14}{'ratio':>8}")
        row("pages (.html)", ours_pages, peer and peer["pages"], unit="", note="")
        row("cold build, search included", ours_wall, peer and peer["wall"],
            note=f"(Hugo {peer['hugo']:.2f} s + Pagefind {peer['pagefind']:.2f} s)" if peer else "")
        row("peak memory (PSS, every process)", ours_peak, peer and peer["peak"], unit="MB")
        row("one record edited, search incl.", ours_edit, peer_edit and peer_edit["wall"],
            note=f"(Hugo rebuild {peer_edit['hugo']:.2f} s + Pagefind {peer_edit['pagefind']:.2f} s)"
            if peer_edit else "")
        print(f"{'a second edit (Said & Done)':<34}{ours_edit_again:>10.2f} s")
        # Where Said & Done's time went (its --timings-file): which phase grows with N.
        for label, phases in (("cold", cold_phases), ("one edit", edit_phases), ("a second edit", phases_of(timings))):
            print(f"  phases, {label}: " + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in phases.items()))
        result = {"n": n, "pages": ours_pages, "wall": ours_wall, "peak": ours_peak, "edit": ours_edit,
                  "edit_again": ours_edit_again,
                  "peer": peer, "peer_edit": peer_edit, "plain": None, "alone": alone}
        if with_plain:
            plain_wall, plain_peak = plain_pelican(project, n)
            result["plain"] = plain_wall
            print(f"{'plain Pelican, same text':<34}{plain_wall:>10.2f} s   ({plain_peak:,.0f} MB); "
                  f"Said & Done / plain Pelican {ours_wall / plain_wall:.2f}")
        return result


def summary(results: list, hugo: str | None) -> None:
    """One table for the issue: the figures, the ratios and the targets beside them."""
    print("\n== Said & Done against Hugo + Pagefind (issue 28), one run ==")
    print("| records | Said & Done cold (pages) | Hugo + Pagefind (pages) | ratio | target "
          "| Said & Done, one edit (a second edit) | peer, full rebuild + reindex | edit target |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        n, peer, peer_edit = r["n"], r["peer"], r["peer_edit"]
        target = "≤ 1.0" if n >= 10_000 else "≤ 1.5"
        edit_target = "≤ 2 s" if n >= 10_000 else "≤ 1 s"
        if peer:
            peer_text = f"{peer['hugo']:.1f} + {peer['pagefind']:.1f} = {peer['wall']:.1f} s ({peer['pages']:,})"
            ratio = f"{r['wall'] / peer['wall']:.2f}×"
            edit_text = f"{peer_edit['hugo']:.1f} + {peer_edit['pagefind']:.1f} = {peer_edit['wall']:.1f} s"
        else:
            peer_text, ratio, edit_text = ("not run: Said & Done alone" if r["alone"] else "no hugo"), "-", "-"
        if r["alone"]:
            target = edit_target = "-"
        print(f"| {n:,} | {r['wall']:.1f} s ({r['pages']:,}) | {peer_text} | {ratio} | {target} "
              f"| {r['edit']:.1f} s ({r['edit_again']:.1f} s) | {edit_text} | {edit_target} |")
    print("\npeak memory (PSS, every process): " + "; ".join(f"{r['n']:,}: {r['peak']:,.0f} MB" for r in results)
          + " (targets: at most 1,000 MB at 10,000 records, 4,000 MB at 100,000)")
    by_n = {r["n"]: r for r in results}
    if 10_000 in by_n and 100_000 in by_n:
        print(f"time(100,000) / time(10,000) = {by_n[100_000]['wall'] / by_n[10_000]['wall']:.1f} (target at most 11)")
    if not hugo:
        print(NO_HUGO)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--no-plain", action="store_true", help="skip the plain-Pelican comparison")
    parser.add_argument("--alone", nargs="*", type=int, default=[], metavar="N",
                        help="sizes built by Said & Done alone, after the others, in the same run (100000: the "
                             "issue's figure for a regional register; Hugo is not run at these)")
    args = parser.parse_args()
    hugo = shutil.which("hugo")
    pagefind = find_pagefind()
    load = os.getloadavg()
    print(f"Peer benchmark on {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
          f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(f"Hugo: {hugo_version(hugo)}" if hugo else NO_HUGO)
    print(f"Pagefind: {pagefind}")
    results = [bench(n, hugo, pagefind, not args.no_plain) for n in args.sizes]
    results += [bench(n, hugo, pagefind, False, alone=True) for n in args.alone]
    summary(results, hugo)
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
