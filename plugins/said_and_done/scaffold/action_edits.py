"""`actions import`'s edits: each row's changed values put into its record, with the record's layout kept.

Records are read with ruamel.yaml's round-trip mode, which keeps comments, key order and
quoting. Only the fields whose values changed are written again, from the round-trip
document, in the record's own indentation; every other line of the file is kept byte for
byte (ruamel alone would join a long line another tool wrapped), so `git diff` shows only
the changed values, and a record whose actions did not change is not written at all. Nothing is written unless every row is
right and the records, as they would be, pass the same checks as `make check`; each file
is then replaced in one step.
"""

from __future__ import annotations

import copy
import io
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import LiteralScalarString

from ..domain.problems import RecordErrors
from ..domain.records import load_register
from ..domain.schema_check import suggest
from .action_rows import CellError, a_date, a_due, a_progress, a_status, action_row, parse_date_text

# The layouts records are written in: the demo's and the skeleton's (sequences indented
# under their key), then sequences flush with their key, as many editors write them.
_LAYOUTS = ({"mapping": 2, "sequence": 4, "offset": 2}, {"mapping": 2, "sequence": 2, "offset": 0})
# Where a field goes when the action does not have it yet: after the first of these it has.
_AFTER = {"reason": ("status",), "progress": ("reason", "status"), "updated": ("progress", "reason", "status")}


def _yaml(layout: dict) -> YAML:
    yaml = YAML()  # round-trip
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long line that was not folded
    yaml.indent(**layout)
    return yaml


def _dump(yaml: YAML, doc) -> str:
    out = io.StringIO()
    yaml.dump(doc, out)
    return out.getvalue()


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_filler(line: str) -> bool:
    return not line.strip() or line.lstrip().startswith("#")


@dataclass
class Record:
    """One record being edited: its text, its round-trip document, and the rows that change it."""
    cid: str
    path: Path
    display: str
    text: str
    doc: object
    spans: list = field(default_factory=list)  # (first line, line after) of each action in text
    before: list = field(default_factory=list)  # each action as it was read
    rows: dict = field(default_factory=dict)  # action number (from 1) -> Row

    @property
    def actions(self) -> list:
        outcome = self.doc.get("outcome") if isinstance(self.doc, dict) else None
        return list((outcome or {}).get("actions") or [])

    def new_text(self) -> str:
        """The text with each changed action's lines written again, and every other line as it was."""
        if all(a == b for a, b in zip(self.actions, self.before, strict=True)):
            return self.text
        lines = self.text.splitlines(keepends=True)
        yaml = self._layout(lines)
        for i in reversed(range(len(self.spans))):
            action = self.actions[i]
            if action == self.before[i]:
                continue
            lines[slice(*self.spans[i])] = self._action_lines(i, lines, yaml)
        return "".join(lines)

    def _action_lines(self, i: int, lines: list, yaml: YAML) -> list:
        """A changed action's lines: each field whose value is unchanged exactly as the record has it
        (another tool may have wrapped a long line), each changed or new field as ruamel writes it."""
        action, before = self.actions[i], self.before[i]
        first, after = self.spans[i]
        written = _dump(yaml, [action]).splitlines(keepends=True)
        while written and _is_filler(written[-1]):
            written.pop()  # a comment after the action belongs to what follows, which is kept
        shift = _indent(lines[first]) - _indent(written[0])
        written = [(" " * shift + line) if line.strip() else line for line in written]
        old = sorted((action.lc.key(k)[0], k) for k in before)
        old_range = {k: (start, ([s for s, _ in old if s > start] or [after])[0]) for start, k in old}
        key_column = len(written[0]) - len(written[0].lstrip(" -"))
        new_starts = [j for j, line in enumerate(written)
                      if line.strip() and len(line) - len(line.lstrip(" -")) == key_column
                      and not _is_filler(line) and (j == 0 or not line.lstrip().startswith("-"))]
        if len(new_starts) != len(action):
            return written  # a layout not foreseen: the whole action as ruamel writes it
        out = []
        for n, key in enumerate(action):
            if key in old_range and key in before and before[key] == action[key]:
                out += lines[slice(*old_range[key])]
            else:
                out += written[new_starts[n]:(new_starts[n + 1:] or [len(written)])[0]]
        return out

    def _layout(self, lines) -> YAML:
        """The layout that writes this record's actions as they are written (the first, if none does)."""
        for layout in _LAYOUTS:
            yaml = _yaml(layout)
            for (first, after), action in zip(self.spans, self.before, strict=True):
                written = _dump(yaml, [action]).splitlines(keepends=True)
                indent = len(lines[first]) - len(lines[first].lstrip(" ")) - (len(written[0]) - len(written[0].lstrip(" ")))
                if [(" " * indent + line) if line.strip() else line for line in written] == lines[first:after]:
                    return yaml
        return _yaml(_LAYOUTS[0])


def _spans(lines: list, actions) -> list:
    """(first line, line after) of each action: to the next action, or the end of the list, without
    the blank and comment lines after it."""
    starts = [actions.lc.item(i)[0] for i in range(len(actions))]
    spans = []
    for i, first in enumerate(starts):
        if i + 1 < len(starts):
            after = starts[i + 1]
        else:  # the last runs while lines are indented deeper than its dash
            dash = len(lines[first]) - len(lines[first].lstrip(" "))
            after = first + 1
            while after < len(lines) and (_is_filler(lines[after]) or
                                          len(lines[after]) - len(lines[after].lstrip(" ")) > dash):
                after += 1
        while after > first + 1 and _is_filler(lines[after - 1]):
            after -= 1
        spans.append((first, after))
    return spans


def open_record(path: Path, display: str, cid: str) -> Record:
    """The record ready to edit; CellError if it cannot be read."""
    text = path.read_bytes().decode("utf-8-sig")
    try:
        doc = _yaml(_LAYOUTS[0]).load(text)
    except YAMLError as exc:
        raise CellError(f"expected {display} to be a record that passes make check, found a YAML mistake "
                        f"({' '.join(str(exc).split())[:120]}); fix the record first") from None
    record = Record(cid, path, display, text, doc)
    actions = ((doc.get("outcome") or {}).get("actions") or []) if isinstance(doc, dict) else []
    if actions:
        record.spans = _spans(text.splitlines(keepends=True), actions)
        record.before = [copy.deepcopy(a) for a in actions]
    return record


def _put(action: CommentedMap, key: str, value) -> None:
    if key in action:
        action[key] = value
        return
    keys = list(action)
    after = next((k for k in _AFTER.get(key, ()) if k in action), None)
    action.insert(keys.index(after) + 1 if after else len(keys), key, value)


def _text_value(text: str):
    return LiteralScalarString(text + "\n") if "\n" in text else text


def apply_row(record: Record, number: int, row, statuses, file: str) -> None:
    """The row's changed values set in the record's action; problems noted on the row."""
    action = record.actions[number - 1]
    now = action_row(record.cid, number, {**action, "due": _plain_due(action.get("due"))})
    cells = row.cells
    for name in ("we_will", "lead"):
        if name in cells and " ".join(cells[name].split()) != now[name]:
            row.problem(file, name, f"expected the action's {'text' if name == 'we_will' else name} as its record has it "
                                    f"('{now[name][:60]}'), found '{cells[name][:60]}'; import changes only due, status, "
                                    "progress, updated, note and reason: change the rest in the record, or export again "
                                    "if the record changed since")
    values = {}
    for name, read in (("due", a_due), ("status", lambda v: a_status(v, statuses)), ("progress", a_progress),
                       ("updated", a_date)):
        if name in cells and cells[name] != now[name]:
            try:
                values[name] = read(cells[name])
            except CellError as exc:
                row.problem(file, name, str(exc))
    current = {"due": _plain_due(action.get("due")), "status": action["status"], "progress": action.get("progress"),
               "updated": parse_date_text(now["updated"])}
    if isinstance(current["due"], dict):
        current["due"] = {"when": " ".join(str(current["due"].get("when", "")).split())}
    values = {k: v for k, v in values.items() if v != current[k]}  # written differently, meaning the same
    new_note = cells.get("note", "")
    note_is_new = bool(new_note) and " ".join(new_note.split()) != " ".join(now["note"].split())
    if note_is_new and "updated" not in values and not any(p.field == "updated" for p in row.problems):
        row.problem(file, "updated" if "updated" in cells else "note",
                    "expected a new date in updated for the new note (it is added to the action's timeline under "
                    f"that date), found {'the same date as before (' + now['updated'] + ')' if 'updated' in cells else 'no updated column'}")
    if not row.problems:
        _set_values(action, values, now, cells, new_note if note_is_new else "")


def _plain_due(due):
    return dict(due) if isinstance(due, dict) else (parse_date_text(due) or due)


def _set_values(action, values, now, cells, new_note) -> None:
    if "due" in values:
        due, old = values["due"], action.get("due")
        if isinstance(due, dict) and isinstance(old, dict):
            old["when"] = due["when"]  # keep its review date
        else:
            action["due"] = CommentedMap(due) if isinstance(due, dict) else due
    if "status" in values:
        action["status"] = values["status"]
    if "progress" in values:
        if values["progress"] is None:
            action.pop("progress", None)
        else:
            _put(action, "progress", values["progress"])
    if "reason" in cells and " ".join(cells["reason"].split()) != now["reason"]:
        if cells["reason"]:
            _put(action, "reason", _text_value(cells["reason"]))
        else:
            action.pop("reason", None)
    # An action kept as a timeline (updates, no updated:) gets the date in its new entry only.
    if "updated" in values and not (new_note and "updated" not in action and "updates" in action):
        _put(action, "updated", values["updated"])
    if new_note:
        entry = CommentedMap(date=values["updated"])
        if "status" in values:
            entry["status"] = values["status"]
        entry["note"] = _text_value(new_note)
        action.setdefault("updates", []).append(entry)


# -- checked as make check would, then written -----------------------------------------

def _link_or_copy(source, target):
    try:
        os.link(source, target)  # the same bytes, at no cost: the copy is only read
    except OSError:
        shutil.copy2(source, target)


def check_as_written(options, settings, records: list) -> list:
    """The errors `make check` would find with these records' new text: every record, reference
    file and write-up loaded from a copy of the data folder holding the new text."""
    data_path = Path(options.data_path)
    try:
        relative = data_path.relative_to(options.root)
    except ValueError:
        relative = Path(data_path.name)
    with tempfile.TemporaryDirectory(prefix="said-and-done-import-") as tmp:
        copy = Path(tmp) / relative
        shutil.copytree(data_path, copy, copy_function=_link_or_copy)
        for record in records:
            target = copy / record.path.relative_to(data_path)
            target.unlink()  # a hard link: write a new file, never through the link
            target.write_text(record.new_text(), encoding="utf-8", newline="\n")
        try:
            load_register(copy, options.outcomes_path, build_date=options.build_date, root=Path(tmp),
                          render_writeups=False, settings=settings)
        except RecordErrors as exc:
            return exc.errors
    return []


def write_atomically(path: Path, text: str) -> None:
    """The new text in a file beside the record, then moved over it in one step."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        shutil.copymode(path, temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def unknown_id(cid: str, ids) -> str:
    return (f"expected the id of a consultation (its file name in data/consultations/, without .yaml), "
            f"found '{cid}'{suggest(cid, ids)}")
