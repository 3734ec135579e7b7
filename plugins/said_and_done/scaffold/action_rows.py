"""The actions spreadsheet's rows: what `actions export` writes, and each cell of `actions import` checked.

One row per "we will" action: the consultation's id and the action's number in its
outcome.actions (counted from 1, as people count), then its text and lead (shown, so
a row can be read on its own, and compared on import so a row never lands on another
action), then the values staff may change: due, status, progress, updated, note and
reason. A note is the newest entry of the action's `updates` timeline; a new one is
added as a dated entry, so the timeline keeps the date things happened.

The file is UTF-8 with a byte order mark, which Excel needs to read accents and the
pound sign right; LibreOffice and Google Sheets ignore it. A cell starting with
= + - @ (or a tab or carriage return) would be run as a formula when the file is
opened, so it is written after a ' and the ' is taken off again on import.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from ..domain.schema_check import suggest

COLUMNS = ("consultation", "index", "we_will", "lead", "due", "status", "progress", "updated", "note", "reason")
# Shown for reading, checked on import, never written back: the record is where they change.
READ_ONLY = ("we_will", "lead")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_UK = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
WHEN = "When "


def safe_cell(value: str) -> str:
    """The cell as a spreadsheet may open it: never a formula. Reversed exactly by plain_cell."""
    if value.lstrip("'").startswith(_FORMULA_START):
        return "'" + value
    return value


def plain_cell(value: str) -> str:
    if value.startswith("'") and value.lstrip("'").startswith(_FORMULA_START):
        return value[1:]
    return value


def _one_line(text) -> str:
    return " ".join(str(text).split())


def due_text(due) -> str:
    """A due date as written, or a condition as the site shows it: When national guidance is published."""
    if isinstance(due, dict):
        return WHEN + _one_line(due.get("when", ""))
    return str(due)


def action_row(cid: str, number: int, action: dict) -> dict:
    """An action (as its record holds it, parsed) as a row of text cells."""
    updates = action.get("updates") or []
    newest = max(updates, key=lambda u: str(u["date"])) if updates else {}
    updated = action.get("updated") or newest.get("date", "")
    return {
        "consultation": cid, "index": str(number), "we_will": _one_line(action["we_will"]),
        "lead": action["lead"], "due": due_text(action["due"]), "status": action["status"],
        "progress": "" if action.get("progress") is None else str(action["progress"]),
        "updated": str(updated), "note": str(newest.get("note", "")).strip(),
        "reason": _one_line(action.get("reason", "")),
    }


def write_rows(rows, out) -> None:
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: safe_cell(v) for k, v in row.items()})


def to_csv_bytes(rows) -> bytes:
    text = io.StringIO()
    write_rows(rows, text)
    return text.getvalue().encode("utf-8-sig")


# -- reading a filled-in sheet ------------------------------------------------------

@dataclass(frozen=True, order=True)
class CellProblem:
    """A problem in the sheet, as FILE.csv:row:column: field: message (row 1 is the header)."""
    file: str
    row: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}:{self.column}: {self.field}: {self.message}"


@dataclass
class Row:
    number: int  # as the spreadsheet numbers it: the header is row 1
    cells: dict  # column -> text, with the formula guard taken off
    columns: dict  # column -> its number, from 1
    problems: list = field(default_factory=list)

    def problem(self, file: str, name: str, message: str) -> None:
        self.problems.append(CellProblem(file, self.number, self.columns.get(name, 1), name, message))


def read_sheet(data: bytes, file: str) -> tuple[list, list]:
    """(rows, problems with the sheet as a whole): the header checked, every row's cells as text."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [], [CellProblem(file, data[:exc.start].count(b"\n") + 1, 1, "(encoding)",
                                f"expected UTF-8 text, found the byte 0x{data[exc.start]:02x}; in the spreadsheet, "
                                "save as CSV UTF-8 (Excel: File, Save As, CSV UTF-8)")]
    # Excel in a country that writes 1,5 for one and a half saves CSV with semicolons between cells.
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    lines = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if not lines:
        return [], [CellProblem(file, 1, 1, "(header)", f"expected a header row ({', '.join(COLUMNS)}), found an empty file")]
    header = [h.strip() for h in lines[0]]
    problems = []
    for number, name in enumerate(header, start=1):
        if name not in COLUMNS:
            problems.append(CellProblem(file, 1, number, "(header)", f"expected one of the columns {', '.join(COLUMNS)}, "
                                                                     f"found '{name}'{suggest(name, COLUMNS)}"))
        elif header.index(name) != number - 1:
            problems.append(CellProblem(file, 1, number, "(header)", f"expected each column once, found '{name}' again"))
    for needed in ("consultation", "index"):
        if needed not in header:
            problems.append(CellProblem(file, 1, 1, "(header)", f"expected a '{needed}' column, found none; "
                                                                "start from a sheet made by actions export"))
    columns = {name: number for number, name in enumerate(header, start=1) if name in COLUMNS}
    rows = []
    for number, cells in enumerate(lines[1:], start=2):
        if not any(c.strip() for c in cells):
            continue  # a blank line a spreadsheet left at the end
        given = {name: plain_cell(cells[i - 1]).strip() if i - 1 < len(cells) else "" for name, i in columns.items()}
        rows.append(Row(number, given, columns))
    return rows, problems


# -- each value a row may change ---------------------------------------------------

class CellError(ValueError):
    pass


def a_date(value: str) -> date:
    """YYYY-MM-DD, or DD/MM/YYYY as a UK spreadsheet writes a date back when it saves."""
    uk = _UK.match(value)
    try:
        if uk:
            return date(int(uk.group(3)), int(uk.group(2)), int(uk.group(1)))
        if _ISO.match(value):
            return date.fromisoformat(value)
    except ValueError:
        raise CellError(f"expected a real calendar date, found '{value}', which does not exist") from None
    raise CellError(f"expected a date written YYYY-MM-DD (like 2026-03-31) or DD/MM/YYYY, found {_found(value)}")


def a_due(value: str):
    """A date, or a condition: 'When national guidance is published' -> {'when': 'national guidance is published'}."""
    if value[:len(WHEN)].lower() == WHEN.lower() and value[len(WHEN):].strip():
        return {"when": _one_line(value[len(WHEN):])}
    if _ISO.match(value) or _UK.match(value):
        return a_date(value)
    raise CellError("expected a date written YYYY-MM-DD, or a condition starting 'When' (like When national "
                    f"guidance is published), found {_found(value)}")


def a_status(value: str, statuses) -> str:
    """A status as the record spells it, or as the site shows it ('In progress', 'On hold')."""
    spelt = "-".join(value.lower().split())
    if spelt in statuses:
        return spelt
    raise CellError(f"expected one of: {', '.join(statuses)}; found {_found(value)}{suggest(spelt, statuses)}")


def a_progress(value: str):
    """A whole percentage from 0 to 100 (50 or 50%); nothing for none."""
    if not value:
        return None
    number = value[:-1].strip() if value.endswith("%") else value
    if not re.fullmatch(r"\d+", number):
        raise CellError(f"expected a whole number from 0 to 100 (a percentage), found {_found(value)}")
    if int(number) > 100:
        raise CellError(f"expected a whole number from 0 to 100 (a percentage), found {int(number)}, more than 100")
    return int(number)


def _found(value: str) -> str:
    if not value:
        return "nothing (the cell is empty)"
    return f"'{value if len(value) <= 60 else value[:57] + '...'}'"


def parse_date_text(value) -> date | None:
    """A date as a record holds it (text, or a date from a round-trip reader), or None."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None
