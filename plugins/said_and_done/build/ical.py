"""iCalendar bytes of an icalendar component, the same bytes as its to_ical(), folded quickly.

The calendars (each consultation's follow calendar, the partnership's, each
locality's and organisation's) are made with the icalendar library, which writes
each property's value, escapes it and folds long lines at 75 octets (RFC 5545 3.1).
Its folding looks at one character at a time, encoding each to count its octets:
at 10,000 records that was 530,000 lines and 17 of a cold build's 274 CPU seconds
under the profiler, more than every page's escaping. Almost every line is ASCII,
where a character is an octet and the folds can be cut by slicing.

`ical_bytes(component)` asks the library for the component's content lines (its
public `content_lines()`), so the values, parameters and escaping are still the
library's, and folds them as the library's folding does, to the byte: a line is cut
before the octet that would make it 75 long, never inside a character, and never just
after a backslash or caret (an escape is not split from what it escapes; icalendar
issue 1501). tests/test_ical.py compares the two on generated text, ASCII and not.
"""

from __future__ import annotations

LIMIT = 75  # octets a line reaches only by being cut before it (RFC 5545: "SHOULD NOT be longer than 75")
FOLD = "\r\n "
_ESCAPES = "\\^"


def ical_bytes(component) -> bytes:
    """What `component.to_ical()` returns (icalendar 7), with the lines folded by `fold`."""
    lines = component.content_lines()
    return ("\r\n".join(fold(line) for line in lines if line) + "\r\n").encode("utf-8")


def fold(line: str) -> str:
    """`line` folded as icalendar folds it: pieces of at most 74 octets joined by CRLF and a space."""
    if len(line) < LIMIT and (line.isascii() or len(line.encode("utf-8")) < LIMIT):
        return line
    return _fold_ascii(line) if line.isascii() else _fold_text(line)


def _fold_ascii(line: str) -> str:
    pieces, start, end = [], 0, len(line)
    while end - start >= LIMIT:
        cut = start + LIMIT - 1
        if line[cut - 1] in _ESCAPES:  # keep an escape with what follows it
            cut -= 1
        pieces.append(line[start:cut])
        start = cut
    pieces.append(line[start:])
    return FOLD.join(pieces)


def _octets(char: str) -> int:
    code = ord(char)
    return 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4


def _fold_text(line: str) -> str:
    # The library's own steps (parser/string.py _foldline), with octets counted from the code point.
    pieces, current, count = [], [], 0
    for char in line:
        size = _octets(char)
        if current and count + size >= LIMIT:
            if len(current) > 1 and current[-1] in _ESCAPES:
                kept = current.pop()
                pieces.append("".join(current))
                current, count = [kept], _octets(kept)
            else:
                pieces.append("".join(current))
                current, count = [], 0
        current.append(char)
        count += size
    if current:
        pieces.append("".join(current))
    return FOLD.join(pieces)
