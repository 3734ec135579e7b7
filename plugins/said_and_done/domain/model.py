"""The register's objects, as templates and exports see them.

Built only from records that passed validation, so fields can be trusted here.
Derived facts (status, overdue flags) are filled in by `derive`, not typed by staff.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import plans
from .labels import ACTION_STATUSES, DECISIONS, FORMATS, LEVELS  # noqa: F401 (the register's names for them)
from .problems import WARNING
from .stores import MemoryStore, one_at_a_time, positions_version


@dataclass(frozen=True)
class Organisation:
    slug: str
    name: str
    type: str
    website: str
    short_name: str = ""
    description: str = ""
    owners: tuple = ()  # who reviews its records (CODEOWNERS handles); never shown on the site


@dataclass(frozen=True)
class Locality:
    slug: str
    name: str
    description: str
    wards: tuple = ()


@dataclass(frozen=True)
class Topic:
    slug: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class Audience:
    slug: str
    name: str
    description: str = ""
    seldom_heard: bool = False


@dataclass(frozen=True)
class Method:
    slug: str
    name: str
    description: str = ""


@dataclass
class Theme:
    theme: str
    said: str
    we_did: str
    decision: str
    count: int | None = None
    percent: float | None = None
    reason: str = ""
    asked: str = ""  # "We asked": the theme's own question, or its proposal's
    proposal: str = ""  # the id of the proposal in scope.proposals it answers
    split: object | None = None  # results.Split: support, oppose, neither

    @property
    def decision_label(self) -> str:
        return DECISIONS[self.decision]

    @property
    def reason_heading(self) -> str:
        """What the page calls the reason given: why a view was not taken up, or why what was done."""
        return "Why not" if self.decision == "not-adopted" else "Why"


@dataclass(frozen=True)
class ActionUpdate:
    """One dated event in an action's life, as the record gives it: the date it happened, not of the edit."""

    date: date
    note: str
    status: str = ""  # the status from this date, when it changed
    number: int = field(default=0, compare=False)  # its place in the record's list, so a warning finds its line

    @property
    def status_label(self) -> str:
        return ACTION_STATUSES[self.status] if self.status else ""


@dataclass
class Action:
    we_will: str
    lead: Organisation
    due: date | None  # None when it waits on a condition (due_when)
    status: str
    updated: date  # when it was last checked: the newest of the record's updated and its updates' dates
    reason: str = ""  # why dropped, or why on hold
    due_when: str = ""  # the condition it waits for ("when national guidance is published")
    due_review: date | None = None  # when a conditional action will be looked at again
    hold_review: date | None = None  # when an action on hold will be looked at again
    progress: int | None = None  # percent, 0 to 100
    updates: tuple = ()  # ActionUpdate, oldest first
    checked: date | None = None  # the record's own updated:, as typed (None when only updates are given)
    overdue: bool = False  # derived: a due date passed and not done, dropped or on hold
    review_due: bool = False  # derived: its review date passed while it waits or is on hold
    days_late: int = 0  # derived: days past the due date when overdue, past the review date when review is due

    @property
    def status_label(self) -> str:
        return ACTION_STATUSES[self.status]

    @property
    def is_on_hold(self) -> bool:
        return self.status == "on-hold"

    @property
    def is_open(self) -> bool:
        """Still to do: planned, in progress or on hold."""
        return self.status in ("planned", "in-progress", "on-hold")

    @property
    def hold_reason(self) -> str:
        """Why it is on hold; empty unless it is (a dropped action's reason is why it was dropped)."""
        return self.reason if self.is_on_hold else ""

    @property
    def dropped_reason(self) -> str:
        """Why it was dropped; empty unless it was."""
        return self.reason if self.status == "dropped" else ""

    @property
    def review(self) -> date | None:
        """The date we said we would look at it again: the hold's when on hold, else the condition's."""
        return self.hold_review if self.is_on_hold else self.due_review

    @property
    def last_update(self) -> ActionUpdate | None:
        return self.updates[-1] if self.updates else None

    @property
    def sort_date(self) -> date:
        """A date to order lists by: the due date, else the review date, else far ahead (conditions last)."""
        return self.due or self.review or date.max


@dataclass
class Writeup:
    source: str
    title: str
    html: str  # sanitised HTML
    content_hash: str = ""  # of the file's text: caches key on it


@dataclass
class Outcome:
    published: date
    summary: str
    decision_by: str = ""
    themes: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    writeup: Writeup | None = None
    withheld: dict | None = None  # reason, expected (a date or None): results not published yet
    updates: tuple = ()  # results.OutcomeUpdate, oldest first
    documents: list = field(default_factory=list)  # results.ResultDocument


@dataclass
class Consultation:
    id: str
    source: str
    content_hash: str  # of the record file's bytes: caches key on it
    title: str
    summary: str
    lead: Organisation
    partners: list
    localities: list  # every locality for an area-wide consultation
    area_wide: bool
    topics: list
    level: str
    audiences: list
    methods: list
    announced: date
    opens: date
    closes: date
    feedback_due: date
    contact: dict
    how_to_take_part: dict = field(default_factory=dict)
    documents: list = field(default_factory=list)
    alternative_formats: dict = field(default_factory=dict)
    translations: list = field(default_factory=list)
    responses: int | None = None
    responses_by: tuple = ()  # responses.Breakdown: by method, locality, audience, age band
    related_ids: list = field(default_factory=list)
    aliases: list = field(default_factory=list)
    withdrawn: dict | None = None
    evaluation: dict | None = None
    outcome: Outcome | None = None
    decision: object | None = None  # results.Decision: who decides, when, scrutiny, challenge
    # Before and during (plans.py): each None or empty when the record does not say.
    scope: object | None = None  # plans.Scope
    extended: object | None = None  # plans.Extension; closes stays the original date
    feedback_plan: object | None = None  # plans.FeedbackPlan
    type: str = ""  # statutory or non-statutory
    statutory_basis: str = ""
    equality_impact: object | None = None  # plans.EqualityImpact
    # derived by derive.derive()
    status: str = ""
    status_label: str = ""  # derive.status_label(status): the words pages and data files show
    results_withheld: bool = False  # closed, with an outcome that says why the results are not out yet
    feedback_overdue: bool = False  # results_wait.late, kept for the pages and plugins that ask
    results_wait: object | None = None  # plans.ResultsWait while closed and awaiting results
    days_left: int | None = None
    feedback_days_late: int = 0  # derived: days past feedback_due while results are overdue
    call_to_action: object | None = None  # derived: calls_to_action.CallToAction for its stage
    related: list = field(default_factory=list)
    # Changes to the record and write-up from git (open_data.history.RecordHistory);
    # None when the open_data plugin is off or there is no git history.
    history: object | None = None
    # What the search index stores about each of its pages (search.facets.SearchEntry), by
    # page kind ("consultation", "outcome"); filled in before rendering by the search
    # plugin, empty when it is off. Templates print it; they never work it out.
    search_entries: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"consultations/{self.id}/"

    @property
    def stable_id(self) -> str:
        """The id it was first given (the first of its former ids, else its id): feed entries keep it across renames."""
        return self.aliases[0] if self.aliases else self.id

    @property
    def outcome_url(self) -> str:
        return f"consultations/{self.id}/you-said-we-did/"

    @property
    def effective_closes(self) -> date:
        """The last day to take part: the extended date if extended. Status, lists, calendars and checks use it."""
        return plans.effective_closes(self.closes, self.extended)

    @property
    def type_label(self) -> str:
        return plans.TYPES[self.type][0] if self.type else ""

    @property
    def level_label(self) -> str:
        return LEVELS[self.level][0]

    @property
    def level_meaning(self) -> str:
        return LEVELS[self.level][1]

    @property
    def organisations(self) -> list:
        return [self.lead] + [p for p in self.partners if p != self.lead]

    # One yes-or-no per status, so templates choose what to show without comparing status words.
    @property
    def is_planned(self) -> bool:
        return self.status == "planned"

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def is_closed(self) -> bool:
        """Closed, results not published yet."""
        return self.status == "closed"

    @property
    def has_published_outcome(self) -> bool:
        return self.status == "feedback-published"

    @property
    def is_withdrawn(self) -> bool:
        return self.status == "withdrawn"

    @property
    def format_labels(self) -> list:
        return [FORMATS[f] for f in self.alternative_formats.get("available", [])]


@dataclass
class Register:
    """Everything the site is built from, validated and joined."""

    build_date: date
    consultations: list
    organisations: dict
    localities: dict
    topics: dict
    audiences: dict
    methods: dict
    warnings: list = field(default_factory=list)
    root: Path | None = None  # project folder; record paths are shown relative to it
    # The Pelican settings it was loaded with, so register_checks receivers can read
    # their own plugin's settings dict (empty when loaded outside Pelican, e.g. in tests).
    settings: dict = field(default_factory=dict, repr=False)
    # open_store(name, version): where what is worked out is kept between builds (stores.py).
    open_store: Callable = field(default=MemoryStore, repr=False, compare=False)
    # What plugins work out once from the whole register before any page is rendered
    # (hooks.register_derived), each under a name of its own: the change history's
    # summary, the list of published addresses.
    derived: dict = field(default_factory=dict, repr=False, compare=False)
    # map_records(items, work) -> [work(item) ...] (records.load_register): the build's spreads
    # work on many records over the cores.
    map_records: Callable = field(default=one_at_a_time, repr=False, compare=False)
    # Record content hash -> the positions of its values, packed (yaml_source.pack_places), for
    # the records parsed in this build, until its checks are done: a first build's warnings point
    # at lines without parsing their records again (positions.py). Empty after loading.
    parsed_places: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self):
        self.by_id = {c.id: c for c in self.consultations}
        self._grouped = None
        self._positions = None

    def consultations_by(self, kind: str) -> dict:
        """slug -> consultations, in register order, for kind locality, organisation, topic or audience.

        Built once, in one pass, for every page, calendar and feed that lists by place,
        partner or topic. An area-wide consultation is under every locality; an
        organisation has what it leads and what it partners in.
        """
        if self._grouped is None:
            self._grouped = self.grouped(self.consultations)
        return self._grouped[kind]

    def grouped(self, consultations) -> dict:
        """kind -> slug -> those of consultations under it, in the order given, in one pass."""
        grouped = {"locality": {s: [] for s in self.localities},
                   "organisation": {s: [] for s in self.organisations},
                   "topic": {s: [] for s in self.topics},
                   "audience": {s: [] for s in self.audiences}}
        for c in consultations:
            for item in c.localities:
                grouped["locality"][item.slug].append(c)
            for item in c.organisations:
                grouped["organisation"][item.slug].append(c)
            for item in c.topics:
                grouped["topic"][item.slug].append(c)
            for item in c.audiences:
                grouped["audience"][item.slug].append(c)
        return grouped

    def problem(self, consultation_id: str, path: tuple, message: str, severity: str = WARNING):
        """A Problem pointing at a field of a record, for checks that run after loading.

        Positions are not kept for every record (that would cost memory at scale);
        the one file concerned is parsed again to find the line, and the position
        is kept between builds under the file's hash (a warning repeats every build).
        """
        return self.problems([(consultation_id, path, message, severity)])[0]

    def problems(self, wanted) -> list:
        """problem(...) for each (consultation_id, path, message, severity) of wanted, in order,
        each record parsed once for all its paths, on every core in a build (positions.py)."""
        from .positions import problems_at

        return problems_at(self, wanted)

    @property
    def positions(self):
        if self._positions is None:
            self._positions = self.open_store("positions", positions_version())
        return self._positions
