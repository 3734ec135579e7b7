"""Records from any partner end in a clear error, quickly: no hang, no crash, nothing read that should not be.

Each bad input is put into a small fixture project and loaded in a child process, by the loader
`make check` runs (load_register) or by `python -m said_and_done check` itself, with a timeout,
so a hang fails the test instead of blocking it. Each must give one error naming the file, line,
column and field, within the time budget, and never quote a file it refused to read.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers.fixture_project import write_settings
from helpers.site import ROOT

BUDGET = 5.0  # seconds for one bad input, loader start to error
SECRET = "TOP-SECRET the contents of a file outside the project"
RECORD = "data/consultations/2026-test-library-hours.yaml"
BAD = "data/consultations/2026-bad.yaml"

LOAD = """
import dataclasses, json, sys, time
from datetime import date
from pathlib import Path
from said_and_done.domain.problems import RecordErrors
from said_and_done.domain.records import load_register
root = Path(sys.argv[1])
start = time.monotonic()
try:
    load_register(root / "data", root / "content" / "outcomes", build_date=date(2026, 11, 23), root=root)
    errors = []
except RecordErrors as exc:
    errors = [dataclasses.asdict(p) for p in exc.errors]
print(json.dumps({"seconds": time.monotonic() - start, "errors": errors}))
"""


def nested(opening: str, closing: str, depth: int) -> str:
    return opening * depth + closing * depth


BOMB = "a: &a [" + ", ".join(["x"] * 9) + "]\n" + "".join(f"{a}: &{a} [{', '.join([f'*{b}'] * 9)}]\n" for b, a in zip("abcdefgh", "bcdefghi", strict=True))
MAP_BOMB = "a: &a [" + ", ".join(["x"] * 9) + "]\n" + "".join(f"{a}: &{a} {{{', '.join(f'k{i}: *{b}' for i in range(9))}}}\n"
                   for b, a in zip("abcdefgh", "bcdefghi", strict=True))


def record(text: str) -> Callable[[Path], None]:
    """Write text as a second record beside the fixture's valid one."""
    def setup(project: Path) -> None:
        (project / BAD).write_text(text, encoding="utf-8")
    return setup


def write_up(text: str) -> Callable[[Path], None]:
    def setup(project: Path) -> None:
        (project / "content" / "outcomes" / "results.md").write_bytes(text.encode("utf-8"))
    return setup


def changed(old: str, new: str) -> Callable[[Path], None]:
    """The valid record with one line changed, written as a second record."""
    def setup(project: Path) -> None:
        valid = (project / RECORD).read_text(encoding="utf-8")
        assert old in valid
        (project / BAD).write_text(valid.replace(old, new, 1), encoding="utf-8")
    return setup


def link(name: str, target: Callable[[Path], Path | str]) -> Callable[[Path], None]:
    def setup(project: Path) -> None:
        (project / name).symlink_to(target(project))
    return setup


def outside(project: Path) -> Path:
    secret = project.parent / "elsewhere" / "secret.yaml"
    secret.parent.mkdir(exist_ok=True)
    secret.write_text(f"title: {SECRET}\n", encoding="utf-8")
    return secret


def loop(project: Path) -> Path:
    (project / "loop-b.yaml").symlink_to(project / BAD)
    return project / "loop-b.yaml"


def linked_reference(project: Path) -> None:
    (project / "data" / "topics.yaml").unlink()
    (project / "data" / "topics.yaml").symlink_to(outside(project))


def fifo(name: str) -> Callable[[Path], None]:
    return lambda project: os.mkfifo(project / name)


def folder(name: str) -> Callable[[Path], None]:
    return lambda project: (project / name).mkdir()


def big_file(project: Path) -> None:
    valid = (project / RECORD).read_text(encoding="utf-8")
    (project / BAD).write_text(valid + ("# padding\n" * 100_001), encoding="utf-8")


TITLE = "title: Library opening hours in River Town"
SAID = "said: Keep Thursday late opening."
LOOP_MESSAGE = "found a symbolic link"
# name: (setup, file, line, column, field, words the message must hold)
CASES = {
    # 1. alias bombs: the budget stops them before anything is expanded
    "alias-bomb-lists": (record(BOMB), BAD, 5, 8, "e[1]", "expected at most 10,000 values made by YAML aliases"),
    "alias-bomb-maps": (record(MAP_BOMB), BAD, 5, 12, "e.k0", "expected at most 10,000 values made by YAML aliases"),
    "alias-bomb-in-title": (changed(TITLE, "title: &t [" + ", ".join(["big"] * 5000) + "]\nsummary: [*t, *t, *t]"),
                            BAD, 3, 15, "summary[2]", "values made by YAML aliases"),
    # 2. recursion: recursive aliases and deep nesting end in an error, not a RecursionError
    "recursive-alias-list": (changed(TITLE, "title: &a [*a]"), BAD, 2, 12, "title[1]", "inside the value it names (&a)"),
    "recursive-alias-map": (changed(TITLE, "title: &a {again: *a}"), BAD, 2, 19, "title.again", "would repeat forever"),
    "recursive-alias-deeper": (changed(TITLE, "title: &a [[[*a]]]"), BAD, 2, 14, "title[1][1][1]", "inside the value it names"),
    "brackets-600-deep": (changed(TITLE, "title: " + nested("[", "]", 600)), BAD, 2, 57, "title[1][1][1][1][1]...",
                          "expected values nested at most 50 levels deep"),
    "brackets-100000-deep": (changed(TITLE, "title: " + nested("[", "]", 100_000)), BAD, 2, 57,
                             "title[1][1][1][1][1]...", "nested at most 50 levels deep"),
    "braces-600-deep": (changed(TITLE, "title: " + "{a: " * 600 + "1" + "}" * 600), BAD, 2, 201, "title.a.a.a.a.a...",
                        "nested at most 50 levels deep"),
    "block-fields-80-deep": (record("".join("  " * i + f"k{i}:\n" for i in range(80)) + "  " * 80 + "x\n"),
                             BAD, 50, 99, "k0.k1.k2.k3.k4.k5...", "nested at most 50 levels deep"),
    "alias-makes-it-too-deep": (record("a: &a " + nested("[", "]", 45) + "\nb: " + nested("[", "]", 8).replace("][", "*a][", 1)
                                       .replace("[]", "[*a]")), BAD, 2, 12, "b[1][1][1][1][1]...", "nested at most 50"),
    # 3. what is not an ordinary file is refused by name, never read
    "dangling-symlink": (link(BAD, lambda p: p / "data" / "nowhere.yaml"), BAD, 1, 1, "(file)", LOOP_MESSAGE),
    "symlink-loop": (link(BAD, loop), BAD, 1, 1, "(file)", LOOP_MESSAGE),
    "symlink-outside": (link(BAD, outside), BAD, 1, 1, "(file)", LOOP_MESSAGE),
    "symlink-inside": (link(BAD, lambda p: p / RECORD), BAD, 1, 1, "(file)", LOOP_MESSAGE),
    "symlink-to-folder": (link(BAD, lambda p: p / "content"), BAD, 1, 1, "(file)", LOOP_MESSAGE),
    "fifo-record": (fifo(BAD), BAD, 1, 1, "(file)", "found a named pipe (FIFO)"),
    "fifo-write-up": (fifo("content/outcomes/x.md"), "content/outcomes/x.md", 1, 1, "(file)", "named pipe (FIFO)"),
    "symlink-write-up-outside": (link("content/outcomes/r.md", outside), "content/outcomes/r.md", 1, 1, "(file)",
                                 LOOP_MESSAGE),
    "symlinked-reference-file": (linked_reference, "data/topics.yaml", 1, 1, "(file)", LOOP_MESSAGE),
    "folder-named-write-up": (folder("content/outcomes/notes.md"), "content/outcomes/notes.md", 1, 1, "(file)",
                              "found a folder"),
    # 4. sizes
    "file-over-1-mb": (big_file, BAD, 1, 1, "(file)", "expected a file of at most 1,000,000 bytes"),
    "490000-values-in-1-mb": (changed(TITLE, "title: [" + ",".join(["1"] * 490_000) + "]"), BAD, 2, 40003,
                              "title[19998]", "expected at most 20,000 values in one record"),
    "string-over-20000": (changed(TITLE, "title: " + "a" * 20_001), BAD, 2, 1, "title",
                          "expected text of at most 20,000 characters, found 20,001"),
    "integer-5000-digits": (changed("responses: 120", "responses: " + "9" * 5000), BAD, 23, 1, "responses",
                            "expected a number of at most 4,300 digits"),
    # 5. control characters in text
    "null": (changed(TITLE, r'title: "Library\0 hours"'), BAD, 2, 1, "title", "found U+0000 (null)"),
    "ansi-escape": (changed(TITLE, r'title: "\e[31mLibrary hours"'), BAD, 2, 1, "title", "found U+001B (escape)"),
    "bell": (changed(TITLE, r'title: "Library hours\a"'), BAD, 2, 1, "title", "found U+0007 (bell)"),
    "right-to-left-override": (changed(TITLE, r'title: "Library \u202eshruoh"'), BAD, 2, 1, "title",
                               "found U+202E (right-to-left override)"),
    "c1-control-in-nested-field": (changed(SAID, r'said: "Keep \x9b2J Thursday"'), BAD, 29, 7, "outcome.you_said[1].said",
                                   "found U+009B"),
    "carriage-return-in-list": (changed("partners: [test-nhs]", r'partners: ["test-nhs\r"]'), BAD, 6, 12, "partners[1]",
                                "found U+000D (carriage return)"),
    "escape-in-write-up": (write_up("Consultation: 2026-test-library-hours\r\n\r\nResults \x1b[2J here.\r\n"),
                           "content/outcomes/results.md", 3, 9, "(text)", "found U+001B (escape) at character 9"),
    "control-in-field-name": (changed("responses: 120", '"resp\\u0008onses": 120'), BAD, 23, 1, "(whole file)",
                              "in a field name: expected text without control characters, found U+0008"),
}


def run_child(args: list[str], project: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run(args, cwd=project, env=env, capture_output=True, text=True, timeout=BUDGET * 6)


@pytest.mark.parametrize("case", CASES)
def test_each_bad_input_ends_in_one_clear_error_in_time(case, fixture_project):
    setup, file, line, column, field, words = CASES[case]
    setup(fixture_project)
    try:
        done = run_child([sys.executable, "-c", LOAD, str(fixture_project)], fixture_project)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{case}: the loader did not finish within {BUDGET * 6:.0f} s")
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert result["seconds"] < BUDGET
    errors = result["errors"]
    assert len(errors) == 1, errors
    [error] = errors
    assert (error["file"], error["line"], error["column"], error["field"]) == (file, line, column, field)
    assert words in error["message"] and "expected" in error["message"]
    assert SECRET not in done.stdout + done.stderr


CLI_CASES = ["alias-bomb-lists", "recursive-alias-list", "brackets-100000-deep", "symlink-outside", "fifo-record",
             "fifo-write-up",
             "ansi-escape"]


@pytest.mark.parametrize("case", CLI_CASES)
def test_make_check_lists_the_error_and_stops(case, fixture_project):
    setup, file, line, column, field, words = CASES[case]
    setup(fixture_project)
    settings = write_settings(fixture_project)
    try:
        done = run_child([sys.executable, "-m", "said_and_done", "check", "--settings", str(settings)], fixture_project)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{case}: make check did not finish within {BUDGET * 6:.0f} s")
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"{file}:{line}:{column}: {field}: " in done.stderr
    assert words in done.stderr
    assert "Traceback" not in done.stderr and SECRET not in done.stdout + done.stderr
    assert "\x1b" not in done.stdout + done.stderr  # nothing a terminal would obey is echoed back


def test_the_demo_still_loads_with_no_errors(demo_register):
    records = sorted(p.stem for p in (ROOT / "data" / "consultations").glob("*.yaml"))
    assert sorted(c.id for c in demo_register.consultations) == records
    assert not [w for w in demo_register.warnings if "expected text without control" in w.message]


@pytest.mark.parametrize("case", ["fifo-record", "alias-bomb-maps"])
def test_a_build_stops_and_leaves_the_output_untouched(case, fixture_project):
    setup, file, line, column, field, _ = CASES[case]
    setup(fixture_project)
    settings = write_settings(fixture_project)
    output = fixture_project / "output"
    output.mkdir()
    (output / "index.html").write_text("the site as published yesterday", encoding="utf-8")
    try:
        done = run_child([sys.executable, "-m", "said_and_done", "build", "--settings", str(settings),
                          "--output", str(output)], fixture_project)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{case}: the build did not stop within {BUDGET * 6:.0f} s")
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"{file}:{line}:{column}: {field}: " in done.stderr
    assert [p.name for p in output.iterdir()] == ["index.html"]
    assert (output / "index.html").read_text(encoding="utf-8") == "the site as published yesterday"


def test_a_pipe_elsewhere_in_data_does_not_hang_the_build(fixture_project):
    os.mkfifo(fixture_project / "data" / "notes.yaml")  # not a file the loader reads, but the build hashes data/
    settings = write_settings(fixture_project)
    try:
        done = run_child([sys.executable, "-m", "said_and_done", "build", "--settings", str(settings),
                          "--output", str(fixture_project / "output")], fixture_project)
    except subprocess.TimeoutExpired:
        pytest.fail("the build waited on a named pipe")
    assert done.returncode == 0, done.stdout + done.stderr
