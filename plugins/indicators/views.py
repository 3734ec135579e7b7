"""What the indicator pages show, worked out before any page is rendered.

Figures are formatted here (27.7%), and the trend is put in words that do not
lean on colour or arrows: "Better: up 1.5 points since 2023". Templates only display.
"""

from __future__ import annotations

from dataclasses import dataclass

from .chart import LineChart, line_chart

# Changes smaller than this are "no change": survey figures are given to one decimal place.
SAME = 0.05


@dataclass(frozen=True)
class Trend:
    direction: str  # "up", "down" or "same"
    verdict: str  # "better", "worse" or "no change" (from higher_is_better)
    words: str  # "Better: up 1.5 points since 2023"


@dataclass(frozen=True)
class PlaceRow:
    """One locality's row of the table by locality: its figure each year ("" where not measured)."""

    name: str
    url: str  # its locality page
    figures: tuple  # formatted, one per year of IndicatorView.years


@dataclass(frozen=True)
class IndicatorView:
    id: str
    url: str
    name: str
    definition: str
    source: str
    unit_words: str  # how the figures are given, for the table's caption
    latest: str  # "27.8%"
    latest_year: int
    trend: Trend | None  # None with one year of figures
    target: str  # "30% by 2027", or ""
    chart: LineChart
    years: tuple  # every year with figures, oldest first
    area_figures: tuple  # the whole area's figure each year, formatted: the chart's figures
    places: tuple  # PlaceRow per locality measured, in data/localities.yaml's order


@dataclass(frozen=True)
class LocalityFigure:
    """An indicator on a locality page: its latest figure there and the area's the same year."""

    name: str
    url: str
    latest: str
    year: int
    trend: Trend | None
    area: str  # the whole area's figure in the same year


def figure(value: float, unit: str) -> str:
    # Percentages keep their decimal place (26.0%), so a column of them lines up.
    if unit == "percent":
        return f"{value:,.1f}%"
    return f"{value:,.1f}".removesuffix(".0")


def difference(value: float, unit: str) -> str:
    amount = f"{abs(value):,.1f}".removesuffix(".0")
    if unit == "percent":
        return amount + (" point" if amount == "1" else " points")
    return amount


def trend(indicator, previous: tuple | None, latest: tuple) -> Trend | None:
    """The change from (year, value) previous to latest, in words; None when there is no earlier year."""
    if previous is None:
        return None
    change = latest[1] - previous[1]
    if abs(change) < SAME:
        return Trend("same", "no change", f"No change since {previous[0]}")
    direction = "up" if change > 0 else "down"
    verdict = "better" if (change > 0) == indicator.higher_is_better else "worse"
    return Trend(direction, verdict,
                 f"{verdict.capitalize()}: {direction} {difference(change, indicator.unit)} since {previous[0]}")


def area_trend(indicator) -> Trend | None:
    values = indicator.values
    return trend(indicator, (values[-2].year, values[-2].area) if len(values) > 1 else None,
                 (values[-1].year, values[-1].area))


def locality_series(indicator, slug: str) -> list:
    """(year, value) for each year the locality was measured, oldest first."""
    return [(v.year, dict(v.localities)[slug]) for v in indicator.values if slug in dict(v.localities)]


def indicator_view(indicator, localities: dict) -> IndicatorView:
    measured = {slug for v in indicator.values for slug, _ in v.localities}
    places = tuple(PlaceRow(place.name, f"localities/{slug}/",
                            tuple(figure(dict(v.localities)[slug], indicator.unit) if slug in dict(v.localities)
                                  else "" for v in indicator.values))
                   for slug, place in localities.items() if slug in measured)
    latest = indicator.values[-1]
    target = (f"{figure(indicator.target, indicator.unit)} by {indicator.target_year}"
              if indicator.target is not None else "")
    return IndicatorView(
        id=indicator.id, url=f"indicators/{indicator.id}/", name=indicator.name, definition=indicator.definition,
        source=indicator.source, unit_words="percentages of residents" if indicator.unit == "percent" else "numbers",
        latest=figure(latest.area, indicator.unit), latest_year=latest.year, trend=area_trend(indicator),
        target=target, years=tuple(v.year for v in indicator.values),
        area_figures=tuple(figure(v.area, indicator.unit) for v in indicator.values), places=places,
        chart=line_chart([(v.year, v.area) for v in indicator.values], indicator.unit,
                         title=f"{indicator.name}, the whole area, by year",
                         target=(indicator.target_year, indicator.target) if indicator.target is not None else None),
    )


def locality_figures(indicators, slug: str) -> list:
    """The indicators measured in one locality, for its page."""
    found = []
    for indicator in indicators:
        series = locality_series(indicator, slug)
        if not series:
            continue
        year, value = series[-1]
        area = next(v.area for v in indicator.values if v.year == year)
        found.append(LocalityFigure(
            name=indicator.name, url=f"indicators/{indicator.id}/", latest=figure(value, indicator.unit), year=year,
            trend=trend(indicator, series[-2] if len(series) > 1 else None, series[-1]),
            area=figure(area, indicator.unit)))
    return found
