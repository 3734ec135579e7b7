"""The init command: answers in, a new repository out, and what to do next printed."""

from __future__ import annotations

import sys
from pathlib import Path

from ..domain.editor_schema import editor_schema, editor_schema_path, render
from ..domain.engine_files import engine_version, schema_path
from .answers import AnswerError, answers_from
from .lookup import read_reference
from .write import FolderNotEmpty, write_site


def init_site(args, interactive: bool | None = None) -> int:
    """Write a new partnership's repository: settings, reference data with one example each,
    an example consultation, the pages, workflows, Makefile, a README for staff, and
    requirements.txt pinning this engine. Asks in a terminal; without one, give every flag."""
    folder = Path(args.directory)
    try:
        answers = answers_from(args, engine_version(), interactive)
        written = write_site(folder, answers)
        written.append(write_editor_schema(folder))
    except (AnswerError, FolderNotEmpty) as exc:
        print(f"said-and-done init: {exc}", file=sys.stderr)
        return 2
    print(f"Wrote {len(written)} files into {folder}/ for {answers['partnership']}. Next:")
    print(f"  cd {folder} && git init && make check && make html")
    print("  then read README.md there: what to replace before going live.")
    return 0


def write_editor_schema(folder: Path) -> Path:
    """The editor schema of the new repository's reference data, which its example record
    names in its first line and .vscode/settings.json maps the records to."""
    import json

    data = folder / "data"
    schema = json.loads((schema_path() / "consultation.schema.json").read_text(encoding="utf-8"))
    reference = {kinds: list(table.items()) for kinds, table in read_reference(data, schema_path(), folder).items()}
    path = editor_schema_path(data)
    path.write_text(render(editor_schema(schema, reference)), encoding="utf-8", newline="\n")
    return path.relative_to(folder)
