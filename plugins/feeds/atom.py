"""Atom 1.0 (RFC 4287) documents, written with the standard library's ElementTree.

Every date comes from the records (or, for an empty feed, the build date),
never from the clock, so the same records always give the same feed. Ids are
the permanent page addresses, which the register promises never to change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from xml.etree import ElementTree as ET

from said_and_done.api import printable

ATOM = "http://www.w3.org/2005/Atom"
ET.register_namespace("", ATOM)


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    link: str
    updated: date
    summary: str
    author: str
    categories: tuple = ()


@dataclass(frozen=True)
class Feed:
    id: str  # the feed's own permanent address
    title: str
    subtitle: str
    page: str  # the HTML page the feed follows
    author: str
    entries: tuple  # Entry, newest first
    fallback_updated: date  # when there are no entries


def timestamp(day: date) -> str:
    # Records hold dates; midnight UTC stands for the day in every reader.
    return f"{day.isoformat()}T00:00:00Z"


def _text(parent, tag, text, **attributes):
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    # XML 1.0 cannot hold a control character: one that got past the checks would make the feed unreadable.
    element.text = printable(text)
    return element


def atom_bytes(feed: Feed, shared: bool = True) -> bytes:
    """The feed as ElementTree writes it, with each entry's bytes made once per build.

    A consultation is an entry in several feeds (the site's, and its localities',
    topics' and organisations'), and serialising entries was most of the feeds' time
    (3.9 s of a 500-record build under cProfile). ElementTree writes an entry the same
    wherever it sits (always at depth 1, the namespace declared once on <feed>), so
    the feed is its head with the entries' bytes put where a marker entry was written;
    tests/test_feeds_bytes.py checks the result against writing the whole feed at once.

    shared=False for a feed whose entries are in no other feed (a consultation's own):
    it is written in one go, and its entries are not kept, where they had taken the
    kept entries' places (four or so for each consultation, against 50,000 kept).
    """
    if not feed.entries or not shared:
        return _whole(feed)
    # An empty entry dated as the newest, so the head's <updated> is the feed's.
    marker = Entry(id="", title="", link="", updated=max(e.updated for e in feed.entries), summary="", author="")
    head = _whole(Feed(feed.id, feed.title, feed.subtitle, feed.page, feed.author, (marker,), feed.fallback_updated))
    before, _, after = head.partition(_entry_bytes(marker))
    return before + b"\n  ".join(_entry_bytes(e) for e in feed.entries) + after


def _whole(feed: Feed) -> bytes:
    """The feed written by ElementTree in one go."""
    root = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "en-GB"})
    _text(root, "id", feed.id)
    _text(root, "title", feed.title)
    _text(root, "subtitle", feed.subtitle)
    updated = max((e.updated for e in feed.entries), default=feed.fallback_updated)
    _text(root, "updated", timestamp(updated))
    ET.SubElement(root, f"{{{ATOM}}}link", {"rel": "self", "type": "application/atom+xml", "href": feed.id})
    ET.SubElement(root, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": feed.page})
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    _text(author, "name", feed.author)
    _text(root, "generator", "Said & Done")
    for e in feed.entries:
        entry = ET.SubElement(root, f"{{{ATOM}}}entry")
        _text(entry, "id", e.id)
        _text(entry, "title", e.title)
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": e.link})
        _text(entry, "published", timestamp(e.updated))
        _text(entry, "updated", timestamp(e.updated))
        entry_author = ET.SubElement(entry, f"{{{ATOM}}}author")
        _text(entry_author, "name", e.author)
        for term in e.categories:
            ET.SubElement(entry, f"{{{ATOM}}}category", {"term": printable(term)})
        _text(entry, "summary", e.summary, type="text")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


@lru_cache(maxsize=50_000)  # entries are small; a feed holds at most FEEDS['entries'] of them
def _entry_bytes(entry: Entry) -> bytes:
    # Escaped text never holds "<", so the entry runs from the first "<entry>" to the last "</entry>".
    whole = _whole(Feed("", "", "", "", "", (entry,), entry.updated))
    start, end = whole.index(b"<entry>"), whole.rindex(b"</entry>") + len(b"</entry>")
    return whole[start:end]
