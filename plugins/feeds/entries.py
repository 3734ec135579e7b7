"""Which records become feed entries, and what each entry says."""

from __future__ import annotations

from said_and_done.api import long_date

from .atom import Entry


def consultation_entry(c, public_url: str) -> Entry:
    """A new consultation, dated the day it was announced."""
    where = "the whole area" if c.area_wide else ", ".join(place.name for place in c.localities)
    return Entry(
        id=f"{public_url}/{c.url}",
        title=c.title,
        link=f"{public_url}/{c.url}",
        updated=c.announced,
        summary=(f"{' '.join(c.summary.split())}\n\nOpen from {long_date(c.opens)} to {long_date(c.effective_closes)}. "
                 f"{_extension(c)}Led by {c.lead.name}, for {where}."),
        author=c.lead.name,
        categories=tuple(t.name for t in c.topics),
    )


def _extension(c) -> str:
    """The sentence saying a consultation was extended, as its page says it; empty if not."""
    e = c.extended
    return f"Extended from {long_date(e.original)}: {' '.join(e.reason.split())} " if e else ""


def outcome_entry(c, public_url: str) -> Entry:
    """Published results ("You said, we did"), dated the day they were published."""
    return Entry(
        id=f"{public_url}/{c.outcome_url}",
        title=f"You said, we did: {c.title}",
        link=f"{public_url}/{c.outcome_url}",
        updated=c.outcome.published,
        summary=" ".join(c.outcome.summary.split()),
        author=c.lead.name,
        categories=tuple(t.name for t in c.topics),
    )


def announced(consultations, today) -> list:
    """Consultations announced by the build date, newest first.

    A record may be added before its announcement day; it joins the feed on that
    day, so no entry is dated in the future.
    """
    return sorted((c for c in consultations if c.announced <= today), key=lambda c: (c.announced, c.id), reverse=True)


def published_results(consultations) -> list:
    """Consultations whose results are published (on or before the build date), newest first."""
    return sorted((c for c in consultations if c.has_published_outcome),
                  key=lambda c: (c.outcome.published, c.id), reverse=True)
