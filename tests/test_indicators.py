"""Indicators (plugins/indicators): the figures, the trend in words, the chart's geometry,
the pages, the locality sections, the open data, and file:line errors for a bad file."""

from __future__ import annotations

import csv
import io
import itertools
import json
import textwrap
from datetime import date

import pytest
import yaml

from helpers.site import ROOT, text_of
from indicators.chart import HEIGHT, LEFT, RIGHT, TOP, WIDTH, line_chart, nice_range
from indicators.load import load
from indicators.views import figure, indicator_view, locality_figures, trend

DEMO = yaml.safe_load((ROOT / "data" / "indicators.yaml").read_text(encoding="utf-8"))


def indicator(higher_is_better=True, unit="percent", values=((2021, 27.7), (2022, 26.3)), target=None):
    from indicators.load import Figure, Indicator

    return Indicator(id="x", name="X", definition="d", source="s", unit=unit, higher_is_better=higher_is_better,
                     values=tuple(Figure(y, v, ()) for y, v in values), target=target,
                     target_year=2027 if target is not None else None)


# -- figures and trends ------------------------------------------------------------

@pytest.mark.parametrize(("value", "unit", "shown"), [
    (27.7, "percent", "27.7%"), (26.0, "percent", "26.0%"), (1234.0, "number", "1,234"), (12.5, "number", "12.5"),
])
def test_figures_are_shown_as_people_read_them(value, unit, shown):
    assert figure(value, unit) == shown


@pytest.mark.parametrize(("higher_is_better", "before", "after", "words", "verdict", "direction"), [
    (True, 27.7, 26.3, "Worse: down 1.4 points since 2021", "worse", "down"),
    (True, 26.3, 27.8, "Better: up 1.5 points since 2021", "better", "up"),
    (False, 12.0, 10.0, "Better: down 2 points since 2021", "better", "down"),
    (False, 10.0, 11.0, "Worse: up 1 point since 2021", "worse", "up"),
    (True, 27.7, 27.7, "No change since 2021", "no change", "same"),
])
def test_the_trend_says_which_way_and_whether_that_is_good(higher_is_better, before, after, words, verdict, direction):
    t = trend(indicator(higher_is_better), (2021, before), (2022, after))
    assert (t.words, t.verdict, t.direction) == (words, verdict, direction)


def test_one_year_of_figures_has_no_trend():
    assert trend(indicator(), None, (2022, 27.0)) is None


# -- the chart's geometry ------------------------------------------------------------

@pytest.mark.parametrize(("low", "high"), [(26.3, 30), (0, 7), (1200, 5400), (27, 27), (0.12, 0.31)])
def test_the_value_axis_is_a_round_range_around_the_figures(low, high):
    bottom, top, step = nice_range(low, high)
    assert bottom <= low and top >= high
    assert (top - bottom) / step <= 6
    assert abs(round(bottom / step) * step - bottom) < 1e-9  # starts on a tick


def test_points_are_spaced_by_year_and_placed_by_value():
    chart = line_chart([(2021, 27.7), (2022, 27.1), (2023, 26.3), (2025, 27.8)], "percent", "t", target=(2027, 30))
    xs = [p.x for p in chart.points]
    assert xs[0] == LEFT and xs[-1] == WIDTH - RIGHT
    # 2024 has no figure: the gap between 2023 and 2025 is two years wide.
    assert xs[3] - xs[2] == pytest.approx(2 * (xs[1] - xs[0]))
    ys = {p.year: p.y for p in chart.points}
    assert ys[2023] > ys[2022] > ys[2021] > ys[2025]  # SVG y grows downwards: lower figures lower down
    assert TOP <= chart.target.y < ys[2025]  # the target, above every figure, is inside the plot
    assert chart.target.label == "Target: 30.0% by 2027"
    assert [p.label for p in chart.points] == ["27.7%", "27.1%", "26.3%", "27.8%"]
    assert chart.path == " ".join(f"{'M' if i == 0 else 'L'} {p.x:g} {p.y:g}" for i, p in enumerate(chart.points))
    # Ticks run bottom to top, evenly, from the bottom of the plot.
    tick_ys = [t.position for t in chart.y_ticks]
    assert tick_ys[0] == HEIGHT - 40 and tick_ys == sorted(tick_ys, reverse=True)
    assert chart.y_ticks[0].label == "26%" and chart.y_ticks[-1].label == "30%"
    assert "27.7% in 2021" in chart.description and "Target: 30.0% by 2027" in chart.description


def test_one_year_is_drawn_in_the_middle_and_no_target_means_no_line():
    chart = line_chart([(2025, 45.1)], "percent", "t")
    assert chart.points[0].x == (LEFT + WIDTH - RIGHT) / 2
    assert chart.target is None and chart.path.startswith("M ")


# -- the data file -------------------------------------------------------------------

def write(project, text: str):
    path = project / "data" / "indicators.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


GOOD = """\
- id: feel-heard
  name: Residents who feel heard
  definition: The share who agree.
  source: Survey
  unit: percent
  higher_is_better: true
  values:
    - year: 2024
      area: 20.5
      localities: {north-vale: 21.0}
    - year: 2025
      area: 22.0
"""


def loaded(fixture_project, text):
    from said_and_done.api import load_records  # noqa: F401  (the api is what plugins use)

    path = write(fixture_project, text)
    return load(path, fixture_project, {"north-vale": None, "river-town": None})


def test_a_good_file_loads(fixture_project):
    indicators, problems = loaded(fixture_project, GOOD)
    assert problems == []
    assert [(v.year, v.area, v.localities) for v in indicators[0].values] == [
        (2024, 20.5, (("north-vale", 21.0),)), (2025, 22.0, ())]


def test_no_file_means_no_indicators_and_no_problems(fixture_project):
    assert load(fixture_project / "data" / "indicators.yaml", fixture_project, {}) == ([], [])


@pytest.mark.parametrize(("change", "line", "field", "words"), [
    (("north-vale: 21.0", "north-dale: 21.0"), 10, "[1].values[1].localities.north-dale",
     "expected a locality slug from data/localities.yaml, found 'north-dale'"),
    (("unit: percent", "unit: percentage"), 5, "[1].unit", "percentage"),
    (("year: 2025", "year: 2023"), 11, "[1].values[2].year", "expected the years oldest first, found 2023 after 2024"),
    (("year: 2025", "year: 2024"), 11, "[1].values[2].year", "expected each year once, found 2024 again"),
    (("  higher_is_better: true\n", "  higher_is_better: true\n  target: 30\n"), 7, "[1].target",
     "expected target and target_year together"),
    (("area: 22.0", "area: lots"), 12, "[1].values[2].area", "lots"),
])
def test_a_mistake_is_named_with_file_line_and_field(fixture_project, change, line, field, words):
    _, problems = loaded(fixture_project, GOOD.replace(*change))
    assert problems, change
    p = problems[0]
    assert (p.file, p.line, p.field) == ("data/indicators.yaml", line, field), str(p)
    assert words in p.message


def test_an_indicator_id_twice_is_an_error(fixture_project):
    _, problems = loaded(fixture_project, GOOD + GOOD)
    assert [(p.line, p.field) for p in problems] == [(13, "[2].id")]
    assert "expected each indicator id once, found 'feel-heard' again" in problems[0].message


def test_a_bad_file_stops_check_with_its_line(fixture_project):
    from said_and_done.api import RecordErrors
    from said_and_done.domain.records import load_register

    write(fixture_project, GOOD.replace("north-vale: 21.0", "nowhere: 21.0"))
    with pytest.raises(RecordErrors) as caught:
        load_register(fixture_project / "data", fixture_project / "content" / "outcomes",
                      build_date=date(2026, 11, 23), root=fixture_project)
    assert any(p.file == "data/indicators.yaml" and p.line == 10 and "nowhere" in p.message
               for p in caught.value.errors)


# -- the demo's pages ----------------------------------------------------------------------

def test_the_list_gives_each_latest_figure_and_trend_in_words(demo_site):
    main = demo_site.soup("/indicators/").find("main")
    cards = main.select("li.card")
    assert [c.h2.a["href"] for c in cards] == [f"/indicators/{i['id']}/" for i in DEMO]
    first = text_of(cards[0])
    latest, before = DEMO[0]["values"][-1], DEMO[0]["values"][-2]
    assert f"Latest, {latest['year']} {latest['area']}%" in first
    change = round(latest["area"] - before["area"], 1)
    assert f"{'Better: up' if change > 0 else 'Worse: down'} {abs(change)} points since {before['year']}" in first


def test_an_indicator_page_has_an_accessible_chart_and_the_same_figures_in_a_table(demo_site):
    item = DEMO[0]
    soup = demo_site.soup(f"/indicators/{item['id']}/")
    svg = soup.find("main").find("svg")
    assert svg["role"] == "img"
    title_id, desc_id = svg["aria-labelledby"].split()
    assert svg.find("title")["id"] == title_id and svg.find("desc")["id"] == desc_id
    # Every figure is printed beside its point, and read out in the description.
    labels = [t.get_text() for t in svg.select(".chart__value")]
    assert labels == [f"{v['area']:.1f}%" for v in item["values"]]
    for v in item["values"]:
        assert f"{v['area']:.1f}% in {v['year']}" in svg.find("desc").get_text()
    # The target is dashed and says what it is in words.
    target = svg.select_one(".chart__target")
    assert target.line.get("stroke-dasharray")
    assert text_of(target) == f"Target: {item['target']:.1f}% by {item['target_year']}"
    # Colours come from the page's colours, not fixed in the SVG.
    assert "fill=\"#" not in str(svg) and "stroke=\"#" not in str(svg)
    # The table after the chart holds the same figures.
    table = svg.find_next("table")
    rows = [[c.get_text(strip=True) for c in tr.find_all(["th", "td"])] for tr in table.tbody.find_all("tr")]
    assert rows == [[str(v["year"]), f"{v['area']:.1f}%"] for v in item["values"]]
    by_place = table.find_next("table")
    kestlebury = next(tr for tr in by_place.tbody.find_all("tr") if tr.th.a["href"] == "/localities/kestlebury/")
    assert [td.get_text(strip=True) for td in kestlebury.find_all("td")] == [
        f"{v['localities']['kestlebury']:.1f}%" for v in item["values"]]


def test_the_chart_points_follow_the_figures(demo_site):
    item = DEMO[0]
    svg = demo_site.soup(f"/indicators/{item['id']}/").find("main").find("svg")
    ys = [float(c["cy"]) for c in svg.select(".chart__series circle")]
    values = [v["area"] for v in item["values"]]
    assert len(ys) == len(values)
    for (y1, v1), (y2, v2) in itertools.pairwise(zip(ys, values, strict=True)):
        assert (y2 < y1) == (v2 > v1) and (y2 == y1) == (v2 == v1)


def test_a_locality_page_shows_its_figures_beside_the_area(demo_site, demo_register):
    soup = demo_site.soup("/localities/stannerby/")
    section = soup.find(id="indicators")
    assert section is not None
    rows = section.find_next("table").tbody.find_all("tr")
    assert len(rows) == len(DEMO)
    for item, row in zip(DEMO, rows, strict=True):
        cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
        latest = item["values"][-1]
        assert cells[0] == f"{latest['localities']['stannerby']:.1f}% ({latest['year']})"
        assert cells[2] == f"{latest['area']:.1f}%"
    expected = locality_figures(demo_register.derived["indicators"], "stannerby")
    assert [td.get_text(strip=True) for td in rows[0].find_all("td")][1] == expected[0].trend.words


def test_an_indicator_not_measured_in_a_locality_leaves_it_out(demo_register):
    views = [indicator_view(i, demo_register.localities) for i in demo_register.derived["indicators"]]
    assert all(len(v.places) == len(demo_register.localities) for v in views)
    assert locality_figures(demo_register.derived["indicators"], "nowhere") == []


def test_the_figures_are_open_data_as_json_and_csv(demo_site):
    data = json.loads(demo_site.path("/data/indicators.json").read_text(encoding="utf-8"))
    assert data["count"] == len(DEMO)
    for published, item in zip(data["indicators"], DEMO, strict=True):
        assert published["id"] == item["id"]
        assert published["values"] == [{"localities": {}, **v} for v in item["values"]]
    rows = list(csv.DictReader(io.StringIO(demo_site.path("/data/indicators.csv").read_text(encoding="utf-8"))))
    assert len(rows) == sum(1 + len(v.get("localities", {})) for i in DEMO for v in i["values"])
    area = [r for r in rows if r["indicator"] == DEMO[0]["id"] and r["locality"] == ""]
    assert [(int(r["year"]), float(r["value"])) for r in area] == [(v["year"], v["area"]) for v in DEMO[0]["values"]]
    # /data/ documents the files' fields.
    docs = demo_site.soup("/data/").find(id="indicators")
    assert docs is not None
    text = text_of(docs.find_parent("main"))
    assert "indicators[].higher_is_better" in text and "locality_name" in text
    # The schema the file is checked against is published byte for byte, and linked.
    published = demo_site.path("/schema/indicators.schema.json").read_bytes()
    assert published == (ROOT / "data" / "schema" / "indicators.schema.json").read_bytes()
    assert docs.find_next("a", href="/schema/indicators.schema.json")


def test_the_pages_are_linked_and_in_the_sitemap(demo_site):
    footer = demo_site.soup("/").find("footer")
    assert footer.find("a", href="/indicators/")
    sitemap = demo_site.path("/sitemap.xml").read_text(encoding="utf-8")
    for item in DEMO:
        assert f"/indicators/{item['id']}/" in sitemap
    assert "/indicators/</loc>" in sitemap
