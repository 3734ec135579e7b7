"""Outcome write-ups read for the register: checked up to their Markdown, then rendered together.

A write-up is read and checked on its own (its text, its 'Consultation:' line, one per
consultation); the Markdown of those not in the cache is then rendered by the loading's
map_records, on every core in a build. Problems are noted on the loading (records._Loading)
in the order of the files.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from .limits import first_control_line
from .markup import TooComplex, check_limits, render_markdown
from .model import Writeup
from .problems import Problem
from .schema_check import suggest
from .stores import content_hash
from .yaml_source import read_text

_FRONT_MATTER_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*):\s*(.*)$")
DEFAULT_TITLE = "What we heard and what we did"


def read(loading, path: Path, display: str, ids: set, found: dict):
    """One write-up read and checked up to its Markdown, its place in found (id -> (file, line,
    Writeup)) taken: (cid, display, line, title, key, text, body, html or None); None if it has problems."""
    text, problems = read_text(path, display)
    loading.problems += problems
    if text is None:
        return None
    control = first_control_line(text)
    if control:
        loading.problems.append(Problem(display, control[0], control[1], "(text)", control[2]))
        return None
    meta, meta_lines, body = front_matter(text)
    if "consultation" not in meta:
        loading.problems.append(Problem(display, 1, 1, "Consultation",
                                        "expected a 'Consultation: <id>' line at the top naming the consultation, found none"))
        return None
    cid, line = meta["consultation"], meta_lines["consultation"]
    if cid not in ids:
        loading.problems.append(Problem(display, line, 1, "Consultation",
                                        f"expected the id of an existing consultation, found '{cid}'{suggest(cid, ids)}"))
        return None
    if cid in found:
        loading.problems.append(Problem(display, line, 1, "Consultation",
                                        f"expected one write-up per consultation, found a second for '{cid}' (the first is {found[cid][0]})"))
        return None
    found[cid] = (display, line, None)
    key = "writeup:" + content_hash(text.encode("utf-8"))
    # A cached write-up passed the limits (markup.py is in the cache's version).
    html = loading.cache.get(key) if loading.render_writeups else None
    return cid, display, line, meta.get("title") or DEFAULT_TITLE, key, text, body, html


def rendered(loading, read: list, found: dict) -> list:
    """The write-ups read, their Markdown rendered (those not in the cache by loading.map_records)
    into found; the id each names, or None where it is too complex to publish."""
    unrendered = [r[6] for r in read if r[7] is None]
    made = iter(loading.map_records(unrendered, functools.partial(_rendered, render=loading.render_writeups)))
    ids = []
    for cid, display, line, title, key, text, body, html in read:
        html, too = (html, None) if html is not None else next(made)
        if too is not None:
            # The body's line 1 is the file's line after the header lines.
            skipped = len(text.splitlines()) - len(body.splitlines())
            at_line, column, message = too
            loading.problems.append(Problem(display, skipped + at_line, column, "(write-up)", message))
            del found[cid]
            ids.append(None)
            continue
        if loading.render_writeups:
            loading.cache.put(key, html)
        found[cid] = (display, line, Writeup(display, title, html, key))
        ids.append(cid)
    return ids


def _rendered(body: str, render: bool) -> tuple:
    """(html, None), or ("", (line, column, message)) for a body past the limits (TooComplex);
    `make check` (render False) checks the limits without rendering."""
    try:
        if render:
            return render_markdown(body, heading_level=2), None  # checks the limits first
        check_limits(body)
        return "", None
    except TooComplex as too:
        return "", (too.line, too.column, too.message)


def front_matter(text: str):
    """Pelican-style 'Key: value' lines up to the first blank line, with their line numbers."""
    meta, lines = {}, {}
    all_lines = text.splitlines()
    for number, line in enumerate(all_lines, start=1):
        match = _FRONT_MATTER_LINE.match(line)
        if not line.strip() or not match:
            return meta, lines, "\n".join(all_lines[number - 1:])
        key = match.group(1).lower()
        meta[key], lines[key] = match.group(2).strip(), number
    return meta, lines, ""
