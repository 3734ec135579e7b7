"""The CODEOWNERS text made from the register, and the check that the committed files match it.

One text serves GitHub and GitLab: both read `path owner owner ...` lines, and the
last line that matches a file decides its owners, so the editors' catch-all comes
first and each record's line after it.
"""

from __future__ import annotations

from pathlib import Path

from said_and_done.api import ERROR, WARNING, Problem, options_from

from .options import owners_options

HEADER = """\
# Who must review a change, file by file. Written by `make owners` from the owners in
# data/organisations.yaml and OWNERS["editors"] in pelicanconf.py: change those, not
# this file. `make check` fails when it is out of date.
"""
_FIELD = "(code owners)"


def configured(register, options) -> bool:
    return bool(options.editors) or any(o.owners for o in register.organisations.values())


def codeowners_text(register, options) -> str:
    """Everything to the editors; each record and write-up to its lead organisation's owners."""
    lines = [HEADER]
    if options.editors:
        lines += ["\n# Everything else (reference data, pages, settings, theme): the partnership's editors.\n",
                  f"* {' '.join(options.editors)}\n"]
    records = []
    for c in sorted(register.consultations, key=lambda c: c.source):
        owners = c.lead.owners or options.editors
        if not owners:
            continue
        paths = [c.source]
        writeup = c.outcome.writeup if c.outcome else None
        if writeup is not None:
            paths.append(writeup.source)
        records += [f"/{Path(p).as_posix()} {' '.join(owners)}\n" for p in paths]
    if records:
        lines += ["\n# Each consultation's record and write-up: its lead organisation's owners.\n", *records]
    return "".join(lines)


def codeowners_checks(register) -> list[Problem]:
    """An error for each CODEOWNERS file that is missing (while another exists) or differs from what
    `make owners` writes; a warning when none has been written yet."""
    if not register.settings:
        return []  # loaded outside Pelican (a test calling load_register): no settings
    options = owners_options(register.settings)
    root = (register.root or Path.cwd()).resolve()
    if not configured(register, options) or not _inside(options_from(register.settings).data_path, root):
        # Records from outside the project (a fixture) can have no line in its CODEOWNERS.
        return []
    present = [name for name in options.files if (root / name).exists()]
    if not present:
        # Owners are listed but no file was ever written: say so, without stopping a build that
        # (a copy of the project, a first try) has nothing out of date yet.
        return [Problem(options.files[0], 1, 1, _FIELD, (
            "expected the code owners files, found none yet: organisations have owners but nobody is asked to "
            "review their records; run make owners and commit the files"), WARNING)] if options.files else []
    expected = codeowners_text(register, options)
    return [p for name in options.files if (p := _compare(root / name, name, expected))]


def _inside(path: Path, root: Path) -> bool:
    return Path(path).resolve().is_relative_to(root)


def _compare(path: Path, name: str, expected: str) -> Problem | None:
    try:
        found = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Problem(name, 1, 1, _FIELD, "expected the code owners file written by `make owners`, found no "
                       "such file; run make owners and commit it", ERROR)
    if found == expected:
        return None
    want, have = expected.splitlines(), found.splitlines()
    line = next((i for i, (a, b) in enumerate(zip(want, have, strict=False)) if a != b), min(len(want), len(have)))
    should = want[line] if line < len(want) else "(the end of the file)"
    is_ = have[line] if line < len(have) else "(the end of the file)"
    return Problem(name, line + 1, 1, _FIELD, (
        f"expected '{should}', found '{is_}': the file is out of date with data/organisations.yaml, "
        "OWNERS and the records; run make owners and commit it"), ERROR)
