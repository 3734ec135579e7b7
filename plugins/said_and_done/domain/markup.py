"""Turn staff-written Markdown into safe HTML.

Write-ups come from many hands, so their HTML passes an allow-list sanitiser:
no script, no event attributes, no javascript: or data: links, no iframes.

Python-Markdown takes time that grows with the square of some inputs (every '['
with no ']' after it is searched to the end of the text: 4,000 of them took 6 s,
50,000 over three minutes) and recurses on nesting. So a write-up is measured
before it is parsed (check_limits): past a limit it is an error at its line and
column, never a slow or failed build. The limits are far above any real write-up
(the demo's longest is 2,100 characters) and low enough that the worst text
within them renders in well under 2 s (tests/adversarial/test_markdown.py).
Parsing with another, linear parser would change the HTML of every page.
"""

from __future__ import annotations

import re
from functools import lru_cache

import markdown
import nh3

MAX_CHARACTERS = 20_000
# Each '[' (and '(' after ']') nothing closes is searched to the end of the text; a '<' costs
# a tenth as much, and hostile-HTML samples hold a few dozen.
MAX_UNMATCHED = {"[": 10, "(": 10, "<": 100}
MAX_DEPTH = 20  # blockquotes, list items and indents of 4 spaces, at the start of one line
MAX_ABBREVIATIONS = 50

_CLOSERS = {"[": "]", "(": ")", "<": ">"}
_NAMES = {"[": "square bracket '['", "(": "parenthesis '('", "<": "angle bracket '<'"}
_WRITE = {"[": "\\[", "(": "\\(", "<": "&lt;"}
# No pattern here starts with a run it could retry from every position of a long line
# (tests/adversarial/test_patterns.py): the blanks before a marker are skipped on their own.
_BLANKS = re.compile(r"[ \t]*")
_CONTAINER = re.compile(r">|[-*+:](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)")
_RULE = re.compile(r"^[ \t]*(?:[-*_][ \t]*)+$")
_ABBREVIATION = re.compile(r"^[ ]{0,3}\*\[", re.MULTILINE)


class TooComplex(ValueError):
    """A write-up past a limit: where (line and column, counted from 1 in the text given) and what to do."""

    def __init__(self, line: int, column: int, message: str):
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


def _place(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _unmatched(text: str) -> dict:
    """Where each '[', '(' and '<' is that nothing closes, in order, by opener."""
    open_at: dict = {opener: [] for opener in _CLOSERS}
    closes = {closer: opener for opener, closer in _CLOSERS.items()}
    escaped = False
    for index, char in enumerate(text):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in open_at:
            open_at[char].append(index)
        elif char in closes and open_at[closes[char]]:
            open_at[closes[char]].pop()
    return open_at


def _depth(line: str) -> int:
    if _RULE.match(line):
        return 0  # a horizontal rule such as '- - -' or '* * *'
    depth, position = 0, 0
    while match := _CONTAINER.match(line, _BLANKS.match(line, position).end()):
        depth, position = depth + 1, match.end()
    indent = line[:len(line) - len(line.lstrip(" \t"))].replace("\t", "    ")
    return depth + len(indent) // 4


def check_limits(text: str) -> None:
    """Raise TooComplex if text is past a limit Markdown can be parsed within in bounded time."""
    if len(text) > MAX_CHARACTERS:
        raise TooComplex(*_place(text, MAX_CHARACTERS),
                         f"expected a write-up of at most {MAX_CHARACTERS:,} characters, found {len(text):,}: "
                         f"shorten it, or put the detail in a document it links to")
    for opener, places in _unmatched(text).items():
        if len(places) > MAX_UNMATCHED[opener]:
            raise TooComplex(*_place(text, places[0]),
                             f"expected at most {MAX_UNMATCHED[opener]} {_NAMES[opener]} with no '{_CLOSERS[opener]}' after it, "
                             f"found {len(places):,} (the first is here): close them, or write {_WRITE[opener]} "
                             f"for one that is only text")
    for number, line in enumerate(text.splitlines(), start=1):
        if _depth(line) > MAX_DEPTH:
            raise TooComplex(number, 1, f"expected lists, quotes and indents nested at most {MAX_DEPTH} deep, "
                                        f"found {_depth(line)}: nest them less")
    abbreviations = [m.start() for m in _ABBREVIATION.finditer(text)]
    if len(abbreviations) > MAX_ABBREVIATIONS:
        raise TooComplex(*_place(text, abbreviations[MAX_ABBREVIATIONS]),
                         f"expected at most {MAX_ABBREVIATIONS} abbreviations ('*[ABC]: ...' lines), "
                         f"found {len(abbreviations)}: keep the ones readers need")

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "strong",
    "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
    "*": {"lang", "dir"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener",
        strip_comments=True,
    )


@lru_cache(maxsize=8)
def _converter(heading_level: int) -> markdown.Markdown:
    # Building a Markdown instance costs as much as converting a page; reuse one per level.
    return markdown.Markdown(
        extensions=["extra", "sane_lists", "toc"],
        extension_configs={"toc": {"baselevel": heading_level, "anchorlink": False, "permalink": False}},
        output_format="html",
    )


def render_markdown(text: str, heading_level: int = 2) -> str:
    """Markdown to sanitised HTML; `#` becomes <h{heading_level}>, so a write-up's `##` sections nest under the page's own h2."""
    check_limits(text)
    md = _converter(heading_level)
    try:
        return sanitise(md.convert(text))
    except RecursionError:
        # Nesting the line-by-line limits cannot see (a long run of '*', or of definitions).
        raise TooComplex(1, 1, "expected Markdown nested less deeply, found more than it can read: "
                               "break up long runs of '*' or '_', lists, quotes or definitions") from None
    finally:
        md.reset()
