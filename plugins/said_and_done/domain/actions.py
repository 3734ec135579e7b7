""""We will" actions: what is derived about them, and the checks on their dates.

An action is overdue only when it has a due date, that date has passed, and it is
still planned or in progress. An action waiting on a condition ("when national
guidance is published") or on hold is never overdue: when the date we said we would
look at it again passes, it is "review due" instead, a separate and honest flag.
"""

from __future__ import annotations

from datetime import date, timedelta

from .problems import WARNING

# Still being worked on: the statuses a due date can make overdue.
UNDER_WAY = ("planned", "in-progress")
STALE_AFTER_DAYS = 180  # the default; ACCOUNTABILITY["stale_after_days"] sets it


def fill_in(action, today: date) -> None:
    """The action's derived flags against the build date."""
    action.overdue = action.status in UNDER_WAY and action.due is not None and action.due < today
    review = action.review
    waiting = action.is_on_hold or (action.status in UNDER_WAY and action.due is None)
    action.review_due = waiting and review is not None and review < today
    # Days past the date that was missed, as the accountability page counts them.
    action.days_late = ((today - action.due).days if action.overdue
                        else (today - review).days if action.review_due else 0)


def date_warnings(c, today: date) -> list:
    """Warnings for action dates after the build date or before the consultation opened, as
    (id, path, message, severity) for register.problems.

    A date in the future is a typing mistake, or an update written up before it happened;
    one before the consultation opened cannot be about what it promised.
    """
    found = []
    for i, action in enumerate(c.outcome.actions if c.outcome else []):
        where = ("outcome", "actions", i)
        dated = [(where + ("updated",), action.checked)] if action.checked else []
        dated += [(where + ("updates", u.number, "date"), u.date) for u in action.updates]
        for path, day in dated:
            message = _date_problem(day, today, c.opens)
            if message:
                found.append((c.id, path, message, WARNING))
    return found


def _date_problem(day: date, today: date, opened: date) -> str:
    if day > today:
        return (f"expected a date on or before the build date ({today}), found {day}, which is in the future; "
                "write the date it happened or was checked")
    if day < opened:
        return (f"expected a date on or after the consultation opened ({opened}), found {day}; "
                "check the year")
    return ""


def record_problems(source) -> list:
    """Errors the schema cannot word well: a review date on an action that is not on hold."""
    found = []
    for i, action in enumerate((source.data.get("outcome") or {}).get("actions", [])):
        if "review" in action and action["status"] != "on-hold":
            found.append(source.problem(
                ("outcome", "actions", i, "review"),
                f"expected review only on an action that is on hold, found status '{action['status']}'; "
                "for an action waiting on a condition, put review under due (due: {when: ..., review: ...})",
            ))
    return found


def stale(register, after_days: int = STALE_AFTER_DAYS) -> list:
    """(consultation, action) for each action in progress not updated for more than after_days, oldest first.

    Only published results count: an action is not public before its result is.
    """
    cutoff = register.build_date - timedelta(days=after_days)
    found = [(c, a) for c in register.consultations if c.has_published_outcome
             for a in c.outcome.actions if a.status == "in-progress" and a.updated < cutoff]
    return sorted(found, key=lambda p: (p[1].updated, p[0].id, p[1].we_will))

