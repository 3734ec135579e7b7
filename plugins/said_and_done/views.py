"""Arrangements of the register that pages display: groupings, orderings, selections.

Templates only display; every choice of what goes where is made here.
"""

from __future__ import annotations

from itertools import groupby

from .derive import STATUS_ORDER, STATUSES
from .model import DECISIONS


def register_groups(consultations) -> list:
    """The whole register grouped by status (in STATUS_ORDER), then by year opened, newest first."""
    groups = []
    for status in STATUS_ORDER:
        members = sorted((c for c in consultations if c.status == status), key=lambda c: (c.opens, c.id), reverse=True)
        if not members:
            continue
        years = [(year, list(items)) for year, items in groupby(members, key=lambda c: c.opens.year)]
        label, meaning = STATUSES[status]
        groups.append({"status": status, "label": label, "meaning": meaning, "count": len(members), "years": years})
    return groups


def open_now(consultations) -> list:
    return sorted((c for c in consultations if c.status == "open"), key=lambda c: (c.closes, c.id))


def forthcoming(consultations) -> list:
    return sorted((c for c in consultations if c.status == "planned"), key=lambda c: (c.opens, c.id))


def published_outcomes(consultations) -> list:
    """Consultations with published results, newest result first."""
    return sorted((c for c in consultations if c.status == "feedback-published"),
                  key=lambda c: (c.outcome.published, c.id), reverse=True)


def decision_counts(consultation) -> list:
    """(decision label, count) for a consultation's themes, in a fixed order."""
    counts = {}
    for theme in consultation.outcome.themes:
        counts[theme.decision] = counts.get(theme.decision, 0) + 1
    return [(slug, label, counts[slug]) for slug, label in DECISIONS.items() if slug in counts]
