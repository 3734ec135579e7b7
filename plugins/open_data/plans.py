"""What the exports carry from before and during a consultation: scope, an extension, the plan
for results, whether the law requires it, the equality impact assessment, and whether results
are awaited or late (the same results_wait the pages print).

Kept beside export.py so the fields and their CSV columns are declared in one place.
"""

from __future__ import annotations

# As tables.LIST_SEPARATOR (tables.py imports this module, so not from there).
LIST_SEPARATOR = "; "


def _text(value) -> str | None:
    # YAML folded text ends in a newline; that is layout, not content.
    return value.strip() if isinstance(value, str) and value.strip() else None


def _day(value) -> str | None:
    return value.isoformat() if value else None


def dates(c) -> dict:
    """The dates block's extra keys: the effective closing date and the extension behind it."""
    e = c.extended
    return {
        "effective_closes": _day(c.effective_closes),
        "extended": {"to": _day(e.to), "reason": _text(e.reason), "announced": _day(e.announced)} if e else None,
    }


def before_and_during(c) -> dict:
    s, plan, eq, wait = c.scope, c.feedback_plan, c.equality_impact, c.results_wait
    return {
        "type": c.type or None,
        "type_label": c.type_label or None,
        "statutory_basis": c.statutory_basis or None,
        "scope": {
            "can_change": [_text(x) for x in s.can_change],
            "cannot_change": [{"what": _text(f.what), "because": f.because, "because_label": f.because_label,
                               "detail": _text(f.detail)} for f in s.cannot_change],
            "proposals": [{"id": p.id, "title": p.title, "description": _text(p.description),
                           "question": p.question or None} for p in s.proposals],
        } if s else None,
        "feedback_plan": {"how": _text(plan.how), "decided_by": plan.decided_by or None,
                          "decision_expected": _day(plan.decision_expected)} if plan else None,
        "equality_impact": {"url": eq.url or None, "title": eq.title or None,
                            "none_because": _text(eq.none_because)} if eq else None,
        "awaiting_results": {"due": _day(wait.due), "late": wait.late, "days_late": wait.days_late,
                             "lead": wait.lead} if wait else None,
    }


def _get(c, *keys):
    for key in keys:
        c = (c or {}).get(key)
    return c


# consultations.csv's columns for these fields, after the ones tables.py declares:
# (name, description, value from the exported dict), made into tables.Column there.
COLUMNS = [
    ("type", "statutory (the law requires it) or non-statutory (engagement the partners chose to run); "
                   "empty when the record does not say.", lambda c: c["type"]),
    ("statutory_basis", "The law that requires it, for a statutory consultation.", lambda c: c["statutory_basis"]),
    ("effective_closes", "The last day to take part: the extended closing date if it was extended, "
                               "else the same as closes.", lambda c: c["dates"]["effective_closes"]),
    ("extended_to", "The new closing date, if the closing date was extended (closes keeps the original).",
           lambda c: _get(c, "dates", "extended", "to")),
    ("extension_reason", "Why it was extended.", lambda c: _get(c, "dates", "extended", "reason")),
    ("extension_announced", "When the extension was announced.", lambda c: _get(c, "dates", "extended", "announced")),
    ("can_change", "What the consultation can change, items separated by '; '.",
           lambda c: LIST_SEPARATOR.join(_get(c, "scope", "can_change") or []) or None),
    ("cannot_change", "How many things are listed as fixed (the JSON has each, with why).",
           lambda c: len(c["scope"]["cannot_change"]) if c["scope"] else None),
    ("proposals", "Ids of the proposals or options consulted on (the JSON has their titles and questions).",
           lambda c: [p["id"] for p in c["scope"]["proposals"]] if c["scope"] else None),
    ("results_how", "How the results will be published.", lambda c: _get(c, "feedback_plan", "how")),
    ("decided_by", "Who will make the decision, as planned before the results.",
           lambda c: _get(c, "feedback_plan", "decided_by")),
    ("decision_expected", "When the decision is expected.", lambda c: _get(c, "feedback_plan", "decision_expected")),
    ("results_late", "true when it has closed, results are awaited and the date promised has passed; "
                           "false while awaited and not yet due; empty otherwise.",
           lambda c: _get(c, "awaiting_results", "late")),
    ("equality_impact_url", "Address of the equality impact assessment.", lambda c: _get(c, "equality_impact", "url")),
    ("equality_impact_none_because", "Why there is no equality impact assessment.",
           lambda c: _get(c, "equality_impact", "none_because")),
]
