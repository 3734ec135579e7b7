"""What a record says before and during a consultation, and what waiting for its results means.

Scope (what can and cannot change, the proposals), an extension of the closing date,
the plan for publishing results, whether the law requires it, and the equality impact
assessment. Also the one derived account of a closed consultation awaiting results
(results_wait), which the consultation page and the accountability page both show,
so the two can never disagree about whether results are late.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# Why something cannot change: the words residents read for each `because`.
FIXED_BECAUSE = {
    "law": "The law requires it",
    "budget": "The budget is set",
    "decided": "It has been decided already",
}

TYPES = {
    # slug: (label, the line shown under it)
    "statutory": ("Statutory consultation", "The law requires us to consult on this."),
    "non-statutory": ("Non-statutory engagement", "The law does not require this; we chose to ask for your views."),
}


@dataclass(frozen=True)
class Proposal:
    """An option or proposal consulted on; its id lets a results theme refer to it."""

    id: str
    title: str
    description: str = ""
    question: str = ""  # "We asked": the question put about it


@dataclass(frozen=True)
class Fixed:
    """Something the consultation cannot change, and why."""

    what: str
    because: str  # a FIXED_BECAUSE slug
    detail: str = ""

    @property
    def because_label(self) -> str:
        return FIXED_BECAUSE[self.because]


@dataclass(frozen=True)
class Scope:
    can_change: tuple = ()  # text
    cannot_change: tuple = ()  # Fixed
    proposals: tuple = ()  # Proposal


@dataclass(frozen=True)
class Extension:
    """A later closing date; the record's closes stays the original."""

    to: date
    reason: str
    announced: date
    original: date  # the closing date first announced


@dataclass(frozen=True)
class FeedbackPlan:
    how: str
    decided_by: str = ""
    decision_expected: date | None = None


@dataclass(frozen=True)
class EqualityImpact:
    url: str = ""
    title: str = ""
    none_because: str = ""  # why there is no assessment, when there is no url


@dataclass(frozen=True)
class ResultsWait:
    """A closed consultation whose results are not out yet: when they are due, and whether late.

    Pages print it (components/results_wait.html); they never work it out.
    """

    due: date  # dates.feedback_due: the date promised
    late: bool  # the promised date has passed
    days_late: int  # 0 unless late
    lead: str  # the lead organisation's name: who owes the results
    how: str = ""  # from feedback_plan
    decided_by: str = ""
    decision_expected: date | None = None
    decision_passed: bool = False  # the expected decision date has gone by (the page says "was expected")
    withheld_reason: str = ""  # outcome.withheld: why the results are not published yet
    withheld_expected: date | None = None  # when they are now expected, if the record says


def _day(value) -> date | None:
    return date.fromisoformat(value) if value else None


def scope_from(block) -> Scope | None:
    if not block:
        return None
    return Scope(
        can_change=tuple(block.get("can_change", ())),
        cannot_change=tuple(Fixed(f["what"], f["because"], f.get("detail", "")) for f in block.get("cannot_change", ())),
        proposals=tuple(Proposal(p["id"], p["title"], p.get("description", ""), p.get("question", ""))
                        for p in block.get("proposals", ())),
    )


def extension_from(dates_block) -> Extension | None:
    e = dates_block.get("extended")
    if not e:
        return None
    return Extension(date.fromisoformat(e["to"]), e["reason"], date.fromisoformat(e["announced"]),
                     date.fromisoformat(dates_block["closes"]))


def feedback_plan_from(block) -> FeedbackPlan | None:
    if not block:
        return None
    return FeedbackPlan(block["how"], block.get("decided_by", ""), _day(block.get("decision_expected")))


def equality_impact_from(block) -> EqualityImpact | None:
    if not block:
        return None
    return EqualityImpact(block.get("url", ""), block.get("title", ""), block.get("none_because", ""))


def effective_closes(closes: date, extension: Extension | None) -> date:
    """The last day to take part: the extended date if there is one, else the original. The one rule for it."""
    return extension.to if extension else closes


def results_wait(c, today: date) -> ResultsWait | None:
    """For a closed consultation awaiting results: when they are due and whether they are late; else None."""
    if c.status != "closed":
        return None
    late = today > c.feedback_due
    plan = c.feedback_plan
    withheld = c.outcome.withheld if c.outcome else None
    return ResultsWait(
        due=c.feedback_due, late=late, days_late=(today - c.feedback_due).days if late else 0, lead=c.lead.name,
        how=plan.how if plan else "", decided_by=plan.decided_by if plan else "",
        decision_expected=plan.decision_expected if plan else None,
        decision_passed=bool(plan and plan.decision_expected and plan.decision_expected < today),
        withheld_reason=withheld["reason"] if withheld else "",
        withheld_expected=withheld.get("expected") if withheld else None,
    )


def record_problems(source, dates: dict) -> list:
    """Errors across fields that the schema cannot word well: extension dates, the law named, proposal ids."""
    data = source.data
    found = []
    extended = data["dates"].get("extended")
    closes = dates["closes"]
    if extended:
        to, announced = date.fromisoformat(extended["to"]), date.fromisoformat(extended["announced"])
        found += _extension_problems(source, dates, to, announced)
        closes = max(closes, to)
    published = _day((data.get("outcome") or {}).get("published"))
    if extended and published and published < closes:
        found.append(source.problem(("outcome", "published"),
                                    f"expected a date on or after the extended closing date ({closes}), found {published}"))
    decision = _day((data.get("feedback_plan") or {}).get("decision_expected"))
    if decision and decision < closes:
        found.append(source.problem(("feedback_plan", "decision_expected"),
                                    f"expected a date on or after the {'extended ' if extended else ''}closing date "
                                    f"({closes}), found {decision}; a decision comes after people have had their say"))
    found += _type_problems(source, data)
    seen = set()
    for i, proposal in enumerate((data.get("scope") or {}).get("proposals", ())):
        if proposal["id"] in seen:
            found.append(source.problem(("scope", "proposals", i, "id"),
                                        f"expected each proposal id once in a record, found '{proposal['id']}' again; "
                                        "give each proposal its own id (results refer to proposals by id)"))
        seen.add(proposal["id"])
    return found


def _extension_problems(source, dates, to: date, announced: date) -> list:
    found = []
    if to <= dates["closes"]:
        found.append(source.problem(("dates", "extended", "to"),
                                    f"expected a date after closes ({dates['closes']}), found {to}; "
                                    "an extension moves the closing date later (keep closes as the original date)"))
    if announced < dates["announced"] or announced > to:
        found.append(source.problem(("dates", "extended", "announced"),
                                    f"expected a date from announced ({dates['announced']}) to the new closing date ({to}), "
                                    f"found {announced}"))
    if dates["feedback_due"] < to:
        found.append(source.problem(("dates", "feedback_due"),
                                    f"expected a date on or after the extended closing date ({to}), found {dates['feedback_due']}; "
                                    "move feedback_due later when the consultation is extended"))
    return found


def _type_problems(source, data) -> list:
    kind, basis = data.get("type"), data.get("statutory_basis")
    if kind == "statutory" and not basis:
        return [source.problem(("type",), "expected statutory_basis naming the law that requires this consultation "
                                          "(for example: Section 3 of the Local Government Act 1999), found none")]
    if basis and kind != "statutory":
        return [source.problem(("statutory_basis",), f"expected statutory_basis only with type: statutory, found type "
                                                     f"{kind or 'not given'}; add type: statutory or remove statutory_basis")]
    return []
