"""Issue 23, before and during: an extension moves the closing date everywhere, results due and
late come from one derived source, and the demo's pages show scope, proposals, take part
before opening, the results plan, the law and the equality impact assessment."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

import pytest

from accountability.views import accountability, late_result_card
from coordination.overlaps import window_of
from helpers.site import FIXTURES
from said_and_done.domain.records import load_register

RECORD = FIXTURES / "valid" / "2026-test-library-hours.yaml"


def awaiting_record(extra_dates: str = "", extra: str = "") -> str:
    """The valid fixture without its results (so it can be open, closed or late), with additions."""
    text = RECORD.read_text(encoding="utf-8").split("outcome:", 1)[0]
    text = text.replace("  feedback_due: 2026-05-31\n", "  feedback_due: 2026-05-31\n" + extra_dates)
    return text + extra


def load(project, text: str, build_date: date):
    (project / "data" / "consultations" / "2026-test-library-hours.yaml").write_text(text, encoding="utf-8")
    register = load_register(project / "data", build_date=build_date, root=project)
    return register, register.consultations[0]


EXTENDED = """  extended:
    to: 2026-03-29
    reason: The drop-in was moved.
    announced: 2026-03-10
"""


def test_an_extended_consultation_is_open_until_its_new_date_and_keeps_the_original(fixture_project):
    _, c = load(fixture_project, awaiting_record(EXTENDED), date(2026, 3, 20))  # after the original closes
    assert c.closes == date(2026, 3, 15) and c.effective_closes == date(2026, 3, 29)
    assert c.status == "open" and c.days_left == 9
    assert (c.extended.original, c.extended.reason) == (date(2026, 3, 15), "The drop-in was moved.")
    # Clash checks compare the window up to the new date.
    assert window_of(c).closes == date(2026, 3, 29)
    _, c = load(fixture_project, awaiting_record(EXTENDED), date(2026, 3, 30))
    assert c.status == "closed" and c.results_wait and not c.results_wait.late


def test_without_an_extension_the_effective_date_is_closes(fixture_project):
    _, c = load(fixture_project, awaiting_record(), date(2026, 3, 20))
    assert c.extended is None and c.effective_closes == c.closes and c.status == "closed"


@pytest.mark.parametrize(("today", "status", "late", "days_late"), [
    (date(2026, 3, 1), "open", None, None),  # not closed: nothing is awaited
    (date(2026, 3, 16), "closed", False, 0),  # the day after closing
    (date(2026, 5, 31), "closed", False, 0),  # the promised day itself is not late
    (date(2026, 6, 3), "closed", True, 3),
])
def test_results_wait_says_when_results_are_due_and_when_late(fixture_project, today, status, late, days_late):
    plan = "feedback_plan:\n  how: A report on this page.\n  decided_by: Cabinet\n  decision_expected: 2026-04-30\n"
    _, c = load(fixture_project, awaiting_record(extra=plan), today)
    assert c.status == status
    w = c.results_wait
    if late is None:
        assert w is None and not c.feedback_overdue
        return
    assert (w.due, w.late, w.days_late, w.lead) == (date(2026, 5, 31), late, days_late, "Test Borough Council")
    assert c.feedback_overdue is late  # the flag other pages read is the same fact
    assert (w.decided_by, w.decision_expected) == ("Cabinet", date(2026, 4, 30))
    assert w.decision_passed is (today > date(2026, 4, 30))


def test_published_results_are_not_awaited(fixture_project):
    register = load_register(fixture_project / "data", build_date=date(2026, 6, 3), root=fixture_project)
    c = register.consultations[0]
    assert c.has_published_outcome and c.results_wait is None and not c.feedback_overdue


def test_accountability_lists_late_results_from_the_same_source(fixture_project):
    register, c = load(fixture_project, awaiting_record(), date(2026, 6, 10))
    late = accountability(register).late_results
    assert [r.consultation.id for r in late] == [c.id] and late[0].days_late == c.results_wait.days_late == 10
    assert late_result_card(late[0]).wait is c.results_wait
    register, c = load(fixture_project, awaiting_record(), date(2026, 5, 31))
    assert accountability(register).late_results == [] and c.results_wait is not None


def test_scope_type_and_equality_impact_are_read_from_the_record(fixture_project):
    extra = """type: statutory
statutory_basis: The Libraries Act 1964
equality_impact:
  none_because: Opening hours stay the same for most people.
scope:
  can_change: [Which evenings the library opens late.]
  cannot_change:
    - what: The number of staff hours.
      because: budget
  proposals:
    - id: thursday
      title: Late on Thursdays
      question: Do you agree?
"""
    _, c = load(fixture_project, awaiting_record(extra=extra), date(2026, 3, 1))
    assert (c.type, c.type_label, c.statutory_basis) == ("statutory", "Statutory consultation", "The Libraries Act 1964")
    assert c.equality_impact.none_because.startswith("Opening hours") and not c.equality_impact.url
    assert c.scope.can_change == ("Which evenings the library opens late.",)
    assert [(f.what, f.because_label) for f in c.scope.cannot_change] == [("The number of staff hours.", "The budget is set")]
    assert [(p.id, p.question) for p in c.scope.proposals] == [("thursday", "Do you agree?")]


# -- the demo's pages ---------------------------------------------------------------

def text_of(node) -> str:
    """The text as read: inline tags do not add spaces (so "consultation, required" stays as written)."""
    return " ".join(node.get_text().split())


def main_text(site, url) -> str:
    return text_of(site.soup(url).find("main"))


def test_a_planned_consultation_shows_how_to_take_part_events_and_when_it_opens(demo_site, demo_register):
    c = demo_register.by_id["2026-kestlebury-town-plan"]
    assert c.is_planned and c.how_to_take_part["events"]
    main = demo_site.soup(f"/{c.url}").find("main")
    assert main.find(id="take-part") is not None
    text = text_of(main)
    assert "This consultation opens on Monday 7 December 2026" in text
    for e in c.how_to_take_part["events"]:
        assert e["place"] in text
    assert "What happens next" in text and "Kestlebury Town Council will make the decision" in text
    assert "Statutory consultation, required by The Neighbourhood Planning (General) Regulations 2012" in text
    assert "No assessment: The steering group will assess the first draft" in text


def test_an_extended_consultation_says_so_and_runs_to_the_new_date(demo_site, demo_register):
    c = demo_register.by_id["2026-wrenhallow-library-community-hub"]
    assert c.extended and c.is_open and c.closes < c.effective_closes
    text = main_text(demo_site, f"/{c.url}")
    assert "Open until Sunday 13 December 2026" in text
    assert "Extended from 25 November 2026 to 13 December 2026: The planning workshop" in text
    assert "Closes 13 December 2026 (extended from 25 November 2026)" in text
    entry = json.loads(demo_site.path(f"/consultations/{c.id}.json").read_text(encoding="utf-8"))
    dates = (entry["consultations"][0] if "consultations" in entry else entry)["dates"]
    assert (dates["closes"], dates["effective_closes"], dates["extended"]["to"]) == ("2026-11-25", "2026-12-13", "2026-12-13")
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(demo_site.path("/data/consultations.csv").read_text(encoding="utf-8")))}
    assert (rows[c.id]["closes"], rows[c.id]["effective_closes"], rows[c.id]["extended_to"]) == ("2026-11-25", "2026-12-13", "2026-12-13")
    # The home page's "open now" line counts days to the new date too.
    assert c.days_left == (c.effective_closes - demo_register.build_date).days


def test_an_open_consultation_shows_its_scope_and_proposals_near_the_top(demo_site, demo_register):
    c = demo_register.by_id["2026-oakhythe-urgent-treatment-centre-hours"]
    assert c.is_open and c.scope.proposals
    main = demo_site.soup(f"/{c.url}").find("main")
    scope = main.find(id="scope-heading")
    assert scope is not None
    # Near the top: before how to take part and the details.
    headings = [h.get("id") or text_of(h) for h in main.find_all("h2")]
    assert headings.index("scope-heading") < headings.index("take-part") < headings.index("Details")
    for p in c.scope.proposals:
        item = main.find(id=f"proposal-{p.id}")
        assert p.title in text_of(item) and f"We are asking: {p.question}" in text_of(item)
    text = text_of(scope.parent)
    assert "The budget is set" in text and "It has been decided already" in text
    assert "Statutory consultation, required by Section 14Z45" in text_of(main)
    filters = {s["data-pagefind-filter"] for s in main.select("[data-pagefind-filter]")}
    assert "statutory:Statutory consultation" in filters


def test_a_closed_consultation_says_results_are_being_read_and_when_due(demo_site, demo_register):
    c = demo_register.by_id["2026-policing-priorities-2027-2030"]
    assert c.is_closed and not c.results_wait.late
    text = main_text(demo_site, f"/{c.url}")
    assert "We are reading your responses; results due by 29 January 2027." in text
    assert "Results are late" not in text


def test_late_results_say_so_on_the_page_and_on_accountability_in_the_same_words(demo_site, demo_register):
    c = demo_register.by_id["2026-greyfell-recycling-centre-hours"]
    w = c.results_wait
    assert w.late and w.days_late == (demo_register.build_date - c.feedback_due).days
    on_page = [text_of(p) for p in demo_site.soup(f"/{c.url}").select("main .results-wait--late")]
    assert on_page == [f"Results are late. {c.lead.name} promised to publish what people said and what was done "
                       f"by 30 September 2026, {w.days_late} days ago."]
    for url in ("/accountability/", "/accountability/results-overdue/"):
        cards = [li for li in demo_site.soup(url).select("main li.card") if li.find("a", href=f"/{c.url}")]
        assert cards and [text_of(p) for p in cards[0].select(".results-wait--late")] == on_page, url
    assert "it was expected on 16 September 2026" in main_text(demo_site, f"/{c.url}")


def test_every_closed_demo_record_awaiting_results_shows_one_results_line(demo_site, demo_register):
    closed = [c for c in demo_register.consultations if c.is_closed]
    assert any(c.results_wait.late for c in closed) and any(not c.results_wait.late for c in closed)
    for c in closed:
        found = demo_site.soup(f"/{c.url}").select("main .results-wait")
        assert len(found) == 1 and ("results-wait--late" in found[0]["class"]) is c.results_wait.late, c.id


def test_each_state_is_on_at_least_one_demo_record(demo_register):
    cs = demo_register.consultations
    assert any(c.is_planned and c.how_to_take_part.get("events") for c in cs)
    assert any(c.extended and c.is_open for c in cs)
    assert any(c.is_open and c.scope and c.scope.proposals for c in cs)
    assert any(c.is_closed and not c.results_wait.late and c.feedback_plan for c in cs)
    assert any(c.is_closed and c.results_wait.late for c in cs)
    assert {c.type for c in cs} >= {"statutory", "non-statutory"}
    assert any(c.equality_impact and c.equality_impact.url for c in cs)
    assert any(c.equality_impact and c.equality_impact.none_because for c in cs)
    # Nothing extended ends before its original date, and the feed, calendar and page agree on it.
    assert all(c.effective_closes > c.closes for c in cs if c.extended)
    assert all(c.effective_closes - c.closes >= timedelta(0) for c in cs)


def test_feeds_calendar_and_search_use_the_extended_date(demo_site, demo_register):
    c = demo_register.by_id["2026-wrenhallow-library-community-hub"]
    feed = demo_site.path("/feeds/consultations.atom.xml").read_text(encoding="utf-8")
    assert "Open from 19 October 2026 to 13 December 2026. Extended from 25 November 2026: The planning workshop" in feed
    # The December month page lists it: it is open there only because of the extension.
    december = demo_site.soup("/calendar/2026-12/").find("main")
    assert december.select_one(f'.month__list a[href="/{c.url}"]') is not None
    assert "19 October 2026 to 13 December 2026" in text_of(december)
    # /search/ offers the filter for whether the law requires it.
    legends = [text_of(x) for x in demo_site.soup("/search/").select("legend")]
    assert "Required by law" in legends
