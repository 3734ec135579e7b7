"""Feeds put together from entries written once (feeds/atom.py) are byte for byte the feed
ElementTree writes in one go, whatever the text: markup, entities, quotes, new lines,
control characters, empty fields, any number of entries and categories."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from feeds.atom import Entry, Feed, _whole, atom_bytes

# Text that could confuse cutting an entry out of a feed, beside anything else.
TRICKY = st.sampled_from(["", "<entry>", "</entry>", "<entry />", "&amp;", "a & b", "\"q\" 'q'", "x\ny\r\tz",
                          "\x00\x1f\x7f\x85", "Ça va — “quoted” ✓", "]]>", "<feed>"])
TEXT = st.one_of(TRICKY, st.text(max_size=40), st.lists(TRICKY, max_size=4).map("".join))
DAY = st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))
ENTRY = st.builds(Entry, id=TEXT, title=TEXT, link=TEXT, updated=DAY, summary=TEXT, author=TEXT,
                  categories=st.lists(TEXT, max_size=3).map(tuple))
FEED = st.builds(Feed, id=TEXT, title=TEXT, subtitle=TEXT, page=TEXT, author=TEXT,
                 entries=st.lists(ENTRY, max_size=5).map(tuple), fallback_updated=DAY)


@settings(max_examples=300, deadline=None)
@given(FEED)
def test_a_feed_from_entries_written_once_is_the_feed_written_whole(feed):
    assert atom_bytes(feed) == _whole(feed)


def test_an_entry_in_several_feeds_is_the_same_in_each():
    shared = Entry(id="https://example.org/c/1/", title="Bins & <recycling>", link="https://example.org/c/1/",
                   updated=date(2026, 3, 1), summary="Line one\nline two", author="Council", categories=("Waste",))
    other = Entry(id="https://example.org/c/2/", title="Parks", link="https://example.org/c/2/",
                  updated=date(2026, 5, 1), summary="", author="Council")
    for entries in [(shared,), (other, shared), (shared, other, shared)]:
        feed = Feed("https://example.org/feed.xml", "T", "S", "https://example.org/", "P", entries, date(2026, 1, 1))
        assert atom_bytes(feed) == _whole(feed)
        assert atom_bytes(feed).count(b"<entry>") == len(entries)


def test_a_feed_of_its_own_entries_keeps_none_of_them():
    # A consultation's own feed: its entries are in no other feed, so keeping their bytes
    # would only push out those of entries that are (at 100,000 records, 400,000 of them).
    from feeds.atom import _entry_bytes

    entries = tuple(Entry(id=f"tag:example.org,2024:c{i}/opens", title=f"Open: {i}", link=f"https://example.org/c/{i}/",
                          updated=date(2026, 3, i + 1), summary="S", author="Council") for i in range(3))
    feed = Feed("https://example.org/c/updates.atom.xml", "Follow", "S", "https://example.org/c/", "P", entries,
                date(2026, 1, 1))
    _entry_bytes.cache_clear()
    assert atom_bytes(feed, shared=False) == _whole(feed)
    assert _entry_bytes.cache_info().currsize == 0
    assert atom_bytes(feed) == _whole(feed)
    assert _entry_bytes.cache_info().currsize == len(entries) + 1  # and the marker
