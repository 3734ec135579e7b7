"""Text as a reader sees it: from HTML, and with look-alike characters made plain.

The personal-data check (personal_data.py) must read what residents read, not what
staff typed: `jane&#64;example.org` shows as an email address, `07700 **900123**` as
one phone number, and a full-width `＠` or digits, a zero-width space or a
non-breaking space hide data from a pattern written for plain ASCII. So text is
taken out of the published HTML (visible_text), then normalised (plain) with a map
back to where each character came from, so a finding still points at the text as
written.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote

# Characters that print as nothing (zero-width spaces and joiners, soft hyphens, word joiners,
# direction marks, variation selectors, the byte-order mark, tag characters): dropped, so
# "07700\u200b900123" reads as the number it shows.
_INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
                        "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb"
                        "\U000e0000-\U000e007f]")
# Dashes and minus signs that phone numbers and postcodes are written with ("07700–900–135"):
# read as a hyphen, one for one.
# Not the em dash or the horizontal bar: those stand between words ("Email—chris@example.com—if").
_DASHES = re.compile("[\u2010-\u2013\u2212\ufe63]")
# A character reference as HTML reads it, the semicolon optional as browsers allow for some.
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")


@dataclass(frozen=True)
class Plain:
    """Normalised text, and for each of its characters the span of the original it came from."""

    text: str
    origin: tuple | None = None  # None: the text is the original, character for character

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Where text[start:end] came from in the original."""
        if self.origin is None:
            return start, end
        return self.origin[start][0], self.origin[end - 1][1]


def plain(text: str) -> Plain:
    """NFKC-normalised text (full-width `＠` and digits become `@` and digits, every space a space),
    character references decoded, invisible characters dropped."""
    if "&" not in text and (text.isascii() or (unicodedata.is_normalized("NFKC", text)
                                               and not _INVISIBLE.search(text) and not _DASHES.search(text))):
        return Plain(text)  # the usual case: nothing to change, and no map to keep
    out: list[str] = []
    origin: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        entity = _ENTITY.match(text, i) if text[i] == "&" else None
        if entity and html.unescape(entity.group()) != entity.group():
            piece, j = html.unescape(entity.group()), entity.end()
        else:
            # A letter and the accents after it are normalised together, so é stays one letter.
            while j < n and unicodedata.combining(text[j]):
                j += 1
            piece = text[i:j]
        piece = _DASHES.sub("-", _INVISIBLE.sub("", unicodedata.normalize("NFKC", piece)))
        out.append(piece)
        origin.extend([(i, j)] * len(piece))
        i = j
    return Plain("".join(out), tuple(origin))


_BLOCKS = {"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
           "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
           "section", "table", "td", "th", "tr", "ul"}
# Attributes whose values a reader sees or follows: a link's address (mailto:, tel:) and tooltips.
_SHOWN_ATTRIBUTES = {"href", "title", "alt", "src"}


@dataclass
class VisibleText:
    text: str  # what a browser shows, one line per block, inline elements joined
    attributes: list = field(default_factory=list)  # link addresses (decoded) and tooltips
    comments: list = field(default_factory=list)  # in the page's source, not on screen


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)  # entities decoded, in text and attribute values
        self.parts: list[str] = []
        self.found = VisibleText("")

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS:
            self.parts.append("\n")
        for name, value in attrs:
            if name in _SHOWN_ATTRIBUTES and value:
                self.found.attributes.append(unquote(value) if name in ("href", "src") else value)

    def handle_endtag(self, tag):
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)

    def handle_comment(self, data):
        self.found.comments.append(data)


def visible_text(markup: str) -> VisibleText:
    """The text of HTML as a reader sees it: `07700 <strong>900123</strong>` is `07700 900123`."""
    reader = _Reader()
    reader.feed(markup)
    reader.close()
    text = "".join(reader.parts)
    # Blocks start and end on their own line; runs of blank lines between them say nothing.
    reader.found.text = "\n".join(line for line in text.split("\n") if line.strip())
    return reader.found
