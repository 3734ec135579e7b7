"""What partners need to coordinate: clashing consultations and short notice.

Works from the derived register; the clash search itself is in overlaps.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .overlaps import overlapping_pairs, window_of


@dataclass(frozen=True)
class Overlap:
    """Two consultations open at the same time for the same place and topic or people."""

    flagged: object  # the one announced later: it is the one that should have checked
    other: object
    starts: date
    ends: date
    area_wide: bool  # both are area-wide, so they meet everywhere
    localities: tuple  # where they meet (every locality when area_wide)
    topics: tuple
    audiences: tuple

    @property
    def same_topic(self) -> bool:
        return bool(self.topics)

    @property
    def by_opening(self) -> tuple:
        """The pair in the order they open."""
        return tuple(sorted((self.flagged, self.other), key=lambda c: (c.opens, c.id)))


@dataclass(frozen=True)
class ShortNotice:
    consultation: object
    notice_days: int
    required_days: int

    @property
    def earliest_opens(self) -> date:
        return self.consultation.announced + timedelta(days=self.required_days)


def overlaps(consultations, since: date | None = None) -> list:
    """Clashes between consultations that were not withdrawn, soonest first.

    With since, only clashes still running on that day or still to come.
    """
    live = [c for c in consultations if c.status != "withdrawn"]
    if since is not None:
        # A clash runs on or after since only if both close on or after it, so the rest
        # can be left out before the search: at 10,000 records it found 365,110 clashes
        # in all, only 29,244 of them current, and making the past ones took 2 s a build.
        live = [c for c in live if c.effective_closes >= since]
    by_id = {c.id: c for c in live}
    pairs = [(by_id[a], by_id[b]) for a, b in overlapping_pairs(window_of(c) for c in live)]
    found = [_describe(a, b) for a, b in pairs]
    return sorted(found, key=lambda o: (o.starts, not o.same_topic, o.flagged.id, o.other.id))


def current_overlaps(consultations, today: date) -> list:
    """Clashes still running or still to come: past ones can no longer be coordinated."""
    return overlaps(consultations, since=today)


def register_overlaps(register) -> list:
    """current_overlaps of the whole register, found once per build for the checks and the pages."""
    found = register.__dict__.get("_current_overlaps")
    if found is None:
        found = register.__dict__["_current_overlaps"] = current_overlaps(register.consultations, register.build_date)
    return found


def short_notice(consultations, required_days: int) -> list:
    """Planned consultations announced fewer than required_days before they open, soonest first."""
    found = [ShortNotice(c, (c.opens - c.announced).days, required_days)
             for c in consultations
             if c.status == "planned" and (c.opens - c.announced).days < required_days]
    return sorted(found, key=lambda s: (s.consultation.opens, s.consultation.id))


def _describe(a, b) -> Overlap:
    flagged, other = sorted((a, b), key=lambda c: (c.announced, c.opens, c.id), reverse=True)
    if a.area_wide and b.area_wide:
        places = tuple(a.localities)
    elif a.area_wide or b.area_wide:
        places = tuple((b if a.area_wide else a).localities)
    else:
        theirs = {place.slug for place in b.localities}
        places = tuple(place for place in a.localities if place.slug in theirs)
    b_topics = {t.slug for t in b.topics}
    b_audiences = {x.slug for x in b.audiences}
    return Overlap(
        flagged=flagged, other=other,
        starts=max(a.opens, b.opens), ends=min(a.effective_closes, b.effective_closes),
        area_wide=a.area_wide and b.area_wide,
        localities=places,
        topics=tuple(t for t in a.topics if t.slug in b_topics),
        audiences=tuple(x for x in a.audiences if x.slug in b_audiences),
    )
