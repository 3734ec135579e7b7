"""Open data benchmark: change history from git and the export files, at 1k and 10k records.

    python bench/open_data.py              # N = 1,000 and 10,000
    python bench/open_data.py 100000       # on request (minutes, and about 2 GB of disk)

For each N it writes N synthetic records (bench/synthetic.py) into a temp git
repository, commits them, then makes a further 200 commits that each change a
few records, so history has real work to do. It then times, in this process:
loading the register, reading the whole history (one git log), and writing
every open data file; and prints the file sizes and peak memory. Figures, never
pass/fail: this is not a test.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "plugins"))

from synthetic import write_project  # noqa: E402

from open_data.export import Publication  # noqa: E402
from open_data.history import read_history  # noqa: E402
from open_data.publish import publish  # noqa: E402
from said_and_done.domain.records import load_register  # noqa: E402

BUILD_DATE = date(2026, 11, 23)
EXTRA_COMMITS = 200
# Targets: history must stay a small part of a build; the files must stream (memory flat in N).
TARGETS = {"history_per_1k": 1.0, "publish_per_1k": 3.0}


def git(project: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
           "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}
    subprocess.run(["git", *args], cwd=project, env=env, check=True, stdout=subprocess.DEVNULL)


def make_history(project: Path, seed: int = 7) -> None:
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Add the register")
    records = sorted((project / "data" / "consultations").glob("*.yaml"))
    rng = random.Random(seed)
    for n in range(EXTRA_COMMITS):
        for path in rng.sample(records, min(5, len(records))):
            with open(path, "a", encoding="utf-8") as f:
                f.write(f"# checked {n}\n")
        git(project, "commit", "-q", "-a", "-m", f"Check five records, round {n}")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(n: int) -> None:
    with tempfile.TemporaryDirectory(prefix=f"said-open-data-{n}-") as tmp:
        project = write_project(Path(tmp) / "project", n)
        started = time.perf_counter()
        make_history(project)
        print(f"\nN = {n:,} records ({EXTRA_COMMITS + 1} commits; setup {time.perf_counter() - started:.1f} s)")

        started = time.perf_counter()
        register = load_register(project / "data", project / "content" / "outcomes", build_date=BUILD_DATE,
                                 root=project)
        load = time.perf_counter() - started

        writeups = {project / c.outcome.writeup.source: c.id for c in register.consultations
                    if c.has_published_outcome and c.outcome.writeup}
        started = time.perf_counter()
        history = read_history(project, project / "data" / "consultations", project / "content" / "outcomes",
                               writeups, [c.id for c in register.consultations], limit=10)
        read = time.perf_counter() - started
        for c in register.consultations:
            c.history = history.by_id.get(c.id)

        output = Path(tmp) / "output"
        pub = Publication("https://register.example.org", "Bench Partnership", "Open Government Licence v3.0",
                          "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/", BUILD_DATE)
        started = time.perf_counter()
        published = publish(register, pub, output, project / "data" / "schema")
        write = time.perf_counter() - started

        per_1k = 1000 / n
        print(f"  load register         {load:7.2f} s")
        print(f"  read history          {read:7.2f} s  ({history.commits:,} commits, "
              f"{len(history.by_id):,} records dated; {read * per_1k:.2f} s per 1k, target < {TARGETS['history_per_1k']})")
        print(f"  write open data       {write:7.2f} s  ({write * per_1k:.2f} s per 1k, target < {TARGETS['publish_per_1k']})")
        for f in published["files"] + published["openconsult_files"]:
            print(f"    {f.path:38} {f.size / 1_000_000:8.2f} MB  {f.rows:>9,} rows")
        per_record = sum(p.stat().st_size for p in (output / "consultations").glob("*.json"))
        print(f"    consultations/<id>.json x {n:,}     {per_record / 1_000_000:8.2f} MB")
        print(f"  peak memory so far    {peak_mb():7.0f} MB")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    for n in parser.parse_args(argv).sizes:
        measure(n)


if __name__ == "__main__":
    main()
