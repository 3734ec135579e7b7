"""Problems found in records: what staff see when something is wrong.

Every problem names the file, line, column and field, and says in plain English
what was expected and what was found, so a communications officer can fix it
without reading a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    field: str
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.field}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


class RecordErrors(Exception):
    """Raised when records have errors; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        errors = [p for p in self.problems if p.is_error]
        super().__init__(
            f"{len(errors)} error(s) in the records:\n" + "\n".join(str(p) for p in errors)
        )

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def field_name(path: tuple) -> str:
    """A field path as staff read it: dates.closes, outcome.you_said[2].reason.

    List items are counted from 1, as people count them; the line number
    pinpoints the item anyway.
    """
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(whole file)"
