"""One-record edits timed for two checkouts side by side, in one run.

    python bench/edits.py 1000 --code /work/main --code .    # before, after
    python bench/edits.py 1000 --code . --edits 5 --cold 2

For each checkout it generates the same N synthetic records (bench/synthetic.py) in a
project of its own, builds it cold, then edits one record at a time (a new title) and
rebuilds, taking the checkouts in turn for every build, so the machine's load falls
on both alike. Prints each build's wall time and the phases the build reports
(--timings-file), then the median of each. With --cold K it first builds each project
cold K times (a fresh output folder each) for the cold figures. This machine has two
cores and is shared, so only figures from one run compare.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from synthetic import write_project  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))
from helpers.project_settings import write_settings  # noqa: E402


def build(code: Path, project: Path, output: Path) -> dict:
    """One build with `code`'s plugins and theme: its wall time and its phases."""
    timings = project / "timings.json"
    env = {**os.environ, "PYTHONPATH": str(code / "plugins"), "SOURCE_DATE_EPOCH": "1795392000"}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "said_and_done", "build", "--settings",
                           str(project / "pelicanconf.py"), "--output", str(output), "--timings-file", str(timings)],
                          cwd=project, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"the build with {code} failed:\n{done.stderr[-3000:]}")
    figures = json.loads(timings.read_text())
    phases = {k: v for k, v in figures.items() if isinstance(v, float)}
    return {"wall": wall, **phases}


def report(title: str, codes: list, runs: dict) -> None:
    print(f"\n{title}: median of {len(next(iter(runs.values())))} (each run's figures after it)")
    names = sorted({k for code in codes for r in runs[code] for k in r}, key=lambda k: (k != "wall", k))
    print(f"{'':<22}" + "".join(f"{str(c)[-28:]:>30}" for c in codes))
    for name in names:
        cells = []
        for code in codes:
            values = [r.get(name, 0.0) for r in runs[code]]
            cells.append(f"{statistics.median(values):7.2f} s (" + " ".join(f"{v:.1f}" for v in values) + ")")
        print(f"{name[:22]:<22}" + "".join(f"{cell:>30}" for cell in cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--code", type=Path, action="append", help="a checkout (repeat: the first is 'before')")
    parser.add_argument("--edits", type=int, default=4)
    parser.add_argument("--cold", type=int, default=0, help="extra cold builds of each, into fresh folders")
    args = parser.parse_args()
    codes = [c.resolve() for c in (args.code or [ROOT])]
    with tempfile.TemporaryDirectory(prefix=f"bench-edits-{args.n}-") as tmp:
        projects = {}
        for i, code in enumerate(codes):
            project = Path(tmp) / f"p{i}"
            write_project(project, args.n)
            write_settings(project, "SAID_AND_DONE = {**SAID_AND_DONE, 'data_path': 'data'}",
                           theme=code / "theme", plugins=code / "plugins")
            projects[code] = project
        cold = {code: [] for code in codes}
        for k in range(args.cold):
            for code in codes:
                output = projects[code] / f"cold-{k}"
                cold[code].append(build(code, projects[code], output / "output"))
                shutil.rmtree(output)
        first = {code: [build(code, projects[code], projects[code] / "site" / "output")] for code in codes}
        report("cold build into an empty folder", codes, first)
        if args.cold:
            report("cold builds, fresh folders", codes, cold)
        edits = {code: [] for code in codes}
        for k in range(args.edits):
            for code in codes:
                records = sorted((projects[code] / "data" / "consultations").glob("*.yaml"))
                record = records[(args.n // 2 + 37 * k) % len(records)]
                record.write_text(record.read_text(encoding="utf-8").replace("title: ", f"title: Edit{k} ", 1),
                                  encoding="utf-8")
                edits[code].append(build(code, projects[code], projects[code] / "site" / "output"))
        report("one record edited, then built", codes, edits)


if __name__ == "__main__":
    main()
