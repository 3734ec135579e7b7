"""The init command: answers in, a new repository out, and what to do next printed."""

from __future__ import annotations

import sys
from pathlib import Path

from ..domain.engine_files import engine_version
from .answers import AnswerError, answers_from
from .write import FolderNotEmpty, write_site


def init_site(args, interactive: bool | None = None) -> int:
    """Write a new partnership's repository: settings, reference data with one example each,
    an example consultation, the pages, workflows, Makefile, a README for staff, and
    requirements.txt pinning this engine. Asks in a terminal; without one, give every flag."""
    folder = Path(args.directory)
    try:
        answers = answers_from(args, engine_version(), interactive)
        written = write_site(folder, answers)
    except (AnswerError, FolderNotEmpty) as exc:
        print(f"said-and-done init: {exc}", file=sys.stderr)
        return 2
    print(f"Wrote {len(written)} files into {folder}/ for {answers['partnership']}. Next:")
    print(f"  cd {folder} && git init && make check && make html")
    print("  then read README.md there: what to replace before going live.")
    return 0
