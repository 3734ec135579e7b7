"""Search index benchmark: Pagefind's time and memory per shard size, at 1k, 5k and 10k records.

    .venv/bin/python bench/search_index.py                    # N = 1,000, 5,000 and 10,000
    .venv/bin/python bench/search_index.py 30000 --per-shard 1000,2000
    .venv/bin/python bench/search_index.py 1000 --no-build    # shards only, no whole-build figures

For each N it writes N valid synthetic records (bench/synthetic.py) and builds them with the
real pipeline (`python -m said_and_done build`, every plugin, default settings), printing the
whole build's wall time, its search-index phase and its peak memory. Peak memory is the sum
over the build and every process it started, sampled (proportional set size, so pages the
render workers share are counted once): Pagefind runs while the build still holds the
register, so the two add up, which a child's ru_maxrss alone does not show.

Then, over that output, for each SEARCH['records_per_shard'] it splits the searchable pages
into shards exactly as the search plugin does (search.facets) and runs the plugin's Pagefind
command (search.indexer.pagefind_command) on each shard: one after another (what the build
does; with --two-at-a-time also two at once, which on this 2-core machine was no faster,
as Pagefind already uses both cores), and prints the shard count, the biggest shard, the wall
time, Pagefind's peak memory, the time to index the biggest shard again (what one edited
record costs) and what a browser fetches before the first search.
Issue 8's targets are printed beside the figures. Figures, never pass/fail: this is not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import re
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
from build import project_settings, run  # noqa: E402
from process_tree import run_tree  # noqa: E402
from synthetic import write_project  # noqa: E402

from search.facets import shard_count, shard_folder, shard_of  # noqa: E402
from search.indexer import find_pagefind, pagefind_command, pagefind_env  # noqa: E402
from search.options import DEFAULTS, search_options  # noqa: E402

MEMORY_TARGETS = {10_000: 1024, 100_000: 4096}  # issue 8: MB for the whole build
PAGE = re.compile(r"^consultations/([a-z0-9-]+)/(?:you-said-we-did/)?index\.html$")


# -- shards -------------------------------------------------------------------------
def searchable_pages(output: Path) -> list:
    """(consultation id, page path) of every page the build gave Pagefind: those marking a body."""
    found = []
    for path in sorted((output / "consultations").rglob("index.html")):
        rel = path.relative_to(output).as_posix()
        match = PAGE.match(rel)
        if match and b"data-pagefind-body" in path.read_bytes():
            found.append((match.group(1), rel))
    return found


def plan(pages: list, records: int, per_shard: int) -> list:
    """Pages per shard, as the search plugin splits them."""
    count = shard_count(records, per_shard)
    shards = [[] for _ in range(count)]
    for cid, rel in pages:
        shards[shard_of(cid, count)].append(rel)
    return shards


def link_shard(output: Path, pages: list, into: Path) -> None:
    for rel in pages:
        (into / rel).parent.mkdir(parents=True, exist_ok=True)
        os.link(output / rel, into / rel)


def index_shards(output: Path, shards: list, work: Path, parallel: int) -> dict:
    """Index every non-empty shard, `parallel` at a time; wall time, peak MB, bundle sizes."""
    options = search_options({})
    binary = find_pagefind()
    bundles = work / "bundles"
    shutil.rmtree(work, ignore_errors=True)
    jobs = []
    for i, pages in enumerate(shards):
        if pages:
            site = work / f"site-{i}"
            link_shard(output, pages, site)
            jobs.append((i, site, bundles / shard_folder(options.bundle_dir, i)))
    start = time.perf_counter()
    peaks = []
    for at in range(0, len(jobs), parallel):
        batch = jobs[at:at + parallel]
        procs = []
        for _part, site, out in batch:
            # Part 0 first, as the build does: its folder holds the others.
            procs.append(subprocess.Popen(
                pagefind_command(binary, site, out, options), cwd=site, env=pagefind_env(),
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        batch_peak = 0.0
        for proc in procs:
            _, status, usage = os.wait4(proc.pid, 0)
            if os.waitstatus_to_exitcode(status) != 0:
                raise SystemExit(f"Pagefind failed on a shard of {work}")
            batch_peak += usage.ru_maxrss / 1024  # upper bound: both peaks at once
            peaks.append(usage.ru_maxrss / 1024)
        peaks.append(batch_peak)
    wall = time.perf_counter() - start
    first = bundles / options.bundle_dir
    load = sum((first / f).stat().st_size for f in ("pagefind.js", "wasm.en.pagefind"))
    load += sum(p.stat().st_size for p in bundles.rglob("pagefind-entry.json"))
    load += sum(p.stat().st_size for p in bundles.rglob("*.pf_meta"))
    size = sum(p.stat().st_size for p in bundles.rglob("*") if p.is_file())
    return {"wall": wall, "peak": max(peaks), "load_kb": load / 1024,
            "size_mb": size / 1024 / 1024, "bundles": len(jobs)}


def reindex_biggest(output: Path, shards: list, work: Path) -> tuple[float, float]:
    """Index the biggest shard alone again: what one edited record costs the search index."""
    options = search_options({})
    biggest = max(shards, key=len)
    shutil.rmtree(work, ignore_errors=True)
    site = work / "site"
    link_shard(output, biggest, site)
    return run(pagefind_command(find_pagefind(), site, work / "bundle", options), cwd=site, env=pagefind_env())


# -- the benchmark --------------------------------------------------------------------
def whole_build(project: Path, output: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "SOURCE_DATE_EPOCH": "1795392000"}
    timings = project / "timings.json"
    wall, peak = run_tree([sys.executable, "-m", "said_and_done", "build", "--settings",
                           str(project / "pelicanconf.py"), "--output", str(output),
                           "--timings-file", str(timings)], cwd=project, env=env)
    phases = json.loads(timings.read_text())
    search = phases.get("search index", float("nan"))
    target = next((mb for n, mb in sorted(MEMORY_TARGETS.items()) if n >= records_of(project)), None)
    print(f"  whole build, default records_per_shard {DEFAULTS['records_per_shard']:,}: {wall:6.1f} s "
          f"(search index {search:.1f} s), peak {peak:,.0f} MB for the build and Pagefind together"
          + (f"   target <= {target:,} MB" if target else ""))


def records_of(project: Path) -> int:
    return sum(1 for _ in (project / "data" / "consultations").glob("*.yaml"))


def bench(n: int, sizes: list, with_build: bool, pairs: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp:
        project = write_project(Path(tmp) / "project", n)
        project_settings(project)
        output = Path(tmp) / "output"
        print(f"\n== {n:,} records ==")
        if with_build:
            whole_build(project, output)
        else:
            with (project / "pelicanconf.py").open("a", encoding="utf-8") as f:
                f.write('PLUGINS = ["said_and_done", "search"]\n')  # the searchable pages only
            run([sys.executable, "-m", "said_and_done", "build", "--settings", str(project / "pelicanconf.py"),
                 "--output", str(output)], cwd=project,
                env={**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "SOURCE_DATE_EPOCH": "1795392000"})
        pages = searchable_pages(output)
        print(f"  {len(pages):,} searchable pages")
        print(f"  {'per shard':>9} {'shards':>6} {'biggest':>7} | {'one at a time':>20} | "
              + (f"{'two at a time':>20} | " if pairs else "")
              + f"{'re-index biggest':>18} | {'first load':>10} {'bundle':>8}")
        for per_shard in sorted({min(s, n) for s in sizes}):
            shards = plan(pages, n, per_shard)
            seq = index_shards(output, shards, Path(tmp) / "shards", 1)
            two = index_shards(output, shards, Path(tmp) / "shards", 2) if pairs else None
            again_s, again_mb = reindex_biggest(output, shards, Path(tmp) / "again")
            print(f"  {per_shard:>9,} {seq['bundles']:>6} {max(map(len, shards)):>7,} | "
                  f"{seq['wall']:6.1f} s {seq['peak']:7,.0f} MB | "
                  + (f"{two['wall']:6.1f} s {two['peak']:7,.0f} MB | " if two else "")
                  + f"{again_s:5.1f} s {again_mb:6,.0f} MB | {seq['load_kb']:7,.0f} KB {seq['size_mb']:5.1f} MB")
        shutil.rmtree(Path(tmp) / "shards", ignore_errors=True)
    print("  (biggest: pages in the biggest shard; peak: Pagefind alone, the sum of both when two run at once;\n"
          "   first load: pagefind.js, the WebAssembly and every shard's entry and metadata file)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 5000, 10000])
    parser.add_argument("--per-shard", default="500,1000,2000,5000,100000",
                        help="records_per_shard values to compare, comma-separated (default %(default)s)")
    parser.add_argument("--no-build", action="store_true", help="skip the whole-build figures")
    parser.add_argument("--two-at-a-time", action="store_true", help="also index the shards two at once")
    args = parser.parse_args()
    per_shard = [int(s) for s in args.per_shard.split(",") if s]
    print(f"Search index benchmark on {os.cpu_count()} cores, Pagefind {find_pagefind()}")
    for n in args.sizes:
        bench(n, per_shard, not args.no_build, args.two_at_a_time)


if __name__ == "__main__":
    main()
