"""After a consultation closes: how the decision is made, news since the results, and a theme's vote.

The record gives dates of events; what is derived here (a decision later than
promised, what comes next) is worked out against the build date, like status.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

UPDATE_KINDS = {
    "deferred": "Deferred",
    "extended": "Extended",
    "challenged": "Challenged",
    "reviewed": "Reviewed",
    "decided": "Decided",
    "other": "Update",
}

DOCUMENT_KINDS = {
    "analysis": "Analysis of responses",
    "report": "Report",
    "minutes": "Minutes",
    "decision-notice": "Decision notice",
    "equality-assessment": "Equality impact assessment",
    "other": "Document",
}

CHALLENGE_KINDS = {
    "judicial-review": "Judicial review",
    "appeal": "Appeal",
    "complaint": "Complaint",
    "referral": "Referral",
}

# Each step of a legal challenge as a line of the timeline; {kind} is the challenge's name.
CHALLENGE_STEPS = {
    "lodged": "{kind} lodged",
    "permission-granted": "{kind} allowed to go ahead",
    "permission-refused": "{kind} refused permission to go ahead",
    "appeal-lodged": "Appeal lodged",
    "appeal-refused": "Appeal refused",
    "appeal-allowed": "Appeal allowed",
    "hearing": "{kind} heard in court",
    "upheld": "{kind} upheld",
    "dismissed": "{kind} dismissed",
    "withdrawn": "{kind} withdrawn",
}

SPLIT_PARTS = (("support", "Support"), ("oppose", "Oppose"), ("neither", "Neither"))
# Percentages rounded to whole numbers can add up to 99 or 101; three parts at most.
PERCENT_TOLERANCE = 1.5


@dataclass(frozen=True)
class OutcomeUpdate:
    date: date
    kind: str
    note: str
    number: int = field(default=0, compare=False)  # its place in the record's list, so a warning finds its line

    @property
    def kind_label(self) -> str:
        return UPDATE_KINDS[self.kind]


@dataclass(frozen=True)
class ResultDocument:
    title: str
    url: str
    kind: str
    format: str = ""

    @property
    def kind_label(self) -> str:
        return DOCUMENT_KINDS[self.kind]


@dataclass(frozen=True)
class SplitPart:
    key: str
    label: str
    value: float | None  # None: not published

    @property
    def known(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Split:
    """Support, oppose, neither: as counts or as percentages."""

    unit: str  # "count" or "percent"
    parts: tuple  # SplitPart, in SPLIT_PARTS order

    @property
    def total(self) -> float:
        return sum(p.value for p in self.parts if p.known)

    def share(self, part: SplitPart) -> float:
        """The part's width in the bar, as a percentage of what is known."""
        if not part.known or not self.total:
            return 0.0
        return round(100 * part.value / self.total, 1)

    def segments(self) -> list:
        """(part, width) for each known part with a share: whole percentages of the bar that add up to 100.

        Whole numbers because the bar's widths are classes in the stylesheet (the pages carry no
        inline style); the largest remainders are rounded up, so the parts always fill the bar.
        """
        shares = [(part, 100 * part.value / self.total) for part in self.parts if part.known and part.value] \
            if self.total else []
        widths = {part.key: int(share) for part, share in shares}
        short = 100 - sum(widths.values()) if shares else 0
        for part, _ in sorted(shares, key=lambda ps: ps[1] - int(ps[1]), reverse=True)[:short]:
            widths[part.key] += 1
        return [(part, widths[part.key]) for part, _ in shares if widths[part.key] > 0]

    def text(self, part: SplitPart) -> str:
        if not part.known:
            return "not published"
        number = f"{part.value:g}" if self.unit == "percent" else f"{int(part.value):,}"
        return f"{number}%" if self.unit == "percent" else f"{number} {'person' if part.value == 1 else 'people'}"


@dataclass(frozen=True)
class ChallengeStep:
    date: date
    step: str
    kind: str = "judicial-review"
    note: str = ""
    number: int = field(default=0, compare=False)  # its place in the record's list

    @property
    def sentence(self) -> str:
        return CHALLENGE_STEPS[self.step].format(kind=CHALLENGE_KINDS[self.kind])


@dataclass(frozen=True)
class Step:
    """One line of the "How the decision is made" timeline."""

    date: date | None
    text: str
    done: bool  # happened (True) or still to come (False)
    note: str = ""


@dataclass
class Decision:
    by: tuple = ()  # Organisation
    body: str = ""
    due: date | None = None
    taken: date | None = None
    notice: str = ""
    scrutiny: dict | None = None  # until, called_in, result (dates as date)
    challenge: tuple = ()  # ChallengeStep, oldest first
    # derived against the build date
    late: bool = False  # taken after due, or due passed and not taken
    days_late: int = 0
    steps: list = field(default_factory=list)  # Step, oldest first; what comes next last

    @property
    def who(self) -> str:
        """Who decides, in words: the body, a joint committee of the partners, or the bodies named."""
        names = [o.name for o in self.by]
        if self.body and len(names) > 1:
            return f"{self.body}, a joint committee of {_joined(names)}"
        return self.body or _joined(names)

    @property
    def is_joint(self) -> bool:
        return len(self.by) > 1


def _joined(names: list) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _day(value) -> date | None:
    return date.fromisoformat(value) if value else None


def decision_from(block: dict | None, orgs: dict) -> Decision | None:
    if not block:
        return None
    scrutiny = block.get("scrutiny")
    return Decision(
        by=tuple(orgs[s] for s in block.get("by", [])),
        body=block.get("body", ""),
        due=_day(block.get("due")),
        taken=_day(block.get("taken")),
        notice=block.get("notice", ""),
        scrutiny={"until": _day(scrutiny["until"]), "called_in": _day(scrutiny.get("called_in")),
                  "result": scrutiny.get("result", "")} if scrutiny else None,
        challenge=tuple(sorted((ChallengeStep(date.fromisoformat(s["date"]), s["step"], s.get("kind", "judicial-review"),
                                              s.get("note", ""), number)
                                for number, s in enumerate(block.get("challenge", []))),
                               key=lambda s: s.date)),
    )


def split_from(block: dict | None) -> Split | None:
    if not block:
        return None
    return Split(block["as"], tuple(SplitPart(key, label, block.get(key)) for key, label in SPLIT_PARTS))


def updates_from(items: list) -> tuple:
    # sorted() is stable: two updates on one day keep the record's order.
    return tuple(sorted((OutcomeUpdate(date.fromisoformat(u["date"]), u["kind"], u["note"], number)
                         for number, u in enumerate(items)),
                        key=lambda u: u.date))


def documents_from(items: list) -> list:
    return [ResultDocument(d["title"], d["url"], d["kind"], d.get("format", "")) for d in items]


def fill_in(decision: Decision, today: date) -> None:
    """The decision's derived facts: whether it is late, and its timeline, against the build date."""
    if decision.due and decision.taken:
        decision.days_late = max(0, (decision.taken - decision.due).days)
    elif decision.due and not decision.taken and decision.due < today:
        decision.days_late = (today - decision.due).days
    else:
        decision.days_late = 0
    decision.late = decision.days_late > 0
    decision.steps = _steps(decision, today)


def _steps(d: Decision, today: date) -> list:
    steps = []
    if d.taken and d.taken <= today:
        late = f", {d.days_late:,} {'day' if d.days_late == 1 else 'days'} later than promised" if d.late else ""
        steps.append(Step(d.taken, f"Decision made by {d.who}{late}", True))
    elif d.due:
        verb = "was due" if d.due < today else "is due"
        steps.append(Step(d.due, f"Decision by {d.who} {verb}" + (" and has not been made yet" if d.due < today else ""),
                          d.due < today))
    s = d.scrutiny
    if s:
        if s["called_in"] and s["called_in"] <= today:
            steps.append(Step(s["called_in"], "Decision called in for scrutiny", True, s["result"]))
        elif s["until"] >= today:
            steps.append(Step(s["until"], "Last day the decision can be called in for scrutiny", False))
        else:
            steps.append(Step(s["until"], "Not called in for scrutiny", True, s["result"]))
    steps += [Step(c.date, c.sentence, c.date <= today, c.note) for c in d.challenge]
    return sorted(steps, key=lambda step: (not step.done, step.date or date.max))
