"""A built or source file's text as a reader sees it, to search for a phrase as they would read it.

The takedown command (site/takedown.py) must find "jane@x.org" in a page that holds
`jane&#64;x.org`, "Jane Smith" in `Jane <b>Smith</b>`, in a JSON string written
`Jane \\u0053mith`, in a CSV cell quoted with doubled quotes, in a calendar line folded
in two, and in a write-up wrapped over two lines. So each file becomes a few views
(escapes undone; tags removed, or turned into spaces), every view keeps the file's
line breaks so a match can be given a line, and a view is searched case-insensitively
with runs of white space counted as one space.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterator

# A tag, a comment or a doctype: what a browser does not show as text. Most are on one line,
# and are replaced by a fixed string (fast); the few that span lines keep their line breaks.
_TAG = re.compile(r"<(?:!--.*?--|[A-Za-z/!?][^<>]*)>", re.DOTALL)
_TAG_ON_ONE_LINE = re.compile(r"<(?:!--[^\n]*?--|[A-Za-z/!?][^<>\n]*)>")
_MARK = "\x00"  # where a tag was: a character published text never holds (control characters are refused)
# An escape that writes a letter or a digit (&#74; or &#x4A; or \u004a): a file holding one
# may hold a word that its raw text does not show, so it is read in full.
_ENTITY_LETTER = re.compile(
    r"&#(?:[xX]0*(?:3[0-9]|4[1-9a-fA-F]|5[0-9aA]|6[1-9a-fA-F]|7[0-9aA])"
    r"|0*(?:4[89]|5[0-7]|6[5-9]|[78][0-9]|90|9[7-9]|1[01][0-9]|12[0-2]));")
_JSON_LETTER = re.compile(r"\\u00(?:3[0-9]|4[1-9a-fA-F]|5[0-9aA]|6[1-9a-fA-F]|7[0-9aA])")
_WORD = re.compile(r"[a-z0-9]+")
_JSON_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|[\"\\/bfnrt])")
_ICS_ESCAPE = re.compile(r"\\([,;\\nN])")
# A calendar's long lines are folded: a line break then one space or tab (RFC 5545, 3.1).
_ICS_FOLD = re.compile(r"\r?\n[ \t]")
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]+")
_SIMPLE = {"b": "", "f": "", "n": " ", "r": " ", "t": " ", '"': '"', "\\": "\\", "/": "/"}


def needle_of(text: str) -> str:
    """The phrase as views are searched: case folded, white space runs as one space."""
    return " ".join(text.casefold().split())


def _json_unescaped(text: str) -> str:
    # A line break written \n inside a string becomes a space, so the view keeps the file's lines.
    def one(found):
        code = found.group(1)
        if code[0] == "u":
            char = chr(int(code[1:], 16))
            return " " if char in "\r\n" else char
        return _SIMPLE[code]

    return _JSON_ESCAPE.sub(one, text)


def _tags_marked(text: str) -> str:
    # A tag that spans lines leaves its line breaks, so later lines keep their numbers.
    text = _TAG_ON_ONE_LINE.sub(_MARK, text)
    return _TAG.sub(lambda tag: _MARK + "\n" * tag.group().count("\n"), text)


def clue_of(needle: str) -> tuple[str, ...]:
    """The runs of plain letters and digits in the phrase, longest first: a file whose raw text
    lacks one (and that has no escaped letters, and is no calendar, whose lines fold mid-word)
    cannot hold the phrase, so most files are passed over without being decoded."""
    return tuple(sorted({word for word in _WORD.findall(needle) if len(word) >= 2}, key=len, reverse=True))


def may_hold(text: str, kind: str, clue: tuple[str, ...]) -> bool:
    if not clue or kind == ".ics":
        return True
    lowered = text.casefold()
    if all(word in lowered for word in clue):
        return True
    # Each search starts with a plain string, which the regular expression engine looks for quickly.
    return bool(_ENTITY_LETTER.search(text) or _JSON_LETTER.search(text))


def views(text: str, kind: str) -> Iterator[str]:
    """The ways a reader may see this text. kind is the file's suffix (".html", ".ics", ".csv", ...)."""
    if kind == ".ics":
        text = _ICS_ESCAPE.sub(lambda found: " " if found.group(1) in "nN" else found.group(1),
                               _ICS_FOLD.sub("", text))
    if kind == ".csv":
        text = text.replace('""', '"')
    # Escapes undone once for the page itself, and again for escaped HTML inside it (an Atom
    # feed's content, a write-up's HTML inside JSON), whose tags are then taken out.
    plain = html.unescape(_json_unescaped(text))
    yield plain
    # Made only when the plain view did not show the phrase: most pages that hold it show it there.
    marked = _tags_marked(plain)
    for between in ("", " "):
        yield html.unescape(marked.replace(_MARK, between))


def binary_view(data: bytes) -> str:
    """Text stored among binary (a search index's filter values): the readable runs, one space between."""
    return _UNPRINTABLE.sub(" ", data.decode("utf-8", errors="replace"))


def holds(view: str, needle: str) -> bool:
    return needle in " ".join(view.casefold().split())


def lines_holding(view: str, needle: str) -> list[int]:
    """The lines (from 1) where the phrase starts in this view, each once."""
    starts, lines, words = [], [], []
    at = 0
    for number, line in enumerate(view.split("\n"), start=1):
        for word in line.casefold().split():
            starts.append(at)
            lines.append(number)
            words.append(word)
            at += len(word) + 1
    joined = " ".join(words)
    found, position = [], joined.find(needle)
    while position != -1:
        line = lines[bisect.bisect_right(starts, position) - 1]
        if not found or found[-1] != line:
            found.append(line)
        position = joined.find(needle, position + 1)
    return found


def first_lines(text: str, kind: str, needle: str) -> list[int] | None:
    """The lines of the text where the phrase is, in whichever view shows it first; None when no view does."""
    if not may_hold(text, kind, clue_of(needle)):
        return None
    for view in views(text, kind):
        if holds(view, needle):
            return lines_holding(view, needle)
    return None
