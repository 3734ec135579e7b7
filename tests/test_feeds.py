"""Atom feeds of new consultations and new results, read back with feedparser."""

from __future__ import annotations

from datetime import date
from xml.etree import ElementTree as ET

import feedparser
import pytest

from feeds.atom import Feed, atom_bytes
from feeds.options import feed_options
from helpers.site import DEMO_PUBLIC_URL
from said_and_done.site.options import SettingsError

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(site, url):
    feed = feedparser.parse(site.path(url).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def day(struct) -> date:
    return date(*struct[:3])


def announced(consultations, today):
    return sorted((c for c in consultations if c.announced <= today), key=lambda c: (c.announced, c.id), reverse=True)


def published(consultations):
    return sorted((c for c in consultations if c.has_published_outcome),
                  key=lambda c: (c.outcome.published, c.id), reverse=True)


def test_site_consultations_feed_has_every_announced_consultation_dated_from_the_record(demo_site, demo_register):
    feed = parse(demo_site, "/feeds/consultations.atom.xml")
    expected = announced(demo_register.consultations, demo_register.build_date)
    assert [e.id for e in feed.entries] == [f"{DEMO_PUBLIC_URL}/consultations/{c.id}/" for c in expected]
    for entry, c in zip(feed.entries, expected, strict=True):
        assert day(entry.updated_parsed) == c.announced and day(entry.published_parsed) == c.announced
        assert entry.link == f"{DEMO_PUBLIC_URL}/{c.url}"
        assert entry.title == c.title
        assert entry.author == c.lead.name
    assert day(feed.feed.updated_parsed) == max(c.announced for c in expected)
    assert feed.feed.id == f"{DEMO_PUBLIC_URL}/feeds/consultations.atom.xml"


def test_site_outcomes_feed_has_every_published_result(demo_site, demo_register):
    feed = parse(demo_site, "/feeds/outcomes.atom.xml")
    expected = published(demo_register.consultations)
    assert expected, "the demo has published results"
    assert [e.id for e in feed.entries] == [f"{DEMO_PUBLIC_URL}/{c.outcome_url}" for c in expected]
    for entry, c in zip(feed.entries, expected, strict=True):
        assert day(entry.updated_parsed) == c.outcome.published
        assert entry.title == f"You said, we did: {c.title}"
    assert day(feed.feed.updated_parsed) == expected[0].outcome.published


def test_locality_and_organisation_feeds(demo_site, demo_register):
    for slug in demo_register.localities:
        mine = [c for c in demo_register.consultations
                if c.area_wide or slug in {locality.slug for locality in c.localities}]
        feed = parse(demo_site, f"/localities/{slug}/consultations.atom.xml")
        assert [e.id for e in feed.entries] == [f"{DEMO_PUBLIC_URL}/{c.url}" for c in announced(mine, demo_register.build_date)]
        results = parse(demo_site, f"/localities/{slug}/outcomes.atom.xml")
        assert [e.id for e in results.entries] == [f"{DEMO_PUBLIC_URL}/{c.outcome_url}" for c in published(mine)]
    for slug, organisation in demo_register.organisations.items():
        mine = [c for c in demo_register.consultations if organisation in c.organisations]
        feed = parse(demo_site, f"/organisations/{slug}/consultations.atom.xml")
        assert [e.id for e in feed.entries] == [f"{DEMO_PUBLIC_URL}/{c.url}" for c in announced(mine, demo_register.build_date)]


def test_ids_are_the_same_in_every_feed_an_entry_appears_in(demo_site, demo_register):
    area_wide = next(c for c in demo_register.consultations if c.area_wide)
    ids = set()
    for url in ["/feeds/consultations.atom.xml"] + [f"/localities/{s}/consultations.atom.xml" for s in demo_register.localities]:
        ids |= {e.id for e in parse(demo_site, url).entries if e.title == area_wide.title}
    assert ids == {f"{DEMO_PUBLIC_URL}/{area_wide.url}"}


def test_an_empty_feed_is_valid_and_dated_by_the_build_date_not_the_clock():
    raw = atom_bytes(Feed(id="https://x.example/feeds/empty.atom.xml", title="Empty", subtitle="Nothing yet",
                          page="https://x.example/", author="Test", entries=(), fallback_updated=date(2020, 2, 3)))
    feed = feedparser.parse(raw)
    assert not feed.bozo and feed.entries == []
    assert day(feed.feed.updated_parsed) == date(2020, 2, 3)
    root = ET.fromstring(raw)
    for required in ("id", "title", "updated", "author"):
        assert root.find(ATOM + required) is not None, required


def test_every_entry_has_what_atom_requires(demo_site):
    root = ET.fromstring(demo_site.path("/feeds/consultations.atom.xml").read_bytes())
    assert root.tag == ATOM + "feed"
    for entry in root.findall(ATOM + "entry"):
        for required in ("id", "title", "updated", "summary"):
            assert (entry.find(ATOM + required).text or "").strip(), required
        assert entry.find(ATOM + "link").get("rel") == "alternate"


def test_feed_dates_never_come_from_the_clock(demo_site, demo_register):
    records = {c.announced for c in demo_register.consultations} | {
        c.outcome.published for c in demo_register.consultations if c.outcome} | {demo_register.build_date}
    for url in ("/feeds/consultations.atom.xml", "/feeds/outcomes.atom.xml"):
        feed = parse(demo_site, url)
        stamps = [feed.feed.updated_parsed] + [e.updated_parsed for e in feed.entries]
        assert all(day(s) in records and s.tm_hour == s.tm_min == 0 for s in stamps)


def test_feeds_are_linked_from_pages_in_the_head_and_visibly(demo_site, demo_register):
    home = demo_site.soup("/")
    for url in ("/feeds/consultations.atom.xml", "/feeds/outcomes.atom.xml"):
        assert home.find("link", rel="alternate", type="application/atom+xml", href=url)
        assert home.find("main").find("a", href=url)
    for slug in demo_register.localities:
        page = demo_site.soup(f"/localities/{slug}/")
        for url in (f"/localities/{slug}/consultations.atom.xml", f"/localities/{slug}/outcomes.atom.xml"):
            assert page.find("link", rel="alternate", type="application/atom+xml", href=url)
            assert page.find("main").find("a", href=url)
    org = next(iter(demo_register.organisations))
    assert demo_site.soup(f"/organisations/{org}/").find(
        "link", rel="alternate", href=f"/organisations/{org}/consultations.atom.xml")


def test_bad_feed_settings_are_refused_clearly():
    assert feed_options({}).entries == 50
    with pytest.raises(SettingsError, match=r"FEEDS\['entries'\]: expected a whole number from 1 to 1000"):
        feed_options({"FEEDS": {"entries": "all"}})
    with pytest.raises(SettingsError, match=r"FEEDS: unknown setting\(s\) max"):
        feed_options({"FEEDS": {"max": 3}})
