"""Words that fit the moment: each status's call to action, and late promises near the top.

The words are chosen in one place (domain/calls_to_action.py); these tests read the built
demo's pages, for every status the demo has, against the wording issue 26 asks for.
"""

from __future__ import annotations

from datetime import date

import pytest

from helpers.site import ROOT, text_of
from said_and_done.domain.derive import STATUSES
from said_and_done.domain.records import load_register
from said_and_done.site import components
from said_and_done.site.filters import long_date

pytestmark = pytest.mark.usefixtures("demo_site")

# What each stage asks of residents, or tells them (the brief's words), and where its button goes.
ACTIONS = {
    "planned": ("This consultation has not opened yet", None),
    "open": ("Tell us what you think", "#take-part"),
    "closed": ("This consultation has closed", None),
    "feedback-published": ("Read what we did", "outcome"),
    "withdrawn": ("This consultation was withdrawn", None),
}


def _banner(demo_site, c):
    return demo_site.soup(c.url).select_one(".status-banner")


def test_the_demo_has_every_status_and_an_overdue_result(demo_register):
    assert set(STATUSES) <= {c.status for c in demo_register.consultations}
    assert any(c.feedback_overdue for c in demo_register.consultations)
    assert any(not c.feedback_overdue for c in demo_register.consultations if c.status == "closed")


def test_each_status_has_its_own_call_to_action(demo_site, demo_register):
    for c in demo_register.consultations:
        banner = _banner(demo_site, c)
        action, target = ACTIONS[c.status]
        assert text_of(banner.select_one(".status-banner__action")) == action, c.id
        link = banner.select_one(".status-banner__action a")
        if target is None:
            assert link is None, c.id
        else:
            expected = "#take-part" if target == "#take-part" else "/" + c.outcome_url
            assert link["href"] == expected, c.id
            if target == "#take-part":
                assert demo_site.soup(c.url).find(id="take-part") is not None
        # Only an open consultation asks for views.
        assert ("Tell us what you think" in text_of(banner)) == (c.status == "open"), c.id


def test_a_closed_consultation_says_what_happens_next(demo_site, demo_register):
    closed = [c for c in demo_register.consultations if c.status == "closed"]
    for c in closed:
        banner = text_of(_banner(demo_site, c))
        due = long_date(c.feedback_due)
        # The same words as the accountability page's (components/plans.html results_wait).
        if c.feedback_overdue:
            assert (f"Results are late. {c.lead.name} promised to publish what people said and what was "
                    f"done by {due}") in banner
        else:
            assert f"We are reading your responses; results due by {due}." in banner


def test_a_planned_consultation_says_when_it_opens(demo_site, demo_register):
    for c in (c for c in demo_register.consultations if c.status == "planned"):
        assert f"You can tell us what you think from {long_date(c.opens)}." in text_of(_banner(demo_site, c))


def test_a_withdrawn_consultation_gives_its_reason(demo_site, demo_register):
    for c in (c for c in demo_register.consultations if c.status == "withdrawn"):
        banner = text_of(_banner(demo_site, c))
        assert "You do not need to do anything." in banner and " ".join(c.withdrawn["reason"].split()) in banner


# -- late promises, flagged as the accountability page flags them -------------------------

def _late_block(soup):
    return soup.select_one("main .late-promises")


def _flags(block) -> list:
    return [text_of(t) for t in block.select(".tag")] if block else []


def test_consultation_and_results_pages_show_their_late_promises_near_the_top(demo_site, demo_register):
    seen = {"results": 0, "actions": 0, "reviews": 0}
    for c in demo_register.consultations:
        late_actions = [a for a in c.outcome.actions if a.overdue or a.review_due] if c.has_published_outcome else []
        urls = [c.url] + ([c.outcome_url] if c.has_published_outcome else [])
        for url in urls:
            soup = demo_site.soup(url)
            block = _late_block(soup)
            if not (c.feedback_overdue or late_actions):
                assert block is None, (url, "nothing is late, so nothing is flagged")
                continue
            assert block is not None, url
            # Near the top: before any other section heading of the page.
            first_h2 = soup.select_one("main h2")
            assert block.find("h2") is first_h2, url
            flags = _flags(block)
            assert ("Results overdue" in flags) == c.feedback_overdue, url
            assert flags.count("Overdue") == sum(a.overdue for a in late_actions), url
            assert flags.count("Review due") == sum(a.review_due for a in late_actions), url
            text = text_of(block)
            for a in late_actions:
                assert " ".join(a.we_will.split()) in text
                assert f"{a.days_late} day" in text
            assert block.select_one('a[href="/accountability/"]') is not None
        seen["results"] += c.feedback_overdue
        seen["actions"] += sum(a.overdue for a in late_actions)
        seen["reviews"] += sum(a.review_due for a in late_actions)
    # The demo has late results and overdue actions (none due a review), so both branches ran.
    assert seen["results"] and seen["actions"], seen


def test_late_promises_use_the_accountability_pages_own_flags(demo_site, demo_register):
    # The same macro draws both: an action's tags and days late read the same in both places.
    acc = demo_site.soup("accountability/actions-overdue/")
    listed = {text_of(li.select_one(".action__what")): text_of(li.select_one("p")) for li in acc.select("li.action")}
    checked = 0
    for c in demo_register.consultations:
        block = _late_block(demo_site.soup(c.url))
        for li in block.select("li") if block else []:
            what = text_of(li.find("a"))
            if what in listed:
                assert text_of(li).endswith(listed[what]), what
                checked += 1
    assert checked >= 1


# -- the components, at other build dates -------------------------------------------------

LATER = date(2027, 9, 1)  # the demo on a later day: two actions' review dates have passed


@pytest.fixture(scope="module")
def later_register():
    return load_register(ROOT / "data", build_date=LATER)


def test_every_banner_has_its_dates_filled_in(demo_register, later_register):
    for register in (demo_register, later_register):
        for c in register.consultations:
            b = components.status_banner(c)
            words = " ".join((b.headline, b.action, b.next_steps))
            assert "{" not in words and "}" not in words, (c.id, words)
            assert b.status.kind == c.status


def test_an_action_past_its_review_date_is_flagged_as_review_due_not_overdue(later_register):
    found = 0
    for c in later_register.consultations:
        late = components.late_promises(c)
        for a in late.actions:
            assert a.facts.overdue or a.facts.review_due
            if a.facts.review_due:
                action = next(x for x in c.outcome.actions if x.we_will == a.we_will)
                assert not a.facts.overdue and a.days_late == (LATER - action.review).days
                found += 1
        assert [a.days_late for a in late.actions] == sorted((a.days_late for a in late.actions), reverse=True)
    assert found >= 1
