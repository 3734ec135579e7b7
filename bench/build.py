"""Build benchmark: Said & Done against plain Pelican on the same text, at 1k and 10k records.

    python bench/build.py                 # N = 1,000 and 10,000
    python bench/build.py 100000          # on request
    python bench/build.py 1000 --no-plain # skip the plain-Pelican comparison

For each N it generates N valid synthetic records (bench/synthetic.py) in a temp folder,
builds them with the real pipeline (`python -m said_and_done build`, every plugin in
pelicanconf.py) and prints records, pages written, wall time per phase, pages per second
and peak memory (the build and the processes it starts together, bench/process_tree.py);
then rebuilds after editing one record; then builds the same text as N
plain Markdown articles with plain Pelican and prints the ratio. Targets are printed
beside the figures. Figures, never pass/fail: this is not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from process_tree import run_tree  # noqa: E402
from synthetic import write_project  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))
from helpers.project_settings import write_settings  # noqa: E402

PYTHON = sys.executable
# Pagefind runs beside rendering and exports (search.generator.SearchBuild.start): its
# phase is the time spent starting it and then waiting for it, not all of its work.
PHASE_NOTES = {"search index": "   (waiting for it: it runs beside rendering and exports)"}


def run(cmd, env=None, cwd=None) -> tuple[float, float]:
    """Run a command; return (wall seconds, peak resident memory in MB)."""
    start = time.perf_counter()
    # stderr goes to a file, not a pipe: a build that warns a lot (clash warnings on a
    # large register) would fill a pipe nobody reads until wait4 returns, and hang.
    with tempfile.TemporaryFile() as stderr:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        stderr.seek(0)
        err = stderr.read().decode("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(map(str, cmd))} failed:\n{err[-3000:]}")
    return wall, usage.ru_maxrss / 1024


def project_settings(project: Path) -> Path:
    return write_settings(project, "SAID_AND_DONE = {**SAID_AND_DONE, 'data_path': 'data'}")


def said_and_done_build(project: Path, output: Path, timings: Path) -> tuple[float, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "SOURCE_DATE_EPOCH": "1795392000"}  # 2026-11-23
    # Peak memory of the build and every process it starts together (the second
    # renderer, Pagefind), sampled: what the machine must hold (process_tree.py).
    return run_tree([PYTHON, "-m", "said_and_done", "build", "--settings", str(project / "pelicanconf.py"),
                     "--output", str(output), "--timings-file", str(timings)], env=env, cwd=project, every=0.1)


def plain_pelican(project: Path, n: int) -> tuple[float, float]:
    """The same words as N plain Markdown articles, built by Pelican with its defaults."""
    plain = project / "plain"
    content = plain / "content"
    content.mkdir(parents=True)
    for path in sorted((project / "data" / "consultations").glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        parts = [data["summary"]]
        for theme in data.get("outcome", {}).get("you_said", []):
            parts += [theme["theme"], theme["said"], theme["we_did"], theme.get("reason", "")]
        writeup = project / "content" / "outcomes" / f"{path.stem}.md"
        if writeup.exists():
            parts.append(writeup.read_text(encoding="utf-8").split("\n\n", 1)[1])
        body = "\n\n".join(p for p in parts if p)
        (content / f"{path.stem}.md").write_text(
            f"Title: {data['title']}\nSlug: {path.stem}\nDate: {data['dates']['opens']}\nCategory: consultations\n\n{body}\n",
            encoding="utf-8")
    conf = plain / "conf.py"
    conf.write_text("SITENAME = 'Plain'\nAUTHOR = 'Bench'\nTIMEZONE = 'Europe/London'\nDEFAULT_LANG = 'en'\n"
                    "PATH = 'content'\nSITEURL = ''\n", encoding="utf-8")
    return run([PYTHON, "-m", "pelican", str(content), "-s", str(conf), "-o", str(plain / "output"), "-q"], cwd=plain)


def first_look(project: Path, output: Path, record: Path) -> dict:
    """The preview's first look at an edit to record (bench/first_look.py), after a resident rebuild."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "SOURCE_DATE_EPOCH": "1795392000"}
    run = subprocess.run([PYTHON, str(HERE / "first_look.py"), str(project), str(output), str(record)],
                         cwd=project, env=env, capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"first look failed:\n{run.stderr[-3000:]}")
    return json.loads(run.stdout.strip().splitlines()[-1])


def snapshot(folder: Path) -> dict:
    """path -> (inode, mtime): a file whose pair changed was rewritten."""
    found = {}
    for directory, _, files in os.walk(folder):
        for name in files:
            st = os.stat(os.path.join(directory, name))
            found[os.path.join(directory, name)] = (st.st_ino, st.st_mtime_ns)
    return found


def phases_of(timings: Path) -> dict:
    return {k: v for k, v in json.loads(timings.read_text()).items() if isinstance(v, float)}


def search_parts(timings: Path) -> str:
    """What Pagefind did in the background: the parts it indexed, their pages and its time."""
    parts = json.loads(timings.read_text()).get("figures", {}).get("search parts")
    if not parts:
        return "not reported"
    indexed = [p for p in parts["indexed"] if not p.get("delta")]
    delta = [p for p in parts["indexed"] if p.get("delta")]
    pages = sum(p["pages"] for p in indexed)
    seconds = sum(p["seconds"] for p in indexed)
    said = f"{len(indexed)} of {parts['parts']} ({pages:,} pages) in {seconds:.2f} s, beside the rest"
    for part in delta:  # the pages edited since their part was indexed (plugins/search/delta.py)
        said += f"; edited pages alone: {part['pages']:,} in {part['seconds']:.2f} s"
    return said


def bench(n: int, with_plain: bool) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"bench-{n}-") as tmp:
        project = Path(tmp)
        t0 = time.perf_counter()
        write_project(project, n)
        generated = time.perf_counter() - t0
        project_settings(project)
        output, timings = project / "output", project / "timings.json"

        wall, peak = said_and_done_build(project, output, timings)
        phases = phases_of(timings)
        cold_search = search_parts(timings)
        html_sizes = {p: p.stat().st_size for p in output.rglob("*.html")}
        pages = len(html_sizes)
        # What a resident on a phone downloads for the longest page: lists that do not
        # page grow with the register.
        largest = max(html_sizes, key=html_sizes.get)
        files = sum(1 for p in output.rglob("*") if p.is_file())

        before = snapshot(output)
        same_wall, _ = said_and_done_build(project, output, timings)
        untouched = snapshot(output)
        rewritten_same = sum(1 for p, m in untouched.items() if before.get(p) != m)

        record = sorted((project / "data" / "consultations").glob("*.yaml"))[n // 2]
        text = record.read_text(encoding="utf-8")
        record.write_text(text.replace("title: ", "title: Edited ", 1), encoding="utf-8")
        re_wall, re_peak = said_and_done_build(project, output, timings)
        re_phases = phases_of(timings)
        re_search = search_parts(timings)
        after = snapshot(output)
        rewritten = sorted(p for p, m in after.items() if before.get(p) != m)
        deleted = len(before.keys() - after.keys())

        print(f"\n== {n:,} records (generated in {generated:.1f} s) ==")
        print(f"{'records':<38}{n:>12,}")
        print(f"{'pages written (.html)':<38}{pages:>12,}   ({files:,} files in all)")
        print("cold build, wall time per phase:")
        for name, seconds in phases.items():
            print(f"{'  ' + name:<38}{seconds:>11.2f}s{PHASE_NOTES.get(name, '')}")
        print(f"{'  search parts Pagefind indexed':<40}{cold_search}")
        print(f"{'wall, cold build':<38}{wall:>11.2f}s")
        print(f"{'pages per second':<38}{pages / wall:>12,.0f}")
        print(f"{'largest page':<38}{html_sizes[largest] / 1e6:>10,.2f}MB   ({largest.relative_to(output)})")
        target_mem = 1024 if n <= 10_000 else 4096
        print(f"{'peak memory, every process':<38}{peak:>10,.0f}MB   target <= {target_mem:,} MB")
        print(f"{'rebuild, nothing changed':<38}{same_wall:>11.2f}s   ({rewritten_same:,} files rewritten; target 0)")
        print(f"{'rebuild after editing one record':<38}{re_wall:>11.2f}s   target <= 2 s (at 10,000)")
        for name, seconds in re_phases.items():
            print(f"{'  ' + name:<38}{seconds:>11.2f}s{PHASE_NOTES.get(name, '')}")
        # An edit re-indexes the whole part holding its pages: Pagefind cannot update an index in place.
        print(f"{'  search parts Pagefind indexed':<40}{re_search}")
        print(f"{'  files rewritten by the rebuild':<38}{len(rewritten):>12,}   of {files:,}; target: only pages whose inputs changed")
        for path in rewritten[:12]:
            print(f"{'':<40}{os.path.relpath(path, output)}")
        if len(rewritten) > 12:
            print(f"{'':<40}... and {len(rewritten) - 12:,} more")
        print(f"{'  files deleted by the rebuild':<38}{deleted:>12,}")
        print(f"{'  peak memory, rebuild':<38}{re_peak:>10,.0f}MB")
        look = first_look(project, output, sorted((project / "data" / "consultations").glob("*.yaml"))[n // 3])
        print(f"{'preview: first look at an edit':<38}{look['seconds']:>11.3f}s   "
              f"({len(look['pages'])} page(s), showing the edit: {'yes' if look['shows_edit'] else 'NO'}; "
              "the full rebuild above follows it)")
        print(f"{'  resident build, memory':<38}{look['resident_mb']:>10,.0f}MB   (held while preview runs)")
        result = {"n": n, "wall": wall, "peak": peak, "rebuild": re_wall, "rewritten": len(rewritten),
                  "files": files, "plain": None, "first_look": look["seconds"]}
        if with_plain:
            plain_wall, plain_peak = plain_pelican(project, n)
            result["plain"] = plain_wall
            print(f"{'plain Pelican, same text':<38}{plain_wall:>11.2f}s   ({plain_peak:,.0f} MB)")
            print(f"{'ratio said&done / plain':<38}{wall / plain_wall:>12.2f}   target <= 0.40 (at 10,000, search index included)")
        return result


def verdict(ok: bool) -> str:
    return "meets" if ok else "MISSES"


def summary(results: list) -> None:
    """The issue's targets beside what this run measured."""
    by_n = {r["n"]: r for r in results}
    print("\n== targets (issue 8) ==")
    print(f"{'target':<58}{'measured':>16}   verdict")
    for r in results:
        n = r["n"]
        limit = 1024 if n <= 10_000 else 4096
        print(f"{f'peak memory at {n:,} <= {limit:,} MB':<58}{r['peak']:>13,.0f} MB   {verdict(r['peak'] <= limit)}")
        if r["plain"] and n >= 10_000:
            ratio = r["wall"] / r["plain"]
            print(f"{f'cold build at {n:,} <= 0.40 x plain Pelican':<58}{ratio:>16.2f}   {verdict(ratio <= 0.40)}")
        if n >= 10_000:
            print(f"{f'one-record rebuild at {n:,} <= 2 s':<58}{r['rebuild']:>14.2f} s   {verdict(r['rebuild'] <= 2)}")
            print(f"{f'  (preview: the edited record shown at {n:,})':<58}{r['first_look']:>14.3f} s   "
                  "its own pages only; the rest follows")
    if 10_000 in by_n and 100_000 in by_n:
        growth = by_n[100_000]["wall"] / by_n[10_000]["wall"]
        print(f"{'time(100,000) / time(10,000) <= 11':<58}{growth:>16.1f}   {verdict(growth <= 11)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--no-plain", action="store_true", help="skip the plain-Pelican comparison")
    args = parser.parse_args()
    print(f"Said & Done build benchmark on {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    summary([bench(n, not args.no_plain) for n in args.sizes])


if __name__ == "__main__":
    main()
