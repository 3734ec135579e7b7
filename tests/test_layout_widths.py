"""Every page type at a phone's, a tablet's and a desktop's width (issue 26, "phones first").

At 320, 768 and 1280 px, one page of every type (helpers/site_checks/pages.py groups the
build's pages by the shape of their address, so a new page type is checked without anyone
listing it) must have nothing wider than the screen outside a labelled scroll region and no
word broken inside; and on /search/ the first result for a typed query must start on the
first screen. One browser, one reused page per width, waits on conditions only.
"""

from __future__ import annotations

import pytest

from helpers.site_checks.fixtures import break_page, copy_site, new_page
from helpers.site_checks.layout import broken_words, results_below_first_screen, settle, too_wide
from helpers.site_checks.pages import representatives
from helpers.site_checks.server import served

# A small phone (the issue measured 320 by 800), a tablet held upright, a desktop.
SCREENS = {320: 800, 768: 1024, 1280: 900}
QUERY = "library"


@pytest.fixture(scope="module")
def one_of_each_type(site_pages):
    """Of each type, the page that uses the most of what pages of its type use, and a second
    for the rest (a consultation's page differs by status); redirects aside."""
    return [p for p in representatives(site_pages, per_shape=2) if not p.is_redirect]


@pytest.fixture(scope="module", params=sorted(SCREENS), ids=lambda w: f"{w}px")
def screen(request, browser):
    width = request.param
    page = new_page(browser, {"width": width, "height": SCREENS[width]})
    yield page
    page.context.close()


def test_every_page_type_fits_the_screen_with_no_word_broken(screen, site_url, one_of_each_type):
    assert len({p.shape for p in one_of_each_type}) >= 30, "expected every page type of the demo"
    problems = []
    for p in one_of_each_type:
        screen.goto(site_url + p.url)
        settle(screen)
        problems += too_wide(screen, p.url) + broken_words(screen, p.url)
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems[:40])


def test_search_results_start_on_the_first_screen(screen, site_url):
    screen.goto(site_url + "/search/")
    problems = results_below_first_screen(screen, "/search/", QUERY)
    assert not problems, "\n".join(problems)


# -- the checks can fail -----------------------------------------------------------------

WIDE = '<div style="width: 600px">A table or map 600 pixels wide</div>'


@pytest.mark.parametrize("wrapper, flagged", [
    ("{}", True),  # nothing holds it in: the page scrolls sideways
    ('<div style="overflow-x: hidden">{}</div>', True),  # clipped, with no sign
    ('<div style="overflow-x: auto">{}</div>', True),  # scrolls, but nobody is told
    ('<div role="region" tabindex="0" style="overflow-x: auto">{}</div>', True),  # no name
    ('<div role="region" tabindex="0" aria-label="Wide table" style="overflow-x: auto">{}</div>', False),
])
def test_the_width_check_allows_only_a_labelled_scroll_region(browser, wrapper, flagged):
    page = new_page(browser, {"width": 320, "height": 800})
    try:
        page.set_content(f"<main>{wrapper.format(WIDE)}</main>")
        problems = too_wide(page, "page")
    finally:
        page.context.close()
    assert bool(problems) == flagged, problems
    if flagged:
        assert problems[0].startswith("page at 320px: wider than the screen")


def test_the_first_screen_check_fails_when_results_are_pushed_down(browser, demo_site, tmp_path):
    site = copy_site(demo_site, tmp_path)
    # Filters unfolded above the results, as the page was before: a tall block before them.
    break_page(site, "/search/", '<div class="search-layout__results">',
               '<div style="height: 1400px">Eight filter groups</div><div class="search-layout__results">')
    page = new_page(browser, {"width": 320, "height": 800})
    try:
        with served(site) as base:
            page.goto(base + "/search/")
            problems = results_below_first_screen(page, "/search/", QUERY)
    finally:
        page.context.close()
    assert len(problems) == 1 and "below the first screen" in problems[0], problems
