"""The fixture project as a git repository with a known history, for the pages' "last updated"
and change history (test_history.py, test_one_way_flow.py).

conftest.py registers this module with `pytest_plugins`, so the `repo` fixture reaches
every test that names it.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

RECORD = "data/consultations/2026-test-library-hours.yaml"
PAGE = "consultations/2026-test-library-hours/"
CID = "2026-test-library-hours"


def git(project: Path, *args: str, day: str | None = None) -> str:
    """Run git in the test repository with a fixed identity, no user config and, if given, a fixed date."""
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "Comms Team", "GIT_AUTHOR_EMAIL": "comms@example.org",
           "GIT_COMMITTER_NAME": "Comms Team", "GIT_COMMITTER_EMAIL": "comms@example.org"}
    if day:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{day}T10:00:00+00:00"
    done = subprocess.run(["git", *args], cwd=project, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def commit(project: Path, message: str, day: str) -> None:
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", message, day=day)


def edit(project: Path, path: str, old: str, new: str) -> None:
    target = project / path
    text = target.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    target.write_text(text.replace(old, new), encoding="utf-8")


WRITEUP = "Title: What we heard about library hours\nConsultation: 2026-test-library-hours\n\n## Who took part\n\n120 people.\n"


@pytest.fixture
def repo(fixture_project) -> Path:
    """The fixture project as a git repository with three commits on known dates."""
    git(fixture_project, "init", "-q", "-b", "main")
    commit(fixture_project, "Add the library hours consultation", "2026-01-05")
    edit(fixture_project, RECORD, "responses: 120", "responses: 121")
    commit(fixture_project, "Correct the number of responses", "2026-05-21")
    (fixture_project / "content" / "outcomes" / "library-hours.md").write_text(WRITEUP, encoding="utf-8")
    commit(fixture_project, "Publish the write-up of what we heard", "2026-06-02")
    return fixture_project
