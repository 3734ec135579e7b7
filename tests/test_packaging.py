"""The engine as a distribution: what its wheel holds, what it depends on, its command."""

from __future__ import annotations

import re
import tomllib
import zipfile

import pytest

from helpers.engine_wheel import build_wheel
from helpers.site import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory) -> set[str]:
    with zipfile.ZipFile(build_wheel(tmp_path_factory.mktemp("wheel"))) as wheel:
        return set(wheel.namelist())


def test_the_wheel_holds_every_module_of_every_plugin(wheel_names):
    # A package missing from [tool.setuptools] packages (a new room, a new plugin) fails here.
    modules = {p.relative_to(ROOT / "plugins").as_posix() for p in (ROOT / "plugins").rglob("*.py")
               if "__pycache__" not in p.parts}
    assert len(modules) > 80
    assert sorted(modules - wheel_names) == []


def test_the_wheel_holds_the_theme_schemas_and_skeleton(wheel_names):
    for folder, inside in (("theme", "said_and_done/theme"), ("data/schema", "said_and_done/schema"),
                           ("plugins/said_and_done/skeleton", "said_and_done/skeleton"),
                           ("plugins/open_data/schema", "open_data/schema")):
        files = {f"{inside}/{p.relative_to(ROOT / folder).as_posix()}" for p in (ROOT / folder).rglob("*")
                 if p.is_file()}
        assert files, folder
        assert sorted(files - wheel_names) == [], folder
    assert "said_and_done/theme/templates/base.html" in wheel_names
    assert "said_and_done/skeleton/dot-github/workflows/publish.yml" in wheel_names


def test_the_wheel_holds_nothing_of_the_demo_or_the_tests(wheel_names):
    demo = {p.stem for p in (ROOT / "data" / "consultations").glob("*.yaml")}
    demo |= {p.stem for p in (ROOT / "content" / "outcomes").glob("*.md")}
    assert len(demo) > 30
    unwanted = [n for n in wheel_names
                if n.startswith(("tests/", "data/", "content/", "docs/", "bench/", "theme/"))
                or n.rsplit("/", 1)[-1].split(".")[0] in demo
                or "__pycache__" in n or "import_linter" in n or n.endswith(".pyc")]
    assert unwanted == []
    assert "said_and_done-{}.dist-info/entry_points.txt".format(PYPROJECT["project"]["version"]) in wheel_names


def test_each_pin_in_requirements_is_inside_the_engines_range():
    from packaging.requirements import Requirement

    pins = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[re.sub(r"[-_.]+", "-", name.lower())] = version.strip()
    project = PYPROJECT["project"]
    declared = [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["tools"]
                + project["optional-dependencies"]["test"] if not r.startswith("said-and-done")]
    assert len(declared) > 25
    outside = [f"{r} (pinned {pins.get(r.name)})" for r in declared if r.name not in pins or pins[r.name] not in r.specifier]
    assert outside == []


def test_the_command_is_said_and_done_cli_main():
    assert PYPROJECT["project"]["scripts"] == {"said-and-done": "said_and_done.cli:main"}
