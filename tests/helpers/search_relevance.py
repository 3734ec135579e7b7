"""The relevance test set (tests/fixtures/search/relevance.yaml) and how it is run: each query
typed into the built site's /search/ page in a real browser, passing when its page is among
the first three results. Shared by tests/test_search_relevance.py and bench/search_relevance.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import yaml

from helpers.budgets import hang_ms

CASES = Path(__file__).resolve().parents[1] / "fixtures" / "search" / "relevance.yaml"
TOP = 3
# The status line once a search has finished: "4 results for ‘bus’." or "No results ...".
DONE = re.compile(r"^(\d+ results?|No results)\b")


@dataclass(frozen=True)
class Case:
    query: str
    expect: str  # the page's address inside the site, e.g. localities/oakhythe/
    why: str


@dataclass(frozen=True)
class Outcome:
    case: Case
    top: tuple  # addresses of the first results, in order

    @property
    def passed(self) -> bool:
        return self.case.expect in self.top[:TOP]


def load_cases(path: Path = CASES) -> list:
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))
    cases = []
    for i, row in enumerate(rows, 1):
        if not isinstance(row, dict) or not {"query", "expect"} <= row.keys():
            raise ValueError(f"{path}: entry {i}: expected a mapping with 'query' and 'expect', found {row!r}")
        cases.append(Case(str(row["query"]), str(row["expect"]), str(row.get("why", ""))))
    return cases


def run_case(page, base: str, case: Case, timeout_ms: float | None = None) -> Outcome:
    """Open /search/?q=<query> (as the header search box does) and read the first results' addresses."""
    page.goto(f"{base}/search/?q={quote(case.query)}")
    status = page.locator("[data-status]")
    page.wait_for_function(
        """([el, pattern]) => new RegExp(pattern).test(el.textContent.trim())""",
        arg=[status.element_handle(), DONE.pattern], timeout=timeout_ms or hang_ms())
    hrefs = page.locator(".search-results .search-result__title a").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname)")
    return Outcome(case, tuple(h.lstrip("/") for h in hrefs[:TOP]))


def run_all(page, base: str, cases=None) -> list:
    return [run_case(page, base, case) for case in (cases or load_cases())]


def share(outcomes) -> float:
    return sum(o.passed for o in outcomes) / len(outcomes) if outcomes else 0.0


def report(outcomes) -> str:
    lines = [f"Relevance: {sum(o.passed for o in outcomes)} of {len(outcomes)} queries "
             f"({share(outcomes):.0%}) have their page in the first {TOP} results."]
    for o in outcomes:
        if not o.passed:
            got = ", ".join(o.top) or "no results"
            lines.append(f"  FAIL {o.case.query!r} ({o.case.why}): wanted {o.case.expect}; got {got}")
    return "\n".join(lines)
