"""A browser tab on the built demo, served with the site's real security headers (its strict
Content-Security-Policy included), that keeps a log of console and page errors; and
the selector of its search results' links."""

from __future__ import annotations

import re

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from permalinks.options import SECURITY_HEADERS

RESULT_LINKS = ".search-results .search-result__title a"


class Tab:
    def __init__(self, page, base):
        self.page, self.base, self.errors = page, base, []
        page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        # Served as production serves it: the CSP allows only our own scripts and WebAssembly.
        page.route(f"{base}/**", self._with_headers)

    @staticmethod
    def _with_headers(route):
        try:
            response = route.fetch()
            route.fulfill(response=response, headers={**response.headers, **SECURITY_HEADERS})
        except PlaywrightError:
            # The page moved on (a result was opened) before this request finished:
            # nobody is waiting for it. A request the page still needs would fail in
            # the page and show up as a console error.
            pass

    def open(self, path):
        self.page.goto(self.base + path)

    def search_field(self):
        return self.page.get_by_role("searchbox", name="Search by word, place or organisation")

    def status(self):
        return self.page.get_by_role("status")

    def result_count(self) -> int:
        expect(self.status()).to_have_text(re.compile(r"^(\d+ results?|No results) "))
        text = self.status().inner_text()
        return 0 if text.startswith("No results") else int(text.split()[0])


def show_all(tab) -> list:
    """Click "Show more results" until every result is listed; their addresses in order."""
    expect(tab.status()).to_have_text(re.compile(r"^\d+ results?\b"))
    total = int(tab.status().inner_text().split()[0])
    links = tab.page.locator(RESULT_LINKS)
    while links.count() < total:
        shown = links.count()
        tab.page.get_by_role("button", name="Show more results").click()
        tab.page.wait_for_function("([selector, shown]) => document.querySelectorAll(selector).length > shown",
                                   arg=[RESULT_LINKS, shown])
    return links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
