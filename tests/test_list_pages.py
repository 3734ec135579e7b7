"""The whole register and the results list in pages: every consultation once, in order, findable.

The demo built at 4 a page, so every status runs over a page break somewhere and the
register and the results list both have many pages.
"""

from __future__ import annotations

import math
import re
from itertools import pairwise
from pathlib import Path

import pytest

from helpers.site import Site, build_site, list_pages, text_of
from permalinks.manifest import published_urls
from said_and_done.domain.derive import STATUS_ORDER, STATUSES
from said_and_done.site.options import SettingsError, options_from

SIZE = 4


@pytest.fixture(scope="module")
def small_pages(tmp_path_factory) -> Site:
    return Site(build_site(tmp_path_factory.mktemp("list-pages") / "output", list_page_size=SIZE))


def cards(soup) -> list[str]:
    return [a["href"] for a in soup.select(".card__title a")]


def test_the_register_runs_over_pages_in_status_then_newest_order(small_pages, demo_register):
    pages = list_pages(small_pages, "consultations/")
    consultations = demo_register.consultations
    assert len(pages) == math.ceil(len(consultations) / SIZE)
    assert [url for url, _ in pages] == ["consultations/"] + [f"consultations/page/{n}/" for n in range(2, len(pages) + 1)]
    by_url = {f"/{c.url}": c for c in consultations}
    shown = [by_url[href] for _, soup in pages for href in cards(soup)]
    assert sorted(c.id for c in shown) == sorted(c.id for c in consultations)
    assert all(len(cards(soup)) == SIZE for _, soup in pages[:-1])
    order = [(STATUS_ORDER.index(c.status), -c.opens.toordinal()) for c in shown]
    assert order == sorted(order), "not by status, then newest opened first, across pages"


def test_each_page_says_where_it_is(small_pages, demo_register):
    pages = list_pages(small_pages, "consultations/")
    total = len(demo_register.consultations)
    for number, (url, soup) in enumerate(pages, start=1):
        title = soup.find("title").get_text()
        crumbs = [text_of(li) for li in soup.select(".breadcrumbs li")]
        if number == 1:
            assert "page" not in title.lower() and crumbs[-1] == "All consultations"
        else:
            assert f"(page {number} of {len(pages)})" in title
            assert crumbs[-1] == f"Page {number}"
        first, last = (number - 1) * SIZE + 1, min(number * SIZE, total)
        assert f"Showing {first} to {last} of {total}" in text_of(soup.find("main"))
        current = soup.select_one("nav.pagination a[aria-current=page]")
        assert current["href"] == f"/{url}"


def test_the_contents_on_every_page_lead_to_where_each_status_begins(small_pages, demo_register):
    pages = dict(list_pages(small_pages, "consultations/"))
    counts = {s: sum(c.status == s for c in demo_register.consultations) for s in STATUS_ORDER}
    for url, soup in pages.items():
        links = soup.select("nav[aria-labelledby=register-contents] a")
        assert [text_of(a) for a in links] == [f"{STATUSES[s][0]} ({n})" for s, n in counts.items() if n]
        for a in links:
            target, _, status = a["href"].partition("#")
            target_url = target.lstrip("/") or url  # "#closed" is on this page
            heading = pages[target_url].find("h2", id=status)
            assert heading is not None, f"{a['href']} from {url} leads to no {status} heading"
            assert "continued" not in text_of(heading), f"{a['href']} leads to the middle of its group"


def test_a_group_broken_by_a_page_says_it_continues(small_pages):
    pages = list_pages(small_pages, "consultations/")
    continued = 0
    for (_, before), (url, soup) in pairwise(pages):
        last_status = before.find_all("section")[-1]["aria-labelledby"]
        first = soup.find("section")
        heading = text_of(first.find("h2"))
        if first["aria-labelledby"] == last_status:
            continued += 1
            assert heading.endswith(", continued"), f"{url}: {heading}"
            last_year = text_of(before.find_all("section")[-1].find_all("h3")[-1]).removesuffix(", continued")[-4:]
            first_year = text_of(first.find("h3"))
            same_year = first_year.removesuffix(", continued").endswith(last_year)
            assert ("continued" in first_year) == same_year, f"{url}: {first_year}"
        else:
            assert "continued" not in heading
    assert continued, "at 4 a page some status should run over a page break"


def test_the_results_list_runs_over_pages_newest_first(small_pages, demo_register):
    published = sorted((c for c in demo_register.consultations if c.status == "feedback-published"),
                       key=lambda c: (c.outcome.published, c.id), reverse=True)
    pages = list_pages(small_pages, "you-said-we-did/")
    assert len(pages) == math.ceil(len(published) / SIZE) > 1
    assert [href for _, soup in pages for href in cards(soup)] == [f"/{c.url}" for c in published]
    assert "(page 2 of" in pages[1][1].find("title").get_text()


def test_later_list_pages_are_not_promised_addresses(tmp_path):
    # What a later page holds moves as the list grows, and the last page goes when it
    # shrinks: recording it would make a shorter list fail the build.
    for rel in ("index.html", "consultations/index.html", "consultations/page/2/index.html",
                "localities/kestlebury/page/3/index.html", "pages/index.html", "page/index.html"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("<p>x</p>", encoding="utf-8")
    urls = published_urls(tmp_path, (".html",), ())
    assert urls == {"/", "/consultations/", "/pages/", "/page/"}


@pytest.mark.parametrize("size", [0, 501, "20", True, 2.5])
def test_the_page_size_is_checked(size):
    with pytest.raises(SettingsError, match=re.escape("SAID_AND_DONE['list_page_size']: expected a whole number "
                                                      "from 1 to 500, found")):
        options_from({"PATH": str(Path("content")), "SAID_AND_DONE": {"list_page_size": size}}, environ={})


@pytest.mark.parametrize("heading, status, order", [
    ("Open now", "open", lambda c: (c.effective_closes, c.id)),
    ("Coming up", "planned", lambda c: (c.opens, c.id)),
])
def test_the_home_page_shows_a_page_of_each_list_and_links_to_the_rest(small_pages, demo_register, heading, status,
                                                                        order):
    expected = sorted((c for c in demo_register.consultations if c.status == status), key=order)
    assert len(expected) > SIZE, f"the demo has more than {SIZE} consultations {status}"
    home = small_pages.soup("")
    h2 = home.find("h2", string=heading)
    listed = h2.find_next("ul", class_="cards")
    assert cards(listed) == [f"/{c.url}" for c in expected[:SIZE]]
    more = h2.find_next("a", string=re.compile("^See all"))
    assert more.get_text() == f"See all {len(expected)} consultations {heading.lower()}"
    url, anchor = more["href"].lstrip("/").split("#")
    assert anchor == status
    target = small_pages.soup(url).find("section", attrs={"aria-labelledby": status})
    assert target is not None and "continued" not in text_of(target.find("h2")), "the link lands where the list begins"
