"""The engagement calendar: /calendar/ month by month, and the .ics files read back with icalendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar

from engagement_calendar.ics import EventCache, calendar_bytes
from engagement_calendar.months import month_pages, month_year, overview
from helpers.site import DEMO_PUBLIC_URL

HOST = "register.brackenmoor.example"


def read_ics(site, url) -> Calendar:
    return Calendar.from_ical(site.path(url).read_bytes())


def events_by_uid(cal) -> dict:
    events = cal.walk("VEVENT")
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids)), "one event per consultation, and one per event of it"
    return dict(zip(uids, events, strict=True))


def consultation_events(cal) -> dict:
    """The consultations' own events, without the drop-ins and meetings beside them."""
    return {uid: e for uid, e in events_by_uid(cal).items() if "-event-" not in uid}


def announced(register) -> list:
    """(consultation, number, event) for each event of a planned or open consultation."""
    return [(c, n, e) for c in register.consultations if c.status in ("planned", "open")
            for n, e in enumerate(c.how_to_take_part.get("events", ()))]


def test_site_calendar_has_one_event_per_consultation_with_the_right_dates(demo_site, demo_register):
    cal = read_ics(demo_site, "/calendar.ics")
    assert str(cal["VERSION"]) == "2.0" and "PRODID" in cal
    events = consultation_events(cal)
    assert set(events) == {f"{c.id}@{HOST}" for c in demo_register.consultations}
    for c in demo_register.consultations:
        e = events[f"{c.id}@{HOST}"]
        # All-day: DTSTART is the opening day, DTEND the day after closing (RFC 5545 ends are exclusive).
        assert e.decoded("DTSTART") == c.opens and not isinstance(e.decoded("DTSTART"), datetime)
        # An extended consultation runs to its new closing date.
        assert e.decoded("DTEND") == c.effective_closes + timedelta(days=1)
        assert str(e["URL"]) == f"{DEMO_PUBLIC_URL}/consultations/{c.id}/"
        assert str(e["SUMMARY"]) == f"Consultation: {c.title}"
        assert str(e["STATUS"]) == ("CANCELLED" if c.withdrawn else "CONFIRMED")
        assert str(e["TRANSP"]) == "TRANSPARENT"
        # DTSTAMP comes from the record, never the clock.
        changed = max([c.announced] + ([c.withdrawn["date"]] if c.withdrawn else []))
        assert e.decoded("DTSTAMP") == datetime.combine(min(changed, demo_register.build_date),
                                                         datetime.min.time(), tzinfo=UTC)
    assert any(c.withdrawn for c in demo_register.consultations), "the demo has a withdrawn consultation"


def test_locality_and_organisation_calendars_hold_their_own_consultations(demo_site, demo_register):
    for slug in demo_register.localities:
        events = consultation_events(read_ics(demo_site, f"/localities/{slug}/calendar.ics"))
        expected = {f"{c.id}@{HOST}" for c in demo_register.consultations
                    if c.area_wide or slug in {locality.slug for locality in c.localities}}
        assert set(events) == expected, slug
    for slug, organisation in demo_register.organisations.items():
        events = consultation_events(read_ics(demo_site, f"/organisations/{slug}/calendar.ics"))
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
    meetings = sum(len(c.how_to_take_part.get("events", ())) for c in demo_register.consultations[:3]
                   if c.status in ("planned", "open"))
    assert first == again and len(Calendar.from_ical(first).walk("VEVENT")) == 3 + meetings


def test_events_of_planned_and_open_consultations_are_in_the_calendar(demo_site, demo_register):
    """A drop-in announced before a consultation opens is in the iCal feed and on its month's page."""
    expected = announced(demo_register)
    assert any(c.status == "planned" for c, _, _ in expected), "the demo has a planned consultation with events"
    events = events_by_uid(read_ics(demo_site, "/calendar.ics"))
    meetings = {uid: e for uid, e in events.items() if "-event-" in uid}
    assert set(meetings) == {f"{c.id}-event-{n + 1}@{HOST}" for c, n, _ in expected}
    for c, n, e in expected:
        got = meetings[f"{c.id}-event-{n + 1}@{HOST}"]
        assert got.decoded("DTSTART") == e["date"] and got.decoded("DTEND") == e["date"] + timedelta(days=1)
        assert str(got["LOCATION"]) == e["place"] and str(got["URL"]).endswith(f"/consultations/{c.id}/")
        listed = demo_site.soup(f"/calendar/{e['date']:%Y-%m}/").find(id="events").find_next("ul")
        assert any(e["place"] in " ".join(li.get_text().split()) and li.find("a", href=f"/{c.url}")
                   for li in listed.find_all("li")), (c.id, e["place"])
    # A closed or withdrawn consultation's events are not offered.
    offered = {c.id for c, _, _ in expected}
    assert not any(uid.split("-event-")[0] not in offered for uid in meetings)


def month_items(soup, heading_id) -> list:
    return [" ".join(li.get_text().split()) for li in soup.find(id=heading_id).find_next("ul").find_all("li")]


def open_in(register, first: date) -> list:
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return sorted((c for c in register.consultations if c.status != "withdrawn" and c.opens <= last and c.effective_closes >= first),
                  key=lambda c: (c.opens, c.id))


def test_calendar_page_shows_24_months_around_the_build_date_with_counts(demo_site, demo_register):
    soup = demo_site.soup("/calendar/")
    ahead, behind = month_items(soup, "next-12-months"), month_items(soup, "last-12-months")
    assert len(ahead) == 12 and len(behind) == 12
    count = len(open_in(demo_register, date(2026, 11, 1)))
    assert ahead[0] == f"November 2026 (this month): {count} consultations open"
    assert ahead[11].startswith("October 2027:") and behind[0].startswith("October 2026:")
    assert behind[11].startswith("November 2025:")
    for item in soup.find(id="next-12-months").find_next("ul").find_all("li"):
        link = item.find("a")
        year_month = date(*map(int, link["href"].strip("/").split("/")[1].split("-")), 1)
        assert link.get_text() == month_year(year_month)


def test_every_month_has_a_page_listing_the_consultations_open_in_it(demo_site, demo_register):
    """From the month the earliest consultation opens to a year ahead, each month's page, walked
    by its Next links, lists what was open in it; nothing else in the calendar lists consultations."""
    earliest = min(c.opens for c in demo_register.consultations)
    url, first_day, checked, withdrawn = f"/calendar/{earliest:%Y-%m}/", earliest.replace(day=1), 0, set()
    assert demo_site.soup(url).find("link", rel="prev") is None
    months = 0
    while url:
        soup = demo_site.soup(url)
        expected = open_in(demo_register, first_day)
        linked = [a["href"] for a in soup.find("main").select(".month__list a")]
        assert linked == [f"/consultations/{c.id}/" for c in expected], url
        assert soup.find("h1").get_text().startswith(month_year(first_day))
        checked += len(expected)
        withdrawn |= {a for a in linked if "withdrawn" in a}
        months += 1
        following = soup.select_one("nav[aria-label=Months] a[rel=next]")
        url = following["href"] if following else None
        first_day = (first_day + timedelta(days=32)).replace(day=1)
    assert first_day == date(2027, 11, 1), "the last month with a page is a year ahead of the build date"
    assert checked, "the demo has consultations in its months"
    assert months == (2027 - earliest.year) * 12 + 10 - earliest.month + 1  # to October 2027
    assert all(not demo_site.soup(f"/calendar/{c.opens:%Y-%m}/").find("a", href=f"/{c.url}")
               for c in demo_register.consultations if c.withdrawn)
    assert not demo_site.soup("/calendar/").find("main").select(".month__list")


def test_months_walk_only_their_own_span_and_skip_withdrawn():
    class C:
        def __init__(self, id, opens, closes, status="open"):
            self.id, self.opens, self.effective_closes, self.status = id, opens, closes, status
            self.how_to_take_part = {}
    long_ago = C("a", date(2020, 1, 1), date(2030, 1, 1))
    gone = C("b", date(2019, 11, 1), date(2026, 12, 1), "withdrawn")
    spring = C("c", date(2021, 3, 30), date(2021, 4, 2))
    today = date(2026, 11, 23)
    months = month_pages([long_ago, gone, spring], today)
    # From the earliest record (withdrawn or not: its going must not take pages away) to a year ahead.
    assert months[0].first_day == date(2019, 11, 1) and months[-1].first_day == date(2027, 10, 1)
    assert [m.consultations for m in months[:2]] == [(), ()]
    assert all(long_ago in m.consultations for m in months[2:])
    assert [m.anchor for m in months if spring in m.consultations] == ["2021-03", "2021-04"]
    assert all(gone not in m.consultations for m in months)
    current = [m for m in months if m.current]
    assert [m.anchor for m in current] == ["2026-11"] and not current[0].past and months[0].past
    assert months[0].previous is None and months[0].next.url == "calendar/2019-12/" and months[-1].next is None
    assert months[5].previous.count == len(months[4].consultations)
    shown = overview(months, today)
    assert [m.first_day for m in shown.ahead][:2] == [date(2026, 11, 1), date(2026, 12, 1)]
    assert shown.behind[0].first_day == date(2026, 10, 1) and shown.behind[-1].first_day == date(2025, 11, 1)
    assert [year for year, _ in shown.earlier] == [2025, 2024, 2023, 2022, 2021, 2020, 2019]
    assert [m.first_day.month for m in shown.earlier[-1][1]] == [11, 12]
    assert month_year(date(2027, 1, 5)) == "January 2027"


def test_a_month_before_the_first_consultation_is_shown_without_a_page():
    class C:
        id, opens, effective_closes, status = "a", date(2026, 9, 10), date(2026, 10, 10), "open"
        how_to_take_part = {}
    today = date(2026, 11, 23)
    shown = overview(month_pages([C()], today), today)
    assert [(m.first_day.month, m.url, m.count) for m in shown.behind[:3]] == [
        (10, "calendar/2026-10/", 1), (9, "calendar/2026-09/", 1), (8, None, 0)]
    assert shown.earlier == []


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


def test_a_busy_month_is_listed_in_pages_that_together_hold_all_of_it(tmp_path, demo_register):
    from helpers.site import Site, build_site

    site = Site(build_site(tmp_path / "out", pelican_settings={"CALENDAR": {"month_page_size": 2}}))
    busy = [m for m in month_pages(demo_register.consultations, demo_register.build_date) if len(m.consultations) > 2]
    assert busy, "the demo has months with more than two consultations open"
    for month in busy:
        expected = open_in(demo_register, month.first_day)
        count = -(-len(expected) // 2)
        linked, name = [], month_year(month.first_day)
        for number in range(1, count + 1):
            url = f"/{month.url}" + (f"page/{number}/" if number > 1 else "")
            soup = site.soup(url)
            linked += [a["href"] for a in soup.find("main").select(".month__list a")]
            assert soup.find("h1").get_text().endswith(f": page {number} of {count}"), url
            pages = soup.find("nav", attrs={"aria-label": f"Pages of {name}"})
            assert pages.find("a", attrs={"aria-current": "page"}).get_text() == str(number)
            # Every page of the month leads on to the next month, not to its own next page.
            assert soup.select_one("nav[aria-label=Months] a[rel=next]")["href"] == f"/{month.next.url}"
        assert linked == [f"/consultations/{c.id}/" for c in expected], month.url
        assert not site.path(f"/{month.url}page/{count + 1}/").exists()


@pytest.mark.parametrize("given", [{"month_page_size": 0}, {"month_page_size": "100"}, {"month_size": 10}])
def test_calendar_settings_are_checked(given):
    from engagement_calendar.options import calendar_options
    from said_and_done.site.options import SettingsError

    with pytest.raises(SettingsError, match="CALENDAR"):
        calendar_options({"CALENDAR": given})
    assert calendar_options({}).month_page_size == 100
