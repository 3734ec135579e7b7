""""We will" actions told honestly: due a date or a condition, on hold with a reason, progress and
dated updates, "review due" and "not updated since", and never overdue without a date that has passed.

Each test writes the fixture record's actions block (tests/fixtures/valid/2026-test-library-hours.yaml:
opens 2026-02-01, results published 2026-05-20) and loads or builds it.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from accountability.checks import stale_checks
from helpers.site import FIXTURES, Site, build_site
from said_and_done.domain.problems import RecordErrors
from said_and_done.domain.records import load_register
from said_and_done.site.options import SettingsError

RECORD = "data/consultations/2026-test-library-hours.yaml"
FAR_FUTURE = "2031-03-02"  # years past every date below

# A dated action, to show overdue is still found: without it, "never overdue" could pass by never flagging.
DATED = """\
    - we_will: Publish new opening hours on every library door.
      lead: test-council
      due: 2026-06-30
      status: in-progress
      updated: 2026-06-01
"""
CONDITIONAL = """\
    - we_will: Open the library on Sundays.
      lead: test-council
      due:
        when: national guidance on library staffing is published
      status: planned
      updated: 2026-06-01
"""
CONDITIONAL_WITH_REVIEW = """\
    - we_will: Put in a new self-service machine.
      lead: test-council
      due:
        when: the county's new library contract starts
        review: 2027-01-31
      status: in-progress
      updated: 2026-06-01
"""
ON_HOLD = """\
    - we_will: Sell the old library van.
      lead: test-council
      due: 2026-07-31
      status: on-hold
      reason: Awaiting the appeal ruling on the van's lease.
      review: 2027-03-01
      updated: 2026-06-01
"""
# Updates given out of date order: the page lists them oldest first.
WITH_UPDATES = """\
    - we_will: Recruit four library volunteers.
      lead: test-council
      due: 2031-12-31
      status: in-progress
      progress: 50
      updates:
        - date: 2026-09-14
          note: Two volunteers started on Saturdays.
        - date: 2026-06-02
          status: in-progress
          note: We advertised for volunteers in the library & online.
"""


def with_actions(project: Path, *actions: str) -> Path:
    record = project / RECORD
    head, rest = record.read_text(encoding="utf-8").split("  actions:\n")
    # The record's top-level blocks after its actions (its evaluation) stay, after the new actions.
    tail = rest[rest.index("\nevaluation:") + 1:] if "\nevaluation:" in rest else ""
    record.write_text(head + "  actions:\n" + "".join(actions) + tail, encoding="utf-8")
    return record


def load(project: Path, day: str):
    return load_register(project / "data", build_date=date.fromisoformat(day), root=project)


def actions_of(register) -> dict:
    return {a.we_will: a for a in register.consultations[0].outcome.actions}


def build(project: Path, day: str, **pelican) -> Site:
    return Site(build_site(project / "output", content=project / "content", data=project / "data",
                           build_date=day, partnership="Test Partnership", pelican_settings=pelican or None))


def text(soup) -> str:
    return " ".join(soup.get_text(" ").split())


def action_item(site: Site, url: str, we_will: str):
    [item] = [li for li in site.soup(url).select("li.action") if we_will in li.get_text()]
    return item


# -- what is derived --------------------------------------------------------------------------


def test_only_a_due_date_that_has_passed_makes_an_action_overdue(fixture_project):
    with_actions(fixture_project, DATED, CONDITIONAL, CONDITIONAL_WITH_REVIEW, ON_HOLD)
    found = actions_of(load(fixture_project, FAR_FUTURE))
    assert {w: a.overdue for w, a in found.items()} == {
        "Publish new opening hours on every library door.": True,
        "Open the library on Sundays.": False,
        "Put in a new self-service machine.": False,
        "Sell the old library van.": False,
    }


def test_review_due_once_a_waiting_or_held_action_passes_its_review_date(fixture_project):
    with_actions(fixture_project, DATED, CONDITIONAL, CONDITIONAL_WITH_REVIEW, ON_HOLD)
    before = actions_of(load(fixture_project, "2027-01-31"))
    assert not any(a.review_due for a in before.values())
    after = actions_of(load(fixture_project, "2027-03-02"))
    assert {w for w, a in after.items() if a.review_due} == {"Put in a new self-service machine.",
                                                             "Sell the old library van."}
    # A condition with no review date is never review due, however long it waits.
    assert not actions_of(load(fixture_project, FAR_FUTURE))["Open the library on Sundays."].review_due


def test_a_finished_action_is_neither_overdue_nor_review_due(fixture_project):
    done = CONDITIONAL_WITH_REVIEW.replace("status: in-progress", "status: done")
    with_actions(fixture_project, done)
    [a] = actions_of(load(fixture_project, FAR_FUTURE)).values()
    assert (a.overdue, a.review_due) == (False, False)


def test_updates_are_sorted_and_updated_is_the_newest_date(fixture_project):
    with_actions(fixture_project, WITH_UPDATES)
    [a] = actions_of(load(fixture_project, "2026-11-23")).values()
    assert [u.date for u in a.updates] == [date(2026, 6, 2), date(2026, 9, 14)]
    assert a.updated == date(2026, 9, 14) and a.checked is None and a.progress == 50
    # A later updated: (checked, nothing new to say) counts over the newest update.
    with_actions(fixture_project, WITH_UPDATES.replace("      updates:\n", "      updated: 2026-10-01\n      updates:\n"))
    [a] = actions_of(load(fixture_project, "2026-11-23")).values()
    assert a.updated == date(2026, 10, 1)


# -- on every page and data file -------------------------------------------------------------


@pytest.fixture
def far_future_site(fixture_project) -> Site:
    with_actions(fixture_project, DATED, CONDITIONAL, CONDITIONAL_WITH_REVIEW, ON_HOLD, WITH_UPDATES)
    return build(fixture_project, FAR_FUTURE)


RESULTS = "/consultations/2026-test-library-hours/you-said-we-did/"


def test_no_action_without_a_passed_date_is_shown_overdue_anywhere(far_future_site):
    site = far_future_site
    waiting = ["Open the library on Sundays.", "Put in a new self-service machine.", "Sell the old library van."]
    # The results page: the dated action is overdue, the others are not.
    assert "Overdue" in text(action_item(site, RESULTS, "Publish new opening hours"))
    for we_will in waiting:
        assert "Overdue" not in text(action_item(site, RESULTS, we_will)), we_will
    # /accountability/ and its full list: only the dated one.
    for url in ("/accountability/", "/accountability/actions-overdue/"):
        listed = site.soup(url).find(id="actions-overdue") or site.soup(url).find("main")
        overdue = text(listed.find_next("ol", class_="actions"))
        assert "Publish new opening hours" in overdue
        assert not any(w in overdue for w in waiting), url
    row = site.soup("/accountability/").select_one("table tbody tr")
    assert [td.get_text(strip=True) for td in row.find_all("td")][1] == "1"
    # JSON and CSV.
    exported = json.loads((site.root / "data" / "consultations.json").read_text(encoding="utf-8"))
    flags = {a["we_will"]: a["overdue"] for a in exported["consultations"][0]["outcome"]["actions"]}
    assert [w for w, late in flags.items() if late] == ["Publish new opening hours on every library door."]
    rows = list(csv.DictReader(io.StringIO((site.root / "data" / "actions.csv").read_text(encoding="utf-8-sig"))))
    assert [r["we_will"] for r in rows if r["overdue"] == "true"] == ["Publish new opening hours on every library door."]
    [consultation_row] = csv.DictReader(io.StringIO(
        (site.root / "data" / "consultations.csv").read_text(encoding="utf-8-sig")))
    assert consultation_row["actions_overdue"] == "1"
    # The browse pages' counts and lists.
    council = text(site.soup("/organisations/test-council/"))
    # Under way: the two waiting on a condition and the one due in 2031; then the one on hold.
    assert "0 done, 3 under way, 1 on hold, 1 overdue" in council
    # No feed calls any action overdue.
    feeds = [p for p in site.root.rglob("*.xml") if "sitemap" not in p.name]
    assert feeds and not any("overdue" in p.read_text(encoding="utf-8").lower() for p in feeds)


def test_a_conditional_action_says_what_it_waits_for_and_when_it_is_reviewed(far_future_site):
    item = action_item(far_future_site, RESULTS, "Put in a new self-service machine.")
    assert "When the county's new library contract starts (we will review this by 31 January 2027)" in text(item)
    assert item.find("strong", class_="tag--review-due").get_text() == "Review due"
    assert "review" not in text(action_item(far_future_site, RESULTS, "Open the library on Sundays.")).lower()
    reviews = text(far_future_site.soup("/accountability/reviews-due/").find("main"))
    assert "Put in a new self-service machine." in reviews and "Sell the old library van." in reviews
    assert "Publish new opening hours" not in reviews and "Open the library on Sundays." not in reviews


def test_on_hold_shows_its_reason_and_review_date(far_future_site):
    item = action_item(far_future_site, RESULTS, "Sell the old library van.")
    assert item.find("strong", class_="tag--action-on-hold").get_text() == "On hold"
    assert ("On hold: Awaiting the appeal ruling on the van's lease. We said we would look at it again on "
            "1 March 2027.") in text(item)
    exported = json.loads((far_future_site.root / "data" / "consultations.json").read_text(encoding="utf-8"))
    [held] = [a for a in exported["consultations"][0]["outcome"]["actions"] if a["status"] == "on-hold"]
    assert (held["overdue"], held["review_due"], held["review"], held["reason"]) == (
        False, True, "2027-03-01", "Awaiting the appeal ruling on the van's lease.")


def test_the_timeline_lists_updates_oldest_first_with_machine_dates(far_future_site):
    item = action_item(far_future_site, RESULTS, "Recruit four library volunteers.")
    steps = item.select("ol.timeline > li")
    assert [li.time["datetime"] for li in steps] == ["2026-06-02", "2026-09-14"]
    assert [li.time.get_text() for li in steps] == ["2 June 2026", "14 September 2026"]
    assert "We advertised for volunteers in the library & online." in text(steps[0])
    assert "in the library &amp; online." in far_future_site.html(RESULTS)  # escaped in the page's own bytes
    # Progress in words as well as the bar: colour is never the only cue.
    bar = item.find("progress")
    assert (bar["value"], bar["max"]) == ("50", "100") and "50% done" in text(item)
    rows = list(csv.DictReader(io.StringIO(
        (far_future_site.root / "data" / "actions.csv").read_text(encoding="utf-8-sig"))))
    [row] = [r for r in rows if r["we_will"] == "Recruit four library volunteers."]
    assert (row["progress"], row["last_update"], row["updates"], row["due_condition"]) == ("50", "2026-09-14", "2", "")
    [waiting] = [r for r in rows if r["we_will"] == "Put in a new self-service machine."]
    assert (waiting["due"], waiting["due_condition"], waiting["review_date"]) == (
        "", "the county's new library contract starts", "2027-01-31")


# -- mistakes and warnings -----------------------------------------------------------------------

MISTAKES = [
    # (fixture in tests/fixtures/invalid, the whole line staff see)
    ("due-condition-without-when", "45:7: outcome.actions[1].due.when: expected 'when:' saying what the action "
                                   "waits for"),
    ("on-hold-without-reason", "43:7: outcome.actions[1].reason: expected a reason when an action is on hold"),
    ("progress-out-of-range", "47:7: outcome.actions[1].progress: expected a number at most 100, found the number 120"),
    ("update-without-date", "50:11: outcome.actions[1].updates[2].date: expected this field, found it missing: "
                            "add 'date:'"),
    ("review-not-on-hold", "48:7: outcome.actions[1].review: expected review only on an action that is on hold"),
]


@pytest.mark.parametrize("fixture, expected", MISTAKES, ids=[m[0] for m in MISTAKES])
def test_each_action_mistake_names_file_line_and_field(fixture_project, fixture, expected):
    shutil.copy(FIXTURES / "invalid" / f"{fixture}.yaml", fixture_project / RECORD)
    with pytest.raises(RecordErrors) as caught:
        load(fixture_project, "2026-11-23")
    assert [str(e) for e in caught.value.errors][0].startswith(f"{RECORD}:{expected}")
    assert len(caught.value.errors) == 1


def test_a_due_that_is_neither_date_nor_condition_says_both_ways(fixture_project):
    with_actions(fixture_project, DATED.replace("due: 2026-06-30", "due: soon"))
    with pytest.raises(RecordErrors) as caught:
        load(fixture_project, "2026-11-23")
    [error] = caught.value.errors
    assert error.field == "outcome.actions[1].due" and error.line == 42
    assert "a date written YYYY-MM-DD" in error.message and "when:" in error.message and "found 'soon'" in error.message


def test_an_action_with_neither_updated_nor_updates_is_an_error(fixture_project):
    with_actions(fixture_project, DATED.replace("      updated: 2026-06-01\n", ""))
    with pytest.raises(RecordErrors) as caught:
        load(fixture_project, "2026-11-23")
    [error] = caught.value.errors
    assert error.field == "outcome.actions[1].updated" and "or an updates list" in error.message


def test_dates_in_the_future_or_before_opening_are_warnings_at_their_lines(fixture_project):
    late = WITH_UPDATES.replace("date: 2026-09-14", "date: 2027-01-05").replace("date: 2026-06-02", "date: 2025-12-01")
    with_actions(fixture_project, DATED.replace("updated: 2026-06-01", "updated: 2026-12-25"), late)
    warnings = [str(w) for w in load(fixture_project, "2026-11-23").warnings]
    assert f"{RECORD}:44:7: outcome.actions[1].updated: expected a date on or before the build date (2026-11-23), " \
           "found 2026-12-25, which is in the future" in "\n".join(warnings)
    assert any(w.startswith(f"{RECORD}:51:11: outcome.actions[2].updates[1].date: expected a date on or before")
               for w in warnings), warnings
    assert any(w.startswith(f"{RECORD}:53:11: outcome.actions[2].updates[2].date: expected a date on or after the "
                            "consultation opened (2026-02-01), found 2025-12-01") for w in warnings), warnings


def test_an_action_in_progress_not_updated_for_too_long_is_warned_about_and_listed(fixture_project):
    with_actions(fixture_project, DATED, WITH_UPDATES)
    # Default 180 days: on 2026-11-23, 2026-06-01 is 175 days back for the dated action, so not yet stale.
    assert load(fixture_project, "2026-11-23").warnings == []
    warnings = [str(w) for w in load(fixture_project, "2026-12-01").warnings]
    assert len(warnings) == 1 and warnings[0].startswith(
        f"{RECORD}:44:7: outcome.actions[1].updated: expected an update at least every 180 days")
    assert "found none since 2026-06-01" in warnings[0]
    # The setting, read by the accountability plugin's check (the build gives it Pelican's settings; other
    # plugins' checks need a full set, so the receiver is called on its own here). A shorter limit
    # catches the one with updates too, pointing at its newest update's line.
    register = load(fixture_project, "2026-12-01")

    def stale_with(days):
        register.settings = {"ACCOUNTABILITY": {"stale_after_days": days}}
        return [str(w) for w in stale_checks(register)]

    assert [w.split(": expected")[0] for w in stale_with(60)] == [f"{RECORD}:44:7: outcome.actions[1].updated",
                                                                  f"{RECORD}:51:11: outcome.actions[2].updates[1].date"]
    assert stale_with(365) == []
    for bad in (0, "180", True):
        with pytest.raises(SettingsError, match="stale_after_days"):
            stale_with(bad)


def test_not_updated_since_is_listed_on_the_accountability_page(fixture_project):
    held = ON_HOLD.replace("updated: 2026-06-01", "updated: 2026-05-25")
    with_actions(fixture_project, DATED, held, CONDITIONAL_WITH_REVIEW)
    site = build(fixture_project, "2026-12-01", ACCOUNTABILITY={"stale_after_days": 180})
    front = site.soup("/accountability/")
    section = text(front.find(id="not-updated").find_next("ol", class_="actions"))
    # In progress only: the dated action (2026-06-01). The conditional one is "in progress" too but
    # was updated on the same day: both are listed, oldest first; the one on hold is not.
    assert "not updated since 1 June 2026 (183 days)" in section
    assert "Publish new opening hours" in section and "Put in a new self-service machine." in section
    assert "Sell the old library van." not in section
    full = text(site.soup("/accountability/not-updated/").find("main"))
    assert "Longest without an update first" in full and "Publish new opening hours" in full
