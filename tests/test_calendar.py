"""The engagement calendar: /calendar/ month by month, and the .ics files read back with icalendar."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from icalendar import Calendar

from conftest import DEMO_PUBLIC_URL
from engagement_calendar.ics import EventCache, calendar_bytes
from engagement_calendar.months import calendar_months, month_year

HOST = "register.brackenmoor.example"


def read_ics(site, url) -> Calendar:
    return Calendar.from_ical(site.path(url).read_bytes())


def events_by_uid(cal) -> dict:
    events = cal.walk("VEVENT")
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids)), "one event per consultation"
    return dict(zip(uids, events))


def test_site_calendar_has_one_event_per_consultation_with_the_right_dates(demo_site, demo_register):
    cal = read_ics(demo_site, "/calendar.ics")
    assert str(cal["VERSION"]) == "2.0" and "PRODID" in cal
    events = events_by_uid(cal)
    assert set(events) == {f"{c.id}@{HOST}" for c in demo_register.consultations}
    for c in demo_register.consultations:
        e = events[f"{c.id}@{HOST}"]
        # All-day: DTSTART is the opening day, DTEND the day after closing (RFC 5545 ends are exclusive).
        assert e.decoded("DTSTART") == c.opens and not isinstance(e.decoded("DTSTART"), datetime)
        assert e.decoded("DTEND") == c.closes + timedelta(days=1)
        assert str(e["URL"]) == f"{DEMO_PUBLIC_URL}/consultations/{c.id}/"
        assert str(e["SUMMARY"]) == f"Consultation: {c.title}"
        assert str(e["STATUS"]) == ("CANCELLED" if c.withdrawn else "CONFIRMED")
        assert str(e["TRANSP"]) == "TRANSPARENT"
        # DTSTAMP comes from the record, never the clock.
        changed = max([c.announced] + ([c.withdrawn["date"]] if c.withdrawn else []))
        assert e.decoded("DTSTAMP") == datetime.combine(min(changed, demo_register.build_date),
                                                         datetime.min.time(), tzinfo=timezone.utc)
    assert any(c.withdrawn for c in demo_register.consultations), "the demo has a withdrawn consultation"


def test_locality_and_organisation_calendars_hold_their_own_consultations(demo_site, demo_register):
    for slug in demo_register.localities:
        events = events_by_uid(read_ics(demo_site, f"/localities/{slug}/calendar.ics"))
        expected = {f"{c.id}@{HOST}" for c in demo_register.consultations
                    if c.area_wide or slug in {l.slug for l in c.localities}}
        assert set(events) == expected, slug
    for slug, organisation in demo_register.organisations.items():
        events = events_by_uid(read_ics(demo_site, f"/organisations/{slug}/calendar.ics"))
        assert set(events) == {f"{c.id}@{HOST}" for c in demo_register.consultations
                               if organisation in c.organisations}, slug


def test_calendar_bytes_are_the_same_every_time(demo_register):
    def make():
        return calendar_bytes(demo_register.consultations, name="x", description="y",
                              events=EventCache(DEMO_PUBLIC_URL, demo_register.build_date))
    assert make() == make()
    # One VEVENT per consultation, whether serialised afresh or reused from the cache.
    cache = EventCache(DEMO_PUBLIC_URL, demo_register.build_date)
    first = calendar_bytes(demo_register.consultations[:3], name="x", description="y", events=cache)
    again = calendar_bytes(demo_register.consultations[:3], name="x", description="y", events=cache)
    assert first == again and len(Calendar.from_ical(first).walk("VEVENT")) == 3


def test_calendar_page_shows_24_months_around_the_build_date(demo_site, demo_register):
    soup = demo_site.soup("/calendar/")
    ahead = soup.find(id="next-12-months")
    behind = soup.find(id="last-12-months")
    months = [h.get_text(strip=True) for h in soup.find("main").select("section.month h3")]
    assert len(months) == 24
    assert months[0] == "November 2026 (this month)" and months[11] == "October 2027"
    assert months[12] == "October 2026" and months[23] == "November 2025"
    assert ahead is not None and behind is not None


def test_each_month_lists_the_consultations_open_in_it(demo_site, demo_register):
    soup = demo_site.soup("/calendar/")
    checked = 0
    for section in soup.find("main").select("section.month"):
        year, month = map(int, section.h3["id"].removeprefix("month-").split("-"))
        first = date(year, month, 1)
        last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        expected = sorted((c for c in demo_register.consultations
                           if c.status != "withdrawn" and c.opens <= last and c.closes >= first),
                          key=lambda c: (c.opens, c.id))
        linked = [a["href"] for a in section.select("li a")]
        assert linked == [f"/consultations/{c.id}/" for c in expected], section.h3.get_text()
        checked += len(expected)
    assert checked, "the demo has consultations in the calendar's two years"
    withdrawn = [c for c in demo_register.consultations if c.withdrawn]
    assert all(not soup.find("a", href=f"/{c.url}") for c in withdrawn)


def test_months_walk_only_the_window_and_skip_withdrawn():
    class C:
        def __init__(self, id, opens, closes, status="open"):
            self.id, self.opens, self.closes, self.status = id, opens, closes, status
    long_ago = C("a", date(2020, 1, 1), date(2030, 1, 1))
    gone = C("b", date(2026, 11, 1), date(2026, 12, 1), "withdrawn")
    ahead, behind = calendar_months([long_ago, gone], date(2026, 11, 23))
    assert [m.first_day for m in ahead][:2] == [date(2026, 11, 1), date(2026, 12, 1)]
    assert behind[0].first_day == date(2026, 10, 1) and behind[-1].first_day == date(2025, 11, 1)
    assert all(m.consultations == (long_ago,) for m in ahead + behind)
    assert ahead[0].current and not ahead[1].current and behind[0].past and not ahead[0].past
    assert month_year(date(2027, 1, 5)) == "January 2027"


def test_feeds_and_calendars_are_offered_on_the_pages(demo_site, demo_register):
    soup = demo_site.soup("/calendar/")
    assert soup.find("link", rel="alternate", type="text/calendar", href="/calendar.ics")
    assert soup.find("main").find("a", href="/calendar.ics")
    for slug in demo_register.localities:
        page = demo_site.soup(f"/localities/{slug}/")
        assert page.find("link", rel="alternate", type="text/calendar", href=f"/localities/{slug}/calendar.ics")
        assert page.find("main").find("a", href=f"/localities/{slug}/calendar.ics")


@pytest.mark.parametrize("url", ["/calendar.ics", "/localities/kestlebury/calendar.ics"])
def test_ics_lines_follow_rfc_5545(demo_site, url):
    raw = demo_site.path(url).read_bytes()
    lines = raw.split(b"\r\n")
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-2] == b"END:VCALENDAR" and lines[-1] == b""
    assert all(len(line) <= 75 for line in lines), "content lines are folded at 75 octets"
