"""The words Pagefind indexes on each page of the built demo, and one common to many pages.

conftest.py registers this module with `pytest_plugins`: its fixtures (words_by_page,
common_word) reach every test module, and each module that uses them gets its own
(module scope). test_search_browser.py and test_search_shards.py use them.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from search.facets import searchable_pages

WORD = re.compile(r"[a-z]+")


def indexed_words(site, url) -> set:
    """The words Pagefind indexes on a page: its data-pagefind-body, less what is ignored."""
    body = site.soup(url).select_one("[data-pagefind-body]")
    for ignored in body.select("[data-pagefind-ignore]"):
        ignored.decompose()
    return set(WORD.findall(body.get_text(" ").lower()))


@pytest.fixture(scope="module")
def words_by_page(demo_site, demo_register):
    return {(c.id, url): indexed_words(demo_site, url)
            for c, kind in searchable_pages(demo_register.consultations)
            for url in [c.outcome_url if kind == "outcome" else c.url]}


@pytest.fixture(scope="module")
def record_words(demo_register) -> set:
    """The words of the search's own records (places, groups, indicators...: search/subjects.py),
    which Pagefind indexes beside the pages: a word in one of them is not unique to a page."""
    from bs4 import BeautifulSoup

    from search.subjects import subject_records

    return {w for r in subject_records(demo_register)
            for w in WORD.findall(BeautifulSoup(r.html(), "html.parser").main.get_text(" ").lower())}


@pytest.fixture(scope="module")
def common_word(words_by_page):
    """The word on the most searchable pages: enough results to narrow and to page through."""
    counts = Counter(w for words in words_by_page.values() for w in words if len(w) >= 6)
    return min(counts, key=lambda w: (-counts[w], w))
