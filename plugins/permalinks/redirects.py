"""Redirects: old addresses that must keep working, and where each now points.

Two sources: a record's `aliases` (former ids of a consultation that was
renamed) and data/redirects.yaml (other pages that moved). Each becomes a small
redirect page at the old address, which works on any static host, and a line in
the host files (see hostfiles.py) for hosts that can answer with a real 301.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from said_and_done.api import Problem, parse_yaml, read_text, schema_check

SCHEMA = "redirects.schema.json"


@dataclass(frozen=True)
class Redirect:
    source: str  # the old address, a path such as /consultations/2025-old-id/
    target: str  # the new address: a path on this site, or an https:// address
    title: str  # what is at the new address, for the redirect page's link
    origin: str  # the file that asked for it, for messages
    index: int | None = None  # position in data/redirects.yaml, for messages

    @property
    def internal(self) -> bool:
        return self.target.startswith("/")


def alias_redirects(register, listed=frozenset()) -> list[Redirect]:
    """A redirect from each former id's pages to the consultation's current ones.

    An old results page (/consultations/<alias>/you-said-we-did/) is redirected when
    results are published now, or when the manifest shows it was published before.
    """
    redirects = []
    for c in sorted(register.consultations, key=lambda c: c.id):
        for alias in c.aliases:
            redirects.append(Redirect(f"/consultations/{alias}/", "/" + c.url, c.title, c.source))
            old_results = f"/consultations/{alias}/you-said-we-did/"
            if c.has_published_outcome:
                redirects.append(Redirect(old_results, "/" + c.outcome_url, f"You said, we did: {c.title}", c.source))
            elif old_results in listed:
                redirects.append(Redirect(old_results, "/" + c.url, c.title, c.source))
    return redirects


def file_redirects(path: Path, display: str, schema_dir: Path) -> tuple[list[Redirect], list[Problem], object]:
    """The redirects listed in data/redirects.yaml, its problems, and the file parsed (a Source, for the
    line of a later problem; None when it holds no YAML). No file (or only comments) means none.
    The file is read once."""
    if not path.exists():
        return [], [], None
    text, problems = read_text(path, display)
    if problems:
        return [], problems, None
    if not any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines()):
        return [], [], None
    source, problems = parse_yaml(text, display)
    problems = problems or schema_check(source, schema_dir / SCHEMA)
    if problems:
        return [], problems, source
    redirects, seen = [], {}
    for i, item in enumerate(source.data):
        unsafe = [(key, message) for key in ("from", "to") if (message := path_problem(item[key]))]
        if unsafe:
            problems += [source.problem((i, key), message) for key, message in unsafe]
            continue
        if item["from"] in seen:
            problems.append(source.problem((i, "from"), f"expected each old address once, found '{item['from']}' "
                                                        f"again (first as item {seen[item['from']] + 1})"))
            continue
        seen[item["from"]] = i
        redirects.append(Redirect(item["from"], item["to"], item.get("title") or item["to"], display, i))
    return redirects, problems, source


def path_problem(path: str) -> str | None:
    """Why a redirect's path could escape the site or confuse a host, or None when it is safe.

    The schema's pattern already keeps most of this out; this says which rule was broken,
    and catches what a pattern cannot (a '..' segment, a newline the pattern's $ lets by).
    An https:// address leads elsewhere and is the host's business after the scheme.
    """
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in path):
        return f"expected a path without control characters (such as a line break or tab), found {path!r}"
    if "\\" in path:
        return f"expected a path with forward slashes only, found a backslash in '{path}'"
    if not path.startswith("/"):
        return None
    if "//" in path:
        return f"expected a path with single slashes, found '//' in '{path}'"
    if any(segment in (".", "..") for segment in path.split("/")):
        return (f"expected a path without '.' or '..' segments, found '{path}'; "
                "write the address as it is, from the top of the site")
    return None


def check_redirects(listed: list[Redirect], aliases: list[Redirect], current_pages: set, made=(frozenset(), ())):
    """(redirect, field, message) for each mistake in data/redirects.yaml visible without building.

    current_pages: the addresses the register publishes now. made: (addresses, folders) of
    files the build is known to make before it runs (feeds, calendar, data files, the theme's
    static files): a redirect there would take them over.
    """
    found = []
    by_source = {r.source: r for r in aliases}
    sources = {r.source for r in listed} | set(by_source)
    files, folders = made
    for r in listed:
        if r.source in files or r.source.startswith(tuple(folders)):
            found.append((r, "from", f"expected an old address, found '{r.source}', which is a file this site "
                                     "makes; a redirect would take it over. Remove this redirect"))
        elif r.source in current_pages:
            found.append((r, "from", f"expected an old address that no longer has a page, found '{r.source}', "
                                     "which is a current page; remove this redirect"))
        elif r.source in by_source:
            found.append((r, "from", f"expected an address not already redirected, found '{r.source}', "
                                     f"which the aliases in {by_source[r.source].origin} redirect"))
        if r.target in sources:
            found.append((r, "to", f"expected the final address, found '{r.target}', which itself redirects; "
                                   "point straight at where it now leads"))
    return found


def page_file(source: str) -> str | None:
    """The output file for a redirect page at an old address, or None when only the host files can redirect it.

    /old/ and /old (folder addresses) get old/index.html; /old.html gets old.html;
    an old data file (/old.json) cannot be an HTML page.
    """
    path = source.strip("/")
    last = path.rsplit("/", 1)[-1]
    if source.endswith("/") or "." not in last:
        return f"{path}/index.html" if path else "index.html"
    if last.endswith((".html", ".htm")):
        return path
    return None


def redirect_pages(redirects: list[Redirect]) -> list[tuple[str, Redirect]]:
    """(output file, redirect) for every redirect page, sorted so builds are identical."""
    pages = {}
    for r in redirects:
        name = page_file(r.source)
        if name:
            pages.setdefault(name, r)
    return sorted(pages.items())
