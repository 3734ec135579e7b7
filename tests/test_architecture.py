"""The code keeps the shape docs/architecture.md draws: its rooms, its contracts, its sizes."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from helpers.site import ROOT

PLUGINS = ROOT / "plugins"
CORE = PLUGINS / "said_and_done"
ARCHITECTURE = ROOT / "docs" / "architecture.md"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))

# About 400 lines is as much as one reads as one thing.
MOST_LINES = 400


def drawn_modules() -> set[str]:
    """The modules the tree under "The rooms" names, as paths inside plugins/said_and_done/."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    tree = text[text.index("plugins/said_and_done/\n"):]
    tree = tree[:tree.index("```")]
    found, room = set(), ""
    for line in tree.splitlines()[1:]:
        match = re.match(r"^(\s+)(\S+)", line)
        if not match:
            continue
        indent, name = len(match.group(1)), match.group(2)
        if name.endswith("/"):
            room = name
        elif name.endswith(".py"):
            found.add(name if indent <= 2 else room + name)
    return found


def test_the_architecture_page_draws_every_module_of_the_core_and_no_other():
    actual = {p.relative_to(CORE).as_posix() for p in CORE.rglob("*.py")
              if p.name not in ("__init__.py", "__main__.py") and "__pycache__" not in p.parts}
    drawn = drawn_modules()
    assert len(drawn) > 20
    assert (sorted(actual - drawn), sorted(drawn - actual)) == ([], [])


def test_every_room_says_what_it_holds():
    for room in ("domain", "build", "site", "preview"):
        doc = ast.get_docstring(ast.parse((CORE / room / "__init__.py").read_text(encoding="utf-8")))
        assert doc, f"said_and_done/{room}/__init__.py has no docstring"


def test_the_import_contracts_are_kept():
    env = {**os.environ, "PYTHONPATH": str(PLUGINS)}
    lint = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run([str(lint), "--config", str(ROOT / "pyproject.toml"), "--no-cache"], cwd=PLUGINS, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "0 broken" in run.stdout


def test_the_contracts_cover_every_configured_plugin():
    namespace: dict = {"__file__": str(ROOT / "pelicanconf.py")}
    exec((ROOT / "pelicanconf.py").read_text(encoding="utf-8"), namespace)  # noqa: S102 - our own settings file
    ours = {name for name in namespace["PLUGINS"] if (PLUGINS / name).is_dir()}
    assert ours == set(PYPROJECT["tool"]["importlinter"]["root_packages"])
    satellites = ours - {"said_and_done"}
    for contract in PYPROJECT["tool"]["importlinter"]["contracts"]:
        if contract["id"] == "published-interface":
            assert set(contract["source_modules"]) == satellites
        if contract["id"] == "independent-plugins":
            assert set(contract["modules"]) == satellites


def test_no_module_is_longer_than_one_reads_at_once():
    long = {p.relative_to(ROOT).as_posix(): n for p in PLUGINS.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MOST_LINES}
    assert long == {}


def test_no_module_is_a_grab_bag():
    assert not [p for p in PLUGINS.rglob("*.py") if p.stem in ("utils", "helpers", "misc", "common")]


def test_no_test_module_imports_another_or_conftest():
    """Tests share fixtures through conftest.py and helpers through tests/helpers/, never by importing a test module."""
    offenders = []
    for path in sorted((ROOT / "tests").glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            offenders += [f"{path.name} imports {n}" for n in names
                          if n.split(".")[0] == "conftest" or n.split(".")[0].startswith("test_")]
    assert offenders == []
