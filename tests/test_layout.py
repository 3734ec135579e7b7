"""Layout checks in a real browser: 320 px reflow, no JavaScript, visible focus, target size,
reduced motion and print. Each has a companion test that breaks a copy of the site (or a
small page) and shows the check fails.
"""

from __future__ import annotations

import pytest

from helpers.site_checks.fixtures import break_page, copy_site
from helpers.site_checks.layout import (
    broken_words,
    focus_problems,
    horizontal_overflow,
    main_text,
    motion_problems,
    settle,
    target_size_problems,
)
from helpers.site_checks.server import served


def _lines(page) -> list[str]:
    if not page.query_selector("main"):
        return []
    return [line.strip() for line in page.inner_text("main").splitlines() if line.strip()]


def missing_without_js(js_page, no_js_page, base_url, urls) -> list[str]:
    """Text the page shows with JavaScript that it does not show without."""
    problems = []
    for url in urls:
        js_page.goto(base_url + url)
        settle(js_page)
        no_js_page.goto(base_url + url)
        without = set(_lines(no_js_page))
        missing = [line for line in _lines(js_page) if line not in without]
        if missing:
            problems.append(f"{url}: without JavaScript the page does not show: " + " | ".join(missing[:5]))
        elif not without:
            problems.append(f"{url}: without JavaScript the page shows no main content at all")
    return problems


def overflow_report(page, base_url, urls) -> list[str]:
    problems = []
    for url in urls:
        page.goto(base_url + url)
        problems += horizontal_overflow(page, url)
    return problems


def per_page(check, page, base_url, urls) -> list[str]:
    problems = []
    for url in urls:
        page.goto(base_url + url)
        problems += check(page, url)
    return problems


# -- reflow: 320 CSS px, every page ------------------------------------------------------

def test_no_page_scrolls_sideways_at_320px(narrow_page, site_url, site_pages):
    # Every page but redirects (a browser leaves one at once; test_permalinks checks one).
    problems = overflow_report(narrow_page, site_url, [p.url for p in site_pages if not p.is_redirect])
    assert not problems, f"{len(problems)} page(s) scroll sideways at 320px:\n" + "\n".join(problems)


def test_reflow_check_fails_on_a_too_wide_element(narrow_page, demo_site, tmp_path):
    site = copy_site(demo_site, tmp_path)
    break_page(site, "/about/", "</main>", '<p><svg width="600" height="10" role="img" aria-label="A wide map"></svg></p></main>')
    with served(site) as base:
        problems = overflow_report(narrow_page, base, ["/about/", "/how-we-consult/"])
    assert len(problems) == 1 and problems[0].startswith("/about/: scrolls sideways") and "<svg>" in problems[0]


def test_no_word_breaks_inside_at_320px(narrow_page, site_url, sample_pages):
    # The header's Search button read "Searc / h" on every page, and a long title word broke too.
    problems = per_page(broken_words, narrow_page, site_url, [p.url for p in sample_pages])
    assert not problems, f"{len(problems)} word(s) broken at 320px:\n" + "\n".join(problems[:40])


def test_broken_word_check_fails_on_a_word_too_long_for_its_box(narrow_page, demo_site, tmp_path):
    site = copy_site(demo_site, tmp_path)
    break_page(site, "/about/", "</main>", '<p style="width:4em">Accountability matters</p></main>')
    with served(site) as base:
        problems = per_page(broken_words, narrow_page, base, ["/about/", "/how-we-consult/"])
    assert problems and all(p.startswith("/about/: a word broken across lines in <p>") for p in problems)
    assert any('"Accountability"' in p for p in problems)


# -- without JavaScript ------------------------------------------------------------------

def test_every_page_but_search_shows_all_its_content_without_javascript(desktop_page, no_js_page, site_url,
                                                                       site_pages, sample_pages):
    # Every page that has a script, and a sample of every shape (a page without a
    # script could still hide content behind a class only a script would remove).
    pages = {p.url: p for p in sample_pages + [p for p in site_pages if p.has_script and not p.is_redirect]}
    full = [url for url, p in sorted(pages.items()) if not p.needs_javascript]
    problems = missing_without_js(desktop_page, no_js_page, site_url, full)
    assert not problems, "\n".join(problems)
    # Search needs JavaScript to search, but must still say what it is and what to do.
    for url in sorted(u for u, p in pages.items() if p.needs_javascript):
        no_js_page.goto(site_url + url)
        assert len(main_text(no_js_page)) > 40, f"{url}: without JavaScript the page should explain itself"


def test_no_javascript_check_fails_on_content_only_a_script_adds(desktop_page, no_js_page, demo_site, tmp_path):
    site = copy_site(demo_site, tmp_path)
    break_page(site, "/about/", "</main>", "<div id=\"late\"></div><script>document.getElementById('late')"
                                           ".textContent = 'Deadline moved to May';</script></main>")
    with served(site) as base:
        problems = missing_without_js(desktop_page, no_js_page, base, ["/about/", "/how-we-consult/"])
    assert len(problems) == 1 and "/about/" in problems[0] and "Deadline moved to May" in problems[0]


# -- keyboard focus ----------------------------------------------------------------------

def test_focus_is_visible_on_every_interactive_element(desktop_page, site_url, sample_pages):
    problems = per_page(focus_problems, desktop_page, site_url, [p.url for p in sample_pages])
    assert not problems, f"{len(problems)} focus problem(s):\n" + "\n".join(problems)


def test_focus_check_fails_when_focus_styles_are_removed(desktop_page, demo_site, tmp_path):
    site = copy_site(demo_site, tmp_path)
    css = site / "theme" / "css" / "site.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.site-footer a:focus-visible { outline: none !important;"
                   " box-shadow: none !important; background: none !important; }\n", encoding="utf-8")
    with served(site) as base:
        problems = per_page(focus_problems, desktop_page, base, ["/about/"])
    assert problems and all("no visible focus indicator" in p for p in problems), problems
    assert any('"How we consult"' in p for p in problems)
    assert not any("Skip to main content" in p for p in problems)  # the rest still shows focus


def test_focus_check_fails_on_an_element_the_keyboard_cannot_reach(desktop_page):
    desktop_page.set_content('<main><p><a href="/a">First</a></p><p><a href="/b" tabindex="0">Second</a></p>'
                             '<p><span tabindex="0" style="display:inline-block">Panel</span></p></main>'
                             '<style>a:focus-visible, span:focus-visible { outline: 3px solid #fd0 }</style>')
    assert not focus_problems(desktop_page, "ok")
    # A dialog-like overlay that swallows focus: tabbing never reaches what is behind it.
    desktop_page.set_content('<main><a href="/a">First</a><a href="/b">Second</a></main>'
                             '<style>a:focus-visible { outline: 3px solid #fd0 }</style>'
                             "<script>document.querySelectorAll('a')[1].addEventListener('focus', e => e.target.blur())"
                             "</script>")
    problems = focus_problems(desktop_page, "trap")
    assert any("never reaches" in p and "Second" in p for p in problems), problems


# -- target size (WCAG 2.5.8) ------------------------------------------------------------

def test_targets_are_big_enough_or_spaced_apart(desktop_page, narrow_page, site_url, sample_pages):
    urls = [p.url for p in sample_pages]
    problems = (per_page(target_size_problems, desktop_page, site_url, urls)
                + per_page(target_size_problems, narrow_page, site_url, urls))
    assert not problems, f"{len(problems)} target(s) too small:\n" + "\n".join(problems)


def test_target_size_check_fails_on_tiny_targets_side_by_side(narrow_page, demo_site, tmp_path):
    site = copy_site(demo_site, tmp_path)
    css = site / "theme" / "css" / "site.css"
    css.write_text(css.read_text(encoding="utf-8")
                   + "\n.tiny a { font-size: 10px; line-height: 1; display: inline-block; }\n", encoding="utf-8")
    break_page(site, "/about/", "</main>", '<p class="tiny"><a href="/">1</a><a href="/about/">2</a></p></main>')
    with served(site) as base:
        problems = per_page(target_size_problems, narrow_page, base, ["/about/"])
    assert len(problems) == 2 and all("too close to" in p for p in problems), problems


@pytest.mark.parametrize("html, failing", [
    # Small but alone: the 24px circle around it touches nothing (the Spacing exception).
    ('<p><a href="/a" class="s">x</a></p>', []),
    # Two small ones side by side: their circles overlap.
    ('<p><a href="/a" class="s">x</a><a href="/b" class="s">y</a></p>', ["x", "y"]),
    # Small links inside a sentence are sized by the line (the Inline exception).
    ('<p>Read <a href="/a" class="s">x</a><a href="/b" class="s">y</a> before you go.</p>', []),
    # A small button is not running text, even in a paragraph with words.
    ('<p>Choose <button class="s">x</button><button class="s">y</button></p>', ["x", "y"]),
    # Big enough: no exception needed.
    ('<p><a href="/a" class="b">x</a><a href="/b" class="b">y</a></p>', []),
])
def test_target_size_exceptions(desktop_page, html, failing):
    desktop_page.set_content('<style>.s { font-size: 10px; line-height: 1; padding: 0; border: 0; }'
                             '.b { display: inline-block; min-width: 24px; min-height: 24px; }</style>'
                             f'<main>{html}</main>')
    problems = target_size_problems(desktop_page, "page")
    assert sorted(p.split('"')[1] for p in problems) == failing, problems


# -- motion and print --------------------------------------------------------------------

def test_nothing_moves_when_the_user_asks_for_reduced_motion(browser, site_url, sample_pages):
    context = browser.new_context(reduced_motion="reduce")
    try:
        page = context.new_page()
        problems = per_page(motion_problems, page, site_url, [p.url for p in sample_pages])
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_motion_check_fails_on_an_animation(browser):
    context = browser.new_context(reduced_motion="reduce")
    try:
        page = context.new_page()
        page.set_content("<style>@keyframes spin { to { transform: rotate(1turn); } }"
                         " .spinner { animation: spin 1s infinite; }</style><main><p class=spinner>Loading</p></main>")
        problems = motion_problems(page, "page")
    finally:
        context.close()
    assert problems and "spin" in problems[0]


@pytest.mark.parametrize("kind", ["consultation", "outcome"])
def test_a_consultation_and_its_results_print_cleanly(desktop_page, site_url, demo_register, kind):
    c = next(c for c in demo_register.consultations if c.status == "feedback-published")
    url = "/" + (c.url if kind == "consultation" else c.outcome_url)
    desktop_page.goto(site_url + url)
    on_screen = main_text(desktop_page)
    desktop_page.emulate_media(media="print")
    try:
        shown = desktop_page.evaluate("""() => {
          const visible = sel => [...document.querySelectorAll(sel)].some(el => el.checkVisibility());
          return {header: visible('.site-header'), search: visible('.site-search'), crumbs: visible('.breadcrumbs'),
                  footer: visible('.site-footer p'), links: visible('.site-footer__links'),
                  colour: getComputedStyle(document.body).color, background: getComputedStyle(document.body).backgroundColor};
        }""")
        printed = main_text(desktop_page)
        pdf = desktop_page.pdf(format="A4")
    finally:
        desktop_page.emulate_media(media="screen")
    assert shown == {"header": False, "search": False, "crumbs": False, "footer": True, "links": False,
                     "colour": "rgb(0, 0, 0)", "background": "rgb(255, 255, 255)"}
    assert printed == on_screen, "printing must not drop any of the consultation's content"
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
