"""`check --format github` and `--format json`: the same problems as the text, for a pull request and for programs.

Every invalid fixture (each a different kind of mistake) is put into one copy of
the demo, and the check is run three ways. Each annotation is parsed back with the
workflow-command grammar and must say what the text line says; the exit status
does not change with the format.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from helpers.incremental_project import RECORDS, make_project
from helpers.site import FIXTURES
from said_and_done.domain.problems import ERROR, WARNING, Problem
from said_and_done.site.report import github_command

# ::error file=<path>,line=<n>,col=<n>,title=<field>::<message>
_COMMAND = re.compile(r"^::(error|warning) file=([^,]*),line=(\d+),col=(\d+),title=([^,:]*)::(.*)$")
_TEXT = re.compile(r"^  (.+?):(\d+):(\d+): (.+?): (.*)$")


def _unescape(text: str) -> str:
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


@pytest.fixture(scope="module")
def broken_project(tmp_path_factory):
    project = tmp_path_factory.mktemp("formats") / "project"
    make_project(project)
    for fixture in sorted((FIXTURES / "invalid").glob("*.yaml")):
        shutil.copy(fixture, project / RECORDS / f"2026-broken-{fixture.stem}.yaml")
    return project


def _check(project, *args):
    return subprocess.run([sys.executable, "-m", "said_and_done", "check", "--settings", "pelicanconf.py", *args],
                          cwd=project, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(project / "plugins")})


def _from_text(result) -> set:
    return {(m[1], int(m[2]), int(m[3]), m[4], m[5]) for line in result.stderr.splitlines() if (m := _TEXT.match(line))}


def test_every_problem_is_an_annotation_and_an_entry(broken_project):
    text = _check(broken_project)
    github = _check(broken_project, "--format", "github")
    as_json = _check(broken_project, "--format", "json")
    assert text.returncode == github.returncode == as_json.returncode == 1
    expected = _from_text(text)
    assert len(expected) >= len(list((FIXTURES / "invalid").glob("*.yaml")))  # at least one problem a fixture

    commands = [_COMMAND.match(line) for line in github.stdout.splitlines() if line.startswith("::")]
    assert all(commands), github.stdout
    annotated = {(_unescape(m[2]), int(m[3]), int(m[4]), _unescape(m[5]), _unescape(m[6])) for m in commands}
    assert annotated == expected
    assert {m[1] for m in commands} == {"error"}

    document = json.loads(as_json.stdout)
    entries = {(p["file"], p["line"], p["column"], p["field"], p["message"]) for p in document["problems"]}
    assert entries == expected
    assert document["errors"] == sum(1 for p in document["problems"] if p["severity"] == ERROR) > 0
    assert document["warnings"] == sum(1 for p in document["problems"] if p["severity"] == WARNING)


def test_gitlab_gets_a_code_quality_report_with_the_same_problems(broken_project):
    text = _check(broken_project)
    gitlab = _check(broken_project, "--format", "gitlab")
    assert gitlab.returncode == 1
    entries = json.loads(gitlab.stdout)  # nothing but the report on stdout
    expected = _from_text(text)
    assert {(e["location"]["path"], e["location"]["lines"]["begin"]) for e in entries} == \
        {(f, line) for f, line, _, _, _ in expected}
    assert {e["description"] for e in entries} == {f"{field}: {message}" for _, _, _, field, message in expected}
    assert all(set(e) == {"description", "check_name", "fingerprint", "severity", "location"} for e in entries)
    assert {e["severity"] for e in entries} == {"major"}
    assert len({e["fingerprint"] for e in entries}) == len(entries)


def test_a_clean_check_prints_warnings_and_exits_0_in_every_format(tmp_path):
    project = tmp_path / "project"
    make_project(project)
    github = _check(project, "--format", "github")
    as_json = _check(project, "--format", "json")
    assert github.returncode == as_json.returncode == 0
    assert all(line.startswith("::warning ") for line in github.stdout.splitlines()[:-1])
    assert github.stdout.splitlines()[-1].startswith("Checked ")
    document = json.loads(as_json.stdout)
    assert document["errors"] == 0 and document["summary"].startswith("Checked ")


def test_a_broken_settings_file_is_one_error_on_that_file(tmp_path):
    project = tmp_path / "project"
    make_project(project)
    settings = project / "pelicanconf.py"
    settings.write_text(settings.read_text(encoding="utf-8") + "\nSAID_AND_DONE['build_date'] = 'soon'\n",
                        encoding="utf-8")
    github = _check(project, "--format", "github")
    assert github.returncode == 2
    assert re.match(r"^::error file=pelicanconf\.py,title=settings::.*build_date.*soon", github.stdout)


@pytest.mark.parametrize("message, field, file", [
    ("100% sure", "said", "data/a.yaml"),
    ("first line\nsecond line\r\nthird", "outcome.you_said[2].said", "data/a.yaml"),
    ("a: b, c", "field: with, commas", "data/odd, name: here.yaml"),
])
def test_escapes_follow_the_workflow_command_grammar(message, field, file):
    command = github_command(Problem(file, 3, 7, field, message, ERROR))
    assert "\n" not in command and "\r" not in command
    m = _COMMAND.match(command)
    assert m, command
    assert (_unescape(m[2]), m[3], m[4], _unescape(m[5]), _unescape(m[6])) == (file, "3", "7", field, message)
