"""Arrangements of the register that pages display: groupings, orderings, selections.

Templates only display; every choice of what goes where is made here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import groupby

from ..domain.derive import STATUS_ORDER, status_label, status_meaning
from ..domain.model import DECISIONS
from .components import consultation_cards
from .pagination import Page, paginate

REGISTER_URL = "consultations/"
RESULTS_URL = "you-said-we-did/"


@dataclass(frozen=True)
class StatusGroup:
    """One status's share of one page of the register, its consultations by year opened."""

    status: str
    label: str
    meaning: str
    count: int  # in the whole register, not just on this page
    years: list  # (year heading, ConsultationCards): newest first, planned soonest first
    continued: bool  # the group began on an earlier page
    year_continued: bool  # its first year here began on an earlier page


@dataclass(frozen=True)
class ContentsLink:
    """A status in the register's contents: where its group begins."""

    status: str
    label: str
    count: int
    url: str  # the page where the group begins, from the site root
    page: int  # that page's number


@dataclass(frozen=True)
class Section:
    """The first few items of a list a page shows, how many there are, and where to see them all.

    A page that listed every open consultation of a large register would be megabytes
    on a resident's phone, and one edit anywhere in the list would render it again.
    """

    items: list  # ConsultationCard (site/components.py), or what the page lists
    total: int
    more_url: str | None  # where the whole list begins (from the site root); None when all are shown

    @property
    def more(self) -> bool:
        return self.total > len(self.items)


def section(items, size: int, contents: list, status: str) -> Section:
    """Cards for the first `size` of consultations `items`, with the register page (its `contents`) where `status` begins."""
    items = list(items)
    shown = items[:size]
    more_url = None
    if len(items) > len(shown):
        link = next(entry for entry in contents if entry.status == status)
        more_url = f"{link.url}#{status}"
    return Section(consultation_cards(shown), len(items), more_url)


@dataclass(frozen=True)
class RegisterPage:
    page: Page  # its items are this page's consultations (its groups hold their cards)
    groups: list  # StatusGroup, in STATUS_ORDER
    contents: list  # ContentsLink, for every status the register holds

    def digest_inputs(self):
        """What page keys describe (digest.py): the page, and the groups by their shape.

        The groups list the page's consultations again; described whole they made each
        key pickle every consultation twice more. A page's addresses and links follow
        from its number, count and url.
        """
        p = self.page
        shape = [(g.status, g.count, g.continued, g.year_continued, [(year, len(items)) for year, items in g.years])
                 for g in self.groups]
        return (p.number, p.count, p.items, p.url, p.first_item, p.total_items, shape, self.contents)


def register_order(consultations) -> list:
    """The whole register in display order: by status (STATUS_ORDER), then newest opened first,
    except planned consultations, soonest to open first: the next one is what a resident can act on."""
    ordered = sorted(consultations, key=lambda c: (c.opens, c.id), reverse=True)
    ordered.sort(key=lambda c: (_STATUS_RANK[c.status], -c.opens.toordinal() if c.status == "planned" else 0))
    return ordered


def year_heading(status: str, year: int) -> str:
    """A register's heading for one year of a status: planned ones have not opened yet."""
    return f"{status_label(status)}: opening in {year}" if status == "planned" else f"{status_label(status)}: opened in {year}"


_STATUS_RANK = {status: rank for rank, status in enumerate(STATUS_ORDER)}


def register_pages(consultations, page_size: int, base_url: str = REGISTER_URL, in_order: bool = False) -> list:
    """The register split into pages of page_size, each grouped by status then year opened.

    in_order: the consultations are already in register_order (browse groups them so).

    A list of 100,000 on one page would be tens of megabytes on a resident's phone, and
    one edit would render it all again; a group that runs over a page break carries on
    at the top of the next page, and the contents on every page say where each begins.
    """
    ordered = list(consultations) if in_order else register_order(consultations)
    pages = paginate(ordered, page_size, base_url)
    counts = Counter(c.status for c in ordered)
    contents, position = [], 0
    for s in STATUS_ORDER:
        if counts[s]:
            begins = pages[position // page_size]  # the page holding the status's first item
            contents.append(ContentsLink(s, status_label(s), counts[s], begins.url, begins.number))
            position += counts[s]
    result = []
    for page in pages:
        before = ordered[page.first_item - 2] if page.first_item > 1 else None
        groups = []
        for status, members in groupby(page.items, key=lambda c: c.status):
            members = list(members)
            continued = before is not None and before.status == status
            groups.append(StatusGroup(
                status=status, label=status_label(status), meaning=status_meaning(status, counts[status]),
                count=counts[status],
                years=[(year_heading(status, year), consultation_cards(items))
                       for year, items in groupby(members, key=lambda c: c.opens.year)],
                continued=continued,
                year_continued=continued and before.opens.year == members[0].opens.year,
            ))
        result.append(RegisterPage(page=page, groups=groups, contents=contents))
    return result


def open_now(consultations) -> list:
    return sorted((c for c in consultations if c.status == "open"), key=lambda c: (c.effective_closes, c.id))


def forthcoming(consultations) -> list:
    return sorted((c for c in consultations if c.status == "planned"), key=lambda c: (c.opens, c.id))


def published_outcomes(consultations) -> list:
    """Consultations with published results, newest result first."""
    return sorted((c for c in consultations if c.status == "feedback-published"),
                  key=lambda c: (c.outcome.published, c.id), reverse=True)


def results_pages(consultations, page_size: int) -> list:
    """Pages of published results (as cards), newest first, at you-said-we-did/ and you-said-we-did/page/N/."""
    return paginate(consultation_cards(published_outcomes(consultations)), page_size, RESULTS_URL)


def decision_counts(consultation) -> list:
    """(decision label, count) for a consultation's themes, in a fixed order."""
    counts = {}
    for theme in consultation.outcome.themes:
        counts[theme.decision] = counts.get(theme.decision, 0) + 1
    return [(slug, label, counts[slug]) for slug, label in DECISIONS.items() if slug in counts]
