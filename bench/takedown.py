"""Takedown benchmark: how long `python -m said_and_done takedown TEXT` takes over a built register.

    .venv/bin/python bench/takedown.py            # the demo, and 1,000 synthetic records
    .venv/bin/python bench/takedown.py 1000 10000

For the demo (built into a temporary folder) and for each N (N synthetic records,
bench/synthetic.py, built with the real pipeline) it times the command for a title that is
published and for text that is nowhere, and prints the seconds and the number of files in
the built site. The target (docs/takedown.md) is under 2 seconds on the demo. Figures,
never pass/fail: this is not a test.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
sys.path.insert(0, str(HERE))
from build import project_settings, said_and_done_build  # noqa: E402
from synthetic import write_project  # noqa: E402


def timed_takedown(settings: Path, output: Path, text: str) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, exit status): CPU time too, as other work on the machine stretches the wall time."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    start, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([PYTHON, "-m", "said_and_done", "takedown", text, "--settings", str(settings),
                           "--output", str(output)], env=env, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return time.perf_counter() - start, cpu, done.returncode


def measure(label: str, settings: Path, output: Path, title: str) -> None:
    files = sum(1 for f in output.rglob("*") if f.is_file())
    for kind, text in (("published title", title), ("absent text", f"absent {uuid.uuid4().hex}")):
        seconds, cpu, code = timed_takedown(settings, output, text)
        print(f"{label:>14}  {files:>6} files  {kind:<16} {seconds:6.2f} s wall  {cpu:6.2f} s CPU  (exit {code})")


def main() -> None:
    sizes = [int(n) for n in sys.argv[1:]] or [1000]
    with tempfile.TemporaryDirectory() as tmp:
        demo_out = Path(tmp) / "demo"
        env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
        subprocess.run([PYTHON, "-m", "said_and_done", "build", "--settings", str(ROOT / "pelicanconf.py"),
                        "--output", str(demo_out)], env=env, cwd=ROOT, capture_output=True, check=True)
        title = yaml.safe_load((ROOT / "data/consultations/2026-budget-2027-28.yaml").read_text())["title"]
        measure("demo", ROOT / "pelicanconf.py", demo_out, title)
        for n in sizes:
            project = write_project(Path(tmp) / f"p{n}", n)
            settings = project_settings(project)
            output = project / "output"
            said_and_done_build(project, output, project / "timings.json")
            first = sorted((project / "data" / "consultations").glob("*.yaml"))[0]
            measure(f"{n:,} records", settings, output, yaml.safe_load(first.read_text())["title"])


if __name__ == "__main__":
    main()
