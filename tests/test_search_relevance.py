"""Search relevance in a real browser: the queries residents type (tests/fixtures/search/
relevance.yaml) find the page they are after in the first three results, at least 90 % of
them, against the demo's built index. bench/search_relevance.py prints the same figures."""

from __future__ import annotations

import pytest

from helpers.search_relevance import TOP, load_cases, report, run_all, share

pytestmark = pytest.mark.usefixtures("demo_site")

TARGET = 0.9


def test_the_relevance_set_is_big_enough_and_names_real_pages(demo_site):
    cases = load_cases()
    assert len(cases) >= 30
    missing = [c.expect for c in cases if not (demo_site.root / c.expect / "index.html").is_file()]
    assert missing == [], "every expected page must exist in the demo"


def test_residents_queries_find_their_page_in_the_first_three(browser, demo_url):
    context = browser.new_context()
    page = context.new_page()
    try:
        outcomes = run_all(page, demo_url)
    finally:
        context.close()
    print(report(outcomes))
    assert share(outcomes) >= TARGET, f"fewer than {TARGET:.0%} in the first {TOP}:\n{report(outcomes)}"
