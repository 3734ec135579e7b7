"""The engagement calendar's pages: one a month, and /calendar/ with the year ahead and the year gone.

A single page for 24 months grows with the register (3 MB at 10,000 records) and is
rendered again by any edit. A page a month holds only what was open that month, and
/calendar/ shows each month's name and count, so an edit renders the months the
consultation spans and, if a count moved, the overview.

Every month from the first one any consultation opens in, to a year ahead, has a
page. The first month moves only if the earliest record goes, and the last only
forward, so an address once published stays (the permalinks check holds us to it).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from said_and_done.api import StatusTag, long_date, status_tag, where

MONTHS_EACH_WAY = 12
CALENDAR_URL = "calendar/"


@dataclass(frozen=True, slots=True)
class Month:
    """One month's page: the consultations open at some time in it, by opening date."""

    first_day: date
    consultations: tuple
    current: bool
    past: bool
    previous: MonthLink | None = None
    next: MonthLink | None = None
    events: tuple = ()  # MonthEvent: events of planned and open consultations on a day in this month

    @property
    def anchor(self) -> str:
        return self.first_day.strftime("%Y-%m")

    @property
    def url(self) -> str:
        return month_url(self.first_day)

    def heading(self) -> Month:
        """The month without its list: what every page of it shows besides its own share of the list."""
        return replace(self, consultations=())

    def link(self) -> MonthLink:
        return MonthLink(self.first_day, self.url, len(self.consultations), self.current, self.past)


@dataclass(frozen=True, slots=True)
class MonthEntry:
    """A consultation as a month's page lists it: what it is, its stage, when it runs, who and where."""

    url: str
    title: str
    status: StatusTag
    opens: date
    closes: date
    lead: str  # the lead organisation's name
    where: str  # "Area-wide", or the localities' names as prose


@dataclass(frozen=True, slots=True)
class MonthEvent:
    """An event (a drop-in, a meeting) of a consultation, as a month's page lists it."""

    day: date
    time: str
    place: str
    title: str  # the consultation's
    url: str  # the consultation's page, from the site root
    status: StatusTag


def announced_events(c) -> list:
    """(place in the record's list, event) for each event of a consultation that is planned or open.

    Only those: they are what residents can still plan to go to, before or while they can
    take part. Withdrawn, closed and finished consultations' events are not offered.
    """
    if c.status not in ("planned", "open"):
        return []
    return list(enumerate(c.how_to_take_part.get("events", ())))


def _place_events(c, events: dict) -> None:
    """Each of c's announced events into its month's list, for months that have a page."""
    for _, e in announced_events(c):
        found = events.get(_month_index(e["date"]))
        if found is not None:
            found.append(MonthEvent(e["date"], e.get("time", ""), e["place"], c.title, c.url, status_tag(c)))


def month_entries(consultations) -> list:
    return [MonthEntry(c.url, c.title, status_tag(c), c.opens, c.effective_closes, c.lead.name, where(c))
            for c in consultations]


@dataclass(frozen=True, slots=True)
class MonthLink:
    """What the overview and a month's neighbours show of a month: its name, address and count."""

    first_day: date
    url: str | None  # None for a month before the first consultation: it has no page
    count: int
    current: bool
    past: bool


@dataclass(frozen=True, slots=True)
class Overview:
    """/calendar/: the next 12 months from this one, the 12 before it newest first, and every earlier month by year."""

    ahead: list  # MonthLink
    behind: list  # MonthLink
    earlier: list  # (year, [MonthLink]), newest year first, months in order


def month_year(day: date) -> str:
    """November 2026, whatever the machine's locale."""
    return f"{long_date(day).split(' ', 1)[1]}"


def month_url(first_day: date) -> str:
    return f"{CALENDAR_URL}{first_day:%Y-%m}/"


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _first_day(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def month_pages(consultations, today: date) -> list:
    """Every month with a page, oldest first, each with its consultations and its neighbours.

    Each consultation is placed in every month its window touches, walking only the
    months it spans, so the work grows with the register, not with months x records.
    Withdrawn consultations are left out: they will not run. (They still count for the
    first month, so withdrawing the earliest consultation does not take pages away.)
    """
    this_month = _month_index(today)
    last = this_month + MONTHS_EACH_WAY - 1
    first = min((_month_index(c.opens) for c in consultations), default=this_month)
    first = min(first, this_month)
    placed = {i: [] for i in range(first, last + 1)}
    events = {i: [] for i in placed}  # an event may fall outside its consultation's window
    for c in consultations:
        if c.status == "withdrawn":
            continue
        _place_events(c, events)
        for i in range(max(_month_index(c.opens), first), min(_month_index(c.effective_closes), last) + 1):
            placed[i].append(c)
    months = [Month(_first_day(i), tuple(sorted(members, key=lambda c: (c.opens, c.id))),
                    i == this_month, i < this_month)
              for i, members in placed.items()]
    links = [m.link() for m in months]
    return [Month(m.first_day, m.consultations, m.current, m.past,
                  previous=links[n - 1] if n else None, next=links[n + 1] if n + 1 < len(links) else None,
                  events=tuple(sorted(events[_month_index(m.first_day)], key=lambda e: (e.day, e.url, e.place))))
            for n, m in enumerate(months)]


def overview(months, today: date) -> Overview:
    """What /calendar/ shows, from month_pages(...)."""
    this_month = _month_index(today)
    by_index = {_month_index(m.first_day): m.link() for m in months}

    def link(i):
        # A month before the first consultation has no page: shown, with nothing open.
        return by_index.get(i) or MonthLink(_first_day(i), None, 0, False, True)

    ahead = [link(i) for i in range(this_month, this_month + MONTHS_EACH_WAY)]
    behind = [link(i) for i in range(this_month - 1, this_month - MONTHS_EACH_WAY - 1, -1)]
    years = {}
    for i, m in sorted(by_index.items()):
        if i < this_month - MONTHS_EACH_WAY:
            years.setdefault(m.first_day.year, []).append(m)
    return Overview(ahead, behind, sorted(years.items(), reverse=True))
