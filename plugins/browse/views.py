"""Localities, organisations and topics as residents and partners browse them.

The register is grouped once (a dict of slug -> list for each kind), then each
group is sorted into the sections its page shows. Nothing here scans the whole
register per page, so the work grows with the register, not its square.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from said_and_done.api import (
    Section,
    consultation_cards,
    forthcoming,
    open_now,
    paginate,
    register_order,
    register_pages,
    section,
)

from .stats import Figures, figures

KINDS = {
    # kind: (folder in the URL, plural heading, singular)
    "locality": ("localities", "Localities", "locality"),
    "organisation": ("organisations", "Organisations", "organisation"),
    "topic": ("topics", "Topics", "topic"),
    "audience": ("audiences", "Who it is for", "group"),
}

ORGANISATION_TYPES = {
    # type in data/organisations.yaml: heading on /organisations/, in this order
    "council": "Councils",
    "nhs": "NHS",
    "police": "Police",
    "fire": "Fire and rescue",
    "housing": "Housing",
    "voluntary": "Voluntary and community sector",
    "other": "Other partners",
}


def subject_url(kind: str, slug: str) -> str:
    return f"{KINDS[kind][0]}/{slug}/"


@dataclass(frozen=True)
class ActionItem:
    """action_item (components/browse.html): a "We will" action as a subject's pages list it."""

    we_will: str
    status_label: str  # the action's status as people read it ("In progress")
    status: str  # its slug; the tag's class is tag--action-<status>
    overdue: bool
    lead: str  # the lead organisation's name
    due: date | None  # None when it waits on a condition
    updated: date
    from_title: str  # the consultation whose result promised it
    from_url: str  # that result's page, from the site root
    due_when: str = ""  # the condition it waits for, when it has no due date
    review: date | None = None  # when we said we would look at it again (on hold, or waiting)
    review_due: bool = False
    hold_reason: str = ""


def action_item(c, a) -> ActionItem:
    """What action_item shows of action a, from consultation c's result: made once a build.

    An action is listed for each of its consultation's localities and topics and for its
    lead, so its item is kept on it, as a consultation keeps its card; actions are made
    afresh each build and not changed once derived.
    """
    item = a.__dict__.get("_action_item")
    if item is None:
        item = a.__dict__["_action_item"] = ActionItem(
            we_will=a.we_will, status_label=a.status_label, status=a.status, overdue=a.overdue, lead=a.lead.name,
            due=a.due, updated=a.updated, from_title=c.title, from_url=c.outcome_url, due_when=a.due_when,
            review=a.review, review_due=a.review_due, hold_reason=a.hold_reason)
    return item


@dataclass
class SubjectView:
    """Everything one locality, organisation or topic page shows, in display order."""


    kind: str
    subject: object
    url: str
    open_now: list  # closing soonest first
    coming_up: list  # opening soonest first
    awaiting_results: list  # closed, results not yet published; overdue first
    withdrawn: list
    results_pages: list  # Page of cards of consultations with published results, newest first
    actions_overdue: list  # ActionItem, most overdue first
    actions_in_progress: list  # ActionItem, due soonest first
    actions_pages: list  # Page of overdue then under-way ActionItems, at <url>we-will/
    register_pages: list  # RegisterPage: every consultation here by stage, at <url>consultations/
    page_size: int
    figures: Figures
    # What the view was made from: the subject's consultations and its actions as
    # (consultation, position in its outcome's actions).
    inputs: tuple = field(default=(), repr=False, compare=False)

    def digest_inputs(self):
        """Everything above follows from these and the build date: page keys describe these,
        once per build, instead of every list (each of the view's pages is given the whole view)."""
        return (self.kind, self.subject, self.page_size, self.inputs)

    @property
    def name(self) -> str:
        return self.subject.name

    @property
    def heading(self) -> SubjectHeading:
        """What a page beyond the first (and every "what was promised" page) shows of the view.

        Those pages are given this, not the view, so their keys hold only what they show:
        an edit to one consultation re-renders the page listing it, not every page of
        every locality, organisation and topic it belongs to.
        """
        return SubjectHeading(self.kind, self.subject, self.url, self.actions_url, self.register_url)

    @property
    def card(self) -> SubjectCard:
        """What /localities/, /organisations/ and /topics/ show of it: its name and figures.

        Those pages are given cards, not views, so their keys hold only the figures: an
        edit that moves no count does not render them again, and describing every view's
        consultations (each area-wide one in every locality) is not needed.
        """
        return SubjectCard(self.heading, self.figures)

    def front(self) -> SubjectFront:
        """What the first page shows: the first page_size of each list, with links to the rest.

        That page is given this, not the view, so its key holds only what it shows: an
        edit to a consultation it does not list re-renders it only when a figure or count moves.
        """
        size, contents = self.page_size, self.register_pages[0].contents
        return SubjectFront(
            heading=self.heading,
            figures=self.figures,
            open_now=section(self.open_now, size, contents, "open"),
            coming_up=section(self.coming_up, size, contents, "planned"),
            awaiting_results=section(self.awaiting_results, size, contents, "closed"),
            withdrawn=section(self.withdrawn, size, contents, "withdrawn"),
            actions_overdue=Section(self.actions_overdue[:size], len(self.actions_overdue), self.actions_url),
            actions_in_progress=Section(self.actions_in_progress[:size], len(self.actions_in_progress),
                                        self.actions_url),
        )

    @property
    def actions_listed(self) -> int:
        return len(self.actions_overdue) + len(self.actions_in_progress)

    @property
    def actions_url(self) -> str:
        return self.actions_pages[0].url

    @property
    def register_url(self) -> str:
        return self.register_pages[0].page.url

    @property
    def slug(self) -> str:
        return self.subject.slug


@dataclass(frozen=True)
class SubjectHeading:
    """The name and addresses of a locality, organisation or topic: SubjectView.heading."""

    kind: str
    subject: object
    url: str
    actions_url: str
    register_url: str

    @property
    def name(self) -> str:
        return self.subject.name

    @property
    def slug(self) -> str:
        return self.subject.slug


class _Headed:
    """The subject and its addresses, as the object's heading (a SubjectHeading) has them."""

    kind = property(lambda self: self.heading.kind)
    subject = property(lambda self: self.heading.subject)
    name = property(lambda self: self.heading.name)
    url = property(lambda self: self.heading.url)
    actions_url = property(lambda self: self.heading.actions_url)
    register_url = property(lambda self: self.heading.register_url)


@dataclass(frozen=True)
class SubjectCard(_Headed):
    """A locality, organisation or topic on an index page: SubjectView.card."""

    heading: SubjectHeading
    figures: Figures


@dataclass(frozen=True)
class SubjectFront(_Headed):
    """The first page of a locality, organisation or topic: SubjectView.front."""

    heading: SubjectHeading
    figures: Figures
    open_now: Section  # closing soonest first
    coming_up: Section  # opening soonest first
    awaiting_results: Section  # overdue first
    withdrawn: Section
    actions_overdue: Section  # most overdue first
    actions_in_progress: Section  # due soonest first

    @property
    def actions_listed(self) -> int:
        return self.actions_overdue.total + self.actions_in_progress.total


@dataclass(frozen=True)
class Groups:
    """The register grouped once by each kind: kind -> slug -> list."""

    consultations: dict  # in display order (said_and_done.site.views.register_order: status, newest opened)
    actions: dict  # (consultation, action) pairs


def group(register) -> Groups:
    # Each subject's consultations in the register's display order (status, then newest
    # opened), so its "every consultation" pages need no sort of their own: one sort of
    # the register, not one for each locality, organisation and topic.
    consultations = register.grouped(register_order(register.consultations))
    actions = {kind: {slug: [] for slug in _subjects(register, kind)} for kind in KINDS}
    for c in register.consultations:
        if not c.has_published_outcome:
            continue
        for a in c.outcome.actions:
            pair = (c, a)
            for place in c.localities:
                actions["locality"][place.slug].append(pair)
            # An organisation answers for the actions it leads, whoever led the consultation.
            actions["organisation"][a.lead.slug].append(pair)
            for t in c.topics:
                actions["topic"][t.slug].append(pair)
            for group in c.audiences:
                actions["audience"][group.slug].append(pair)
    return Groups(consultations, actions)


def _subjects(register, kind) -> dict:
    return {"locality": register.localities, "organisation": register.organisations,
            "topic": register.topics, "audience": register.audiences}[kind]


def subject_view(kind, subject, consultations, actions, page_size) -> SubjectView:
    url = subject_url(kind, subject.slug)
    by_status = {}
    for c in consultations:
        by_status.setdefault(c.status, []).append(c)
    results = sorted(by_status.get("feedback-published", []), key=lambda c: (c.outcome.published, c.id), reverse=True)
    overdue = [action_item(c, a) for c, a in sorted(((c, a) for c, a in actions if a.overdue),
                                                    key=lambda p: (p[1].due, p[0].id))]
    # Not done and not overdue: under way, waiting on a condition, or on hold. Those with no
    # due date sort by their review date, and those with neither last (Action.sort_date).
    in_progress = [action_item(c, a) for c, a in sorted(
        ((c, a) for c, a in actions if a.is_open and not a.overdue),
        key=lambda p: (p[1].sort_date, p[0].id))]
    return SubjectView(
        kind=kind,
        subject=subject,
        url=url,
        open_now=sorted(by_status.get("open", []), key=lambda c: (c.effective_closes, c.id)),
        coming_up=sorted(by_status.get("planned", []), key=lambda c: (c.opens, c.id)),
        awaiting_results=sorted(by_status.get("closed", []),
                                key=lambda c: (not c.feedback_overdue, c.feedback_due, c.id)),
        withdrawn=sorted(by_status.get("withdrawn", []), key=lambda c: (c.withdrawn["date"], c.id), reverse=True),
        results_pages=paginate(consultation_cards(results), page_size, url),
        actions_overdue=overdue,
        actions_in_progress=in_progress,
        actions_pages=paginate(overdue + in_progress, page_size, url + "we-will/"),
        register_pages=register_pages(consultations, page_size, url + "consultations/", in_order=True),
        page_size=page_size,
        figures=figures(consultations, actions),
        inputs=(list(consultations), [(c, c.outcome.actions.index(a)) for c, a in actions]),
    )


def subject_views(register, page_size) -> dict:
    """kind -> list of SubjectView, in the order the index pages list them."""
    groups = group(register)
    views = {}
    for kind in KINDS:
        subjects = _subjects(register, kind)
        views[kind] = [subject_view(kind, s, groups.consultations[kind][slug], groups.actions[kind][slug],
                                    page_size)
                       for slug, s in subjects.items()]
    views["topic"].sort(key=lambda v: v.name.casefold())
    return views


@dataclass(frozen=True)
class WardEntry:
    ward: str
    locality: object
    url: str


def wards_a_to_z(localities) -> list:
    """[(letter, [WardEntry])], so a resident who knows their ward can find its locality."""
    entries = sorted((WardEntry(w, place, subject_url("locality", place.slug)) for place in localities
                      for w in place.wards),
                     key=lambda e: (e.ward.casefold(), e.locality.name.casefold()))
    letters = {}
    for e in entries:
        letters.setdefault(e.ward[:1].upper(), []).append(e)
    return list(letters.items())


def organisations_by_type(organisation_views) -> list:
    """[(heading, [SubjectView or SubjectCard])] in ORGANISATION_TYPES order, empty types left out."""
    groups = {t: [] for t in ORGANISATION_TYPES}
    for v in organisation_views:
        groups.setdefault(v.subject.type, []).append(v)
    return [(ORGANISATION_TYPES.get(t, t.title()), sorted(vs, key=lambda v: v.name.casefold()))
            for t, vs in groups.items() if vs]


def area_wide_now_and_next(consultations) -> list:
    """Cards of area-wide consultations open now (closing soonest first), then those coming up (opening soonest first)."""
    area_wide = [c for c in consultations if c.area_wide]
    return consultation_cards(open_now(area_wide) + forthcoming(area_wide))


@dataclass(frozen=True)
class LocalityLink:
    name: str
    url: str
    open_now: int


def locality_links(locality_views) -> list:
    """For the home page: every locality with how many consultations are open there now."""
    return [LocalityLink(v.name, v.url, v.figures.open_now) for v in locality_views]
