"""iCalendar (RFC 5545) files of consultation windows, built with the icalendar library.

One all-day event per consultation, from the day it opens to the day it closes
(DTEND is the day after, as RFC 5545 counts all-day ends). The UID is the
consultation id at the register's public host, so a subscriber's calendar app
updates the same event when dates change, and removes it when withdrawn
(STATUS:CANCELLED). Nothing comes from the wall clock: the same records and
build date always give the same bytes.

Beside it, one all-day event for each event (a drop-in, a meeting) of a consultation
that is planned or open, so residents can plan to go before it opens; see
months.announced_events.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from urllib.parse import urlsplit

from icalendar import Calendar, Event

from said_and_done.api import consultation_digest, ical_bytes, long_date, printable

from .months import announced_events


def uid_host(public_url: str) -> str:
    return urlsplit(public_url).hostname or "localhost"


def last_changed(c, today):
    """The latest dated change to a record that the build can see: announced, or withdrawn."""
    changed = c.announced
    if c.withdrawn:
        changed = max(changed, c.withdrawn["date"])
    return min(changed, today)


def event_for(c, public_url: str, today) -> Event:
    event = Event()
    event.add("uid", f"{c.id}@{uid_host(public_url)}")
    stamp = datetime.combine(last_changed(c, today), time(0, 0), tzinfo=UTC)
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("dtstart", c.opens)
    event.add("dtend", c.effective_closes + timedelta(days=1))
    event.add("summary", f"Consultation: {c.title}")
    page = f"{public_url}/{c.url}"
    where = "Area-wide: every locality" if c.area_wide else ", ".join(place.name for place in c.localities)
    event.add("description", (
        f"{' '.join(c.summary.split())}\n\n"
        f"Led by {c.lead.name}. Where: {where}.\n"
        f"Open from {long_date(c.opens)} to {long_date(c.effective_closes)}.\n"
        f"How to take part, and the results once published: {page}"
    ))
    event.add("url", page)
    event.add("location", where)
    event.add("categories", [t.name for t in c.topics])
    # A six-week consultation must not show subscribers as busy for six weeks.
    event.add("transp", "TRANSPARENT")
    event.add("status", "CANCELLED" if c.withdrawn else "CONFIRMED")
    return event


def meeting_for(c, number: int, e: dict, public_url: str, today) -> Event:
    """An event of a consultation (a drop-in, a public meeting): its UID holds the consultation
    id and the event's place in the record's list, so an edited time or place updates it."""
    event = Event()
    event.add("uid", f"{c.id}-event-{number + 1}@{uid_host(public_url)}")
    stamp = datetime.combine(last_changed(c, today), time(0, 0), tzinfo=UTC)
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("dtstart", e["date"])
    event.add("dtend", e["date"] + timedelta(days=1))
    event.add("summary", f"Consultation event: {c.title}")
    page = f"{public_url}/{c.url}"
    when = f"{e['time']}. " if e.get("time") else ""
    details = f"{' '.join(e['details'].split())}\n" if e.get("details") else ""
    event.add("description", f"{when}{e['place']}.\n{details}Led by {c.lead.name}. More, and other ways to take part: {page}")
    event.add("url", page)
    event.add("location", e["place"])
    event.add("categories", [t.name for t in c.topics])
    event.add("status", "CONFIRMED")
    return event


def event_bytes(c, public_url: str, today) -> bytes:
    # No control character reaches a calendar app, whatever got past the checks; taking one
    # out only shortens a line, so the folding at 75 octets still holds.
    events = [event_for(c, public_url, today)]
    events += [meeting_for(c, n, e, public_url, today) for n, e in announced_events(c)]
    return b"".join(printable(ical_bytes(e).decode("utf-8")).encode("utf-8") for e in events)


class EventCache:
    """Each consultation's VEVENT, serialised once however many calendars it is in.

    An area-wide consultation is in every locality's calendar; serialising it
    again for each one made the calendars most of the build time at scale.
    """

    def __init__(self, public_url: str, today, kept=None, fingerprint: str = ""):
        self.public_url, self.today, self.fingerprint = public_url, today, fingerprint
        self._bytes = {}
        # Between builds (a said_and_done BuildCache, or None): an event is kept under
        # the digest of everything its consultation holds, so only edited ones are made again.
        self.kept = kept

    def __call__(self, c) -> bytes:
        found = self._bytes.get(c.id)
        if found is None:
            # The fingerprint covers the reference data (locality names) events also show.
            key = (f"{consultation_digest(c)}|{self.fingerprint}|{self.public_url}|{self.today}"
                   if self.kept is not None else None)
            found = self.kept.get(key) if key else None
            if found is None:
                found = event_bytes(c, self.public_url, self.today)
            if key:
                self.kept.put(key, found)
            self._bytes[c.id] = found
        return found


def calendar_bytes(consultations, *, name: str, description: str, events) -> bytes:
    """A VCALENDAR of the consultations, opening soonest first; events(c) gives each VEVENT's bytes."""
    cal = Calendar()
    cal.add("prodid", "-//Said & Done//Consultation calendar//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    name, description = printable(name), printable(description)
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("description", description)
    cal.add("x-wr-caldesc", description)
    # Ask subscribing apps to look again daily: statuses change with the date.
    cal.add("refresh-interval", timedelta(days=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "P1D")
    empty = ical_bytes(cal)
    end = b"END:VCALENDAR\r\n"
    assert empty.endswith(end)
    body = b"".join(events(c) for c in sorted(consultations, key=lambda c: (c.opens, c.id)))
    return empty[:-len(end)] + body + end
