"""No regular expression the project applies to user input can be made to backtrack.

Every pattern is collected, not listed: each re.* call with a literal pattern in plugins/
(read from the source, so inline ones count), every module-level compiled pattern (so one
built at import time counts), and every "pattern" in data/schema/*.json. Each runs against
long runs of every kind of character followed by one that breaks the match, in its own
process (tests/helpers/pattern_probe.py) stopped by a timeout, so a pattern that hangs fails
the test instead of hanging it. A new pattern is covered the day it is written.
"""

from __future__ import annotations

import ast
import importlib
import json
import re
import subprocess
import sys

import pytest

from helpers.site import ROOT

PLUGINS = ROOT / "plugins"
PROBE = ROOT / "tests" / "helpers" / "pattern_probe.py"
LENGTHS = [10, 100, 1000, 5000]
BUDGET = 0.25  # CPU seconds for the slowest single input at 5,000 characters; linear ones take ~0.01
# re calls whose pattern is made at run time, reviewed by hand: the words of a sentence,
# re.escape'd, joined by \s+ (literal text between the runs of space, so one way to match);
# personal_data.py's date-of-birth and home-address patterns, put together at import from
# fixed parts (the month names, a name's shape), compiled at module level and so probed
# below like any other (module_patterns).
DYNAMIC = {"plain_english/checks.py", "said_and_done/domain/personal_data.py"}
_RE_CALLS = {"compile", "match", "search", "fullmatch", "sub", "subn", "findall", "finditer", "split"}


def _flags(node) -> int:
    value = 0
    for name in re.findall(r"re\.([A-Z]+)", ast.unparse(node)):
        value |= getattr(re, name)
    return value


def source_patterns():
    found, dynamic = {}, set()
    for path in sorted(PLUGINS.rglob("*.py")):
        where = path.relative_to(PLUGINS).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                    and node.func.attr in _RE_CALLS and node.args):
                continue
            if isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                flags = _flags(node.args[-1]) if len(node.args) > 1 and node.func.attr == "compile" else 0
                flags |= _flags(ast.Tuple([kw.value for kw in node.keywords if kw.arg == "flags"]))
                found[(node.args[0].value, flags)] = f"{where}:{node.lineno}"
            else:
                dynamic.add(where)
    return found, dynamic


def module_patterns():
    found = {}
    for path in sorted(PLUGINS.rglob("*.py")):
        if path.name == "__main__.py":
            continue
        name = ".".join(path.relative_to(PLUGINS).with_suffix("").parts).removesuffix(".__init__")
        module = importlib.import_module(name)
        for attribute, value in vars(module).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                found[(value.pattern, value.flags & ~re.UNICODE)] = f"{name}.{attribute}"
    return found


def schema_patterns():
    found = {}

    def walk(node, where):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "pattern" and isinstance(value, str):
                    found[(value, 0)] = where
                else:
                    walk(value, where)
        elif isinstance(node, list):
            for value in node:
                walk(value, where)

    for path in sorted([*(ROOT / "data" / "schema").glob("*.json"), *PLUGINS.rglob("*.schema.json")]):
        walk(json.loads(path.read_text(encoding="utf-8")), path.relative_to(ROOT).as_posix())
    return found


def every_pattern():
    found = {**schema_patterns(), **module_patterns(), **source_patterns()[0]}
    return sorted(found.items(), key=lambda item: item[1])


PATTERNS = [pytest.param(key, where, id=where) for key, where in every_pattern()]


def probe(pattern: str, flags: int, timeout: float = 60) -> list[dict]:
    job = json.dumps({"pattern": pattern, "flags": flags, "lengths": LENGTHS, "budget": BUDGET})
    try:
        done = subprocess.run([sys.executable, str(PROBE)], input=job, capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired as stopped:
        pytest.fail(f"{pattern!r} did not finish its adversarial inputs in {timeout} s: it backtracks "
                    f"({(stopped.stdout or b'')[-300:]!r})")
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_the_patterns_are_found():
    where = {p.values[1].split(":")[0] for p in PATTERNS}
    assert {"data/schema/redirects.schema.json", "permalinks/manifest.py", "said_and_done/domain/personal_data.py"} <= where
    assert len(PATTERNS) >= 25


def test_no_pattern_is_built_at_run_time_unreviewed():
    assert source_patterns()[1] == DYNAMIC


@pytest.mark.parametrize(("key", "where"), PATTERNS)
def test_every_pattern_fails_fast_on_adversarial_input(key, where):
    pattern, flags = key
    runs = probe(pattern, flags)
    worst = runs[-1]
    assert worst["length"] == LENGTHS[-1] and worst["seconds"] < BUDGET, (
        f"{where}: {pattern!r} took {worst['seconds']:.3f} s on {worst['input']}")


# The pattern the issue found, kept to prove the probe catches what it must.
def test_the_old_address_pattern_is_caught():
    job = json.dumps({"pattern": r"^/([A-Za-z0-9._~%+-]+/?)*$", "flags": 0, "lengths": [10, 30], "budget": BUDGET})
    with pytest.raises(subprocess.TimeoutExpired):
        subprocess.run([sys.executable, str(PROBE)], input=job, capture_output=True, text=True, timeout=5)
