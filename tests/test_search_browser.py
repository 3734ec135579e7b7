"""Search in a real browser (issue 4's "done means"): headless Debian chromium, driven by
Playwright, loads the built demo over HTTP with the site's real security headers (its
strict Content-Security-Policy included), searches, filters, opens results, and sees
no console errors. Every wait is on a condition in the page, never a fixed sleep."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from helpers.search_browser import RESULT_LINKS, Tab
from helpers.search_words import WORD
from helpers.site_checks.axe import AXE, describe, run_axe
from search.facets import AREA_WIDE

pytestmark = pytest.mark.usefixtures("demo_site")


# -- what the demo says, read from its built pages ---------------------------------------

@pytest.fixture(scope="module")
def unique_word(words_by_page, record_words, demo_register):
    """A word in exactly one consultation, and nothing like it (same first five letters,
    which covers Pagefind's stemming and prefix matching) in any other page or in the
    search's own records (a place, a group): (word, consultation)."""
    words_of = {}
    for (cid, _), words in words_by_page.items():
        words_of.setdefault(cid, set()).update(words)
    prefixes = Counter(p for words in words_of.values() for p in {w[:5] for w in words})
    for prefix in {w[:5] for w in record_words}:
        prefixes[prefix] += 2  # in a record as well: never unique to one consultation
    for c in sorted(demo_register.consultations, key=lambda c: c.id):
        title_words = set(WORD.findall(c.title.lower()))
        candidates = sorted(w for w in words_of[c.id] if len(w) >= 8 and prefixes[w[:5]] == 1)
        # A word from the title, as a resident would remember it, if there is one.
        for word in sorted(candidates, key=lambda w: (w not in title_words, w)):
            return word, c
    pytest.fail("no word in the demo appears in exactly one consultation")


# -- a browser page with the site's headers and an error log ------------------------------

@pytest.fixture
def tab(browser, demo_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = Tab(context.new_page(), demo_url)
    yield tab
    tab.page.unroute_all(behavior="ignoreErrors")
    context.close()


# -- the "done means" ----------------------------------------------------------

def test_a_word_in_one_consultation_finds_it_and_its_result_opens(tab, unique_word, words_by_page):
    word, c = unique_word
    tab.open("/search/")
    tab.search_field().fill(word)
    tab.search_field().press("Enter")

    expect(tab.status()).to_contain_text(f"for ‘{word}’")
    links = tab.page.locator(RESULT_LINKS)
    expect(links).to_have_count(tab.result_count())
    hrefs = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    own_pages = {"/" + c.url, "/" + c.outcome_url}
    assert set(hrefs) <= own_pages, f"{word!r} should find only {c.id}, found {hrefs}"
    if word in words_by_page[(c.id, c.url)]:
        assert "/" + c.url in hrefs
    assert re.search(rf"[?&]q={word}(&|$)", tab.page.url)  # the search can be linked

    tab.page.locator(RESULT_LINKS, has_text=c.title).first.click()
    expect(tab.page).to_have_url(re.compile(re.escape(hrefs[0].split("?")[0]) + "$"))
    expect(tab.page.get_by_role("heading", level=1)).to_have_text(c.title)
    assert tab.errors == []


def test_a_locality_filter_narrows_the_results_and_its_results_are_in_that_area(
        tab, common_word, demo_register):
    tab.open(f"/search/?q={common_word}")
    everything = tab.result_count()
    assert everything > 1

    tab.page.locator("summary", has_text="Area").click()
    area = tab.page.get_by_role("group", name="Area")
    boxes = area.get_by_role("checkbox")
    expect(boxes.first).to_be_visible()
    # Each box says how many results ticking it gives; pick the first locality that narrows.
    offered = {}
    for label in area.locator("label").all():
        name, count = re.fullmatch(r"(.+) \((\d+)\)", " ".join(label.inner_text().split())).groups()
        offered[name] = int(count)
    place = next(name for name, n in offered.items() if name != AREA_WIDE and 0 < n < everything)

    area.get_by_role("checkbox", name=re.compile(rf"^{re.escape(place)} \(")).check()
    expect(tab.status()).to_have_text(re.compile(rf"^{offered[place]} results? for ‘{common_word}’, "
                                                 rf"filtered by Area: {re.escape(place)}\.$"))
    assert tab.result_count() == offered[place] < everything
    assert "locality=" in tab.page.url

    by_url = {"/" + u: c for c in demo_register.consultations for u in (c.url, c.outcome_url)}
    hrefs = tab.page.locator(RESULT_LINKS).evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs
    for href in hrefs:
        c = by_url[href]
        assert c.area_wide or place in {loc.name for loc in c.localities}, (href, place)

    first = tab.page.locator(RESULT_LINKS).first
    href = first.get_attribute("href")
    first.click()
    expect(tab.page).to_have_url(re.compile(re.escape(href) + "$"))
    expect(tab.page.get_by_role("heading", level=1)).to_have_text(by_url[href].title)
    assert tab.errors == []


def test_a_linked_search_fills_in_the_field_and_runs(tab, unique_word):
    word, c = unique_word
    tab.open(f"/search/?q={word}")
    expect(tab.search_field()).to_have_value(word)
    expect(tab.page.locator(RESULT_LINKS, has_text=c.title).first).to_be_visible()
    assert tab.result_count() >= 1
    assert tab.errors == []


def test_the_header_search_box_on_any_page_leads_to_the_results(tab, unique_word, demo_register):
    word, c = unique_word
    other = next(o for o in demo_register.consultations if o.id != c.id)
    tab.open("/" + other.url)
    header = tab.page.get_by_role("search", name="Site")
    header.get_by_role("searchbox", name="Search consultations and results").fill(word)
    header.get_by_role("button", name="Search").click()
    expect(tab.page).to_have_url(re.compile(rf"/search/\?q={word}$"))
    expect(tab.page.locator(RESULT_LINKS, has_text=c.title).first).to_be_visible()
    assert tab.errors == []


def test_filters_alone_list_results_and_the_state_survives_a_reload(tab, demo_register):
    status_label = "Open"
    open_now = [c for c in demo_register.consultations if c.status == "open"]
    tab.open("/search/")
    tab.page.locator("summary", has_text="Status").click()
    tab.page.get_by_role("group", name="Status").get_by_role("checkbox", name=re.compile(r"^Open \(")).check()
    expect(tab.status()).to_have_text(re.compile(rf"^{len(open_now)} results?, filtered by Status: {status_label}\.$"))
    tab.page.reload()
    expect(tab.page.get_by_role("checkbox", name=re.compile(r"^Open \("))).to_be_checked()
    expect(tab.status()).to_contain_text(f"{len(open_now)} result")
    shown = set(tab.page.locator(RESULT_LINKS).evaluate_all("links => links.map(a => a.getAttribute('href'))"))
    assert shown == {"/" + c.url for c in open_now}
    assert tab.errors == []


def test_show_more_adds_results_and_moves_focus_to_the_first_new_one(tab, common_word):
    tab.open(f"/search/?q={common_word}")
    total = tab.result_count()
    page_size = int(tab.page.locator("[data-search]").get_attribute("data-page-size"))
    assert total > page_size, "the common word should give more than one page of results"
    links = tab.page.locator(RESULT_LINKS)
    expect(links).to_have_count(page_size)
    tab.page.get_by_role("button", name="Show more results").click()
    expect(links).to_have_count(min(total, 2 * page_size))
    expect(links.nth(page_size)).to_be_focused()
    assert tab.errors == []


def test_no_results_says_so_and_suggests_what_to_try(tab, words_by_page):
    nonsense = "xylophonic"
    assert not any(w.startswith(nonsense[:3]) for words in words_by_page.values() for w in words)
    tab.open(f"/search/?q={nonsense}")
    expect(tab.status()).to_have_text(f"No results for ‘{nonsense}’.")
    expect(tab.page.get_by_text("checking the spelling")).to_be_visible()
    expect(tab.page.locator(RESULT_LINKS)).to_have_count(0)
    assert tab.errors == []


def test_without_javascript_the_page_says_so_and_links_to_the_register(browser, demo_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{demo_url}/search/?q=library")
    expect(page.get_by_role("heading", name="Search needs JavaScript")).to_be_visible()
    expect(page.get_by_role("link", name="browse all consultations")).to_have_attribute("href", "/consultations/")
    expect(page.get_by_role("link", name="find consultations by area")).to_have_attribute("href", "/localities/")
    expect(page.get_by_role("group", name="Area")).to_be_hidden()
    expect(page.get_by_role("status")).to_be_hidden()
    # The query cannot be read without JavaScript, so the page offers an A to Z of every name
    # people search for: places with their wards and parishes, organisations, topics and groups.
    a_to_z = page.get_by_role("region", name="A to Z of places, organisations, topics and groups")
    expect(a_to_z).to_be_visible()
    expect(a_to_z.get_by_role("link", name="Hollin Bank", exact=True)).to_have_attribute("href", "/localities/oakhythe/")
    expect(a_to_z.get_by_role("link", name="Oakhythe", exact=True)).to_have_attribute("href", "/localities/oakhythe/")
    expect(a_to_z.get_by_text("wards and parishes: ")).not_to_have_count(0)
    expect(a_to_z.get_by_role("link", name="Libraries", exact=True)).to_have_attribute("href", "/topics/libraries/")
    expect(a_to_z.get_by_role("link", name="Brackenmoor Council", exact=True)).to_have_attribute(
        "href", "/organisations/brackenmoor-council/")
    # The groups a consultation is for, and the standing groups anyone can join (at their entry).
    expect(a_to_z.get_by_role("link", name="Young people", exact=True)).to_have_attribute(
        "href", "/audiences/young-people/")
    expect(a_to_z.get_by_role("link", name="Brackenmoor Youth Council", exact=True)).to_have_attribute(
        "href", "/get-involved/#youth-council")
    context.close()


def test_with_javascript_the_a_to_z_is_not_shown(tab):
    tab.open("/search/?q=library")
    expect(tab.page.locator(RESULT_LINKS).first).to_be_visible()
    expect(tab.page.get_by_role("region", name="A to Z of places, organisations, topics and groups")).to_have_count(0)


def test_the_working_search_page_passes_axe_with_a_filter_open(browser, demo_url, common_word):
    """The page as a resident uses it (results listed, a filter group open), not just as served.
    (tests/test_accessibility.py checks results in both colour schemes; this adds the filters.)"""
    if not AXE.is_file():
        pytest.fail("node_modules/axe-core is missing: run `make test`, which installs it")
    # bypass_csp: axe is injected as a script, which the site's CSP rightly forbids.
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{demo_url}/search/?q={common_word}")
    expect(page.locator(RESULT_LINKS).first).to_be_visible()
    page.locator("summary", has_text="Area").click()
    page.get_by_role("group", name="Area").get_by_role("checkbox").nth(1).check()
    expect(page.get_by_role("status")).to_contain_text("filtered by Area")
    problems = describe(page.url, run_axe(page))
    context.close()
    assert problems == []


def test_on_a_narrow_screen_nothing_scrolls_sideways_and_controls_are_big_enough(tab, common_word):
    """WCAG 1.4.10 reflow at 320 CSS px and 2.5.8 target size, with results listed and a filter open."""
    tab.page.set_viewport_size({"width": 320, "height": 640})
    tab.open(f"/search/?q={common_word}")
    expect(tab.page.locator(RESULT_LINKS).first).to_be_visible()
    tab.page.locator("summary", has_text="Filter results").click()  # folded on a phone
    tab.page.locator("summary", has_text="Organisation").click()
    expect(tab.page.get_by_role("group", name="Organisation").get_by_role("checkbox").first).to_be_visible()
    assert tab.page.evaluate("document.documentElement.scrollWidth") <= 320
    small = tab.page.evaluate("""() => [...document.querySelectorAll(
        'main input, main button, main select, main summary, header input, header button')]
        .filter(el => el.offsetParent !== null)
        .map(el => [el.outerHTML.slice(0, 80), el.getBoundingClientRect()])
        .filter(([, r]) => r.width < 24 || r.height < 24)
        .map(([html]) => html)""")
    assert small == []
    assert tab.errors == []


# -- search that answers residents: one result per consultation, words rewritten ---------------

def test_a_consultation_with_results_is_one_result_marked_with_a_link_to_them(tab, demo_register):
    c = next(c for c in sorted(demo_register.consultations, key=lambda c: c.id)
             if c.has_published_outcome and c.title.split()[0].isalpha())
    tab.open(f"/search/?q={quote(c.title)}")
    tab.result_count()
    hrefs = tab.page.locator(RESULT_LINKS).evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert "/" + c.url in hrefs and "/" + c.outcome_url not in hrefs
    result = tab.page.locator(".search-result", has=tab.page.locator(f"a[href='/{c.url}']"))
    expect(result.locator(".tag", has_text="Results published")).to_have_count(1)
    link = result.locator(".search-result__results a")
    expect(link).to_have_text(f"You said, we did: {c.title}")
    expect(link).to_have_attribute("href", "/" + c.outcome_url)

    # Asked for by type of page, the results page is a result of its own.
    tab.open(f"/search/?q={quote(c.title)}&type={quote('You said, we did')}")
    tab.result_count()
    hrefs = tab.page.locator(RESULT_LINKS).evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert "/" + c.outcome_url in hrefs and "/" + c.url not in hrefs
    assert tab.errors == []


def test_a_misspelling_is_searched_as_the_registers_word_and_the_page_says_so(tab):
    tab.open("/search/?q=libary")
    expect(tab.status()).to_have_text(re.compile(r"^\d+ results? for ‘library’\.$"))
    expect(tab.page.locator("[data-rewritten]")).to_have_text("Showing results for ‘library’. You typed ‘libary’.")
    expect(tab.search_field()).to_have_value("libary")  # what they typed stays theirs
    # A word spelt right is searched as typed.
    tab.open("/search/?q=library")
    expect(tab.status()).to_contain_text("for ‘library’")
    expect(tab.page.locator("[data-rewritten]")).to_be_hidden()
    assert tab.errors == []


def test_a_ward_finds_its_locality_first_and_no_results_suggests_the_a_to_z(tab, demo_register):
    ward, loc = next((w, loc) for loc in demo_register.localities.values() for w in loc.wards
                     if loc.name.split()[0] not in w)
    tab.open(f"/search/?q={quote(ward)}")
    tab.result_count()
    first = tab.page.locator(RESULT_LINKS).first
    expect(first).to_have_attribute("href", f"/localities/{loc.slug}/")
    expect(first).to_have_text(loc.name)
    tab.open("/search/?q=xylophonic")
    expect(tab.page.get_by_role("link", name="the A to Z of places")).to_have_attribute("href", "/localities/#wards")
    assert tab.errors == []


def test_rewritten_and_folded_results_pass_axe(browser, demo_url):
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{demo_url}/search/?q=libary")  # rewritten, with results published among them
    expect(page.locator("[data-rewritten]")).to_be_visible()
    expect(page.locator(".search-result__results").first).to_be_visible()
    problems = describe(page.url, run_axe(page))
    context.close()
    assert problems == []


# -- phones first ------------------------------------------------------------------------

def test_on_a_phone_the_filters_are_folded_and_results_come_after_the_search_box(browser, demo_url):
    context = browser.new_context(viewport={"width": 320, "height": 800})
    tab = Tab(context.new_page(), demo_url)
    try:
        tab.open("/search/")
        filters = tab.page.locator("details[data-filters]")
        summary = filters.locator("> summary")
        expect(summary).to_be_visible()  # the search has loaded
        expect(summary).to_have_text(re.compile(r"^Filter results\s*$"))
        expect(filters).not_to_have_attribute("open", "")  # folded on a phone
        expect(tab.page.get_by_role("group", name="Area")).to_be_hidden()
        # Typing announces the number of results in the polite live region.
        tab.search_field().press_sequentially("library")
        expect(tab.status()).to_have_text(re.compile(r"^\d+ results? for ‘library’\.$"))
        assert tab.status().get_attribute("aria-live") == "polite"
        first = tab.page.locator(".search-results > li").first
        expect(first).to_be_visible()
        top = first.evaluate("el => el.getBoundingClientRect().top")
        assert top < 800 - 40, f"the first result starts at {top:.0f}px, below the first screen"
        # Filters applied are counted on the folded disclosure, so none is forgotten.
        summary.click()
        tab.page.locator("details[data-filter-group='status'] > summary").click()
        tab.page.locator("input[name='status']").first.check()
        expect(summary).to_have_text(re.compile(r"^Filter results \(1 filter applied\)$"))
        assert tab.errors == []
    finally:
        tab.page.unroute_all(behavior="ignoreErrors")
        context.close()


def test_on_a_wide_screen_the_filters_are_open_beside_the_results(tab):
    tab.open("/search/?q=library")
    expect(tab.page.locator("details[data-filters]")).to_have_attribute("open", "")
    expect(tab.page.locator("details[data-filter-group='locality'] > summary")).to_be_visible()
