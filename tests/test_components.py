"""Each page component (a macro in theme/templates/components/macros.html) rendered alone.

A macro is given a hand-made view model (said_and_done/site/components.py) or plain values,
with the site's own Jinja settings and filters, and the HTML it makes is checked for its
elements, classes, text and ARIA attributes. No build, no register.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import jinja2
import jinja2.runtime
import pytest
from bs4 import BeautifulSoup
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup, escape

from accountability.views import LateActionCard, LateResultCard
from browse.views import ActionItem, subject_url
from coordination.components import OverlapCard, OverlapEntry, ShortNoticeCard
from helpers.site import ROOT, build_site
from said_and_done.domain import model
from said_and_done.site.components import (
    ActionFacts,
    ConsultationCard,
    DatesLine,
    DecisionTag,
    StatusTag,
    SubjectLink,
    consultation_subjects,
)
from said_and_done.site.components import consultation_card as card_for
from said_and_done.site.filters import FILTERS, join_names
from said_and_done.site.pagination import paginate
from said_and_done.site.plugin import BuildValues
from said_and_done.site.rendered_once import RenderedOnce
from said_and_done.site.views import Section

TEMPLATES = ROOT / "theme" / "templates"
MACROS = TEMPLATES / "components" / "macros.html"
SITEURL = "https://consult.example"


@pytest.fixture(scope="module")
def env():
    # As pelicanconf.py's JINJA_ENVIRONMENT and site/plugin.py's add_filters set them up.
    environment = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True,
                              trim_blocks=True, lstrip_blocks=True)
    environment.filters.update(FILTERS)
    # As site/plugin.py's share_build_values: nothing in the shared context unless a test gives it.
    environment.globals.update(SITEURL=SITEURL, site=BuildValues({}), once=RenderedOnce())
    return environment


def render(env, call: str, macros: str = "macros", **values) -> str:
    """`call` (say `tag(text, kind)`) with the macro it names imported from components/<macros>.html."""
    name = call.split("(", 1)[0].split()[-1]
    source = f'{{% from "components/{macros}.html" import {name} with context %}}{call}'
    return env.from_string(source).render(**values)


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def text(node) -> str:
    return " ".join(node.get_text().split())


OPEN = StatusTag("Open", "open")
LATE = StatusTag("Closed", "closed", feedback_overdue=True)
CARD = ConsultationCard(
    url="consultations/library-hours/", title="Library opening hours & days", status=OPEN,
    dates=DatesLine("Closes", date(2026, 5, 3), days_left=5), lead="Kestlebury Council",
    where="Kestlebury and Marsh End", area_wide=False)
AREA_WIDE_RESULT = ConsultationCard(
    url="consultations/bins/", title="Bin collections", status=StatusTag("Results published", "feedback-published"),
    dates=DatesLine("Results published", date(2026, 2, 1)), lead="Fenmoor District Council", where="Area-wide",
    area_wide=True, outcome_summary="Weekly food waste collections from April.",
    outcome_url="consultations/bins/you-said-we-did/")


def test_breadcrumbs(env):
    nav = soup(render(env, "{{ breadcrumbs(items) }}",
                      items=[("Home", ""), ("All consultations", "consultations/"), ("Bins", "consultations/bins/")])).nav
    assert nav["class"] == ["breadcrumbs"] and nav["aria-label"] == "Breadcrumb"
    items = nav.ol.find_all("li", recursive=False)
    assert [text(li) for li in items] == ["Home", "All consultations", "Bins"]
    assert [li.a["href"] for li in items[:-1]] == [f"{SITEURL}/", f"{SITEURL}/consultations/"]
    assert items[-1].a is None and items[-1]["aria-current"] == "page"
    assert not any(li.has_attr("aria-current") for li in items[:-1])


def test_tag(env):
    tag = soup(render(env, "{{ tag(text, kind) }}", text="Area-wide <all>", kind="area-wide")).strong
    assert tag["class"] == ["tag", "tag--area-wide"] and tag.get_text() == "Area-wide <all>"


@pytest.mark.parametrize(("status", "shown"), [
    (OPEN, [("Open", ["tag", "tag--open"])]),
    (LATE, [("Closed", ["tag", "tag--closed"]), ("Feedback overdue", ["tag", "tag--overdue"])]),
])
def test_status_tag(env, status, shown):
    tags = soup(render(env, "{{ status_tag(s) }}", s=status)).find_all("strong")
    assert [(t.get_text(), t["class"]) for t in tags] == shown


def test_decision_tag(env):
    tag = soup(render(env, "{{ decision_tag(d) }}", d=DecisionTag("Not adopted", "not-adopted"))).strong
    assert tag["class"] == ["tag", "tag--decision-not-adopted"] and tag.get_text() == "Not adopted"


def test_summary_list(env):
    rows = [("Led by", "Kestlebury Council"), ("Partners", ""), ("Email", Markup('<a href="mailto:a@b.example">a@b.example</a>'))]
    dl = soup(render(env, "{{ summary_list(rows) }}", rows=rows)).dl
    assert dl["class"] == ["summary-list"]
    found = [(row.dt.get_text(), row.dd) for row in dl.find_all("div", class_="summary-list__row")]
    assert [key for key, _ in found] == ["Led by", "Email"]  # a row with no value is left out
    assert all(row.dt["class"] == ["summary-list__key"] for row in dl.find_all("div"))
    assert found[0][1]["class"] == ["summary-list__value"] and found[0][1].get_text() == "Kestlebury Council"
    assert found[1][1].a["href"] == "mailto:a@b.example"


def test_details(env):
    html = render(env, '{% call details("Show the fields") %}<p>Inside</p>{% endcall %}')
    details = soup(html).details
    assert details["class"] == ["details"]
    assert details.summary["class"] == ["details__summary"]
    assert details.summary.find("span", class_="details__summary-text").get_text() == "Show the fields"
    assert details.find("div", class_="details__text").p.get_text() == "Inside"


@pytest.mark.parametrize(("line", "shown"), [
    (DatesLine("Closes", date(2026, 5, 3), days_left=5), "Closes 3 May 2026 (5 days left)\n"),
    (DatesLine("Closes", date(2026, 5, 3), days_left=0), "Closes 3 May 2026 (closes today)\n"),
    (DatesLine("Opens", date(2026, 6, 1)), "Opens 1 June 2026\n"),
    (DatesLine("Closed", date(2026, 1, 9), feedback_label="feedback due", feedback_due=date(2026, 3, 9)),
     "Closed 9 January 2026; feedback due 9 March 2026"),
    (DatesLine("Closed", date(2026, 1, 9), feedback_label="feedback was due", feedback_due=date(2026, 3, 9)),
     "Closed 9 January 2026; feedback was due 9 March 2026"),
    (DatesLine("Results published", date(2026, 2, 1)), "Results published 1 February 2026\n"),
    (DatesLine("Withdrawn", date(2025, 12, 24)), "Withdrawn 24 December 2025\n"),
    (DatesLine(""), ""),
])
def test_dates_line(env, line, shown):
    # Exactly, newline and all: the published pages' bytes depend on it.
    assert render(env, "{{ dates_line(d) }}", d=line) == shown


def test_consultation_card(env):
    li = soup(render(env, "{{ consultation_card(c) }}", c=CARD)).li
    assert li["class"] == ["card"]
    link = li.find("h3", class_="card__title").a
    assert link["href"] == f"{SITEURL}/consultations/library-hours/" and link.get_text() == "Library opening hours & days"
    meta = li.find("p", class_="card__meta")
    assert [t["class"][1] for t in meta.find_all("strong")] == ["tag--open"]
    assert text(meta.span) == "Closes 3 May 2026 (5 days left)"
    assert text(li.find("p", class_="card__small")) == "Kestlebury Council · Kestlebury and Marsh End"
    assert "You said, we did" not in li.get_text()


def test_consultation_card_with_its_outcome_marked_area_wide(env):
    li = soup(render(env, '{{ consultation_card(c, "h2", show_outcome=True, mark_area_wide=True) }}',
                     c=AREA_WIDE_RESULT)).li
    assert li.find("h2", class_="card__title").a.get_text() == "Bin collections"
    tags = li.find("p", class_="card__meta").find_all("strong")
    assert [(t.get_text(), t["class"][1]) for t in tags] == [
        ("Results published", "tag--feedback-published"), ("Area-wide", "tag--area-wide")]
    assert li.find(string="Weekly food waste collections from April.") is not None
    result = li.find("a", href=f"{SITEURL}/consultations/bins/you-said-we-did/")
    assert text(result) == "You said, we did: Bin collections"
    assert result.find("span", class_="visually-hidden").get_text() == ": Bin collections"
    assert text(li.find("p", class_="card__small")) == "Fenmoor District Council · Area-wide"


def test_consultation_card_marks_area_wide_only_when_asked(env):
    li = soup(render(env, "{{ consultation_card(c) }}", c=AREA_WIDE_RESULT)).li
    assert [t.get_text() for t in li.find_all("strong")] == ["Results published"]


def test_page_relations(env):
    middle = paginate(range(30), 10, "you-said-we-did/")[1]
    links = soup(render(env, "{{ page_relations(page) }}", page=middle)).find_all("link")
    assert [(link["rel"], link["href"]) for link in links] == [
        (["prev"], f"{SITEURL}/you-said-we-did/"), (["next"], f"{SITEURL}/you-said-we-did/page/3/")]
    first = paginate(range(5), 10, "you-said-we-did/")[0]
    assert soup(render(env, "{{ page_relations(page) }}", page=first)).find_all("link") == []


def test_pagination(env):
    page = paginate(range(100), 10, "topics/parks/")[4]  # page 5 of 10
    nav = soup(render(env, '{{ pagination(page, "Results pages") }}', page=page)).nav
    assert nav["class"] == ["pagination"] and nav["aria-label"] == "Results pages"
    previous = nav.find("div", class_="pagination__prev").a
    assert previous["rel"] == ["prev"] and previous["href"] == f"{SITEURL}/topics/parks/page/4/"
    assert text(previous) == "Previous page"
    assert nav.find("div", class_="pagination__next").a["href"] == f"{SITEURL}/topics/parks/page/6/"
    items = nav.find("ul", class_="pagination__list").find_all("li")
    assert [text(li) for li in items] == ["1", "…", "4", "5", "6", "…", "10"]
    assert ["pagination__item--ellipsis" in li["class"] for li in items] == [False, True, False, False, False, True, False]
    current = [li for li in items if "pagination__item--current" in li["class"]]
    assert len(current) == 1 and current[0].a["aria-current"] == "page" and current[0].a["aria-label"] == "Page 5"
    assert nav.find("a", attrs={"aria-label": "Page 1"})["href"] == f"{SITEURL}/topics/parks/"


def test_pagination_shows_nothing_for_a_single_page(env):
    page = paginate(range(3), 10, "topics/parks/")[0]
    assert soup(render(env, "{{ pagination(page) }}", page=page)).find("nav") is None


def test_see_all(env):
    more = Section(items=[CARD], total=12, more_url="consultations/#open")
    link = soup(render(env, '{{ see_all(s, "consultations open now", " in Kestlebury") }}', s=more)).p.a
    assert link["href"] == f"{SITEURL}/consultations/#open"
    assert link.get_text() == "See all 12 consultations open now in Kestlebury"
    every = Section(items=[CARD], total=1, more_url=None)
    assert soup(render(env, '{{ see_all(s, "consultations open now") }}', s=every)).find("a") is None


def test_subscribe_links(env):
    feeds = [{"title": "New consultations", "url": "feeds/consultations.atom", "type": "application/atom+xml",
              "format": "Atom feed"}]
    aside = soup(render(env, '{{ subscribe_links(s, "Get updates for Parks") }}', s=feeds)).aside
    assert aside["class"] == ["subscribe"] and aside["aria-labelledby"] == "subscribe-heading"
    assert aside.find("h2", id="subscribe-heading").get_text() == "Get updates for Parks"
    link = aside.find("ul", class_="list").li.a
    assert (link["href"], link["type"], link.get_text()) == (
        f"{SITEURL}/feeds/consultations.atom", "application/atom+xml", "New consultations")
    assert aside.find("ul").li.find("span", class_="hint").get_text() == "(Atom feed)"
    assert soup(render(env, "{{ subscribe_links(s) }}", s=[])).find("aside") is None


def test_search_box(env):
    form = soup(render(env, '{{ search_box("q-here", "Consultations") }}')).form
    assert (form["action"], form["method"], form["role"], form["aria-label"]) == (
        f"{SITEURL}/search/", "get", "search", "Consultations")
    field = form.find("input")
    assert (field["id"], field["name"], field["type"]) == ("q-here", "q", "search")
    assert form.label["for"] == "q-here" and form.button.get_text() == "Search"


def test_email_link(env):
    link = soup(render(env, "{{ email_link(a) }}", a="parks@kestlebury.example")).a
    assert link["href"] == "mailto:parks@kestlebury.example" and link.get_text() == "parks@kestlebury.example"


def test_phone_link(env):
    link = soup(render(env, "{{ phone_link(n) }}", n="+44 1632 960 123")).a
    assert link["href"] == "tel:+441632960123" and link.get_text() == "+44 1632 960 123"


PLACES = (SubjectLink("Kestlebury", "localities/kestlebury/"), SubjectLink("Marsh End", "localities/marsh-end/"),
          SubjectLink("Upper Fen & Mill", "localities/upper-fen/"))


def test_subject_links_with_the_browse_pages(env):
    html = render(env, "{{ subject_links(links) }}", links=PLACES, site=BuildValues({"subject_pages": True}))
    links = soup(html).find_all("a")
    assert [(a["href"], a.get_text()) for a in links] == [(f"{SITEURL}/{p.url}", p.name) for p in PLACES]
    assert soup(html).get_text() == "Kestlebury, Marsh End and Upper Fen & Mill"
    assert "Upper Fen &amp; Mill" in html  # escaped


def test_subject_links_without_the_browse_pages(env):
    assert render(env, "{{ subject_links(links) }}", links=PLACES[:2]) == "Kestlebury and Marsh End"
    assert render(env, "{{ subject_links(links) }}", links=PLACES[:1]) == "Kestlebury"
    assert render(env, "{{ subject_links(links) }}", links=()) == ""


def test_consultation_card_html_is_made_once_for_each_card_and_way_of_showing_it(env, demo_register, monkeypatch):
    # consultation_card wraps consultation_card_html in once(...): the same HTML, made once a build.
    fresh = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, trim_blocks=True, lstrip_blocks=True)
    fresh.filters.update(FILTERS)
    fresh.globals.update(SITEURL=SITEURL, site=BuildValues({}), once=RenderedOnce(most=0))  # keeps nothing
    made = []
    real = jinja2.runtime.Context.call

    def counted(context, obj, *args, **kwargs):
        if getattr(obj, "name", None) == "consultation_card_html":
            made.append(args)
        return real(context, obj, *args, **kwargs)

    monkeypatch.setattr(jinja2.runtime.Context, "call", counted)
    kept = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, trim_blocks=True, lstrip_blocks=True)
    kept.filters.update(FILTERS)
    kept.globals.update(SITEURL=SITEURL, site=BuildValues({}), once=RenderedOnce())
    cards = [card_for(c) for c in demo_register.consultations]
    # As pages import it: without context, so each environment makes the module once.
    with_once = kept.get_template("components/macros.html").module
    without = fresh.get_template("components/macros.html").module
    shown = 0
    for heading in ("h2", "h3", "h3"):
        for card in cards:
            for outcome in (True, False):
                made_before = len(made)
                html = str(with_once.consultation_card(card, heading, show_outcome=outcome))
                kept_made = len(made) - made_before
                assert html == str(without.consultation_card(card, heading, show_outcome=outcome))
                assert kept_made in (0, 1)
                assert str(escape(card.title)) in html and f'href="{SITEURL}/{card.url}"' in html
                shown += 1
    # Every render in the fresh environment made its card; the kept one made each card and way once.
    assert len(made) == shown + len(cards) * 2 * 2
    assert len(cards) > 20


def test_every_macro_in_macros_html_has_a_test():
    macros = set(re.findall(r"{%-?\s*macro\s+(\w+)\(", MACROS.read_text(encoding="utf-8")))
    tested = {name[len("test_"):] for name in globals() if name.startswith("test_")}
    untested = {m for m in macros if not any(t == m or t.startswith(m + "_") for t in tested)}
    assert not untested, f"macros in components/macros.html with no test here: {sorted(untested)}"


def test_subject_links_point_at_the_browse_pages(demo_register):
    c = next(c for c in demo_register.consultations if c.partners and not c.area_wide)
    subjects = consultation_subjects(c)
    assert subjects.lead == (SubjectLink(c.lead.name, subject_url("organisation", c.lead.slug)),)
    assert [link.url for link in subjects.partners] == [subject_url("organisation", p.slug) for p in c.partners]
    assert [link.url for link in subjects.localities] == [subject_url("locality", p.slug) for p in c.localities]
    assert [link.name for link in subjects.topics] == [t.name for t in c.topics]


# The plugins' components: components/browse.html, accountability.html and coordination.html.

OVERDUE_ACTION = ActionItem(
    we_will="Reopen the library on Sundays", status_label="In progress", status="in-progress", overdue=True,
    lead="Kestlebury Council", due=date(2026, 3, 1), updated=date(2026, 2, 14), from_title="Library opening hours",
    from_url="consultations/library-hours/you-said-we-did/")


def test_action_item(env):
    li = soup(render(env, '{{ action_item(a, "h4") }}', "browse", a=OVERDUE_ACTION)).li
    assert li["class"] == ["action", "action--overdue"]
    assert li.find("h4", class_="action__what").get_text() == "Reopen the library on Sundays"
    assert [(t.get_text(), t["class"]) for t in li.find_all("strong")] == [
        ("In progress", ["tag", "tag--action-in-progress"]), ("Overdue", ["tag", "tag--overdue"])]
    rows = {row.dt.get_text(): row.dd.get_text() for row in li.dl.find_all("div", class_="summary-list__row")}
    assert rows == {"Lead": "Kestlebury Council", "Due": "1 March 2026", "Last updated": "14 February 2026"}
    link = li.find_all("p")[-1].a
    assert link["href"] == f"{SITEURL}/consultations/library-hours/you-said-we-did/"
    assert text(link) == "From: Library opening hours (you said, we did)"
    assert link.find("span", class_="visually-hidden").get_text() == " (you said, we did)"


def test_action_item_under_way(env):
    under_way = replace(OVERDUE_ACTION, overdue=False, status_label="Planned", status="planned")
    li = soup(render(env, "{{ action_item(a) }}", "browse", a=under_way)).li
    assert li["class"] == ["action"] and li.h3["class"] == ["action__what"]
    assert [t["class"][1] for t in li.find_all("strong")] == ["tag--action-planned"]


WAITING = ActionFacts(status="planned", status_label="Planned", overdue=False, review_due=False, due=None,
                      due_when="national guidance is <published>", review=date(2027, 6, 30))


def test_action_tags_say_overdue_and_review_due_in_words(env):
    def tags(facts):
        return [(t.get_text(), t["class"][1]) for t in soup(render(env, "{{ action_tags(a) }}", a=facts)).find_all("strong")]

    assert tags(WAITING) == [("Planned", "tag--action-planned")]
    assert tags(replace(WAITING, review_due=True)) == [("Planned", "tag--action-planned"), ("Review due", "tag--review-due")]
    assert tags(replace(WAITING, status="in-progress", status_label="In progress", overdue=True, due=date(2026, 1, 1))) \
        == [("In progress", "tag--action-in-progress"), ("Overdue", "tag--overdue")]


def test_action_due_is_a_date_or_a_condition_with_its_review(env):
    def due(facts):
        return text(soup(render(env, "{{ action_due(a) }}", a=facts)))

    assert due(WAITING) == "When national guidance is <published> (we will review this on 30 June 2027)"
    assert due(replace(WAITING, review_due=True)) == \
        "When national guidance is <published> (we will review this by 30 June 2027)"
    assert due(replace(WAITING, review=None)) == "When national guidance is <published>"
    assert due(replace(WAITING, due=date(2026, 3, 1), due_when="")) == "1 March 2026"


def test_action_hold_gives_the_reason_and_the_review_date(env):
    held = replace(WAITING, status="on-hold", status_label="On hold", due=date(2026, 3, 1), due_when="",
                   hold_reason="Awaiting the appeal ruling.", review=date(2027, 3, 1))
    assert text(soup(render(env, "{{ action_hold(a) }}", a=held))) == \
        "On hold: Awaiting the appeal ruling. We will look at it again on 1 March 2027."
    assert text(soup(render(env, "{{ action_hold(a) }}", a=replace(held, review_due=True)))) == \
        "On hold: Awaiting the appeal ruling. We said we would look at it again on 1 March 2027."
    assert render(env, "{{ action_hold(a) }}", a=WAITING).strip() == ""


def test_action_classes_mark_overdue_before_review_due(env):
    def classes(facts):
        return render(env, "{{ action_classes(a) }}", a=facts)

    assert classes(WAITING) == "action"
    assert classes(replace(WAITING, review_due=True)) == "action action--review-due"
    assert classes(replace(WAITING, overdue=True)) == "action action--overdue"


def test_action_item_waiting_on_a_condition_and_review_due(env):
    waiting = replace(OVERDUE_ACTION, overdue=False, status_label="Planned", status="planned", due=None,
                      due_when="national guidance is <published>", review=date(2026, 2, 1), review_due=True)
    li = soup(render(env, "{{ action_item(a) }}", "browse", a=waiting)).li
    assert li["class"] == ["action", "action--review-due"]
    assert [(t.get_text(), t["class"][1]) for t in li.find_all("strong")] == [
        ("Planned", "tag--action-planned"), ("Review due", "tag--review-due")]
    rows = {row.dt.get_text(): text(row.dd) for row in li.dl.find_all("div", class_="summary-list__row")}
    assert rows["Due"] == "When national guidance is <published> (we will review this by 1 February 2026)"


def test_action_item_on_hold_says_why_and_when_we_look_again(env):
    held = replace(OVERDUE_ACTION, overdue=False, status_label="On hold", status="on-hold",
                   hold_reason="Awaiting the appeal ruling.", review=date(2027, 3, 1))
    li = soup(render(env, "{{ action_item(a) }}", "browse", a=held)).li
    assert li["class"] == ["action"]
    assert [t["class"][1] for t in li.find_all("strong", class_="tag")] == ["tag--action-on-hold"]
    assert text(li.find("p", class_="action__hold")) == (
        "On hold: Awaiting the appeal ruling. We will look at it again on 1 March 2027.")


LATE_RESULT = LateResultCard(url="consultations/bins/", title="Bin collections", days_late=1,
                             lead="Fenmoor District Council", closes=date(2026, 1, 9), feedback_due=date(2026, 3, 9),
                             contact="Waste team")
LATE_ACTION = LateActionCard(
    we_will="Add a Sunday collection", status_label="Planned", status="planned", days_late=12,
    lead="Fenmoor District Council", due=date(2026, 3, 1), updated=date(2026, 1, 20), from_title="Bin collections",
    from_url="consultations/bins/you-said-we-did/")


def test_late_result(env):
    li = soup(render(env, '{{ late_result(r, "h2") }}', "accountability", r=LATE_RESULT)).li
    assert li["class"] == ["card"]
    link = li.find("h2", class_="card__title").a
    assert (link["href"], link.get_text()) == (f"{SITEURL}/consultations/bins/", "Bin collections")
    meta = li.find("p", class_="card__meta")
    assert meta.strong["class"] == ["tag", "tag--overdue"] and meta.strong.get_text() == "Results overdue"
    assert meta.span.get_text() == "1 day late"
    rows = {row.dt.get_text(): row.dd.get_text() for row in li.dl.find_all("div", class_="summary-list__row")}
    assert rows == {"Led by": "Fenmoor District Council", "Closed": "9 January 2026",
                    "Results promised by": "9 March 2026", "Contact": "Waste team"}


def test_late_action(env):
    li = soup(render(env, "{{ late_action(r) }}", "accountability", r=LATE_ACTION)).li
    assert li["class"] == ["action", "action--overdue"]
    assert li.find("h3", class_="action__what").get_text() == "Add a Sunday collection"
    status = li.find_all("p")[0]
    assert [(t.get_text(), t["class"][1]) for t in status.find_all("strong")] == [
        ("Planned", "tag--action-planned"), ("Overdue", "tag--overdue")]
    assert status.span.get_text() == "12 days late"
    rows = {row.dt.get_text(): row.dd.get_text() for row in li.dl.find_all("div", class_="summary-list__row")}
    assert rows == {"Lead": "Fenmoor District Council", "Due": "1 March 2026", "Last updated": "20 January 2026"}
    link = li.find_all("p")[-1].a
    assert link["href"] == f"{SITEURL}/consultations/bins/you-said-we-did/"
    assert text(link) == "From: Bin collections (you said, we did)"
    assert link.find("span", class_="visually-hidden") is not None


@pytest.mark.parametrize(("slug", "card", "outer", "item_class"), [
    ("results-overdue", LATE_RESULT, "ul", ["card"]), ("actions-overdue", LATE_ACTION, "ol", ["action", "action--overdue"])])
def test_late_list(env, slug, card, outer, item_class):
    page = paginate([card, card], 10, f"accountability/{slug}/")[0]
    html = soup(render(env, '{{ late_list(slug, page, "h2") }}', "accountability", slug=slug, page=page))
    listing = html.find(outer)
    assert listing["class"] == ["cards" if outer == "ul" else "actions"]
    assert [li["class"] for li in listing.find_all("li", recursive=False)] == [item_class, item_class]
    assert len(html.find_all("h2")) == 2


LIBRARY = OverlapEntry(url="consultations/library-hours/", title="Library hours", lead="Kestlebury Council",
                       opens=date(2026, 4, 1), closes=date(2026, 5, 3), status=OPEN)
READING = OverlapEntry(url="consultations/reading-rooms/", title="Reading rooms", lead="Fenmoor District Council",
                       opens=date(2026, 4, 20), closes=date(2026, 6, 1), status=StatusTag("Coming up", "planned"))
CLASH = OverlapCard(entries=(LIBRARY, READING), starts=date(2026, 4, 20), ends=date(2026, 5, 3),
                    where="Kestlebury and Marsh End", topics="Libraries", audiences="")


def test_overlap_card(env):
    li = soup(render(env, "{{ overlap_card(o) }}", "coordination", o=CLASH)).li
    assert li["class"] == ["card"]
    assert li.find("h3", class_="card__title").get_text() == "Library hours and Reading rooms"
    pair = li.find("ul", class_="list").find_all("li")
    assert [(item.a["href"], item.a.get_text()) for item in pair] == [
        (f"{SITEURL}/consultations/library-hours/", "Library hours"),
        (f"{SITEURL}/consultations/reading-rooms/", "Reading rooms")]
    assert text(pair[0]) == "Library hours: Kestlebury Council, open 1 April 2026 to 3 May 2026 Open"
    assert [t["class"][1] for t in pair[1].find_all("strong")] == ["tag--planned"]
    rows = {row.dt.get_text(): row.dd.get_text() for row in li.dl.find_all("div", class_="summary-list__row")}
    assert rows == {"Both open": "20 April 2026 to 3 May 2026", "Where": "Kestlebury and Marsh End",
                    "Same topic": "Libraries"}  # no "Same people": they share none; no file paths for residents


def test_overlap_card_made_from_a_demo_clash(demo_register):
    from coordination.components import overlap_card
    from coordination.findings import current_overlaps

    clash = next(o for o in current_overlaps(demo_register.consultations, demo_register.build_date)
                 if o.same_topic and not o.area_wide)
    card = overlap_card(clash)
    assert [e.url for e in card.entries] == [c.url for c in clash.by_opening]
    assert card.where == join_names(clash.localities) and card.topics == join_names(clash.topics)
    assert (card.starts, card.ends) == (clash.starts, clash.ends)


SHORT_NOTICE = ShortNoticeCard(url="consultations/parks/", title="Parks strategy", lead="Kestlebury Council",
                               announced=date(2026, 4, 1), opens=date(2026, 4, 2), notice_days=1)


def test_short_notice_card(env):
    li = soup(render(env, '{{ short_notice_card(s, "h2") }}', "coordination", s=SHORT_NOTICE)).li
    assert li["class"] == ["card"]
    link = li.find("h2", class_="card__title").a
    assert (link["href"], link.get_text()) == (f"{SITEURL}/consultations/parks/", "Parks strategy")
    rows = {row.dt.get_text(): row.dd.get_text() for row in li.dl.find_all("div", class_="summary-list__row")}
    assert rows == {"Led by": "Kestlebury Council", "Announced": "1 April 2026", "Opens": "2 April 2026",
                    "Notice given": "1 day"}
    assert "data/consultations" not in li.get_text()
    li = soup(render(env, "{{ short_notice_card(s) }}", "coordination", s=replace(SHORT_NOTICE, notice_days=9))).li
    assert li.h3 is not None and li.find(string="9 days") is not None


# No macro reaches into the register's objects. Jinja does not know types, so reading the
# templates cannot tell `c.title` on a Consultation from `c.title` on a ConsultationCard:
# the check is made while the demo renders. Every macro call is watched; while a macro's own
# body runs (not the page's {% call %} block it calls back), an attribute or item read that
# starts from, or gives back, one of domain/model.py's objects (or a list of them) is a
# reach into the domain, and so is an argument that is one.

DOMAIN_TYPES = tuple(t for t in vars(model).values()
                     if isinstance(t, type) and t.__module__ == model.__name__ and dataclasses.is_dataclass(t))


def is_domain(value) -> bool:
    if isinstance(value, (list, tuple)):
        return any(isinstance(item, DOMAIN_TYPES) for item in value)
    if isinstance(value, dict):
        return any(isinstance(item, DOMAIN_TYPES) for item in value.values())
    return isinstance(value, DOMAIN_TYPES)


def macros_defined() -> set:
    found = set()
    for path in TEMPLATES.rglob("*.html"):
        for name in re.findall(r"{%-?\s*macro\s+(\w+)\(", path.read_text(encoding="utf-8")):
            found.add((path.relative_to(TEMPLATES).as_posix(), name))
    return found


def template_name(filename: str) -> str:
    path = Path(filename).resolve()
    return path.relative_to(TEMPLATES).as_posix() if path.is_relative_to(TEMPLATES) else filename


class MacroWatch:
    """Patches Jinja's Context.call and Environment.getattr/getitem for one build."""

    def __init__(self, monkeypatch):
        self.running = []  # (template, macro) of each macro call in progress; None for a caller block
        self.called, self.reaches = set(), set()
        call, getattr_, getitem = jinja2.runtime.Context.call, jinja2.Environment.getattr, jinja2.Environment.getitem
        watch = self

        def watched_call(context, obj, *args, **kwargs):
            if not isinstance(obj, jinja2.runtime.Macro):
                return call(context, obj, *args, **kwargs)
            who = None
            if obj.name is not None:  # None: the page's {% call %} block, run back by caller()
                who = (template_name(obj._func.__code__.co_filename), obj.name)
                watch.called.add(who)
                given = [*args, *(v for k, v in kwargs.items() if k != "caller")]
                watch.reaches.update((*who, "is given", type(v).__name__) for v in given if is_domain(v))
            watch.running.append(who)
            try:
                return call(context, obj, *args, **kwargs)
            finally:
                watch.running.pop()

        def read(original):
            def watched(environment, obj, attribute):
                value = original(environment, obj, attribute)
                who = watch.running[-1] if watch.running else None
                if who is not None and (is_domain(obj) or is_domain(value)):
                    watch.reaches.add((*who, "reads", f"{type(obj).__name__}.{attribute}"))
                return value
            return watched

        monkeypatch.setattr(jinja2.runtime.Context, "call", watched_call)
        monkeypatch.setattr(jinja2.Environment, "getattr", read(getattr_))
        monkeypatch.setattr(jinja2.Environment, "getitem", read(getitem))


@pytest.fixture(scope="module")
def demo_macros(tmp_path_factory):
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("SAID_AND_DONE_WORKERS", "1")  # every page rendered in this process, watched
        watch = MacroWatch(monkeypatch)
        root = tmp_path_factory.mktemp("macros")
        # A cache of its own, so every page is rendered, none kept from an earlier build.
        build_site(root / "output", pelican_settings={"CACHE_PATH": str(root / "cache")})
    return watch


def test_the_watch_sees_a_macro_reach_into_the_domain(env, monkeypatch):
    watch = MacroWatch(monkeypatch)
    theme = model.Theme(theme="Parking", said="More spaces", we_did="Kept", decision="adopted")
    env.from_string('{% from "components/macros.html" import details %}'
                    '{% macro old(t) %}{{ t.decision_label }}{% endmacro %}{{ old(t) }}'
                    '{% macro rows(o) %}{{ o.themes|length }}{% endmacro %}{{ rows(o) }}'
                    '{% call details("x") %}{{ t.theme }}{% endcall %}',
                    ).render(t=theme, o=model.Outcome(date(2026, 1, 1), "s", themes=[theme]))
    assert {(r[1], r[2], r[3]) for r in watch.reaches} == {
        ("old", "is given", "Theme"), ("old", "reads", "Theme.decision_label"),
        ("rows", "is given", "Outcome"), ("rows", "reads", "Outcome.themes")}
    # The page's own {% call %} block reads t.theme: that is the page's, not details'.


def test_no_macro_reaches_into_the_domain(demo_macros):
    assert sorted(demo_macros.reaches) == []


def test_the_demo_calls_every_macro(demo_macros):
    # So the watch above has seen each one at work.
    assert sorted(macros_defined() - demo_macros.called) == []


# components/bar_chart.html: a chart drawn from site/charts.py's geometry, and its table.

def test_bar_chart_is_an_image_with_its_title_description_and_every_bar_labelled(env):
    from said_and_done.site.charts import Row, bar_chart

    chart = bar_chart("ages", "Age of people who responded", [Row("16-24", 40), Row("Not recorded", 10, muted=True)],
                      row_heading="Age band", count_heading="Responses", total=50)
    html = soup(render(env, "{{ bar_chart(chart) }}", "bar_chart", chart=chart))
    svg = html.find("svg")
    assert svg["role"] == "img"
    assert svg["aria-labelledby"] == "ages-title" and html.find(id="ages-title").get_text() == "Age of people who responded"
    assert "16-24: 40 (80%)" in html.find(id=svg["aria-describedby"]).get_text()
    assert [t.get_text() for t in svg.select("text")] == ["16-24", "40 (80%)", "Not recorded", "10 (20%)"]
    assert [r.get("class") for r in svg.select("rect")] == [["chart__bar"], ["chart__bar", "chart__bar--muted"]]
    table = html.find("table")
    assert [text(th) for th in table.select("thead th")] == ["Age band", "Responses", "Share"]
    assert [text(td) for td in table.select("tbody td")] == ["40", "80%", "10", "20%"]
    assert [text(cell) for cell in table.tfoot.find_all(["th", "td"])] == ["Total", "50", "100%"]


def test_chart_table_links_each_figure_to_what_is_behind_it(env):
    from said_and_done.site.charts import Row, bar_chart

    chart = bar_chart("level", "By level", [Row("Consult", 3, "reports/2025-26/#level-consult"), Row("Inform", 0)],
                      row_heading="Level")
    table = soup(render(env, "{{ chart_table(chart) }}", "bar_chart", chart=chart)).table
    link = table.find("a")
    assert link["href"] == f"{SITEURL}/reports/2025-26/#level-consult" and text(link) == "3 (Consult)"
    assert len(table.find_all("a")) == 1 and table.tfoot is None and "Share" not in text(table)
