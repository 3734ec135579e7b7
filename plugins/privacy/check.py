"""The personal-data check on resident-quoted text, run by `make check` and every build.

What residents said (each theme's `said`) and the Markdown write-ups quote people,
and people put contact details in survey answers. Any email address, UK phone
number, full postcode or National Insurance number found there is an error
naming the file, line and field, unless the record lists it, reviewed, under
`personal_data_reviewed` (for a deliberate public contact). A record's list
also covers its write-up.

Contact blocks (`contact`, `how_to_take_part`) are the partnership's own public
contacts: they are not scanned, and quoting them (a write-up saying "call 01632
960150 to sign up") needs no review.
"""

from __future__ import annotations

from pathlib import Path

from said_and_done.api import ERROR, WARNING, Problem, field_name, findings_per_record, load_yaml, read_text

from .detect import find_personal_data, reviewed_keys

REVIEWED = "personal_data_reviewed"
_ADVICE = ("remove or anonymise it; if it is a deliberate public contact, list it under "
           f"{REVIEWED} in the record with a reason")


def personal_data_checks(register) -> list[Problem]:
    # Each record's findings depend on its own text only: kept between builds per record.
    root = register.root or Path.cwd()
    return findings_per_record(register, "personal-data", Path(__file__).parent, ("phonenumbers",), "",
                               lambda c: _check_consultation(c, root))


def personal_data_in(c, register) -> list[Problem]:
    """The same check for one consultation, for the preview's first look at an edit (hooks.record_checks)."""
    return _check_consultation(c, register.root or Path.cwd())


def _check_consultation(c, root: Path) -> list[Problem]:
    record_path = root / c.source
    themes = c.outcome.themes if c.outcome else []
    public = _public_contacts(c)
    said_findings = [(i, f) for i, theme in enumerate(themes) for f in find_personal_data(theme.said)
                     if f.key not in public]
    writeup = c.outcome.writeup if c.outcome else None
    writeup_text = None
    writeup_findings = []
    if writeup:
        writeup_text, _ = read_text(root / writeup.source, writeup.source)
        writeup_findings = [f for f in find_personal_data(writeup_text or "") if f.key not in public]

    # Most records have nothing to report and no reviewed list: skip parsing them again.
    record_text = record_path.read_text(encoding="utf-8-sig")
    if not said_findings and not writeup_findings and REVIEWED not in record_text:
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
    for i, finding in said_findings:
        if finding.key in allowed:
            used.add(allowed[finding.key])
            continue
        path = ("outcome", "you_said", i, "said")
        line, column = _locate(lines, source, path, finding.text)
        problems.append(Problem(c.source, line, column, field_name(path),
                                f"expected no personal data in what residents said, found {finding.described}; {_ADVICE}",
                                ERROR))
    for finding in writeup_findings:
        if finding.key in allowed:
            used.add(allowed[finding.key])
            continue
        line, column = _line_and_column(writeup_text, finding.start)
        problems.append(Problem(writeup.source, line, column, "(write-up text)",
                                f"expected no personal data in a write-up, found {finding.described}; {_ADVICE} "
                                f"({c.source})", ERROR))
    for index, entry in enumerate(reviewed):
        if index not in used:
            problems.append(source.problem(
                (REVIEWED, index, "text"),
                f"expected text that appears in what residents said or in the write-up, found '{entry['text']}' "
                "in neither; remove this entry so the list only holds what is published",
                WARNING))
    return problems


def _public_contacts(c) -> set[str]:
    """The record's own contact details, published on its page on purpose: quoting them is fine."""
    texts = [c.contact.get("email", ""), c.contact.get("phone", "")]
    texts += [c.how_to_take_part.get(key, "") for key in ("email", "phone", "address")]
    return {f.key for text in texts if text for f in find_personal_data(text)}


def _line_and_column(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


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
