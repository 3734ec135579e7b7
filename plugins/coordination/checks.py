"""Coordination warnings for `make check` and every build (never errors: the site still builds)."""

from __future__ import annotations

from dataclasses import replace

from said_and_done.api import WARNING

from .findings import register_overlaps, short_notice
from .options import coordination_options


def coordination_checks(register) -> list:
    """A register_checks receiver: clashing consultations and planned ones announced at short notice."""
    options = coordination_options(register.settings)
    problems = []
    at_opens = {}  # consultation id -> a Problem at its dates.opens line; each file is parsed once
    for o in register_overlaps(register):
        first = at_opens.get(o.flagged.id)
        if first is None:
            first = at_opens[o.flagged.id] = register.problem(o.flagged.id, ("dates", "opens"), "", WARNING)
        problems.append(replace(first, message=overlap_message(o)))
    for s in short_notice(register.consultations, options.short_notice_days):
        c = s.consultation
        first = at_opens.get(c.id) or register.problem(c.id, ("dates", "opens"), "", WARNING)
        problems.append(replace(first, message=(
            f"announced on {c.announced}, only {_days(s.notice_days)} before it opens on {c.opens}; "
            f"partners and residents need at least {_notice(s.required_days)} to plan, publicise and "
            f"order other formats (COORDINATION['short_notice_days']): move opens to {s.earliest_opens} "
            "or later if you can")))
    return problems


def overlap_message(o) -> str:
    f, other = o.flagged, o.other
    where = "across the whole area" if o.area_wide else "in " + _names(o.localities)
    what = []
    if o.topics:
        what.append(f"on the same topic ({_names(o.topics)})")
    if o.audiences:
        what.append(f"for the same people ({_names(o.audiences)})")
    return (f"open {f.opens} to {f.effective_closes}, at the same time as {other.id} ({other.source}, open "
            f"{other.opens} to {other.effective_closes}) {where}, {' and '.join(what)}; agree with "
            f"{other.lead.name} whether to run them together or move one (both are listed on /coordination/)")


def _names(items) -> str:
    return ", ".join(i.name for i in items)


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def _notice(n: int) -> str:
    return "1 day's notice" if n == 1 else f"{n} days' notice"
