"""The prose of a Markdown write-up, paragraph by paragraph, with line numbers and sections.

markdown-it-py parses the Markdown (the same CommonMark rules residents' pages are
rendered by, near enough), so the check reads what staff wrote as prose: headings
name the section, and quoted residents (block quotes), tables and code are left out,
since they are not the partnership's own sentences to rewrite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt

_HEADER_LINE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*:\s")
_SKIPPED_OPEN = {"blockquote_open", "table_open"}
_SKIPPED_CLOSE = {"blockquote_close", "table_close"}


@dataclass(frozen=True)
class Paragraph:
    line: int  # 1-based line in the file
    section: str  # the heading it sits under, or "" before the first
    text: str


def _header_lines(lines: list[str]) -> int:
    """Pelican-style 'Key: value' lines at the top, up to the first blank line."""
    count = 0
    while count < len(lines) and lines[count].strip() and _HEADER_LINE.match(lines[count]):
        count += 1
    return count


def _plain(inline) -> str:
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())


def paragraphs(text: str) -> list[Paragraph]:
    lines = text.splitlines()
    skip = _header_lines(lines)
    body = "\n".join(lines[skip:])
    tokens = MarkdownIt("commonmark").enable("table").parse(body)
    found, section, skipping, heading = [], "", 0, False
    for token in tokens:
        skipping += (token.type in _SKIPPED_OPEN) - (token.type in _SKIPPED_CLOSE)
        if skipping or token.type in _SKIPPED_CLOSE:
            continue
        if token.type == "heading_open":
            heading = True
        elif token.type == "heading_close":
            heading = False
        elif token.type == "inline" and heading:
            section = _plain(token)
        elif token.type == "inline" and token.map:
            plain = _plain(token)
            if plain:
                found.append(Paragraph(skip + token.map[0] + 1, section, plain))
    return found
