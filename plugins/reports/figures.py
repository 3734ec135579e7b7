"""The annual report's figures, worked out from the derived register and nothing else.

Pure, as the core's domain is: no Pelican, no templates (an import-linter contract in
pyproject.toml holds it to that). The pages, the charts and the CSV are all made from
the YearReport this returns, so they cannot disagree with each other, and
tests/test_reports.py works several figures out again from /data/consultations.json.

A consultation belongs to the reporting year in which it opened; one still planned
(not yet opened) belongs to none. Results, actions and evaluations are counted as
they stand on the build date, for the consultations of the year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from statistics import median

# REPORTS["year_starts"]: the first month of a reporting year.
YEAR_STARTS = {"april": 4, "january": 1}

ACTION_COLUMNS = {
    # slug: heading. Each action is in exactly one: overdue is an action under way past its due date.
    "done": "Done",
    "in-progress": "In progress",
    "on-hold": "On hold",
    "overdue": "Overdue",
    "dropped": "Dropped",
}
SELDOM_HEARD_COLUMNS = {"aimed-at": "Consultations for them", "reached": "Reached", "not-reached": "Not reached enough"}
RESULT_ROWS = {
    "on-time": "Published on time",
    "late": "Published late",
    "overdue": "Overdue: not published yet",
    "not-due": "Not due yet",
}
EVALUATION_ROWS = {"written": "Evaluation written", "missing": "Evaluation missing"}
AREA_WIDE = "Area-wide"


@dataclass(frozen=True)
class ReportingYear:
    start: date
    end: date  # the last day, inclusive
    calendar: bool

    @property
    def slug(self) -> str:
        """The year's folder: 2025-26 for April 2025 to March 2026, 2025 for a calendar year."""
        return str(self.start.year) if self.calendar else f"{self.start.year}-{str(self.end.year)[-2:]}"

    @property
    def label(self) -> str:
        if self.calendar:
            return str(self.start.year)
        return f"{self.start:%B %Y} to {self.end:%B %Y}"

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


def year_of(day: date, start_month: int) -> ReportingYear:
    first_year = day.year if day.month >= start_month else day.year - 1
    start = date(first_year, start_month, 1)
    end = date(first_year + 1, start_month, 1) if start_month > 1 else date(first_year + 1, 1, 1)
    return ReportingYear(start, date.fromordinal(end.toordinal() - 1), calendar=start_month == 1)


@dataclass(frozen=True)
class Figure:
    """One number in the report and the consultations behind it (ids, in register order)."""

    key: str  # unique in its table (and column): the anchor of its list of consultations
    label: str
    count: int
    ids: tuple
    column: str = ""  # for a cross table: the column's slug


@dataclass(frozen=True)
class Table:
    slug: str
    title: str
    row_heading: str
    count_heading: str
    figures: tuple  # Figure, in display order
    columns: tuple = ()  # (slug, heading) for a cross table, whose figures each name a column
    note: str = ""


@dataclass(frozen=True)
class YearReport:
    year: ReportingYear
    ids: tuple  # the year's consultations, in register order
    tables: tuple  # Table
    median_days_to_results: float | None  # from closing to results published, over those published
    median_ids: tuple  # the consultations the median is taken over

    def table(self, slug: str) -> Table:
        return next(t for t in self.tables if t.slug == slug)


def _ordered(found: dict, order=None) -> list:
    """(key, (label, ids)) largest first then by name, or in the order given (keys not there last)."""
    if order is not None:
        rank = {k: i for i, k in enumerate(order)}
        return sorted(found.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[1][0].casefold()))
    return sorted(found.items(), key=lambda kv: (-len(kv[1][1]), kv[1][0].casefold()))


def _count_by(consultations, keys_of, order=None) -> tuple:
    """A Figure per key, counting each consultation once under every key keys_of(c) gives (key, label)."""
    found = {}
    for c in consultations:
        for key, label in dict.fromkeys(keys_of(c)):
            found.setdefault(key, (label, []))[1].append(c.id)
    return tuple(Figure(k, label, len(ids), tuple(ids)) for k, (label, ids) in _ordered(found, order))


def _rows(rows: dict, found: dict) -> tuple:
    return tuple(Figure(k, label, len(found[k]), tuple(found[k])) for k, label in rows.items())


def _results(consultations, today) -> tuple:
    found = {k: [] for k in RESULT_ROWS}
    for c in consultations:
        if c.has_published_outcome:
            found["on-time" if c.outcome.published <= c.feedback_due else "late"].append(c.id)
        elif c.is_withdrawn or c.is_open:
            continue
        else:
            found["overdue" if c.feedback_due < today else "not-due"].append(c.id)
    return _rows(RESULT_ROWS, found)


def _evaluations(consultations) -> tuple:
    found = {k: [] for k in EVALUATION_ROWS}
    for c in consultations:
        if c.has_published_outcome:
            found["written" if c.evaluation else "missing"].append(c.id)
    return _rows(EVALUATION_ROWS, found)


def action_column(action) -> str:
    if action.overdue:
        return "overdue"
    return "in-progress" if action.status == "planned" else action.status


def _actions(consultations) -> tuple:
    cells = {}  # (lead slug, column) -> [count, ids]
    names = {}
    for c in consultations:
        for a in (c.outcome.actions if c.has_published_outcome else ()):
            names[a.lead.slug] = a.lead.name
            cell = cells.setdefault((a.lead.slug, action_column(a)), [0, []])
            cell[0] += 1
            if c.id not in cell[1]:
                cell[1].append(c.id)
    leads = sorted(names, key=lambda s: names[s].casefold())
    return tuple(Figure(slug, names[slug], cells.get((slug, col), [0, []])[0],
                        tuple(cells.get((slug, col), [0, []])[1]), column=col)
                 for slug in leads for col in ACTION_COLUMNS)


def _seldom_heard(consultations, audiences) -> tuple:
    figures = []
    ev = {c.id: c.evaluation or {} for c in consultations}
    for a in audiences:
        if not a.seldom_heard:
            continue
        ids = {
            "aimed-at": [c.id for c in consultations if a in c.audiences],
            "reached": [c.id for c in consultations if a in ev[c.id].get("groups_reached", ())],
            "not-reached": [c.id for c in consultations if a in ev[c.id].get("groups_not_reached", ())],
        }
        figures += [Figure(a.slug, a.name, len(ids[col]), tuple(ids[col]), column=col) for col in SELDOM_HEARD_COLUMNS]
    return tuple(figures)


def year_report(year: ReportingYear, consultations, register, today: date, levels: dict, org_types: dict) -> YearReport:
    """Every figure for one reporting year. consultations: the year's, in register order."""
    published = [c for c in consultations if c.has_published_outcome]
    days = [(c.outcome.published - c.closes).days for c in published]
    tables = (
        Table("level", "Consultations by engagement level", "Level", "Consultations",
              _count_by(consultations, lambda c: [(c.level, c.level_label)], order=list(levels))),
        Table("method", "Consultations by way of taking part", "Way of taking part", "Consultations",
              _count_by(consultations, lambda c: [(m.slug, m.name) for m in c.methods]),
              note="A consultation using several ways is counted under each."),
        Table("lead", "Consultations by lead partner", "Lead partner", "Consultations",
              _count_by(consultations, lambda c: [(c.lead.slug, c.lead.name)])),
        Table("type", "Consultations by type of lead partner", "Type of partner", "Consultations",
              _count_by(consultations, lambda c: [(c.lead.type, org_types.get(c.lead.type, c.lead.type.title()))],
                        order=list(org_types))),
        Table("locality", "Consultations by locality", "Locality", "Consultations",
              _count_by(consultations, lambda c: [("area-wide", AREA_WIDE)] if c.area_wide
                        else [(p.slug, p.name) for p in c.localities],
                        order=["area-wide", *register.localities]),
              note="An area-wide consultation is counted once, as area-wide; one in several localities under each."),
        Table("topic", "Consultations by topic", "Topic", "Consultations",
              _count_by(consultations, lambda c: [(t.slug, t.name) for t in c.topics])),
        Table("results", "Results: on time and late", "Results", "Consultations", _results(consultations, today),
              note="On time means published on or before the date promised (feedback due)."),
        Table("actions", "\u201cWe will\u201d actions by lead partner", "Lead partner", "Actions",
              _actions(consultations), columns=tuple(ACTION_COLUMNS.items()),
              note="Actions promised in this year's results, as they stand now."),
        Table("evaluations", "Evaluations of consultations with results", "Evaluation", "Consultations",
              _evaluations(consultations)),
        Table("seldom-heard", "Seldom-heard groups", "Group", "Consultations",
              _seldom_heard(consultations, register.audiences.values()), columns=tuple(SELDOM_HEARD_COLUMNS.items()),
              note="Reached and not reached as each consultation's evaluation says."),
    )
    return YearReport(year, tuple(c.id for c in consultations), tables,
                      median(days) if days else None, tuple(c.id for c in published))


def year_reports(register, start_month: int, levels: dict, org_types: dict) -> list:
    """A YearReport for every reporting year some consultation opened in, newest first."""
    years = {}
    for c in register.consultations:
        if c.is_planned:
            continue
        year = year_of(c.opens, start_month)
        years.setdefault(year, []).append(c)
    return [year_report(y, years[y], register, register.build_date, levels, org_types)
            for y in sorted(years, key=lambda y: y.start, reverse=True)]
