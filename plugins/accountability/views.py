"""What is late: results not published by the date promised, and "We will" actions past due.

Beside them, two honest flags that are not "overdue": actions waiting on a condition or on
hold whose review date has passed ("review due"), and actions in progress that nobody has
updated for ACCOUNTABILITY['stale_after_days'] ("not updated since").

Plain and public, counted by the organisation responsible: the lead organisation
for a consultation's results, the action's lead for an action.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from said_and_done.api import STALE_AFTER_DAYS, stale_actions

# ACCOUNTABILITY['evaluation_due_days'] unless set (options.py).
EVALUATION_DUE_DAYS = 90


@dataclass(frozen=True)
class LateResult:
    consultation: object
    days_late: int


@dataclass(frozen=True)
class LateAction:
    consultation: object
    action: object
    days_late: int


@dataclass(frozen=True)
class LateResultCard:
    """late_result (components/accountability.html): a consultation whose results are overdue."""

    url: str
    title: str
    days_late: int
    lead: str  # the lead organisation's name
    closes: date
    feedback_due: date  # the date promised for the results
    contact: str  # the team to ask
    wait: object = None  # the consultation's results_wait: the page's own "Results are late" words


@dataclass(frozen=True)
class LateActionCard:
    """late_action (components/accountability.html): a "We will" action past its due date,
    past its review date, or not updated for too long (which of these: the list it is in)."""

    we_will: str
    status_label: str  # the action's status as people read it ("In progress")
    status: str  # its slug; the tag's class is tag--action-<status>
    days_late: int  # days past the due date, past the review date, or since the last update
    lead: str  # the lead organisation's name
    due: date | None  # None when it waits on a condition
    updated: date
    from_title: str  # the consultation whose result promised it
    from_url: str  # that result's page, from the site root
    overdue: bool = True
    due_when: str = ""
    review: date | None = None
    review_due: bool = False
    hold_reason: str = ""


def late_result_card(r: LateResult) -> LateResultCard:
    c = r.consultation
    return LateResultCard(url=c.url, title=c.title, days_late=r.days_late, lead=c.lead.name, closes=c.effective_closes,
                          feedback_due=c.feedback_due, contact=c.contact["name"], wait=c.results_wait)


def late_action_card(r: LateAction) -> LateActionCard:
    c, a = r.consultation, r.action
    return LateActionCard(we_will=a.we_will, status_label=a.status_label, status=a.status, days_late=r.days_late,
                          lead=a.lead.name, due=a.due, updated=a.updated, from_title=c.title, from_url=c.outcome_url,
                          overdue=a.overdue, due_when=a.due_when, review=a.review, review_due=a.review_due,
                          hold_reason=a.hold_reason)


@dataclass(frozen=True)
class OrganisationRecord:
    organisation: object
    results_overdue: int
    actions_overdue: int
    results_published: int
    results_on_time: int  # published on or before feedback_due
    actions_done: int
    evaluations_missing: int = 0  # results published long enough ago with no evaluation

    @property
    def overdue(self) -> int:
        return self.results_overdue + self.actions_overdue


@dataclass(frozen=True)
class Accountability:
    late_results: list  # most overdue first
    late_actions: list  # most overdue first
    organisations: list  # OrganisationRecord: most overdue first, then by name
    reviews_due: list = ()  # LateAction, days_late since the review date: longest first
    not_updated: list = ()  # LateAction, days_late since the last update: longest first
    evaluations_missing: list = ()  # MissingEvaluation: longest since the results first


@dataclass(frozen=True)
class MissingEvaluation:
    consultation: object
    days: int  # since the results were published


@dataclass(frozen=True)
class MissingEvaluationCard:
    """missing_evaluation (components/accountability.html): published results with no evaluation."""

    title: str
    url: str  # the results page ("You said, we did"), from the site root
    lead: str
    lead_url: str
    published: date
    days: int


def missing_evaluation_card(m: MissingEvaluation) -> MissingEvaluationCard:
    c = m.consultation
    return MissingEvaluationCard(title=c.title, url=c.outcome_url, lead=c.lead.name,
                                 lead_url=f"organisations/{c.lead.slug}/", published=c.outcome.published, days=m.days)


def missing_evaluations(register, due_days: int = EVALUATION_DUE_DAYS) -> list:
    """Consultations whose results were published more than due_days ago with no evaluation,
    longest first. An evaluation with nothing in it counts as missing."""
    today = register.build_date
    found = [MissingEvaluation(c, (today - c.outcome.published).days) for c in register.consultations
             if c.has_published_outcome and not c.evaluation and (today - c.outcome.published).days > due_days]
    return sorted(found, key=lambda m: (-m.days, m.consultation.id))


def accountability(register, stale_after_days: int = STALE_AFTER_DAYS,
                   evaluation_due_days: int = EVALUATION_DUE_DAYS) -> Accountability:
    today = register.build_date
    late_results, late_actions, reviews_due = [], [], []
    counts = {slug: dict.fromkeys(("results_overdue", "actions_overdue", "results_published", "results_on_time",
                                   "actions_done", "evaluations_missing"), 0)
              for slug in register.organisations}
    missing = missing_evaluations(register, evaluation_due_days)
    for m in missing:
        counts[m.consultation.lead.slug]["evaluations_missing"] += 1
    for c in register.consultations:
        lead = counts[c.lead.slug]
        if c.feedback_overdue:
            late_results.append(LateResult(c, c.results_wait.days_late))  # the page's own figure
            lead["results_overdue"] += 1
        if not c.has_published_outcome:
            continue
        lead["results_published"] += 1
        lead["results_on_time"] += c.outcome.published <= c.feedback_due
        for a in c.outcome.actions:
            owner = counts[a.lead.slug]
            owner["actions_done"] += a.status == "done"
            if a.overdue:
                late_actions.append(LateAction(c, a, (today - a.due).days))
                owner["actions_overdue"] += 1
            if a.review_due:
                reviews_due.append(LateAction(c, a, (today - a.review).days))
    records = [OrganisationRecord(register.organisations[slug], **n) for slug, n in counts.items()]
    return Accountability(
        late_results=sorted(late_results, key=lambda r: (-r.days_late, r.consultation.id)),
        late_actions=sorted(late_actions, key=lambda r: (-r.days_late, r.consultation.id, r.action.we_will)),
        organisations=sorted(records, key=lambda r: (-r.overdue, r.organisation.name.casefold())),
        reviews_due=sorted(reviews_due, key=lambda r: (-r.days_late, r.consultation.id, r.action.we_will)),
        # stale_actions gives them oldest update first, which is longest without one.
        not_updated=[LateAction(c, a, (today - a.updated).days) for c, a in stale_actions(register, stale_after_days)],
        evaluations_missing=missing,
    )
