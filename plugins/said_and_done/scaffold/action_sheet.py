"""The `actions` command: every "we will" action in one spreadsheet, and the sheet's changes put back.

    said-and-done actions export [--organisation SLUG] [--overdue] [--output FILE]
    said-and-done actions import FILE.csv

Export lists the actions of records that pass `make check` (action_rows.py says what
each column holds). Import checks every row first and lists every problem as
FILE.csv:row:column: field: ...; if any row is wrong, or the records as changed would
not pass `make check`, nothing is written (action_edits.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..domain.problems import RecordErrors
from ..domain.records import display_path, load_register
from ..domain.yaml_source import load_yaml
from .action_edits import apply_row, check_as_written, open_record, unknown_id, write_atomically
from .action_rows import CellError, action_row, read_sheet, to_csv_bytes


class _Stop(Exception):
    """The command cannot go on: the message is printed, and the exit code returned."""

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


def add_arguments(sub) -> None:
    actions = sub.add_parser("actions", help="every 'we will' action as a spreadsheet (CSV), and its changes put back",
                             description=__doc__.split("\n\n")[0])
    kinds = actions.add_subparsers(dest="direction", required=True)
    export = kinds.add_parser("export", help="write every action as a row of a CSV file")
    export.add_argument("--settings", default="pelicanconf.py")
    export.add_argument("--organisation", help="only the actions this organisation (a slug) leads")
    export.add_argument("--overdue", action="store_true", help="only actions whose due date has passed")
    export.add_argument("--output", default="-", help="the CSV file to write (default: print it)")
    imported = kinds.add_parser("import", help="put changed due, status, progress, updated, note and reason back "
                                               "into the records")
    imported.add_argument("file", help="the CSV file, as actions export wrote it and a spreadsheet saved it")
    imported.add_argument("--settings", default="pelicanconf.py")


def actions_command(args) -> int:
    try:
        options, settings = _settings(args.settings)
        if args.direction == "export":
            return export_actions(args, options, settings)
        return import_actions(Path(args.file), options, settings)
    except _Stop as stop:
        print(f"said-and-done actions {args.direction}: {stop}", file=sys.stderr)
        return stop.code


def _settings(path):
    from pelican.settings import read_settings

    from ..site.options import SettingsError, options_from

    if not Path(path).is_file():
        raise _Stop(f"{path}: expected the settings file, found no such file")
    settings = read_settings(str(path))
    try:
        return options_from(settings), settings
    except SettingsError as exc:
        raise _Stop(f"{path}: {exc}") from None


def _register(options, settings):
    try:
        return load_register(options.data_path, options.outcomes_path, build_date=options.build_date,
                             root=options.root, render_writeups=False, settings=settings)
    except RecordErrors as exc:
        raise _Stop("expected records that pass make check, found these errors; fix them first:\n"
                    + "\n".join(str(p) for p in exc.errors), 1) from None


def export_rows(options, settings, organisation=None, overdue=False) -> list:
    register = _register(options, settings)
    if organisation and organisation not in register.organisations:
        raise _Stop(f"--organisation: expected an organisation's slug from data/organisations.yaml, found "
                    f"'{organisation}'{_did_you_mean(organisation, register.organisations)}")
    rows = []
    for c in sorted(register.consultations, key=lambda c: c.id):
        if not c.outcome or not c.outcome.actions:
            continue
        path = options.data_path / "consultations" / f"{c.id}.yaml"
        source, _ = load_yaml(path, str(path))
        for number, (raw, action) in enumerate(zip(source.data["outcome"]["actions"], c.outcome.actions,
                                                   strict=True), start=1):
            if organisation and action.lead.slug != organisation:
                continue
            if overdue and not action.overdue:
                continue
            rows.append(action_row(c.id, number, raw))
    return rows


def _did_you_mean(word, table) -> str:
    from ..domain.schema_check import suggest

    return suggest(word, table)


def export_actions(args, options, settings) -> int:
    rows = export_rows(options, settings, args.organisation, args.overdue)
    data = to_csv_bytes(rows)
    if args.output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        Path(args.output).write_bytes(data)
        print(f"Wrote {len(rows)} action(s) to {args.output}. Next: open it in a spreadsheet, change due, status, "
              f"progress, updated, note or reason, save it as CSV, then run: make actions-import FILE={args.output}",
              file=sys.stderr)
    return 0


def import_actions(file: Path, options, settings) -> int:
    if not file.is_file():
        raise _Stop(f"{file}: expected a CSV file made by actions export, found no such file")
    rows, problems = read_sheet(file.read_bytes(), str(file))
    if problems:
        raise _Stop("nothing was written; fix these and import again:\n" + "\n".join(map(str, sorted(problems))), 1)
    statuses = _statuses(options)
    records = _plan(rows, options, statuses, str(file))
    texts = {r.cid: r.new_text() for r in records.values()}
    changed = [r for r in records.values() if texts[r.cid] != r.text]
    # The rows without mistakes are checked as make check would check them, in the same run,
    # so every problem is listed at once.
    found = [str(p) for p in sorted(p for row in rows for p in row.problems)]
    found += [_on_row(p, changed, str(file)) for p in (check_as_written(options, settings, changed) if changed else [])]
    if found:
        raise _Stop("nothing was written; fix these and import again:\n" + "\n".join(found), 1)
    for record in changed:
        write_atomically(record.path, texts[record.cid])
    if not changed:
        print(f"No changes: every row of {file} matches the records.")
        return 0
    for record in changed:
        print(f"Updated {record.display}")
    print("Next: run make check, look at git diff, and commit the records.")
    return 0


def _statuses(options) -> list:
    import json

    from ..domain.engine_files import schema_folder

    schema = json.loads((schema_folder(options.data_path) / "consultation.schema.json").read_text(encoding="utf-8"))
    return schema["$defs"]["action"]["properties"]["status"]["enum"]


def _plan(rows, options, statuses, file: str) -> dict:
    """Each row's changes applied to its record, in memory; the records opened to edit, by id.

    Records are first read with the fast reader the checks use: a row that matches its
    action there changes nothing, and only a record with a changed row is opened with the
    (slower) round-trip reader."""
    folder = options.data_path / "consultations"
    ids = sorted(p.stem for p in folder.glob("*.yaml"))
    read: dict = {}  # id -> its actions, as the fast reader gives them
    seen: dict = {}  # (id, number) -> the row that named it first
    records: dict = {}
    for row in rows:
        cid = row.cells["consultation"]
        if cid not in ids:
            row.problem(file, "consultation", unknown_id(cid, ids))
            continue
        path = folder / f"{cid}.yaml"
        if cid not in read:
            source, _ = load_yaml(path, str(path))
            outcome = source.data.get("outcome") if isinstance(source.data, dict) else None
            read[cid] = (outcome or {}).get("actions") or []
        number = _number(row, cid, len(read[cid]), seen, file)
        if number is None or _unchanged(row, action_row(cid, number, read[cid][number - 1])):
            continue
        if cid not in records:
            try:
                records[cid] = open_record(path, display_path(path, options.root), cid)
            except CellError as exc:
                row.problem(file, "consultation", str(exc))
                continue
        records[cid].rows[number] = row
        apply_row(records[cid], number, row, statuses, file)
    return records


def _unchanged(row, exported: dict) -> bool:
    return all(value == exported[name] for name, value in row.cells.items() if name not in ("consultation", "index"))


def _number(row, cid: str, count: int, seen: dict, file: str):
    typed = row.cells["index"]
    span = f"from 1 to {count}" if count else "(it has no actions yet: add them with make new-action)"
    if not typed.isdigit() or not 1 <= int(typed) <= count:
        found = f"'{typed}'" if typed else "nothing (the cell is empty)"
        row.problem(file, "index", f"expected the number of one of {cid}'s actions, {span}, found {found}")
        return None
    if (cid, int(typed)) in seen:
        row.problem(file, "index", f"expected each action once, found {cid} action {typed} again "
                                   f"(first on row {seen[cid, int(typed)].number})")
        return None
    seen[cid, int(typed)] = row
    return int(typed)


def _on_row(problem, records, file: str) -> str:
    """A problem in a changed action, named by the sheet's row and column as well as the record's line."""
    for record in records:
        for number, row in record.rows.items():
            prefix = f"outcome.actions[{number}]"
            if problem.file == record.display and (problem.field == prefix or problem.field.startswith(prefix + ".")):
                name = problem.field[len(prefix) + 1:].split(".")[0].split("[")[0] or "status"
                column = row.columns.get(name, row.columns.get("status", 1))
                return f"{file}:{row.number}:{column}: {name}: {problem.message} (in {problem.file}:{problem.line})"
    return str(problem)
