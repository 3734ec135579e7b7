"""Every page a built site has, grouped by the shape of its address.

Other plugins keep adding page types, so the checks never list pages by hand: they
find every .html file in the build and group them by URL shape, replacing the parts
that vary (consultation ids, locality, organisation and topic slugs, page numbers, months)
with placeholders. /consultations/2026-x/ and /consultations/2027-y/ are one shape,
/consultations/{consultation}/; a new page type is a new shape and is checked
without anyone editing a list. A page that only redirects (meta refresh) is its own
shape, since it is a different template.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup

_NUMBER = re.compile(r"^(page-?)?\d+(-\d+)?$")  # page numbers, and months (calendar/2026-11/)
# Pages that need JavaScript to do their job (search runs in the browser); they
# still must say so, and must still pass every other check.
JS_ONLY_PREFIXES = ("/search/",)


@dataclass
class Page:
    url: str  # site-relative, like /consultations/2026-x/
    path: Path
    shape: str
    is_redirect: bool
    has_script: bool
    features: frozenset = field(repr=False, default=frozenset())

    @property
    def needs_javascript(self) -> bool:
        return self.url.startswith(JS_ONLY_PREFIXES)


def slug_placeholders(register) -> dict:
    """{segment: placeholder} for every id and slug records and reference data define."""
    names = {}
    for table, label in (("methods", "method"), ("audiences", "audience"), ("topics", "topic"),
                         ("organisations", "organisation"), ("localities", "locality")):
        for slug in getattr(register, table):
            names[slug] = "{" + label + "}"
    # Indicator ids (plugins/indicators keeps the loaded file in register.derived).
    for indicator in register.derived.get("indicators", ()):
        names[indicator.id] = "{indicator}"
    for c in register.consultations:
        names[c.id] = "{consultation}"
        for alias in c.aliases:
            names[alias] = "{consultation}"
    return names


def url_of(root: Path, path: Path) -> str:
    rel = path.relative_to(root).as_posix()
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


def shape_of(url: str, placeholders: dict) -> str:
    parts = url.split("/")
    out = []
    for part in parts:
        stem, dot, ext = part.partition(".")
        if stem in placeholders:
            out.append(placeholders[stem] + dot + ext)
        elif _NUMBER.match(stem):
            out.append("{n}" + dot + ext)
        else:
            out.append(part)
    return "/".join(out)


def _features(soup: BeautifulSoup) -> frozenset:
    """What a page is made of: element names, classes, languages, ARIA attributes.

    Pages of one shape differ (an open consultation has 'how to take part', a
    withdrawn one a reason); picking pages that between them use every feature
    checks every variant without checking every page.
    """
    found = set()
    for el in soup.find_all(True):
        found.add(el.name)
        for cls in el.get("class", []):
            found.add("." + cls)
        for attr in el.attrs:
            if attr.startswith(("aria-", "data-", "role", "lang", "tabindex")):
                found.add(f"[{attr}]")
        if el.get("lang"):
            found.add(f"[lang={el['lang']}]")
    return frozenset(found)


def discover(root: Path, register) -> list[Page]:
    placeholders = slug_placeholders(register)
    pages = []
    for path in sorted(root.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        refresh = soup.find("meta", attrs={"http-equiv": re.compile("^refresh$", re.I)})
        url = url_of(root, path)
        shape = shape_of(url, placeholders) + (" (redirect)" if refresh else "")
        pages.append(Page(url, path, shape, refresh is not None, soup.find("script") is not None,
                          _features(soup)))
    return pages


def by_shape(pages: list[Page]) -> dict[str, list[Page]]:
    groups = defaultdict(list)
    for page in pages:
        groups[page.shape].append(page)
    return dict(sorted(groups.items()))


def representatives(pages: list[Page], per_shape: int = 10) -> list[Page]:
    """For each shape, the fewest pages (at most per_shape) that use every feature its pages use.

    Greedy set cover: the page adding the most features not yet covered, ties to the
    first address, so the choice is the same on every run.
    """
    chosen = []
    for group in by_shape(pages).values():
        uncovered = set().union(*(p.features for p in group))
        picks = []
        while uncovered and len(picks) < per_shape:
            best = max(group, key=lambda p: (len(p.features & uncovered), -group.index(p)))
            if not best.features & uncovered:
                break
            picks.append(best)
            uncovered -= best.features
        chosen += picks or group[:1]
    return chosen
