"""Split a long list into numbered pages with stable addresses.

Page 1 is the bare address (localities/kestlebury/), later pages add page/N/
(localities/kestlebury/page/2/), so a link to page 1 never changes however
long the list grows. Page links follow the GOV.UK pagination pattern: first,
last, current and its neighbours, with gaps shown as an ellipsis.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PageLink:
    number: int | None  # None for an ellipsis
    url: str = ""
    current: bool = False

    @property
    def ellipsis(self) -> bool:
        return self.number is None


@dataclass(frozen=True, slots=True)
class Page:
    number: int
    count: int  # how many pages in all
    items: list
    url: str  # relative to the site root, ending in "/"
    previous_url: str | None
    next_url: str | None
    base_url: str  # page 1's address, which later pages add page/N/ to
    first_item: int  # position of items[0] in the whole list, counted from 1
    total_items: int

    @property
    def links(self) -> tuple:
        """PageLink each, for the numbered navigation. Made when the page is rendered, not
        kept: a 100,000-record register has about 175,000 list pages, seven links each."""
        return _links(self.number, self.count, self.base_url)

    @property
    def save_as(self) -> str:
        return self.url + "index.html"

    @property
    def last_item(self) -> int:
        return self.first_item + len(self.items) - 1

    @property
    def is_first(self) -> bool:
        return self.number == 1


def page_url(base_url: str, number: int) -> str:
    return base_url if number == 1 else f"{base_url}page/{number}/"


def paginate(items, page_size: int, base_url: str) -> list:
    """Every page of items (at least one, possibly empty), page_size items each."""
    if page_size < 1:
        raise ValueError(f"page_size must be at least 1, found {page_size}")
    items = list(items)
    count = max(1, -(-len(items) // page_size))
    pages = []
    for number in range(1, count + 1):
        start = (number - 1) * page_size
        pages.append(Page(
            number=number,
            count=count,
            items=items[start:start + page_size],
            url=page_url(base_url, number),
            previous_url=page_url(base_url, number - 1) if number > 1 else None,
            next_url=page_url(base_url, number + 1) if number < count else None,
            base_url=base_url,
            first_item=start + 1,
            total_items=len(items),
        ))
    return pages


def _links(current: int, count: int, base_url: str) -> tuple:
    # Not `& set(range(...))`: that is as long as the list, for each of its pages.
    shown = sorted(n for n in {1, count, current - 1, current, current + 1} if 1 <= n <= count)
    links = []
    for number in shown:
        if links and number - links[-1].number > 1:
            links.append(PageLink(None))
            # An ellipsis standing for a single page is longer than the number itself.
            if number - links[-2].number == 2:
                links[-1] = PageLink(number - 1, page_url(base_url, number - 1))
        links.append(PageLink(number, page_url(base_url, number), number == current))
    return tuple(links)


REGISTER_URL = "consultations/"


def register_own_names() -> set[str]:
    """The names the core's register pages use directly under /consultations/, where each
    consultation id gets its own folder: the later pages' folder (as paginate makes them)
    and index (a folder's own page to every host). An id may not be one of them; the
    permalinks plugin adds the names other plugins make there, and `new consultation`
    refuses these before writing a file."""
    later = paginate([0, 1], 1, REGISTER_URL)[1].url.removeprefix(REGISTER_URL)
    return {later.split("/", 1)[0], "index"}
