"""Warnings for staff: "We will" actions in progress that nobody has updated for too long."""

from __future__ import annotations

from said_and_done.api import WARNING, stale_actions

from .options import evaluation_due_days, stale_after_days
from .views import missing_evaluations


def stale_checks(register) -> list:
    """A register_checks receiver: one warning per action in progress not updated for stale_after_days."""
    days = stale_after_days(register.settings)
    wanted = []
    for c, a in stale_actions(register, days):
        i = c.outcome.actions.index(a)
        # Point at the date that is stale: the record's updated, or its newest update's date.
        newest = a.last_update
        path = (("outcome", "actions", i, "updates", newest.number, "date") if newest and newest.date == a.updated
                else ("outcome", "actions", i, "updated"))
        wanted.append((c.id, path, (
            f"expected an update at least every {days} days while an action is in progress "
            f"(ACCOUNTABILITY['stale_after_days']), found none since {a.updated}; check how it is going and "
            "add an entry under updates (or change updated); /accountability/ lists it as not updated since then"),
            WARNING))
    return register.problems(wanted)


def evaluation_checks(register) -> list:
    """A register_checks receiver: a warning for each result published more than
    evaluation_due_days ago whose record has no evaluation."""
    days = evaluation_due_days(register.settings)
    return register.problems([(m.consultation.id, ("outcome", "published"), (
        f"expected an evaluation within {days} days of publishing the results (ACCOUNTABILITY['evaluation_due_days']), "
        f"found none {m.days} days after {m.consultation.outcome.published}; add an evaluation block (what_worked, "
        "what_to_improve, groups_reached, groups_not_reached); /accountability/ lists it as an evaluation missing"),
        WARNING) for m in missing_evaluations(register, days)])
