""""Follow this consultation": one Atom feed and one iCalendar file per consultation.

The feed tells what has happened, as plain-English news ("Results published: ...");
the calendar holds what is dated, past and to come (events, closing day, results
due, the decision). Both come from said_and_done's news list, so they agree with
the page history. Entry ids and calendar UIDs are the consultation's first id, the
kind of news and its date: a record renamed later (its old id kept in aliases) or
a note reworded does not make feed readers show the news again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from urllib.parse import urlsplit

from icalendar import Calendar, Event

from said_and_done.api import consultation_news, ical_bytes, printable

from .atom import Entry, Feed, atom_bytes
from .options import signup_address

# What a calendar holds: things people can put in their diary, not every change.
CALENDAR_KINDS = ("opens", "event", "closes", "results-due", "results", "withheld", "decision")


FEED_NAME = "updates.atom.xml"
CALENDAR_NAME = "updates.ics"


def feed_path(c) -> str:
    return f"{c.url}{FEED_NAME}"


def calendar_path(c) -> str:
    return f"{c.url}{CALENDAR_NAME}"


@dataclass(frozen=True)
class FollowLinks:
    """What pages link to: a consultation's feed and calendar, and a page's email sign-up address.

    Made from settings alone and put in the shared context once: everything there is in
    every page's key (build/page_writer.py), so a list of every consultation's links would
    render the whole site again whenever one title changed.
    """

    public_url: str
    signup: object = None  # options.email_signup(): None, a pattern, or page -> address

    def links(self, page: str, title: str) -> list:
        """The follow feed and calendar of the consultation whose page is `page`, as base.html lists feeds."""
        return [
            {"title": f"Follow this consultation: {title}", "url": page + FEED_NAME,
             "type": "application/atom+xml", "format": "Atom feed"},
            {"title": f"Dates for this consultation: {title}", "url": page + CALENDAR_NAME,
             "type": "text/calendar", "format": "iCalendar"},
        ]

    def email(self, page: str) -> str:
        """The sign-up address for a consultation, locality or topic page, or "" (none set, or another page)."""
        folder, _, rest = page.partition("/")
        slug = rest.split("/", 1)[0]
        if folder == "consultations" and slug:
            feed = page + FEED_NAME
        elif folder in ("localities", "topics") and slug:
            feed = page + "consultations.atom.xml"
        else:
            return ""
        return signup_address(self.signup, page, f"{self.public_url}/{feed}", slug)


def tag_id(public_url: str, key: str) -> str:
    """A tag URI (RFC 4151): the public host, a fixed date, and the news item's stable key."""
    host = urlsplit(public_url).hostname or "localhost"
    return f"tag:{host},2024:{key}"


def follow_feed(c, public_url: str, partnership: str, today) -> bytes:
    happened = [n for n in consultation_news(c, today) if n.happened]
    entries = tuple(Entry(
        id=tag_id(public_url, n.key(c.stable_id)),
        title=n.title,
        link=f"{public_url}/{n.link}",
        updated=n.date,
        summary=n.text,
        author=c.lead.name,
        categories=(n.kind,),
    ) for n in reversed(happened))
    return atom_bytes(Feed(
        id=f"{public_url}/{feed_path(c)}",
        title=f"Follow: {c.title}",
        subtitle=f"News about this consultation from {partnership}: when it opens and closes, events, "
                 "results, the decision and what has been done since. Newest first.",
        page=f"{public_url}/{c.url}",
        author=partnership,
        entries=entries,
        fallback_updated=min(c.announced, today),
    ), shared=False)


def follow_calendar(c, public_url: str, partnership: str, today) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Said & Done//Follow a consultation//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    name = printable(f"Follow: {c.title}")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("refresh-interval", timedelta(days=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "P1D")
    host = urlsplit(public_url).hostname or "localhost"
    stamp = datetime.combine(min(c.announced, today), time(0, 0), tzinfo=UTC)
    for n in consultation_news(c, today):
        if n.kind not in CALENDAR_KINDS:
            continue
        event = Event()
        event.add("uid", f"{n.key(c.stable_id)}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", n.date)
        event.add("dtend", n.date + timedelta(days=1))
        event.add("summary", printable(n.title))
        event.add("description", printable(f"{n.text}\n\n{public_url}/{n.link}"))
        event.add("url", f"{public_url}/{n.link}")
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return printable(ical_bytes(cal).decode("utf-8")).encode("utf-8")
