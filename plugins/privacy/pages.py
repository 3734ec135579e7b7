"""The personal-data check on the Pelican pages (content/pages/*.md: About, How we consult...).

A page is read as Pelican publishes it: its metadata (the title and any other value a
template may show), its Markdown rendered with the site's own MARKDOWN settings, the
addresses of its links and, because Pelican does not strip them, its HTML comments,
which anyone can read in the page's source. The partnership's own public contacts on a
page are listed, reviewed, in its metadata:

    Personal_data_reviewed: consult@brackenmoor.example, 01632 960000 (the partnership's
    public contacts; reviewed by the information governance officer, 2026-05-18)

(one line). An entry that matches nothing on the page is a warning, as for records.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import markdown

from said_and_done.api import (
    EMAIL_ADDRESS,
    ERROR,
    PERSONAL_DATA_CODE,
    WARNING,
    BuildCache,
    Problem,
    find_personal_data,
    read_text,
    version_of,
    visible_text,
)

REVIEWED_KEY = "personal_data_reviewed"
_EXTENSIONS = (".md", ".markdown", ".mkd", ".mdown")
# Pelican's Markdown metadata: "Key: value" lines at the top, up to the first blank line.
_META = re.compile(r"(?<![A-Za-z0-9_-])([A-Za-z0-9_-]+):[ \t]*(.*)")
_WORD = re.compile(r"\w{3,}")


def findings_in(text: str) -> list:
    """Personal data in a text; in a web address (a document's url, a link), email addresses only.

    An address's path is made of slugs and file names ("/consult-w00hl", "/2026/0123456789.pdf")
    that read like postcodes and phone numbers, and a person's address or number in one is rare;
    an email address in a query string ("?email=jo@example.org") is not.
    """
    found = find_personal_data(text)
    if text.startswith(("http://", "https://", "www.")) and not any(c.isspace() for c in text):
        found = [f for f in found if f.kind == EMAIL_ADDRESS]
    return found


def _page_files(settings: dict, root: Path) -> list[Path]:
    content = Path(settings.get("PATH") or "content")
    content = content if content.is_absolute() else Path(root) / content
    files = []
    for folder in settings.get("PAGE_PATHS", ["pages"]):
        where = content / folder
        if where.is_dir():
            files += [p for p in sorted(where.rglob("*")) if p.suffix in _EXTENSIONS and p.is_file()]
    return files


def body_start(text: str) -> int:
    """Where the text after the metadata lines starts."""
    return _metadata(text)[1]


def _metadata(text: str) -> tuple[list, int]:
    """[(line number, key, value)] of the metadata lines, and the index where the body starts."""
    found, offset = [], 0
    for number, line in enumerate(text.split("\n"), start=1):
        match = _META.fullmatch(line.rstrip("\r"))
        if not match:
            break
        found.append((number, match.group(1).lower().replace("-", "_"), match.group(2)))
        offset += len(line) + 1
    return found, offset


def _render(body: str, settings: dict) -> str:
    options = {key: value for key, value in (settings.get("MARKDOWN") or {}).items()
               if key in ("extensions", "extension_configs", "output_format")}
    if "extension_configs" in options and "extensions" not in options:
        options["extensions"] = list(options["extension_configs"])
    return markdown.Markdown(**(options or {"extensions": ["extra"]})).convert(body)


def place_in(text: str, shown: str, fallback: int = 0) -> tuple[int, int]:
    """Where text found in a rendered page was written in its Markdown source.

    Rendering can change it (`07700 **900123**` shows as `07700 900123`, `&#64;` as `@`), so
    if it is not there as shown, its first word, then its first five characters, are looked
    for after `fallback` (where the body starts); failing those, `fallback` itself.
    """
    word = _WORD.search(shown)
    at = -1
    for candidate in (shown, word.group() if word else "", shown[:5]):
        if candidate and at < 0:
            at = text.find(candidate, fallback)
    if at < 0:
        at = fallback
    before = text[:at]
    return before.count("\n") + 1, at - (before.rfind("\n") + 1) + 1


def _page_check(text: str, display: str, settings: dict) -> list[Problem]:
    problems = []
    meta, body_at = _metadata(text)
    reviewed = {f.key: value for _, key, value in meta if key == REVIEWED_KEY for f in find_personal_data(value)}
    pieces = [(f"(page metadata {key})", value) for _, key, value in meta if key != REVIEWED_KEY]
    shown = visible_text(_render(text[body_at:], settings))
    pieces += [("(page text)", shown.text)] + [("(page link)", a) for a in shown.attributes]
    pieces += [("(page comment)", c) for c in shown.comments]
    used = set()
    for field, piece in pieces:
        for finding in findings_in(piece):
            if finding.key in reviewed:
                used.add(finding.key)
                continue
            line, column = place_in(text, finding.text, 0 if field.startswith("(page metadata") else body_at)
            problems.append(Problem(display, line, column, field,
                                    f"expected no personal data on a page, found {finding.described}; remove it, or "
                                    f"if it is a deliberate public contact list it on the page's "
                                    f"'Personal_data_reviewed:' line with who reviewed it", ERROR))
    for number, key, _ in meta:
        if key == REVIEWED_KEY and set(reviewed) - used:
            problems.append(Problem(display, number, 1, "(page metadata personal_data_reviewed)",
                                    f"expected every entry to appear on the page, found {sorted(set(reviewed) - used)} "
                                    "nowhere else on it; remove them so the list only holds what is published",
                                    WARNING))
    return problems


def page_problems(settings: dict, root: Path) -> list[Problem]:
    """Personal data on every Pelican page, by file, line and column.

    Kept between builds by each page's text: rendering a page is the slow part, and loading
    the site's Markdown extensions is slower still in `make check`, which renders nothing else.
    """
    settings = settings or {}
    cache_path = settings.get("CACHE_PATH")
    code = [*sorted(Path(__file__).parent.glob("*.py")), *PERSONAL_DATA_CODE]
    cache = BuildCache(Path(cache_path) if cache_path else None, "personal-data-pages",
                       version_of(code, ("phonenumbers", "markdown"), repr(settings.get("MARKDOWN"))))
    problems = []
    for path in _page_files(settings, Path(root)):
        try:
            display = path.relative_to(root).as_posix()
        except ValueError:
            display = path.as_posix()
        text, unreadable = read_text(path, display)
        if text is None:
            problems += unreadable
            continue
        key = f"{display}|{hashlib.blake2b(text.encode('utf-8'), digest_size=16).hexdigest()}"
        found = cache.get(key)
        if found is None:
            found = _page_check(text, display, settings)
        cache.put(key, found)
        problems += found
    cache.save()
    return problems
