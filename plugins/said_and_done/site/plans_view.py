"""What components/plans.html is given: a consultation's scope, extension, taking part before it
opens, results plan, type and equality impact, as plain values made before rendering.

Like components.py, so no macro digs into a Consultation. The results line (due, or late)
is the consultation's own results_wait (domain/plans.py), handed on as it is: the
accountability card is given the same object, so the two pages say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class EventItem:
    """An event in the list of how to take part before a consultation opens."""

    date: date
    place: str
    time: str = ""
    details: str = ""


@dataclass(frozen=True)
class PlannedTakePart:
    """planned_take_part: the ways to take part, the events announced, and when it opens."""

    title: str  # the consultation's, for the link's accessible name
    opens: date
    closes: date  # the effective closing date
    online: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    events: tuple = ()  # EventItem


@dataclass(frozen=True)
class ResultsPlan:
    """feedback_plan: how results will be published, by when, and who decides."""

    how: str
    due: date
    show_due: bool  # not while closed: the status banner's results line says it there
    decided_by: str = ""
    decision_expected: date | None = None
    decision_passed: bool = False


@dataclass(frozen=True)
class EqualityLine:
    url: str = ""
    title: str = ""
    none_because: str = ""


@dataclass(frozen=True)
class PlansView:
    """Everything components/plans.html shows for one consultation; each part None or empty when not said."""

    title: str
    closes: date  # the effective closing date
    scope: object | None = None  # domain plans.Scope: plain text and slugs only
    asked: bool = False  # proposals' questions read "We asked" (closed or results out), else "We are asking"
    extended_from: date | None = None  # the original closing date, when extended and not withdrawn
    extension_reason: str = ""
    extension_announced: date | None = None
    take_part: PlannedTakePart | None = None  # only while planned
    results_plan: ResultsPlan | None = None  # only before results are published
    type_label: str = ""
    statutory_basis: str = ""
    equality: EqualityLine | None = None


def _planned_take_part(c) -> PlannedTakePart | None:
    if not c.is_planned:
        return None
    tp = c.how_to_take_part
    events = tuple(EventItem(e["date"], e["place"], e.get("time", ""), e.get("details", "")) for e in tp.get("events", ()))
    return PlannedTakePart(c.title, c.opens, c.effective_closes, tp.get("online", ""), tp.get("email", ""),
                           tp.get("phone", ""), tp.get("address", ""), events)


def _results_plan(c) -> ResultsPlan | None:
    plan = c.feedback_plan
    if not plan or not (c.is_planned or c.is_open or c.is_closed):
        return None
    wait = c.results_wait
    return ResultsPlan(plan.how, c.feedback_due, show_due=not c.is_closed, decided_by=plan.decided_by,
                       decision_expected=plan.decision_expected, decision_passed=bool(wait and wait.decision_passed))


def plans_view(c) -> PlansView:
    e = c.extended if not c.is_withdrawn else None
    eq = c.equality_impact
    return PlansView(
        title=c.title, closes=c.effective_closes, scope=c.scope,
        asked=c.is_closed or c.has_published_outcome,
        extended_from=e.original if e else None, extension_reason=e.reason if e else "",
        extension_announced=e.announced if e else None,
        take_part=_planned_take_part(c), results_plan=_results_plan(c),
        type_label=c.type_label, statutory_basis=c.statutory_basis,
        equality=EqualityLine(eq.url, eq.title, eq.none_because) if eq else None,
    )
