"""Search index benchmark: Pagefind over N synthetic records, timed and measured on its own.

    .venv/bin/python bench/search_index.py              # N = 1,000 and 5,000
    .venv/bin/python bench/search_index.py 30000        # on request (the size issue 8 starts from)

For each N it writes N valid synthetic records (bench/synthetic.py), builds them with the
real pipeline (`python -m said_and_done build`, with only the said_and_done and search
plugins), then runs the same Pagefind command the search plugin runs over that output
again, alone, and prints the pages indexed, wall time, Pagefind's peak memory and the
size of the bundle residents download from. Issue 8's
target (100,000 records within 4 GB) is printed beside the figures. Figures, never
pass/fail: this is not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "plugins"))
from build import project_settings, run  # noqa: E402
from synthetic import write_project  # noqa: E402

from search.indexer import find_pagefind  # noqa: E402
from search.options import search_options  # noqa: E402

TARGET_MB = 4096
TARGET_RECORDS = 100_000


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1024 / 1024


def bench(n: int) -> None:
    options = search_options({})
    with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp:
        project = write_project(Path(tmp) / "project", n)
        settings = project_settings(project)
        # Only the plugins the searchable pages need: this measures search, not the rest.
        with settings.open("a", encoding="utf-8") as f:
            f.write('PLUGINS = ["said_and_done", "search"]\n')
        output = Path(tmp) / "output"
        env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "SOURCE_DATE_EPOCH": "1795392000"}
        build_s, build_mb = run([sys.executable, "-m", "said_and_done", "build", "--settings", str(settings),
                                      "--output", str(output)], cwd=project, env=env)
        bundle = output / options.bundle_dir
        pages = json.loads((bundle / "pagefind-entry.json").read_text())["languages"]["en"]["page_count"]
        first_load = sum((bundle / f).stat().st_size for f in ("pagefind.js", "wasm.en.pagefind")) / 1024
        first_load += sum(p.stat().st_size for p in bundle.glob("*.pf_meta")) / 1024
        size = folder_mb(bundle)
        shutil.rmtree(bundle)
        index_s, index_mb = run([str(find_pagefind()), "--site", str(output), "--glob", "consultations/**/*.html",
                                      "--force-language", options.language, "--output-subdir", options.bundle_dir,
                                      "--quiet"], cwd=output)
    print(f"{n:>7,} records  {pages:>7,} pages indexed")
    print(f"         whole build {build_s:7.1f} s  peak {build_mb:7.0f} MB (Pelican and Pagefind)")
    print(f"         Pagefind    {index_s:7.1f} s  peak {index_mb:7.0f} MB  "
          f"(target: {TARGET_RECORDS:,} records within {TARGET_MB:,} MB)")
    print(f"         bundle      {size:7.1f} MB on the server; {first_load:,.0f} KB fetched before the first search")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 5000])
    args = parser.parse_args()
    print(f"Search index benchmark on {os.cpu_count()} cores, Pagefind {find_pagefind()}")
    for n in args.sizes:
        bench(n)


if __name__ == "__main__":
    main()
