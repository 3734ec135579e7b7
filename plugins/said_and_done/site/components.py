"""What each page component (a macro in theme/templates/components/macros.html) is given.

A macro is handed one of these, made in Python before any page is rendered, never a
Consultation to dig into: each holds exactly what its component shows, as plain values,
so a component can be rendered alone in a test, and a page key (build/digest.py) that
describes one changes exactly when what the component shows changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..domain.calls_to_action import RESULTS, TAKE_PART
from .filters import day_date, days_phrase, join_names, long_date


@dataclass(frozen=True, slots=True)
class StatusTag:
    """status_tag: a consultation's stage, and a second tag when its results are late."""

    label: str  # derive.status_label: the words every page and data file shows
    kind: str  # the status slug, as the tag's class (tag--open)
    feedback_overdue: bool = False


@dataclass(frozen=True, slots=True)
class DatesLine:
    """dates_line: the one date that matters at a consultation's stage.

    "Closes 3 May 2026 (5 days left)", "Opens ...", "Closed ...; feedback due ...",
    "Results published ...", "Withdrawn ..."; label is empty when there is nothing to say.
    """

    label: str
    date: date | None = None
    days_left: int | None = None  # only while it is open
    feedback_label: str = ""  # "feedback due" or "feedback was due", only once it has closed
    feedback_due: date | None = None


@dataclass(frozen=True, slots=True)
class ConsultationCard:
    """consultation_card: a consultation in a list (home page, register, results, browse pages)."""

    url: str
    title: str
    status: StatusTag
    dates: DatesLine
    lead: str  # the lead organisation's name
    where: str  # "Area-wide", or the localities' names as prose
    area_wide: bool
    outcome_summary: str = ""  # only when results are published
    outcome_url: str = ""


@dataclass(frozen=True, slots=True)
class DecisionTag:
    """decision_tag: what was done with one theme people raised ("Partly adopted")."""

    label: str  # model.DECISIONS: the words every page and data file shows
    kind: str  # the decision slug; the tag's class is tag--decision-<kind>


@dataclass(frozen=True, slots=True)
class ActionFacts:
    """action_tags, action_due, action_hold, action_classes: how a "We will" action stands.

    The browse and accountability cards carry the same fields, so the same macros show them.
    """

    status: str  # the slug; the tag's class is tag--action-<status>
    status_label: str  # model.ACTION_STATUSES: "On hold"
    overdue: bool  # only a due date that has passed, while planned or in progress
    review_due: bool  # waiting on a condition or on hold, and its review date has passed
    due: date | None  # None when it waits on a condition
    due_when: str = ""  # that condition, written to follow "When"
    review: date | None = None  # when we said we would look at it again
    hold_reason: str = ""  # why it is on hold; empty unless it is


@dataclass(frozen=True, slots=True)
class SubjectLink:
    """One name subject_links lists: a locality, organisation or topic, and its browse page."""

    name: str
    url: str  # from the site root (localities/marsh-end/); linked only when the browse pages are built
    note: str = ""  # said after the name: "seldom heard" for a group the partnership has promised to reach


@dataclass(frozen=True, slots=True)
class ConsultationSubjects:
    """The names a consultation's page lists, each a SubjectLink, in the record's order."""

    lead: tuple  # the one lead organisation
    partners: tuple
    localities: tuple  # every locality of an area-wide consultation (the page says "Area-wide" instead)
    topics: tuple
    audiences: tuple = ()  # each seldom-heard group noted as such


@dataclass(frozen=True, slots=True)
class StatusBanner:
    """status_banner: a consultation's stage at the top of its page, and what to do about it.

    The words come from domain/calls_to_action.py (one place for every status); here its
    dates are filled in and its link made an address.
    """

    status: StatusTag
    headline: str  # "Closed on 3 May 2026."
    action: str  # "Tell us what you think": the link's words when link is set
    next_steps: str = ""
    link: str = ""  # "#take-part", or the results page from the site root; "" for none
    reason: str = ""  # why it was withdrawn (plain text, shown as paragraphs)


@dataclass(frozen=True, slots=True)
class LateAction:
    """One "We will" action in late_promises: overdue, or past the date it was to be reviewed."""

    we_will: str
    facts: ActionFacts
    days_late: int


@dataclass(frozen=True, slots=True)
class LatePromises:
    """late_promises: what a consultation's partners promised and is late, flagged as the
    accountability page flags it; empty (nothing shown) when nothing is late."""

    results_days_late: int = 0  # results not published by feedback_due: days since
    feedback_due: date | None = None
    actions: tuple = ()  # LateAction, most days late first
    actions_url: str = ""  # the results page listing them, from the site root

    def __bool__(self) -> bool:
        return bool(self.results_days_late or self.actions)


# The browse plugin's folder for each kind of name (browse.views.KINDS).
SUBJECT_FOLDERS = {"locality": "localities", "organisation": "organisations", "topic": "topics",
                   "audience": "audiences"}


def status_tag(c) -> StatusTag:
    return StatusTag(c.status_label, c.status, c.feedback_overdue)


def dates_line(c) -> DatesLine:
    if c.is_open:
        return DatesLine("Closes", c.effective_closes, days_left=c.days_left)
    if c.is_planned:
        return DatesLine("Opens", c.opens)
    if c.is_closed:
        return DatesLine("Closed", c.effective_closes, feedback_due=c.feedback_due,
                         feedback_label="feedback was due" if c.feedback_overdue else "feedback due")
    if c.has_published_outcome:
        return DatesLine("Results published", c.outcome.published)
    if c.is_withdrawn:
        return DatesLine("Withdrawn", c.withdrawn["date"])
    return DatesLine("")


def where(c) -> str:
    """Where a consultation is, as a list shows it: "Area-wide", or its localities' names as prose."""
    return "Area-wide" if c.area_wide else join_names(c.localities)


def consultation_card(c) -> ConsultationCard:
    published = c.has_published_outcome
    return ConsultationCard(
        url=c.url, title=c.title, status=status_tag(c), dates=dates_line(c),
        lead=c.lead.name, where=where(c),
        area_wide=c.area_wide,
        outcome_summary=c.outcome.summary if published else "",
        outcome_url=c.outcome_url if published else "",
    )


def decision_tags(outcome) -> tuple:
    """A DecisionTag for each of an outcome's themes, in the order the page lists them."""
    return tuple(DecisionTag(t.decision_label, t.decision) for t in outcome.themes)


def action_facts(outcome) -> tuple:
    """An ActionFacts for each of an outcome's actions, in the order the page lists them."""
    return tuple(ActionFacts(a.status, a.status_label, a.overdue, a.review_due, a.due, a.due_when, a.review,
                             a.hold_reason) for a in outcome.actions)


def subject_links(items, kind: str) -> tuple:
    """A SubjectLink for each of items (localities, organisations or topics: `kind`), in order."""
    folder = SUBJECT_FOLDERS[kind]
    return tuple(SubjectLink(item.name, f"{folder}/{item.slug}/",
                             "seldom heard" if getattr(item, "seldom_heard", False) else "") for item in items)


def consultation_subjects(c) -> ConsultationSubjects:
    return ConsultationSubjects(
        lead=subject_links([c.lead], "organisation"), partners=subject_links(c.partners, "organisation"),
        localities=subject_links(c.localities, "locality"), topics=subject_links(c.topics, "topic"),
        audiences=subject_links(c.audiences, "audience"))


def status_banner(c) -> StatusBanner:
    cta = c.call_to_action
    day = {"opens": c.opens, "closes": c.effective_closes, "feedback_due": c.feedback_due,
           "published": c.outcome.published if c.outcome else None,
           "withdrawn": c.withdrawn["date"] if c.withdrawn else None}
    words = {name: long_date(d) for name, d in day.items() if d is not None}
    words.update(opens_day=day_date(c.opens), closes_day=day_date(c.effective_closes),
                 days_left=days_phrase(c.days_left) if c.days_left is not None else "")
    link = {TAKE_PART: "#take-part", RESULTS: c.outcome_url}.get(cta.link, "")
    return StatusBanner(status_tag(c), cta.headline.format(**words), cta.action.format(**words),
                        cta.next_steps.format(**words), link, c.withdrawn["reason"] if c.withdrawn else "")


def late_promises(c) -> LatePromises:
    """From the flags derive and domain/actions.py set, the same the accountability page lists."""
    late = []
    if c.has_published_outcome:
        late = [LateAction(a.we_will, facts, a.days_late)
                for a, facts in zip(c.outcome.actions, action_facts(c.outcome), strict=True)
                if a.overdue or a.review_due]
    return LatePromises(c.feedback_days_late, c.feedback_due if c.feedback_overdue else None,
                        tuple(sorted(late, key=lambda a: -a.days_late)), c.outcome_url if late else "")


def consultation_cards(consultations) -> list:
    """A card for each consultation, in the order given; each consultation's card is made once a build."""
    return [_card_once(c) for c in consultations]


def _card_once(c) -> ConsultationCard:
    # A consultation is listed on many pages (the home page, the register, its
    # localities', organisations' and topics'): its card is made once and kept on it,
    # as its digest is (build/digest.py). Consultations are made afresh each build and
    # not changed once derived, so the card cannot go stale.
    card = c.__dict__.get("_card")
    if card is None:
        card = c.__dict__["_card"] = consultation_card(c)
    return card
