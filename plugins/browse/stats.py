"""The simple figures shown for a locality, organisation or topic, worked out here, not in templates."""

from __future__ import annotations

from dataclasses import dataclass

from said_and_done.api import DECISIONS

# Always shown, even at nought: residents ask "how often do they do what we say?"
HEADLINE_DECISIONS = ("adopted", "partly-adopted", "not-adopted")


@dataclass(frozen=True)
class Share:
    decision: str
    label: str
    count: int
    percent: int  # of all themes, rounded half up


@dataclass(frozen=True)
class Figures:
    consultations: int
    open_now: int
    coming_up: int
    awaiting_results: int
    results_published: int
    withdrawn: int
    responses: int  # added up over the consultations that reported a number
    responses_reported_by: int
    themes: int
    decisions: tuple  # Share, in DECISIONS order
    results_on_time: int  # results published on or before feedback_due
    actions_done: int
    actions_in_progress: int
    actions_overdue: int
    actions_on_hold: int = 0  # never overdue: counted apart from those under way

    @property
    def actions(self) -> int:
        """Every "We will" action counted above: done, under way, on hold or overdue (dropped ones are not)."""
        return self.actions_done + self.actions_in_progress + self.actions_on_hold + self.actions_overdue


def percent_of(count: int, total: int) -> int:
    return (count * 200 + total) // (2 * total) if total else 0


def figures(consultations, actions) -> Figures:
    """Figures for consultations and the (consultation, action) pairs that belong with them."""
    status_counts = {}
    responses = reported = on_time = 0
    decision_counts = dict.fromkeys(DECISIONS, 0)
    for c in consultations:
        status_counts[c.status] = status_counts.get(c.status, 0) + 1
        if c.responses is not None:
            responses += c.responses
            reported += 1
        if c.has_published_outcome:
            on_time += c.outcome.published <= c.feedback_due
            for theme in c.outcome.themes:
                decision_counts[theme.decision] += 1
    themes = sum(decision_counts.values())
    shares = tuple(Share(slug, label, decision_counts[slug], percent_of(decision_counts[slug], themes))
                   for slug, label in DECISIONS.items()
                   if slug in HEADLINE_DECISIONS or decision_counts[slug])
    done = sum(1 for _c, a in actions if a.status == "done")
    overdue = sum(1 for _c, a in actions if a.overdue)
    in_progress = sum(1 for _c, a in actions if a.status in ("planned", "in-progress") and not a.overdue)
    on_hold = sum(1 for _c, a in actions if a.is_on_hold)
    return Figures(
        consultations=len(consultations),
        open_now=status_counts.get("open", 0),
        coming_up=status_counts.get("planned", 0),
        awaiting_results=status_counts.get("closed", 0),
        results_published=status_counts.get("feedback-published", 0),
        withdrawn=status_counts.get("withdrawn", 0),
        responses=responses,
        responses_reported_by=reported,
        themes=themes,
        decisions=shares,
        results_on_time=on_time,
        actions_done=done,
        actions_in_progress=in_progress,
        actions_overdue=overdue,
        actions_on_hold=on_hold,
    )
