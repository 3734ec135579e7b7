"""What a build says while it runs when its output is not a terminal (CI, a log file): one line per
phase with its time, in the order the phases ran, then one summary line (build/progress.py)."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys

from helpers.site import ROOT
from said_and_done.build.progress import Counter, Progress
from said_and_done.build.timing import Timings

PHASE_LINE = re.compile(r"^(?P<label>[A-Z][^:(]*)(?::[^(]*)? \((?P<seconds>\d+\.\d) s\)$")
SUMMARY = re.compile(r"^Built .+: (?P<written>[\d,]+) page\(s\) written, (?P<kept>[\d,]+) kept, "
                     r"(?P<warnings>[\d,]+) warning\(s\), (?P<seconds>\d+\.\d) s \(")


def _lines(stream: io.StringIO) -> list[str]:
    return stream.getvalue().splitlines()


def test_a_phase_entered_several_times_gets_one_line_once_a_later_phase_starts():
    said = io.StringIO()
    progress = Progress(stream=said, interactive=False)
    timings = Timings(progress)
    for name in ("load+validate", "derive", "render/write", "exports", "render/write"):
        with timings.phase(name):
            pass
    # Rendering may go on: nothing about it is said until a later phase starts.
    assert [line.split(" (")[0] for line in _lines(said)] == ["Checking records", "Working out statuses and clashes"]
    with timings.phase("search index"):
        pass
    assert len(_lines(said)) == 4
    with timings.phase("publish"):
        pass
    progress.finish()
    labels = [PHASE_LINE.match(line).group("label") for line in _lines(said)]
    assert labels == ["Checking records", "Working out statuses and clashes", "Rendering pages",
                      "Writing feeds and open data", "Indexing for search", "Publishing"]


def test_a_phase_started_inside_another_does_not_close_it():
    said = io.StringIO()
    progress = Progress(stream=said, interactive=False)
    timings = Timings(progress)
    with timings.phase("render/write"), timings.phase("search index"):  # search starts as pages are written
        pass
    assert _lines(said) == []
    progress.finish()
    assert len(_lines(said)) == 2


def test_counts_are_said_with_the_phase():
    said = io.StringIO()
    progress = Progress(stream=said, interactive=False)
    timings = Timings(progress)
    with timings.phase("load+validate"):
        progress.count("load+validate", 31)
    counter = progress.counter("render/write", 5)
    with timings.phase("render/write"):
        for _ in range(5):
            counter.add(0)
    progress.finish()
    assert _lines(said)[0].startswith("Checking records: 31 (")
    assert _lines(said)[1].startswith("Rendering pages: 5 of 5 (")


def test_pages_rendered_in_a_forked_copy_are_counted():
    counter = Counter(10)
    pid = os.fork()
    if pid == 0:
        for _ in range(7):
            counter.add(1)
        os._exit(0)
    for _ in range(3):
        counter.add(0)
    os.waitpid(pid, 0)
    assert counter.done == 10


def test_a_build_not_on_a_terminal_says_each_phase_once_and_ends_with_a_summary(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "said_and_done", "build", "--settings", str(ROOT / "pelicanconf.py"),
         "--output", str(tmp_path / "output")],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")}, capture_output=True, text=True,
        timeout=600, check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    phases = [m.group("label") for m in map(PHASE_LINE.match, run.stderr.splitlines()) if m]
    assert phases == ["Checking records", "Working out statuses and clashes", "Rendering pages",
                      "Writing feeds and open data", "Indexing for search", "Publishing"]
    assert "\x1b[" not in run.stderr + run.stdout  # no terminal control codes in a log
    records = len(list((ROOT / "data" / "consultations").glob("*.yaml")))
    assert f"Checking records: {records} (" in run.stderr
    summary = SUMMARY.match(run.stdout.strip().splitlines()[-1])
    assert summary, run.stdout
    html = sum(1 for _ in (tmp_path / "output").resolve().rglob("*"))
    assert int(summary.group("written").replace(",", "")) > 0
    assert int(summary.group("kept").replace(",", "")) == 0  # a first build keeps nothing
    assert int(summary.group("written").replace(",", "")) <= html
    warnings = run.stderr.count("WARNING: ")
    assert int(summary.group("warnings")) >= warnings > 0
