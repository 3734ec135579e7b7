"""Bar charts drawn at build time: every position worked out here, so the template only draws.

A chart is an SVG with role="img", a title and a description, each bar labelled with
its name above it and its number after it in text, so colour is never the only cue;
it is always followed by a table of the same figures (components/bar_chart.html).
Sizes are in the SVG's own units: the chart scales to the width it is given.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

WIDTH = 360  # the viewBox's width at least; drawn at 100% of its column up to 24rem, so text stays near 15px
NUMBER_ROOM = 110  # kept to the right of the longest bar for its number, "12,345 (100%)"
CHAR_WIDTH = 8.5  # a generous width of one character at 15px, so a long name widens the chart, never clipped
LABEL_HEIGHT = 18  # a bar's name sits in this band above the bar
BAR_HEIGHT = 16
GAP = 12  # between one bar and the next bar's name
TOP = 4


@dataclass(frozen=True)
class Row:
    """One figure as given to a chart: a name, a count, where the count links (if anywhere)."""

    label: str
    count: int
    url: str = ""  # the consultations behind the figure
    muted: bool = False  # "Not recorded": drawn as an outline, not a solid bar


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    figure: str  # the number as printed: "2,316" or "2,316 (80%)"
    percent: str  # "80%", or "" when the chart has no total
    url: str
    muted: bool
    label_y: int  # baseline of the name
    bar_y: int
    length: float  # at least a sliver, so a nought still shows where its bar would be
    figure_x: float


@dataclass(frozen=True)
class BarChart:
    """bar_chart and chart_table (components/bar_chart.html): everything either shows."""

    id: str  # unique on its page: the title's and description's ids start with it
    title: str
    description: str
    row_heading: str  # the first column's heading in the table
    count_heading: str
    bars: tuple
    width: int
    height: int
    total: int | None = None  # when given, bars show their share of it


def _percent(count: int, total: int | None) -> str:
    if not total:
        return ""
    return f"{(count * 200 + total) // (2 * total)}%"


def bar_chart(chart_id: str, title: str, rows, *, row_heading: str, count_heading: str = "Number",
              total: int | None = None, summary: str = "") -> BarChart:
    """A horizontal bar chart of rows in the order given, bars scaled to the largest."""
    rows = list(rows)
    largest = max((r.count for r in rows), default=0) or 1
    width = max([WIDTH] + [math.ceil(len(r.label) * CHAR_WIDTH) for r in rows])
    room = width - NUMBER_ROOM
    bars = []
    y = TOP
    for r in rows:
        percent = _percent(r.count, total)
        figure = f"{r.count:,}" + (f" ({percent})" if percent else "")
        length = max(round(room * r.count / largest, 1), 1.0)
        bar_y = y + LABEL_HEIGHT + 2
        bars.append(Bar(r.label, r.count, figure, percent, r.url, r.muted, label_y=y + LABEL_HEIGHT - 4,
                        bar_y=bar_y, length=length, figure_x=length + 6))
        y = bar_y + BAR_HEIGHT + GAP
    described = "; ".join(f"{b.label}: {b.figure}" for b in bars)
    description = (summary + " " if summary else "") + f"{described}. The table after the chart gives the same figures."
    return BarChart(chart_id, title, description, row_heading, count_heading, tuple(bars), width,
                    max(y - GAP + TOP, TOP * 2), total)


def breakdown_chart(chart_id: str, breakdown) -> BarChart:
    """A consultation's breakdown (domain.responses.Breakdown) with the rest as "Not recorded"."""
    rows = [Row(p.name, p.count) for p in breakdown.parts]
    if breakdown.not_recorded:
        rows.append(Row("Not recorded", breakdown.not_recorded, muted=True))
    return bar_chart(chart_id, breakdown.title, rows, row_heading=breakdown.row_heading,
                     count_heading="Responses", total=breakdown.total,
                     summary=f"Of {breakdown.total:,} responses.")
