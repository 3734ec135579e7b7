"""A line chart's geometry, worked out in Python so the template only draws it.

Coordinates are in the SVG's own units (its viewBox); the chart scales to the width
of the page. The value axis is cut to a round range around the figures (and the
target), not started at zero: the changes these indicators track are a point or
two, which a zero-based axis would flatten out of sight. The axis labels say where
it starts, and the table below gives every figure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# Narrow enough that, scaled to a 320-pixel phone, the labels are still about 11 pixels high.
WIDTH, HEIGHT = 480, 300
LEFT, RIGHT, TOP, BOTTOM = 60, 28, 28, 40  # room for the value labels, the last point's label, the years
STEPS = (1, 2, 2.5, 5)  # round tick steps, times a power of ten
MOST_TICKS = 6


@dataclass(frozen=True)
class Tick:
    position: float  # x for a year, y for a value
    label: str


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str  # the figure as printed beside the point
    year: int
    anchor: str = "middle"  # the label's text-anchor: the first and last keep inside the plot


@dataclass(frozen=True)
class TargetLine:
    y: float
    label: str  # "Target: 30% by 2027"
    label_y: float  # above the line, or below when the line is at the top


@dataclass(frozen=True)
class LineChart:
    title: str
    description: str  # every figure, in words, for the SVG's <desc>
    width: int
    height: int
    left: float  # the plot area's edges
    right: float
    top: float
    bottom: float
    x_ticks: tuple  # Tick per year
    y_ticks: tuple  # Tick per round value
    points: tuple  # Point, oldest first
    path: str  # the line through the points, as SVG path data
    target: TargetLine | None


def _label(value: float, unit: str, tick: bool = False) -> str:
    # Ticks are round values (26%); figures keep their decimal place (26.0%), as in the table.
    text = f"{value:,.1f}"
    if tick or unit != "percent":
        text = text.removesuffix(".0")
    return text + ("%" if unit == "percent" else "")


def nice_range(low: float, high: float) -> tuple[float, float, float]:
    """(bottom, top, step): round values around low..high, at most MOST_TICKS + 1 ticks."""
    if high == low:
        low, high = low - 1, high + 1
    span = high - low
    power = 10 ** math.floor(math.log10(span / MOST_TICKS))
    for scale in (1, 10, 100):
        for step in STEPS:
            size = step * power * scale
            bottom, top = math.floor(low / size) * size, math.ceil(high / size) * size
            if (top - bottom) / size <= MOST_TICKS:
                return bottom, top, size
    raise AssertionError("unreachable: a step of ten times the span fits")


def line_chart(series: list, unit: str, title: str, target: tuple | None = None) -> LineChart:
    """The chart of series [(year, value), ...] oldest first, with an optional target (year, value)."""
    years = [year for year, _ in series]
    values = [value for _, value in series] + ([target[1]] if target else [])
    bottom, top, step = nice_range(min(values), max(values))
    plot_left, plot_right, plot_top, plot_bottom = LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM

    def x(year):
        if len(years) == 1:
            return round((plot_left + plot_right) / 2, 2)
        return round(plot_left + (year - years[0]) / (years[-1] - years[0]) * (plot_right - plot_left), 2)

    def y(value):
        return round(plot_bottom - (value - bottom) / (top - bottom) * (plot_bottom - plot_top), 2)

    count = round((top - bottom) / step)
    y_ticks = tuple(Tick(y(bottom + i * step), _label(bottom + i * step, unit, tick=True)) for i in range(count + 1))
    last = len(series) - 1
    points = tuple(Point(x(year), y(value), _label(value, unit), year,
                         "start" if i == 0 and last else "end" if i == last and last else "middle")
                   for i, (year, value) in enumerate(series))
    path = " ".join(f"{'M' if i == 0 else 'L'} {p.x:g} {p.y:g}" for i, p in enumerate(points))
    line = None
    words = [f"{p.label} in {p.year}" for p in points]
    description = "Figures by year: " + ", ".join(words) + "."
    if target:
        ty = y(target[1])
        label = f"Target: {_label(target[1], unit)} by {target[0]}"
        line = TargetLine(ty, label, ty + 16 if ty - 6 < plot_top + 10 else ty - 6)
        description += f" {label}."
    return LineChart(title=title, description=description, width=WIDTH, height=HEIGHT, left=plot_left,
                     right=plot_right, top=plot_top, bottom=plot_bottom,
                     x_ticks=tuple(Tick(x(year), str(year)) for year in years), y_ticks=y_ticks,
                     points=points, path=path, target=line)
