"""axe-core in Chromium on every page shape of the built demo: no WCAG 2.2 A or AA violations.

The pages are found in the build, not listed here: every shape of address the site
has (a new page type is a new shape), and within each shape enough pages to use every
element and class its pages use. Colours are checked again with the browser in the
dark colour scheme.
"""

from __future__ import annotations

import pytest

from helpers.site_checks.axe import describe, run_axe
from helpers.site_checks.fixtures import break_page, copy_site
from helpers.site_checks.pages import by_shape
from helpers.site_checks.server import served

# The rules whose result depends on colours.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def axe_report(page, base_url, urls, scheme="light", rules=None) -> list[str]:
    page.emulate_media(color_scheme=scheme)
    try:
        problems = []
        for url in urls:
            page.goto(base_url + url)
            problems += describe(url, run_axe(page, rules=rules))
        return problems
    finally:
        page.emulate_media(color_scheme="light")


def test_the_sample_has_every_page_shape_and_the_page_types_we_know(site_pages, sample_pages):
    shapes = {shape for shape in by_shape(site_pages) if not shape.endswith("(redirect)")}
    assert {p.shape for p in sample_pages} == shapes
    assert {"/", "/consultations/", "/consultations/{consultation}/", "/consultations/{consultation}/you-said-we-did/",
            "/you-said-we-did/", "/accessibility/", "/calendar/{n}/", "/localities/{locality}/consultations/",
            "/audiences/", "/audiences/{audience}/", "/reports/", "/reports/{n}/",
            "/indicators/", "/indicators/{indicator}/", "/get-involved/", "/accountability/evaluations-missing/"} <= set(shapes)
    # A consultation page looks different in each status; the sample must see each one.
    statuses = {cls for p in sample_pages for cls in p.features if cls.startswith(".status-banner--")}
    assert {".status-banner--open", ".status-banner--planned", ".status-banner--closed",
            ".status-banner--feedback-published", ".status-banner--withdrawn"} <= statuses


def test_no_axe_violations_on_any_page_shape(desktop_page, site_url, sample_pages):
    problems = axe_report(desktop_page, site_url, [p.url for p in sample_pages])
    assert not problems, (f"{len(problems)} axe violation(s) of WCAG 2.2 A/AA on "
                          f"{len(sample_pages)} pages:\n" + "\n".join(problems))


def test_colours_meet_contrast_in_the_dark_colour_scheme_too(desktop_page, site_url, sample_pages):
    desktop_page.emulate_media(color_scheme="dark")
    try:
        desktop_page.goto(site_url + "/")
        background = desktop_page.evaluate("getComputedStyle(document.body).backgroundColor")
    finally:
        desktop_page.emulate_media(color_scheme="light")
    red, green, blue = (int(x) for x in background.removeprefix("rgb(").rstrip(")").split(",")[:3])
    assert max(red, green, blue) < 64, f"the dark scheme should have a dark background, found {background}"
    problems = axe_report(desktop_page, site_url, [p.url for p in sample_pages], scheme="dark", rules=COLOUR_RULES)
    assert not problems, f"{len(problems)} colour problem(s) in the dark scheme:\n" + "\n".join(problems)


def test_search_results_pass_axe_in_both_colour_schemes(desktop_page, site_url, site_pages, demo_register):
    """Search draws its results with JavaScript, after load: check them drawn, not just the empty form."""
    search = [p.url for p in site_pages if p.needs_javascript]
    if not search:
        pytest.skip("this build has no search page")
    word = max(demo_register.consultations[0].title.split(), key=len).lower()
    problems = []
    for scheme in ("light", "dark"):
        desktop_page.emulate_media(color_scheme=scheme)
        try:
            desktop_page.goto(f"{site_url}{search[0]}?q={word}")
            desktop_page.wait_for_load_state("networkidle")
            # Results are links to consultation pages, whose ids start with the year.
            desktop_page.wait_for_selector('main a[href^="/consultations/2"]')
            problems += [f"({scheme}) {line}" for line in describe(f"{search[0]}?q={word}", run_axe(desktop_page))]
        finally:
            desktop_page.emulate_media(color_scheme="light")
    assert not problems, "\n".join(problems)


def test_translated_summaries_are_marked_with_their_language(demo_site, demo_register):
    translated = [c for c in demo_register.consultations if c.translations]
    assert translated, "the demo should have translated summaries to check"
    for c in translated:
        sections = demo_site.soup(c.url).select("section.translation")
        assert [(s["lang"], s.find("h3").get_text(strip=True)) for s in sections] == \
               [(t["lang"], t["language"]) for t in c.translations], c.id
        # dir="auto": Urdu and Arabic read right to left, Polish left to right.
        assert all(s.get("dir") == "auto" for s in sections), c.id


# -- the checks can fail ----------------------------------------------------------------

@pytest.fixture
def broken_site(demo_site, tmp_path):
    return copy_site(demo_site, tmp_path)


def test_axe_check_fails_on_an_image_without_alt_text(desktop_page, broken_site):
    break_page(broken_site, "/about/", "<h1>", '<img src="/theme/css/site.css" width="40" height="40"><h1>')
    with served(broken_site) as base:
        problems = axe_report(desktop_page, base, ["/about/"])
    assert any("/about/: image-alt" in p and "<img" in p for p in problems), problems


def test_dark_scheme_check_fails_on_text_too_faint_on_the_dark_background(desktop_page, broken_site):
    css = broken_site / "theme" / "css" / "site.css"
    css.write_text(css.read_text(encoding="utf-8")
                   + "\n@media (prefers-color-scheme: dark) { .lead { color: #333333; } }\n", encoding="utf-8")
    with served(broken_site) as base:
        light = axe_report(desktop_page, base, ["/"], rules=COLOUR_RULES)
        dark = axe_report(desktop_page, base, ["/"], scheme="dark", rules=COLOUR_RULES)
    assert not light
    assert any("/: color-contrast" in p and "lead" in p for p in dark), dark

