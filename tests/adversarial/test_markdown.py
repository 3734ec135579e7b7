"""Hostile write-ups end in a clear error or a sanitised page, in bounded time.

Python-Markdown's time grows with the square of some inputs and it recurses on
nesting (domain/markup.py). Each write-up here is rendered in a subprocess with a
timeout, so a hang fails the test instead of blocking the suite; the render's own
CPU time must stay within BUDGET, which other work on the machine does not stretch.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

from helpers.site import ROOT
from said_and_done.domain.markup import MAX_ABBREVIATIONS, MAX_CHARACTERS, MAX_DEPTH, MAX_UNMATCHED
from said_and_done.domain.problems import RecordErrors
from said_and_done.domain.records import load_register

BUDGET = 2.0  # CPU seconds for one render
HANG = 120  # wall seconds before the subprocess counts as hung

_RENDER = """
import json, sys, time
from said_and_done.domain.markup import TooComplex, render_markdown
text = sys.stdin.read()
started = time.process_time()
try:
    out = {"html": render_markdown(text)}
except TooComplex as too:
    out = {"error": too.message, "line": too.line, "column": too.column}
out["seconds"] = time.process_time() - started
print(json.dumps(out))
"""


def render(text: str) -> dict:
    done = subprocess.run([sys.executable, "-c", _RENDER], input=text, capture_output=True, text=True,
                          timeout=HANG, cwd=ROOT, env={"PYTHONPATH": str(ROOT / "plugins"), "PATH": ""})
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def _just_within(unit: str) -> str:
    return unit * ((MAX_CHARACTERS - 1) // len(unit))


def nested_list(depth: int) -> str:
    return "".join("    " * level + "- item\n" for level in range(depth))


# name: (write-up, the words the error must contain, or None when it must render)
REFUSED = {
    "unmatched brackets": ("[" * 4_000, "square bracket '['"),
    "unmatched brackets and parentheses": ("[(" * 4_000, "square bracket '['"),
    "links never closed": ("[a](" * 2_000, "parenthesis '('"),
    "images never closed": ("![" * 3_000, "square bracket '['"),
    "unclosed tags": ("<a " * 3_000, "angle bracket '<'"),
    "autolinks never closed": ("<http://" * 1_000, "angle bracket '<'"),
    "long run of asterisks": ("*" * 5_000 + "a" + "*" * 5_000, "nested less deeply"),
    "long run of underscores": ("_" * 5_000 + "a" + "_" * 5_000, "nested less deeply"),
    "lists 1,000 deep": (nested_list(1_000)[:MAX_CHARACTERS], f"at most {MAX_DEPTH} deep"),
    "blockquotes 1,000 deep": (">" * 1_000 + " quoted", f"at most {MAX_DEPTH} deep"),
    "lists 1,000 deep on one line": ("1. " * 1_000 + "a", f"at most {MAX_DEPTH} deep"),
    "definitions one after another": ("term\n: definition\n" * 1_000, "nested less deeply"),
    "abbreviation flood": ("".join(f"*[A{i}]: x\n" for i in range(1_000)) + "A1 " * 1_000,
                           f"at most {MAX_ABBREVIATIONS} abbreviations"),
    "HTML comments never closed": ("<!-- a " * 2_000, "angle bracket '<'"),
    "too long": ("a" * (MAX_CHARACTERS + 1), f"at most {MAX_CHARACTERS:,} characters"),
    "50,000 of each bracket": ("[(" * 50_000, f"at most {MAX_CHARACTERS:,} characters"),
}

# The worst text within the limits: each must render, sanitised, within BUDGET.
RENDERED = {
    "unmatched brackets at the limit": ("[" * MAX_UNMATCHED["["] + "(" * MAX_UNMATCHED["("] + "<a " * MAX_UNMATCHED["<"]
                                        + _just_within("a "))[:MAX_CHARACTERS],
    "links never closed at the limit": ("[a](" * MAX_UNMATCHED["("] + "[" * MAX_UNMATCHED["["]
                                        + _just_within("[a] ")[:MAX_CHARACTERS - 60]),
    "unmatched brackets before escapes": ("[" * MAX_UNMATCHED["["] + "<a " * MAX_UNMATCHED["<"]
                                          + _just_within("\\*"))[:MAX_CHARACTERS],
    "unmatched brackets before code": ("[" * MAX_UNMATCHED["["] + "<" * MAX_UNMATCHED["<"]
                                       + _just_within("`a` "))[:MAX_CHARACTERS],
    "nested emphasis": _just_within("*a _b **c __d "),
    "asterisks and underscores": _just_within("*_"),
    "lists at the deepest": (nested_list(MAX_DEPTH) * 1_000)[:MAX_CHARACTERS],
    "blockquotes at the deepest": ((">" * MAX_DEPTH + " a\n") * 1_000)[:MAX_CHARACTERS],
    "definitions with blank lines": _just_within("term\n: definition\n\n"),
    "long flat lists": _just_within("- a\n"),
    "link reference chain": ("".join(f"[r{i}]: /page-{i}\n" for i in range(800))
                             + "".join(f"[a][r{i}] " for i in range(800)))[:MAX_CHARACTERS],
    "huge table": ("|" + "a|" * 50 + "\n|" + "-|" * 50 + "\n" + ("|" + "a|" * 50 + "\n") * 200)[:MAX_CHARACTERS],
    "HTML comment flood": _just_within("<!-- a -->\n"),
    "HTML comments never closed at the limit": "<!-- a " * MAX_UNMATCHED["<"] + _just_within("a b ")[:18_000],
    "backticks": _just_within("`"),
    "backtick runs": _just_within("`a``b```"),
    "backslashes": _just_within("\\"),
    "escaped brackets": _just_within("\\[\\("),
    "abbreviations at the limit": ("".join(f"*[A{i}]: x\n" for i in range(MAX_ABBREVIATIONS))
                                   + _just_within("A1 b ")[:18_000]),
    "script in a flood": _just_within("<script>alert(1)</script>"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_a_hostile_write_up_is_a_clear_error_in_bounded_time(case):
    text, words = REFUSED[case]
    out = render(text)
    assert "error" in out, f"rendered instead of refused: {out.get('html', '')[:200]}"
    assert words in out["error"] and out["line"] >= 1 and out["column"] >= 1
    assert out["seconds"] < BUDGET


@pytest.mark.parametrize("case", RENDERED)
def test_the_worst_write_up_within_the_limits_renders_sanitised_in_bounded_time(case):
    out = render(RENDERED[case])
    assert "html" in out, out.get("error")
    assert "<script" not in out["html"] and "<!--" not in out["html"]
    assert out["seconds"] < BUDGET, f"{out['seconds']:.2f} s"


@pytest.mark.parametrize("render_writeups", [True, False], ids=["build", "make check"])
def test_the_error_names_the_write_up_file_and_line(fixture_project, render_writeups):
    outcomes = fixture_project / "content" / "outcomes"
    text = "Consultation: 2026-test-library-hours\nTitle: Results\n\nFine so far.\n\nThen " + "[" * 500 + "\n"
    (outcomes / "results.md").write_text(text, encoding="utf-8")
    with pytest.raises(RecordErrors) as caught:
        load_register(fixture_project / "data", outcomes, build_date=date(2026, 11, 23), root=fixture_project,
                      render_writeups=render_writeups)
    [error] = caught.value.errors
    assert (error.file, error.line, error.column, error.field) == ("content/outcomes/results.md", 6, 6, "(write-up)")
    assert f"at most {MAX_UNMATCHED['[']} square bracket" in error.message and "\\[" in error.message
