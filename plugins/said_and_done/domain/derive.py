"""Facts computed from records against the build date, never typed by staff.

Status comes from dates and outcome: planned, open, closed (awaiting
feedback), feedback published, or withdrawn (explicit, with a reason).
"""

from __future__ import annotations

from datetime import date

from . import actions, plans, results, results_checks
from .calls_to_action import call_to_action
from .problems import WARNING

# The one table of status wording: every page, data file, search filter and feed takes
# a status's words from here, through status_label and status_meaning.
STATUSES = {
    # slug: (label, the line shown under it for one consultation, the same for a group of them)
    "planned": ("Planned", "This consultation has not opened yet.", "These consultations have not opened yet."),
    "open": ("Open", "You can take part now.", "You can take part in these now."),
    "closed": ("Closed", "This consultation has closed. We are considering what people said.",
               "These consultations have closed. We are considering what people said."),
    "feedback-published": ("Results published", "We have published what people said and what we did.",
                           "We have published what people said and what we did."),
    "withdrawn": ("Withdrawn", "This consultation was withdrawn.", "These consultations were withdrawn."),
}
# Order of status groups on the register: what residents can act on first.
STATUS_ORDER = ["open", "planned", "closed", "feedback-published", "withdrawn"]


def status_label(status: str) -> str:
    """The words residents see for a status ("Results published"): the one place a slug becomes a label."""
    return STATUSES[status][0]


def status_meaning(status: str, count: int = 1) -> str:
    """The plain-English line shown under a status's label: for one consultation, or for a group of count."""
    return STATUSES[status][1 if count == 1 else 2]


def status_of(c, today: date) -> str:
    if c.withdrawn:
        return "withdrawn"
    # Withheld results are not results: the consultation stays closed, awaiting them (and late
    # once feedback_due passes), and its page says why (plans.results_wait).
    if c.outcome and c.outcome.published <= today and not c.outcome.withheld:
        return "feedback-published"
    if today < c.opens:
        return "planned"
    if today <= c.effective_closes:
        return "open"
    return "closed"


def derive(register) -> list:
    """Fill in every derived field; return warnings for staff (never errors)."""
    today = register.build_date
    wanted = []  # (id, path, message, severity): positions found for all at once (register.problems)
    for c in register.consultations:
        fill_in(c, today, register.by_id)
        if c.feedback_overdue:
            wanted.append((
                c.id, ("dates", "feedback_due"),
                (f"feedback was due on {c.feedback_due} and the results are withheld (outcome.withheld); "
                 "publish them, or move feedback_due and say why on the page"
                 if c.outcome and c.outcome.withheld else
                 f"feedback was due on {c.feedback_due} and no outcome is published yet; "
                 "add an outcome block, or move feedback_due and say why on the page"),
                WARNING,
            ))
        wanted += actions.date_warnings(c, today)
        wanted += [(c.id, path, f"expected a date on or before the build date ({today}), found {day}, "
                    "which is in the future; write the date it happened", WARNING)
                   for path, day in results_checks.future_dates(c, today)]
    register.consultations.sort(key=lambda c: (c.opens, c.id), reverse=True)
    return register.problems(wanted)


def fill_in(c, today: date, by_id: dict) -> None:
    """One consultation's derived fields, from its record, the build date and the records it names."""
    c.status = status_of(c, today)
    c.status_label = status_label(c.status)
    c.days_left = (c.effective_closes - today).days if c.status == "open" else None
    c.results_wait = plans.results_wait(c, today)  # the page and /accountability/ both print this one
    c.feedback_overdue = bool(c.results_wait and c.results_wait.late)
    c.feedback_days_late = c.results_wait.days_late if c.feedback_overdue else 0
    c.call_to_action = call_to_action(c)
    # Announced as withheld (outcome.published passed): open data carries the notice, not results.
    c.results_withheld = bool(c.status == "closed" and c.outcome and c.outcome.withheld and c.outcome.published <= today)
    for event in c.how_to_take_part.get("events", ()):
        event["past"] = event["date"] < today  # an event that has happened is marked, not offered
    if c.outcome:
        for action in c.outcome.actions:
            actions.fill_in(action, today)
    if c.decision:
        results.fill_in(c.decision, today)
    c.related = [by_id[r] for r in c.related_ids]
