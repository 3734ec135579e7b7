"""After a consultation closes: withheld results, how the decision is made, updates, documents,
a theme's vote, and following one consultation by feed, calendar or email (issue 23)."""

from __future__ import annotations

from datetime import date

import feedparser
import pytest
from icalendar import Calendar

from feeds.options import email_signup, signup_address
from helpers.open_data_files import read_csv, read_json
from helpers.site import DEMO_PUBLIC_URL, ROOT, Site, build_site, text_of
from said_and_done.domain import results
from said_and_done.domain.records import load_register
from said_and_done.domain.results_checks import record_problems, split_problem
from said_and_done.domain.yaml_source import parse_yaml
from said_and_done.site.options import SettingsError

CARERS = "2025-brackenmoor-carers-strategy"
WITHHELD = "2026-greyfell-recycling-centre-hours"
BUDGET = "2024-budget-2025-26"
MARKET = "2025-kestlebury-market-square-parking"
FIRE = "2025-home-fire-safety-visits"
TODAY = date(2026, 11, 23)


# -- checks on the numbers ---------------------------------------------------------------
@pytest.mark.parametrize(("split", "responses", "wrong"), [
    ({"as": "percent", "support": 71, "oppose": 20, "neither": 9}, None, ""),
    ({"as": "percent", "support": 33, "oppose": 33, "neither": 33}, None, ""),  # 99: rounding
    ({"as": "percent", "support": 34, "oppose": 34, "neither": 33}, None, ""),  # 101: rounding
    ({"as": "percent", "support": 71, "oppose": 20}, None, ""),  # neither not published
    ({"as": "percent", "support": 71, "oppose": 20, "neither": 4}, None, "add up to 100"),
    ({"as": "percent", "support": 80, "oppose": 30, "neither": None}, None, "no more than 100"),
    ({"as": "count", "support": 400, "oppose": 300, "neither": 31}, 731, ""),
    ({"as": "count", "support": 400, "oppose": 300, "neither": 32}, 731, "no more than the responses (731)"),
    ({"as": "count", "support": 400.5, "oppose": 300}, 731, "whole numbers of people"),
    ({"as": "count", "support": 4000, "oppose": 300}, None, ""),  # no responses given: nothing to compare
])
def test_a_split_must_add_up(split, responses, wrong):
    message = split_problem(split, responses)
    assert (wrong in message and message.startswith("expected")) if wrong else message == ""


RECORD_WITH_PROPOSALS = """\
scope:
  proposals:
    - id: option-a
      title: Close on Mondays
    - id: option-b
      title: Close on Sundays
outcome:
  you_said:
    - theme: Mondays
      proposal: option-a
    - theme: Sundays
      proposal: option-c
"""


def test_a_theme_names_a_proposal_that_exists_when_the_record_lists_them():
    source, problems = parse_yaml(RECORD_WITH_PROPOSALS, "data/consultations/x.yaml")
    assert problems == []
    [problem] = record_problems(source)
    assert str(problem).startswith("data/consultations/x.yaml:12:7: outcome.you_said[2].proposal: ")
    assert "expected the id of a proposal in scope.proposals (option-a, option-b), found 'option-c'" in problem.message
    # Without scope.proposals (not every record lists them) any proposal id is accepted.
    bare, _ = parse_yaml(RECORD_WITH_PROPOSALS[RECORD_WITH_PROPOSALS.index("outcome:"):], "x.yaml")
    assert record_problems(bare) == []


def test_a_theme_takes_its_we_asked_from_its_proposal():
    from said_and_done.domain.assemble import _theme

    data = {"scope": {"proposals": [{"id": "option-a", "title": "Close on Mondays",
                                     "question": "Do you agree with closing on Mondays?"}]}}
    theme = {"theme": "Mondays", "said": "s", "we_did": "w", "decision": "adopted", "proposal": "option-a"}
    assert _theme(theme, data).asked == "Do you agree with closing on Mondays?"
    assert _theme({**theme, "asked": "Our own question?"}, data).asked == "Our own question?"


# -- the decision, derived against the build date -----------------------------------------
def decision(**fields):
    d = results.Decision(body="Cabinet", **fields)
    results.fill_in(d, TODAY)
    return d


def test_a_decision_taken_after_the_promised_date_says_it_was_late():
    d = decision(due=date(2026, 1, 1), taken=date(2026, 1, 11))
    assert d.late and d.days_late == 10
    assert d.steps[0].text == "Decision made by Cabinet, 10 days later than promised" and d.steps[0].done


def test_a_decision_still_not_made_after_the_promised_date_is_late_against_the_build_date():
    d = decision(due=date(2026, 11, 20))
    assert d.late and d.days_late == 3
    assert d.steps[0].text == "Decision by Cabinet was due and has not been made yet"


def test_a_decision_on_time_or_still_to_come_is_not_late_and_says_what_comes_next():
    assert not decision(due=date(2026, 1, 1), taken=date(2026, 1, 1)).late
    d = decision(due=date(2026, 12, 15), scrutiny={"until": date(2026, 12, 22), "called_in": None, "result": ""})
    assert not d.late
    assert [(s.text, s.done) for s in d.steps] == [
        ("Decision by Cabinet is due", False), ("Last day the decision can be called in for scrutiny", False)]


def test_a_joint_committee_names_its_partners():
    class Org:
        def __init__(self, name):
            self.name = name

    d = results.Decision(by=(Org("A Council"), Org("B Board"), Org("C Trust")), body="Joint Committee")
    assert d.who == "Joint Committee, a joint committee of A Council, B Board and C Trust"
    assert results.Decision(by=(Org("A Council"),)).who == "A Council"


# -- the demo's pages -------------------------------------------------------------------------
def test_withheld_results_are_not_called_published_and_say_why_and_when(demo_site, demo_register):
    c = demo_register.by_id[WITHHELD]
    # Not "Results published": still closed, awaiting results (and late once feedback_due passed).
    assert c.status == "closed" and not c.has_published_outcome
    # Its results address is a redirect to the consultation's page (data/redirects.yaml), not a results page.
    assert 'http-equiv="refresh"' in demo_site.html(f"/consultations/{WITHHELD}/you-said-we-did/")
    banner = text_of(demo_site.soup(f"/consultations/{WITHHELD}/").find(class_="status-banner"))
    assert "Results published" not in banner and "This consultation has closed" in banner
    assert "Results not published yet. The council is reviewing the whole waste budget" in banner
    assert "We now expect to publish them by 29 January 2027" in banner
    # The accountability page says the same, from the same results_wait.
    if c.feedback_overdue:
        late = text_of(demo_site.soup("/accountability/results-overdue/"))
        assert "Results not published yet. The council is reviewing the whole waste budget" in late


def test_a_late_joint_decision_with_a_legal_challenge_is_a_timeline(demo_site):
    for url in (f"/consultations/{CARERS}/", f"/consultations/{CARERS}/you-said-we-did/"):
        section = demo_site.soup(url).find(id="decision-title").parent
        text = text_of(section)
        assert "a joint committee of Brackenmoor Council" in text
        assert "Later than promised" in text
        assert "We promised a decision by 16 December 2025. It was made on 20 January 2026, 35 days late." in text
        steps = [text_of(li) for li in section.find_all("li", class_="timeline__item")]
        assert [s.split(" ", 3)[3][:40] for s in steps] == [
            "Decision made by Brackenmoor Health and ", "Not called in for scrutiny Not called in",
            "Judicial review lodged A carers' group c", "Judicial review refused permission to go",
            "Appeal lodged The carers' group has appe"]
        assert section.find("a", href="https://www.brackenmoor.example/meetings/hwb-2026-01-20-decisions")


def test_a_vote_has_its_question_a_bar_and_its_numbers_in_words(demo_site):
    theme = demo_site.soup(f"/consultations/{MARKET}/you-said-we-did/").find("li", class_="theme")
    assert "We asked: Do you support option C, making Market Square car-free?" in text_of(theme)
    figures = [text_of(li) for li in theme.find("ul", class_="split__figures").find_all("li")]
    assert figures == ["Support: 38%", "Oppose: 51%", "Neither: 11%"]
    bar = theme.find(class_="split__bar")
    assert bar["aria-hidden"] == "true"  # the list says it all to a screen reader
    parts = bar.find_all("span")
    # Widths are stylesheet classes (no inline style), and each part carries its words and number,
    # so colour is never the only cue.
    assert [p["class"][-1] for p in parts] == ["w-38", "w-51", "w-11"]
    assert [text_of(p) for p in parts] == ["Support 38%", "Oppose 51%", "Neither 11%"]


@pytest.mark.parametrize(("values", "widths"), [
    ((33, 33, 33), [34, 33, 33]),  # rounded to fill the bar
    ((987, 1742, None), [36, 64]),  # an unpublished part takes no room
    ((1, 0, 0), [100]),
    ((None, None, None), []),
])
def test_the_bar_is_whole_percentages_that_fill_it(values, widths):
    split = results.split_from({"as": "count", **dict(zip(("support", "oppose", "neither"), values, strict=True))})
    assert [w for _, w in split.segments()] == widths


def test_an_unknown_number_says_not_published_instead_of_vanishing(demo_site):
    budget = demo_site.soup(f"/consultations/{BUDGET}/you-said-we-did/")
    figures = [text_of(li) for li in budget.find("ul", class_="split__figures").find_all("li")]
    assert figures == ["Support: 987 people", "Oppose: 1,742 people", "Neither: not published"]


def test_updates_since_the_results_and_reports_are_listed_on_the_results_page(demo_site):
    page = demo_site.soup(f"/consultations/{FIRE}/you-said-we-did/")
    updates = [text_of(li) for li in page.find(id="updates-title").parent.find_all("li")]
    assert updates[0].startswith("20 November 2025 Extended The Saturday morning visits trial is extended")
    assert updates[1].startswith("12 March 2026 Deferred The Fire Authority deferred")
    documents = page.find(id="result-documents-title").parent
    assert "(Report, web page)" in text_of(documents)


def test_responses_not_given_say_not_published(tmp_path, fixture_project):
    record = fixture_project / "data" / "consultations" / "2026-test-library-hours.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("responses: 120\n", ""), encoding="utf-8")
    site = Site(build_site(tmp_path / "out", fixture_project / "content", fixture_project / "data"))
    assert "Responses received Not published" in site.main_text("/consultations/2026-test-library-hours/you-said-we-did/")


# -- following one consultation -------------------------------------------------------------
def test_every_consultation_page_links_its_follow_feed_and_calendar_in_the_page_and_its_head(demo_site, demo_register):
    for c in demo_register.consultations:
        page = demo_site.soup(f"/{c.url}")
        heads = {link["href"] for link in page.head.find_all("link", rel="alternate")}
        assert {f"/{c.url}updates.atom.xml", f"/{c.url}updates.ics"} <= heads, c.id
        follow = page.find(id="follow-heading").parent
        assert {a["href"] for a in follow.find_all("a")} == {f"/{c.url}updates.atom.xml", f"/{c.url}updates.ics"}


def test_follow_feeds_validate_and_read_as_plain_english_news(demo_site, demo_register):
    for c in demo_register.consultations:
        feed = feedparser.parse(demo_site.path(f"/{c.url}updates.atom.xml").read_bytes())
        assert not feed.bozo, (c.id, feed.get("bozo_exception"))
        assert feed.version == "atom10"
        dates = [date(*e.updated_parsed[:3]) for e in feed.entries]
        assert dates == sorted(dates, reverse=True) and all(d <= TODAY for d in dates), c.id
        assert len({e.id for e in feed.entries}) == len(feed.entries), c.id
    carers = feedparser.parse(demo_site.path(f"/consultations/{CARERS}/updates.atom.xml").read_bytes())
    titles = [e.title for e in carers.entries]
    assert "Results published: Write the new Brackenmoor carers strategy with us" in titles
    assert "Appeal lodged" in titles and "Judicial review lodged" in titles
    results_entry = next(e for e in carers.entries if e.title.startswith("Results published"))
    assert results_entry.id == f"tag:register.brackenmoor.example,2024:{CARERS}/results/2026-01-22"
    assert results_entry.link == f"{DEMO_PUBLIC_URL}/consultations/{CARERS}/you-said-we-did/"
    fire = feedparser.parse(demo_site.path(f"/consultations/{FIRE}/updates.atom.xml").read_bytes())
    assert any(e.title.startswith("Extended: The Saturday morning visits trial is extended") for e in fire.entries)
    assert any(e.title.startswith("Deferred: ") for e in fire.entries)


def test_results_not_yet_public_are_not_told_early_by_the_follow_feed_or_calendar(demo_site, demo_register):
    for c in demo_register.consultations:
        if c.outcome and not c.has_published_outcome:
            body = demo_site.path(f"/{c.url}updates.atom.xml").read_text() + demo_site.path(f"/{c.url}updates.ics").read_text()
            assert "Results published" not in body and " ".join(c.outcome.summary.split())[:40] not in body


def test_follow_calendars_hold_the_dates_to_come(demo_site, demo_register):
    for c in demo_register.consultations:
        cal = Calendar.from_ical(demo_site.path(f"/{c.url}updates.ics").read_bytes())
        events = cal.walk("VEVENT")
        uids = [str(e["UID"]) for e in events]
        assert len(set(uids)) == len(uids), c.id
        summaries = [str(e["SUMMARY"]) for e in events]
        assert f"Closes: {c.title}" in summaries
        if c.is_closed:
            assert f"Results due: {c.title}" in summaries
            due = next(e for e in events if str(e["SUMMARY"]).startswith("Results due"))
            assert due.decoded("DTSTART") == c.feedback_due


def test_entry_ids_survive_a_rename(tmp_path, fixture_project):
    data = fixture_project / "data"
    first = Site(build_site(tmp_path / "one", fixture_project / "content", data))
    old = "2026-test-library-hours"
    before = feedparser.parse(first.path(f"/consultations/{old}/updates.atom.xml").read_bytes())
    record = data / "consultations" / f"{old}.yaml"
    renamed = data / "consultations" / "2026-river-town-library-hours.yaml"
    renamed.write_text(record.read_text(encoding="utf-8") + f"aliases: [{old}]\n", encoding="utf-8")
    record.unlink()
    second = Site(build_site(tmp_path / "two", fixture_project / "content", data))
    after = feedparser.parse(second.path("/consultations/2026-river-town-library-hours/updates.atom.xml").read_bytes())
    assert before.entries and [e.id for e in after.entries] == [e.id for e in before.entries]


# -- "Get email updates" -----------------------------------------------------------------------
def test_email_updates_are_hidden_when_no_mailing_service_is_set(demo_site):
    for url in (f"/consultations/{CARERS}/", "/localities/kestlebury/", "/topics/libraries/"):
        assert "Get email updates" not in demo_site.main_text(url)


def test_email_updates_link_each_page_to_the_mailing_service_with_its_own_feed(tmp_path, fixture_project):
    pattern = "https://public.govdelivery.example/accounts/BRACK/subscriber/new?feed={feed_url}&list={slug}"
    site = Site(build_site(tmp_path / "out", fixture_project / "content", fixture_project / "data",
                           pelican_settings={"FEEDS": {"email_signup": pattern}}))
    for url, feed, slug in [
        ("/consultations/2026-test-library-hours/", "consultations/2026-test-library-hours/updates.atom.xml",
         "2026-test-library-hours"),
        ("/localities/river-town/", "localities/river-town/consultations.atom.xml", "river-town"),
        ("/topics/libraries/", "topics/libraries/consultations.atom.xml", "libraries"),
    ]:
        link = site.soup(url).select_one("p.email-updates a")
        assert link is not None and text_of(link).startswith("Get email updates"), url
        encoded = f"{DEMO_PUBLIC_URL}/{feed}".replace(":", "%3A").replace("/", "%2F")
        assert link["href"] == f"https://public.govdelivery.example/accounts/BRACK/subscriber/new?feed={encoded}&list={slug}"


def test_email_updates_can_be_set_page_by_page():
    setting = email_signup({"FEEDS": {"email_signup": {"localities/river-town/": "https://eepurl.example/abc"}}})
    assert signup_address(setting, "localities/river-town/", "https://x/feed", "river-town") == "https://eepurl.example/abc"
    assert signup_address(setting, "topics/libraries/", "https://x/feed", "libraries") == ""
    assert signup_address(email_signup({}), "topics/libraries/", "https://x/feed", "libraries") == ""


@pytest.mark.parametrize(("value", "said"), [
    ("http://insecure.example/{slug}", "starting https://"),
    ("https://x.example/{feed}", "only {feed_url} and {slug}"),
    ({"/localities/x/": "https://x.example"}, "page addresses like"),
    (["https://x.example"], "expected a sign-up address"),
])
def test_a_wrong_email_setting_stops_the_build_with_a_clear_message(value, said):
    with pytest.raises(SettingsError, match="FEEDS\\['email_signup'\\]") as caught:
        email_signup({"FEEDS": {"email_signup": value}})
    assert said in str(caught.value)


# -- open data ---------------------------------------------------------------------------------
def test_the_open_data_carry_the_decision_votes_updates_and_withheld_results(demo_site):
    by_id = {c["id"]: c for c in read_json(demo_site, "data/consultations.json")["consultations"]}
    carers = by_id[CARERS]["decision"]
    assert carers["late"] is True and carers["days_late"] == 35 and carers["taken"] == "2026-01-20"
    assert [o["slug"] for o in carers["by"]] == ["brackenmoor-council", "brackenmoor-icb", "brackenmoor-hospitals"]
    assert [s["text"] for s in carers["challenge"]] == [
        "Judicial review lodged", "Judicial review refused permission to go ahead", "Appeal lodged"]
    assert by_id[WITHHELD]["outcome"]["withheld"]["expected"] == "2027-01-29"
    assert by_id[WITHHELD]["outcome"]["you_said"] == []
    assert [u["kind"] for u in by_id[FIRE]["outcome"]["updates"]] == ["extended", "deferred"]
    budget_split = by_id[BUDGET]["outcome"]["you_said"][1]["split"]
    assert budget_split == {"as": "count", "support": 987, "oppose": 1742, "neither": None}
    rows = {r["id"]: r for r in read_csv(demo_site, "data/consultations.csv")}
    assert rows[CARERS]["decision_late"] == "true" and rows[CARERS]["challenge_latest"] == "Appeal lodged"
    assert rows[WITHHELD]["results_expected"] == "2027-01-29"
    themes = [r for r in read_csv(demo_site, "data/you-said-we-did.csv") if r["consultation_id"] == BUDGET]
    assert (themes[1]["split_as"], themes[1]["support"], themes[1]["neither"]) == ("count", "987", "")


def test_every_new_field_is_in_the_record_schema_and_the_editor_schema():
    import json

    schema = json.loads((ROOT / "data" / "schema" / "consultation.schema.json").read_text(encoding="utf-8"))
    outcome = schema["properties"]["outcome"]["properties"]
    assert {"withheld", "updates", "documents"} <= set(outcome)
    assert {"asked", "proposal", "split"} <= set(schema["$defs"]["theme"]["properties"])
    assert "decision" in schema["properties"]


def test_the_demo_register_loads_with_every_after_closing_state(demo_register):
    by_id = demo_register.by_id
    assert by_id[WITHHELD].outcome.withheld and not by_id[WITHHELD].outcome.themes
    assert by_id[CARERS].decision.late and by_id[CARERS].decision.is_joint and by_id[CARERS].decision.challenge
    assert any(t.split for t in by_id[MARKET].outcome.themes)
    assert by_id[FIRE].outcome.updates and by_id[FIRE].outcome.documents


def test_fixture_record_still_valid_with_every_new_field(fixture_project):
    record = fixture_project / "data" / "consultations" / "2026-test-library-hours.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("""      count: 80
""", """      count: 80
      asked: Should we keep Thursday late opening?
      split: {as: percent, support: 80, oppose: 15, neither: 5}
""") + """decision:
  by: [test-council, test-nhs]
  body: Joint Libraries Committee
  due: 2026-05-01
  taken: 2026-05-10
  scrutiny: {until: 2026-05-20}
  challenge:
    - {date: 2026-06-01, step: lodged}
""", encoding="utf-8")
    register = load_register(fixture_project / "data", build_date=TODAY, root=fixture_project)
    c = register.by_id["2026-test-library-hours"]
    assert c.decision.late and c.decision.days_late == 9
    assert c.outcome.themes[0].split.total == 100


def test_news_dated_after_the_build_date_is_a_warning_naming_its_line(fixture_project):
    record = fixture_project / "data" / "consultations" / "2026-test-library-hours.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("""  summary: We are keeping late opening on Thursdays.
""", """  summary: We are keeping late opening on Thursdays.
  updates:
    - date: 2026-06-10
      kind: reviewed
      note: We looked again.
    - date: 2027-06-10
      kind: deferred
      note: Written up ahead of the day.
"""), encoding="utf-8")
    register = load_register(fixture_project / "data", build_date=TODAY, root=fixture_project)
    [warning] = [w for w in register.warnings if w.field.startswith("outcome.updates")]
    assert str(warning).startswith("data/consultations/2026-test-library-hours.yaml:31:7: outcome.updates[2].date: ")
    assert "expected a date on or before the build date (2026-11-23), found 2027-06-10" in warning.message
