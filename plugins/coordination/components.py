"""What the coordination pages' components (components/coordination.html) are given.

A card holds exactly what it shows, as plain values made in Python before any page is
rendered, never a consultation to dig into: so each component can be rendered alone in a
test, and a page key that describes a card changes exactly when what it shows changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from said_and_done.api import StatusTag, join_names, status_tag


@dataclass(frozen=True, slots=True)
class OverlapEntry:
    """One of a clashing pair as the clash's card lists it."""

    url: str
    title: str
    lead: str  # the lead organisation's name
    opens: date
    closes: date
    status: StatusTag


@dataclass(frozen=True, slots=True)
class OverlapCard:
    """overlap_card: two consultations open at the same time for the same place and topic or people."""

    entries: tuple  # the two OverlapEntry, in the order they open
    starts: date  # both are open from starts to ends
    ends: date
    where: str  # "Area-wide: every locality", or the localities where they meet as prose
    topics: str  # the topics they share as prose, or ""
    audiences: str  # the people both are for as prose, or ""


@dataclass(frozen=True, slots=True)
class ShortNoticeCard:
    """short_notice_card: a planned consultation announced at short notice."""

    url: str
    title: str
    lead: str  # the lead organisation's name
    announced: date
    opens: date
    notice_days: int


def overlap_entry(c) -> OverlapEntry:
    """What a clash's card lists of c: made once a build, however many clashes it is in.

    Kept on the consultation, as its card is (said_and_done's components): consultations
    are made afresh each build and not changed once derived.
    """
    entry = c.__dict__.get("_overlap_entry")
    if entry is None:
        entry = c.__dict__["_overlap_entry"] = OverlapEntry(c.url, c.title, c.lead.name, c.opens, c.effective_closes,
                                                            status_tag(c))
    return entry


def overlap_card(o) -> OverlapCard:
    """The card of a findings.Overlap."""
    return OverlapCard(
        entries=tuple(overlap_entry(c) for c in o.by_opening), starts=o.starts, ends=o.ends,
        where="Area-wide: every locality" if o.area_wide else join_names(o.localities),
        topics=join_names(o.topics), audiences=join_names(o.audiences))


def short_notice_card(s) -> ShortNoticeCard:
    """The card of a findings.ShortNotice."""
    c = s.consultation
    return ShortNoticeCard(url=c.url, title=c.title, lead=c.lead.name, announced=c.announced, opens=c.opens,
                           notice_days=s.notice_days)
