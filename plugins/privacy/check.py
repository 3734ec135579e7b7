"""The personal-data check on everything the site publishes, run by `make check` and every build.

Every text a record publishes (title, summary, themes, what residents said, what we did,
reasons, the outcome's summary and who decided, actions, events, documents, evaluation...),
each write-up as residents read it (its title, its rendered text and its links), and the
Pelican pages (pages.py) are searched for personal data (said_and_done's
find_personal_data). Anything found is an error naming the file, line, column and field,
unless the record lists it, reviewed, under `personal_data_reviewed` (for a deliberate
public contact); a record's list also covers its write-up.

Contact blocks (`contact`, `how_to_take_part` with its events, and
`alternative_formats.how_to_request`) hold the partnership's own public contacts: email
addresses, phone numbers and postcodes there are not errors, and quoting them anywhere in
the record or write-up ("call 01632 960150 to sign up") needs no review. Anything else
found there (an NHS number, a date of birth, a named person's home address) still is.
"""

from __future__ import annotations

from pathlib import Path

from said_and_done.api import (
    CONTACT_KINDS,
    ERROR,
    PERSONAL_DATA_CODE,
    WARNING,
    Problem,
    field_name,
    find_personal_data,
    findings_per_record,
    load_yaml,
    read_text,
    render_markdown,
    reviewed_keys,
    visible_text,
)

from .pages import body_start, findings_in, page_problems, place_in
from .reference import reference_problems, strings_in

REVIEWED = "personal_data_reviewed"
ADVICE = ("remove or anonymise it; if it is a deliberate public contact, list it under "
          f"{REVIEWED} in the record with a reason")
_SAID = "what residents said"
_PUBLISHED = "text the site publishes"


def personal_data_checks(register) -> list[Problem]:
    # Each record's findings depend on its own text only: kept between builds per record, under
    # a name that changes with this plugin's code and the core's detector.
    root = register.root or Path.cwd()
    detector = "".join(path.read_text(encoding="utf-8") for path in PERSONAL_DATA_CODE)
    found = findings_per_record(register, "personal-data", Path(__file__).parent, ("phonenumbers", "markdown"),
                                detector, lambda c: _check_consultation(c, root))
    return found + page_problems(register.settings, root) + reference_problems(register, root)


def personal_data_in(c, register) -> list[Problem]:
    """The same check for one consultation, for the preview's first look at an edit (hooks.record_checks)."""
    return _check_consultation(c, register.root or Path.cwd())


def contact_texts(c):
    """(path, text) for the record's contact blocks: its own public contacts."""
    yield from strings_in(("contact",), c.contact)
    yield from strings_in(("how_to_take_part",), {k: v for k, v in c.how_to_take_part.items() if k != "events"})
    for i, event in enumerate(c.how_to_take_part.get("events", [])):
        for key in ("time", "place", "details"):
            yield from strings_in(("how_to_take_part", "events", i, key), event.get(key))
    yield from strings_in(("alternative_formats", "how_to_request"), c.alternative_formats.get("how_to_request"))


def record_texts(c):
    """(path in the record, text) for every other text the site and its data files publish from a record."""
    yield ("title",), c.title
    yield ("summary",), c.summary
    yield from strings_in(("documents",), c.documents)
    yield from strings_in(("alternative_formats",), {k: v for k, v in c.alternative_formats.items()
                                                   if k != "how_to_request"})
    yield from strings_in(("summary_translations",), c.translations)
    yield from strings_in(("withdrawn", "reason"), (c.withdrawn or {}).get("reason"))
    for key in ("what_worked", "what_to_improve"):
        yield from strings_in(("evaluation", key), (c.evaluation or {}).get(key))
    outcome = c.outcome
    if outcome:
        yield ("outcome", "summary"), outcome.summary
        yield from strings_in(("outcome", "decision_by"), outcome.decision_by or None)
        for i, theme in enumerate(outcome.themes):
            for key in ("theme", "said", "we_did", "reason"):
                yield from strings_in(("outcome", "you_said", i, key), getattr(theme, key) or None)
        for i, action in enumerate(outcome.actions):
            for key in ("we_will", "reason"):
                yield from strings_in(("outcome", "actions", i, key), getattr(action, key) or None)


def _writeup_html(writeup, root: Path) -> str:
    """The write-up's published HTML: as the build rendered it, or (in `make check`, which does
    not render write-ups) rendered here the same way."""
    if writeup.html:
        return writeup.html
    text, _ = read_text(root / writeup.source, writeup.source)
    try:
        return render_markdown(text[body_start(text):], heading_level=2) if text else ""
    except ValueError:  # too deeply nested to render: the build stops on it, at its line
        return ""


def _writeup_findings(c, public: set, root: Path) -> list:
    """(where, finding) in the write-up as residents read it: its title, text and link addresses."""
    writeup = c.outcome.writeup if c.outcome else None
    if not writeup:
        return []
    shown = visible_text(_writeup_html(writeup, root))
    pieces = [("title", writeup.title), ("text", shown.text)] + [("link", a) for a in shown.attributes]
    return [(where, f) for where, piece in pieces if piece for f in findings_in(piece) if f.key not in public]


def _check_consultation(c, root: Path) -> list[Problem]:
    public: set = set()
    field_findings = []
    for path, text in contact_texts(c):
        for finding in find_personal_data(text):
            if finding.kind in CONTACT_KINDS:
                public.add(finding.key)
            else:
                field_findings.append((path, finding))
    field_findings += [(path, f) for path, text in record_texts(c) for f in findings_in(text)
                       if f.key not in public]
    writeup_findings = _writeup_findings(c, public, root)

    # Most records have nothing to report and no reviewed list: skip parsing them again.
    record_path = root / c.source
    record_text = record_path.read_text(encoding="utf-8-sig")
    if not field_findings and not writeup_findings and REVIEWED not in record_text:
        return []

    source, _ = load_yaml(record_path, c.source)
    reviewed = (source.data or {}).get(REVIEWED, []) if isinstance(source.data, dict) else []
    allowed: dict[str, int] = {}
    for index, entry in enumerate(reviewed):
        for key in reviewed_keys(entry["text"]):
            allowed.setdefault(key, index)
    used: set[int] = set()

    problems = []
    lines = record_text.splitlines()
    for path, finding in field_findings:
        if finding.key in allowed:
            used.add(allowed[finding.key])
            continue
        line, column = _locate(lines, source, path, finding.text)
        what = _SAID if path[-1] == "said" else _PUBLISHED
        problems.append(Problem(c.source, line, column, field_name(path),
                                f"expected no personal data in {what}, found {finding.described}; {ADVICE}", ERROR))
    problems += _writeup_problems(c, root, writeup_findings, allowed, used)
    for index, entry in enumerate(reviewed):
        if index not in used:
            problems.append(source.problem(
                (REVIEWED, index, "text"),
                f"expected text that appears in what the record or its write-up publishes, found '{entry['text']}' "
                "in neither; remove this entry so the list only holds what is published",
                WARNING))
    return problems


def _writeup_problems(c, root: Path, findings: list, allowed: dict, used: set) -> list[Problem]:
    if not findings:
        return []
    writeup = c.outcome.writeup
    text, _ = read_text(root / writeup.source, writeup.source)
    problems = []
    for where, finding in findings:
        if finding.key in allowed:
            used.add(allowed[finding.key])
            continue
        line, column = place_in(text or "", finding.text, 0 if where == "title" else body_start(text or ""))
        problems.append(Problem(writeup.source, line, column, f"(write-up {where})",
                                f"expected no personal data in a write-up, found {finding.described}; {ADVICE} "
                                f"({c.source})", ERROR))
    return problems


def _locate(lines: list[str], source, path: tuple, text: str) -> tuple[int, int]:
    """The line and column of text in the record, searching the field's own lines.

    A value follows its key, on the same line or (for a folded block) on the lines
    up to the next field, so the first occurrence there is the one. If the text was
    split across lines in the file, point at the field itself.
    """
    first_line, first_column = source.where(path)
    later = [line for line, _ in source.places.values() if line > first_line]
    end = min(later) if later else len(lines) + 1
    for number in range(first_line, min(end, len(lines) + 1)):
        line = lines[number - 1]
        at = line.find(text, first_column - 1 if number == first_line else 0)
        if at >= 0:
            return number, at + 1
    return first_line, first_column
