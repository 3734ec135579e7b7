"""Settings for conftest's fixture_project: a small project folder built as staff build theirs."""

from __future__ import annotations

from pathlib import Path

from . import project_settings


def write_settings(project: Path) -> Path:
    """A pelicanconf.py for a fixture project: the real settings, pointed at the fixture's folders."""
    return project_settings.write_settings(
        project, "SAID_AND_DONE = {'build_date': '2026-11-23', 'partnership': 'Test Partnership'}")
