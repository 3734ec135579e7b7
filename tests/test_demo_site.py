"""The real demo, built into a temp folder: pages match the records they come from."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from helpers.site import list_pages, text_of
from said_and_done.domain.derive import STATUSES

pytestmark = pytest.mark.usefixtures("demo_site")


def squash(text: str) -> str:
    return " ".join(text.split())


# -- the demo itself meets the brief --------------------------------------------------

def test_demo_partnership_has_the_shape_the_brief_asks_for(demo_register):
    r = demo_register
    assert len(r.localities) == 9
    assert {"council", "nhs", "police", "fire", "housing", "voluntary"} <= {o.type for o in r.organisations.values()}
    assert len(r.organisations) >= 6
    assert len(r.consultations) >= 25
    assert set(STATUSES) <= {c.status for c in r.consultations}
    assert {"inform", "consult", "involve", "collaborate", "empower"} <= {c.level for c in r.consultations}
    published = [c for c in r.consultations if c.status == "feedback-published"]
    assert len(published) >= 10
    assert any(t.decision == "not-adopted" for c in published for t in c.outcome.themes)
    assert any(a.overdue for c in published for a in c.outcome.actions)
    assert any(c.feedback_overdue for c in r.consultations)
    assert any(c.area_wide for c in r.consultations)


# -- one page per consultation ------------------------------------------------------

def test_every_consultation_has_a_page_with_its_title_and_status(demo_site, demo_register):
    for c in demo_register.consultations:
        soup = demo_site.soup(c.url)
        assert text_of(soup.find("h1")) == squash(c.title)
        banner = soup.select_one(".status-banner")
        assert STATUSES[c.status][0] in text_of(banner)
        assert soup.find("link", rel="stylesheet")["href"].startswith("/theme/")


def test_you_said_we_did_pages_exist_exactly_for_published_results(demo_site, demo_register):
    for c in demo_register.consultations:
        page = demo_site.path(c.outcome_url)
        results_page = page.exists() and 'http-equiv="refresh"' not in page.read_text(encoding="utf-8")
        assert results_page == (c.status == "feedback-published"), c.id


def test_open_and_planned_consultations_say_how_to_take_part_and_closed_ones_do_not(demo_site, demo_register):
    # A planned consultation's page already says how to take part (issue 23), with when it opens.
    for c in demo_register.consultations:
        soup = demo_site.soup(c.url)
        has_section = soup.find(id="take-part") is not None
        assert has_section == (c.status in ("open", "planned")), c.id
        if c.status == "open":
            assert f"{c.days_left} days left" in text_of(soup.select_one(".status-banner")) or c.days_left <= 1


def test_every_not_adopted_theme_shows_its_reason_on_the_you_said_we_did_page(demo_site, demo_register):
    checked = 0
    for c in demo_register.consultations:
        if c.status != "feedback-published":
            continue
        items = demo_site.soup(c.outcome_url).select("li.theme")
        assert len(items) == len(c.outcome.themes)
        for item, theme in zip(items, c.outcome.themes, strict=True):
            assert text_of(item.select_one(".theme__title")) == squash(theme.theme)
            assert squash(theme.decision_label) in text_of(item.select_one(".tag"))
            if theme.decision in ("not-adopted", "partly-adopted"):
                reason = item.select_one(".theme__reason")
                assert reason is not None and squash(theme.reason) in text_of(reason)
                checked += 1
            else:
                assert item.select_one(".theme__reason") is None or theme.reason
    assert checked >= 1


def test_overdue_actions_are_flagged_and_on_time_ones_are_not(demo_site, demo_register):
    overdue_seen = 0
    for c in demo_register.consultations:
        if c.status != "feedback-published":
            continue
        items = demo_site.soup(c.outcome_url).select("li.action")
        assert len(items) == len(c.outcome.actions)
        for item, action in zip(items, c.outcome.actions, strict=True):
            assert squash(action.we_will) in text_of(item)
            tags = [text_of(t) for t in item.select(".tag")]
            assert ("Overdue" in tags) == action.overdue, (c.id, action.we_will)
            overdue_seen += action.overdue
    assert overdue_seen >= 1


def test_overdue_feedback_is_said_plainly(demo_site, demo_register):
    for c in demo_register.consultations:
        banner = text_of(demo_site.soup(c.url).select_one(".status-banner"))
        assert ("Results are late." in banner) == c.feedback_overdue, c.id
        assert ("We are reading your responses; results due by" in banner) == (c.is_closed and not c.feedback_overdue), c.id


def test_withdrawn_consultations_keep_their_page_with_the_reason(demo_site, demo_register):
    withdrawn = [c for c in demo_register.consultations if c.status == "withdrawn"]
    assert withdrawn
    for c in withdrawn:
        banner = text_of(demo_site.soup(c.url).select_one(".status-banner"))
        assert squash(c.withdrawn["reason"]) in banner


def test_write_ups_are_joined_to_their_consultation(demo_site, demo_register):
    with_writeups = [c for c in demo_register.consultations if c.outcome and c.outcome.writeup]
    assert len(with_writeups) >= 10
    for c in with_writeups:
        if c.status != "feedback-published":
            continue
        section = demo_site.soup(c.outcome_url).select_one("section.writeup")
        assert text_of(section.find("h2")) == squash(c.outcome.writeup.title)
        assert section.find(["p", "ul", "ol"]) is not None


def test_area_wide_and_local_consultations_say_where(demo_site, demo_register):
    for c in demo_register.consultations:
        rows = {text_of(row.dt): text_of(row.dd) for row in demo_site.soup(c.url).select(".summary-list__row")}
        if c.area_wide:
            assert rows["Where"].startswith("Area-wide")
        else:
            assert all(locality.name in rows["Where"] for locality in c.localities)


def test_summaries_in_other_languages_are_marked_with_their_language(demo_site, demo_register):
    translated = [c for c in demo_register.consultations if c.translations]
    assert translated
    for c in translated:
        soup = demo_site.soup(c.url)
        for t in c.translations:
            section = soup.find("section", attrs={"lang": t["lang"]})
            assert section is not None and squash(t["summary"])[:40] in text_of(section)


# -- lists ------------------------------------------------------------------------------

def test_the_register_lists_every_consultation_once_under_its_status(demo_site, demo_register):
    seen = Counter()
    for _, soup in list_pages(demo_site, "consultations/"):
        for section in soup.find_all("section"):
            for a in section.select(".card__title a"):
                seen[a["href"]] += 1
                c = next(c for c in demo_register.consultations if f"/{c.url}" == a["href"])
                assert section["aria-labelledby"] == c.status, c.id
    assert set(seen) == {f"/{c.url}" for c in demo_register.consultations} and set(seen.values()) == {1}


def test_the_register_groups_by_year_newest_first(demo_site):
    for _, soup in list_pages(demo_site, "consultations/"):
        for section in soup.find_all("section"):
            years = [int(re.search(r"(\d{4})$", text_of(h3)).group(1)) for h3 in section.find_all("h3")]
            assert years == sorted(years, reverse=True)


def test_you_said_we_did_index_lists_results_newest_first(demo_site, demo_register):
    published = sorted((c for c in demo_register.consultations if c.status == "feedback-published"),
                       key=lambda c: (c.outcome.published, c.id), reverse=True)
    hrefs = [a["href"] for _, soup in list_pages(demo_site, "you-said-we-did/") for a in soup.select(".card__title a")]
    assert hrefs == [f"/{c.url}" for c in published]


def test_home_page_shows_open_consultations_closing_soonest_first(demo_site, demo_register):
    soup = demo_site.soup("")
    open_now = sorted((c for c in demo_register.consultations if c.status == "open"), key=lambda c: (c.effective_closes, c.id))
    heading = soup.find("h2", string="Open now")
    hrefs = [a["href"] for a in heading.find_next("ul").select(".card__title a")]
    assert hrefs == [f"/{c.url}" for c in open_now]


# -- every page --------------------------------------------------------------------------

def all_pages(site):
    return sorted(p for p in site.root.rglob("*.html"))


def test_every_page_is_english_with_a_skip_link_and_one_main(demo_site):
    for page in all_pages(demo_site):
        soup = demo_site.soup(str(page.relative_to(demo_site.root)))
        assert soup.html["lang"] == "en-GB", page
        if soup.find("meta", attrs={"http-equiv": "refresh"}):
            continue  # a redirect page for a former address
        skip = soup.select_one("a.skip-link")
        assert skip and soup.find(id=skip["href"][1:]).name == "main", page
        assert len(soup.find_all("main")) == 1 and len(soup.find_all("h1")) == 1, page


def test_no_page_loads_anything_from_another_site(demo_site):
    for page in all_pages(demo_site):
        soup = demo_site.soup(str(page.relative_to(demo_site.root)))
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
            for node in soup.find_all(tag):
                value = node.get(attr, "")
                if tag == "link" and node.get("rel") in (["alternate"], ["canonical"]):
                    continue
                assert not re.match(r"^(https?:)?//", value), (page, value)
