"""What the report pages show, made from figures.YearReport: charts, tables, the lists behind each figure, the CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from said_and_done.api import ChartRow, bar_chart, printable

from .figures import YearReport

FOLDER = "reports/"
CSV_NAME = "report.csv"


@dataclass(frozen=True)
class Cell:
    count: int
    url: str  # "" when nought: nothing behind it to list


@dataclass(frozen=True)
class CrossTable:
    """A table with a column per status or kind: a row per partner or group."""

    caption: str
    row_heading: str
    headings: tuple
    rows: tuple  # (label, (Cell, ...))


@dataclass(frozen=True)
class Block:
    """One of the report's tables: its chart and its figures."""

    slug: str
    title: str
    note: str
    chart: object  # BarChart, or None when there is nothing to count
    cross: CrossTable | None


@dataclass(frozen=True)
class Listed:
    title: str
    url: str


@dataclass(frozen=True)
class Behind:
    """The consultations behind one figure, under the anchor its count links to: the first
    of them, in the report's order, where the figure counts more than a page names."""

    anchor: str
    label: str
    count: int  # the figure: consultations, or (for actions) actions
    consultations: tuple  # Listed
    not_listed: int = 0  # the consultations behind it the page does not name


@dataclass(frozen=True)
class ReportPage:
    slug: str
    label: str
    url: str
    csv_url: str
    consultations: int
    results_published: int
    median_days: str  # "41", or "" when nothing was published
    blocks: tuple
    behind: tuple  # (table title, (Behind, ...))
    every: Behind  # every consultation of the year


@dataclass(frozen=True)
class ReportCard:
    label: str
    url: str
    consultations: int
    results_published: int


def url_of(report: YearReport) -> str:
    return f"{FOLDER}{report.year.slug}/"


def anchor(table: str, key: str, column: str = "") -> str:
    return "-".join(p for p in (table, key, column) if p)


def _cell(url: str, table, f) -> Cell:
    return Cell(f.count, f"{url}#{anchor(table.slug, f.key, f.column)}" if f.count else "")


def _cross(table, url) -> CrossTable:
    rows = {}
    for f in table.figures:
        rows.setdefault(f.key, (f.label, []))[1].append(_cell(url, table, f))
    return CrossTable(table.title, table.row_heading, tuple(h for _, h in table.columns),
                      tuple((label, tuple(cells)) for label, cells in rows.values()))


def _chart_rows(table, url) -> list:
    if not table.columns:
        return [ChartRow(f.label, f.count, _cell(url, table, f).url) for f in table.figures]
    # A cross table's chart: the actions, by status; the seldom-heard groups, how many consultations reached each.
    if table.slug == "seldom-heard":
        return [ChartRow(f.label, f.count, _cell(url, table, f).url) for f in table.figures if f.column == "reached"]
    totals = {slug: 0 for slug, _ in table.columns}
    for f in table.figures:
        totals[f.column] += f.count
    return [ChartRow(heading, totals[slug]) for slug, heading in table.columns]


CHART_TITLES = {"actions": "\u201cWe will\u201d actions by status", "seldom-heard": "Consultations that reached each seldom-heard group"}


def _block(table, url) -> Block:
    rows = _chart_rows(table, url)
    chart = None
    if rows and any(r.count for r in rows):
        heading = {"actions": "Status", "seldom-heard": "Group"}.get(table.slug, table.row_heading)
        chart = bar_chart(f"chart-{table.slug}", CHART_TITLES.get(table.slug, table.title), rows,
                          row_heading=heading, count_heading=table.count_heading)
    return Block(table.slug, table.title, table.note, chart, _cross(table, url) if table.columns else None)


def _listed(ids, by_id, most: int) -> dict:
    """Behind's consultations and not_listed for the consultations with these ids."""
    return {"consultations": tuple(Listed(by_id[i].title, by_id[i].url) for i in ids[:most]),
            "not_listed": max(0, len(ids) - most)}


def _behind(report, table, by_id, most: int) -> tuple:
    headings = dict(table.columns)
    return tuple(Behind(anchor(table.slug, f.key, f.column),
                        f.label + (f": {headings[f.column]}" if f.column else ""), f.count,
                        **_listed(f.ids, by_id, most))
                 for f in table.figures if f.count)


def report_page(report: YearReport, by_id: dict, most: int) -> ReportPage:
    """What a year's report page shows; under each figure it names at most `most` consultations."""
    url = url_of(report)
    results = report.table("results")
    published = sum(f.count for f in results.figures if f.key in ("on-time", "late"))
    days = report.median_days_to_results
    return ReportPage(
        slug=report.year.slug, label=report.year.label, url=url, csv_url=url + CSV_NAME,
        consultations=len(report.ids), results_published=published,
        median_days="" if days is None else f"{days:g}",
        blocks=tuple(_block(t, url) for t in report.tables),
        behind=tuple((t.title, _behind(report, t, by_id, most)) for t in report.tables),
        every=Behind("every", "Every consultation that opened this year", len(report.ids),
                     **_listed(report.ids, by_id, most)),
    )


def report_card(page: ReportPage) -> ReportCard:
    return ReportCard(page.label, page.url, page.consultations, page.results_published)


CSV_COLUMNS = ("table", "row", "column", "value", "consultations")
# A spreadsheet runs a cell starting with one of these as a formula; a name starting so
# (a crafted organisation name, say) gets a leading apostrophe, as the open data's CSVs do.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value) -> str:
    text = printable(str(value))
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def report_csv(report: YearReport) -> str:
    """The report's figures, one row each, with the ids of the consultations behind each."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for table in report.tables:
        for f in table.figures:
            writer.writerow((table.slug, _safe(f.label), f.column, f.count, " ".join(f.ids)))
    days = report.median_days_to_results
    writer.writerow(("results", "Median days from closing to results", "", "" if days is None else f"{days:g}",
                     " ".join(report.median_ids)))
    return out.getvalue()

