"""Issue 27 part B: who took part (response breakdowns), audience pages, the annual report.

The report's figures are worked out again here from /data/consultations.json, the open
data partners read, and compared with the report's own CSV and pages: the two are made
by different code from different inputs, so they agree only if both are right.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict
from datetime import date
from statistics import median

import pytest

from helpers.site import ROOT, Site, build_site
from reports.figures import year_of
from reports.options import listed_per_figure, start_month
from said_and_done.api import SettingsError
from said_and_done.site.charts import NUMBER_ROOM, WIDTH, Row, bar_chart

DEMO_BUILD_DATE = date(2026, 11, 23)


def consultations_json(site) -> list:
    return json.loads((site.root / "data" / "consultations.json").read_text(encoding="utf-8"))["consultations"]


def report_csv(site, slug) -> list:
    text = (site.root / "reports" / slug / "report.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def report_years(site) -> list:
    return sorted(p.name for p in (site.root / "reports").iterdir() if p.is_dir())


def in_year(records, slug):
    """The year's consultations from the open data: opened within it, not still planned (April to March)."""
    first = int(slug.split("-")[0])
    start, end = date(first, 4, 1), date(first + 1, 3, 31)
    return [r for r in records if r["status"] != "planned"
            and start <= date.fromisoformat(r["dates"]["opens"]) <= end]


def figures_of(rows, table) -> dict:
    return {(r["row"], r["column"]): (r["value"], set(r["consultations"].split())) for r in rows if r["table"] == table}


def test_every_reporting_year_with_a_consultation_has_a_report_and_no_other(demo_site):
    records = consultations_json(demo_site)
    expected = {year_of(date.fromisoformat(r["dates"]["opens"]), 4).slug for r in records if r["status"] != "planned"}
    assert report_years(demo_site) == sorted(expected)
    listed = [a["href"] for a in demo_site.soup("/reports/").select(".card__title a")]
    assert listed == [f"/reports/{slug}/" for slug in sorted(expected, reverse=True)]


def test_report_figures_agree_with_the_open_data(demo_site):
    records = consultations_json(demo_site)
    checked = 0
    for slug in report_years(demo_site):
        mine = in_year(records, slug)
        rows = report_csv(demo_site, slug)
        # By engagement level: every consultation once.
        levels = Counter(r["level_label"] for r in mine)
        assert {k[0]: int(v[0]) for k, v in figures_of(rows, "level").items()} == dict(levels), slug
        # By lead partner, with the ids behind each figure.
        leads = defaultdict(set)
        for r in mine:
            leads[r["lead_organisation"]["name"]].add(r["id"])
        assert {k[0]: v[1] for k, v in figures_of(rows, "lead").items()} == dict(leads), slug
        # Results on time and late, and the median days from closing to results.
        # Results withheld (outcome.withheld) are a notice with no results page, not published results.
        published = [r for r in mine if r["outcome"] and r["outcome"]["url"]]
        on_time = {r["id"] for r in published if r["outcome"]["published"] <= r["dates"]["feedback_due"]}
        results = figures_of(rows, "results")
        assert results[("Published on time", "")] == (str(len(on_time)), on_time), slug
        assert int(results[("Published late", "")][0]) == len(published) - len(on_time), slug
        median_row = next(r for r in rows if r["row"] == "Median days from closing to results")
        days = [(date.fromisoformat(r["outcome"]["published"]) - date.fromisoformat(r["dates"]["closes"])).days
                for r in published]
        assert median_row["value"] == (f"{median(days):g}" if days else ""), slug
        # Actions done and overdue by lead partner.
        actions = figures_of(rows, "actions")
        done, overdue = Counter(), Counter()
        for r in published:
            for a in r["outcome"]["actions"]:
                done[a["lead"]["name"]] += a["status"] == "done"
                overdue[a["lead"]["name"]] += bool(a["overdue"])
        assert {k[0]: int(v[0]) for k, v in actions.items() if k[1] == "done"} == dict(done), slug
        assert {k[0]: int(v[0]) for k, v in actions.items() if k[1] == "overdue"} == dict(overdue), slug
        # Evaluations missing from consultations with results.
        missing = {r["id"] for r in published if not r["evaluation"]}
        assert figures_of(rows, "evaluations")[("Evaluation missing", "")][1] == missing, slug
        # Seldom-heard groups reached, as each evaluation says.
        reached = defaultdict(set)
        for r in mine:
            for g in (r["evaluation"] or {}).get("groups_reached", []):
                reached[g["name"]].add(r["id"])
        seldom = {x["name"] for r in records for x in r["audiences"] if x["seldom_heard"]}
        shown = {k[0]: v[1] for k, v in figures_of(rows, "seldom-heard").items() if k[1] == "reached"}
        assert shown == {name: reached.get(name, set()) for name in shown}, slug
        assert set(shown) >= {name for name in reached if name in seldom}
        checked += len(mine)
    assert checked >= 20, "the demo's years should between them hold most of its consultations"


def test_every_figure_on_a_report_links_to_a_list_of_that_many_consultations(demo_site):
    for slug in report_years(demo_site):
        url = f"/reports/{slug}/"
        soup = demo_site.soup(url)
        links = [a for a in soup.select("main td a") if a["href"].startswith(url + "#")]
        assert links, slug
        for a in links:
            target = soup.find(id=a["href"].split("#", 1)[1])
            assert target is not None, a["href"]
            listed = target.find_next("ul").find_all("a")
            assert listed and all(x["href"].startswith("/consultations/") for x in listed)
            count = int(a.get_text(" ").split()[0].replace(",", ""))
            # A count of actions may be larger than the consultations it came from.
            if "-overdue" not in a["href"] and "actions-" not in a["href"]:
                assert len(listed) == count, a["href"]


def test_report_charts_are_images_with_a_title_description_and_labelled_bars(demo_site):
    soup = demo_site.soup(f"/reports/{report_years(demo_site)[-1]}/")
    charts = soup.select("svg.chart__svg")
    assert len(charts) >= 6
    for svg in charts:
        assert svg["role"] == "img"
        title, desc = svg.find("title"), svg.find("desc")
        assert svg["aria-labelledby"] == title["id"] and svg["aria-describedby"] == desc["id"]
        figures = [t.get_text() for t in svg.select(".chart__figure")]
        labels = [t.get_text() for t in svg.select(".chart__label")]
        assert len(figures) == len(labels) == len(svg.select("rect"))
        for label, figure in zip(labels, figures, strict=True):
            assert f"{label}: {figure}" in desc.get_text()
        table = svg.find_parent("figure").find_next_sibling("table")
        assert [th.get_text() for th in table.select("tbody th")] == labels
    assert soup.find("link", rel="stylesheet") is not None
    assert "a[data-print-url]" in (demo_site.root / "theme" / "css" / "site.css").read_text(encoding="utf-8")


def test_the_report_is_in_the_sitemap(demo_site):
    sitemap = (demo_site.root / "sitemap.xml").read_text(encoding="utf-8")
    for slug in report_years(demo_site):
        assert f"/reports/{slug}/</loc>" in sitemap
    assert "/reports/</loc>" in sitemap and "/audiences/young-people/</loc>" in sitemap


def test_calendar_years_are_a_setting(tmp_path):
    # Calendar years move the reports to /reports/<year>/. The demo's manifest lists its April-to-March
    # addresses, which a partnership changing the setting must keep working (redirects): this build
    # checks against a copy of the manifest without them.
    manifest = tmp_path / "published-urls.txt"
    lines = (ROOT / "data" / "published-urls.txt").read_text(encoding="utf-8").splitlines(keepends=True)
    manifest.write_text("".join(line for line in lines if not line.startswith("/reports/2")), encoding="utf-8")
    site = Site(build_site(tmp_path / "output", pelican_settings={"REPORTS": {"year_starts": "january"},
                                                                 "PERMALINKS": {"manifest": str(manifest)}}))
    records = consultations_json(site)
    assert report_years(site) == sorted({r["dates"]["opens"][:4] for r in records if r["status"] != "planned"})
    assert "January to December" in site.main_text("/reports/")


def test_a_figure_over_the_limit_names_the_first_and_points_at_the_spreadsheet_for_the_rest(tmp_path):
    # At 100,000 records a year's page named every consultation under every figure: 67 MB.
    # The page names at most REPORTS["listed_per_figure"] under each; the CSV names them all.
    site = Site(build_site(tmp_path / "output", pelican_settings={"REPORTS": {"listed_per_figure": 2}}))
    cut = 0
    for slug in report_years(site):
        soup = site.soup(f"/reports/{slug}/")
        for heading in soup.select(".report__behind h4[id], .report__behind h3[id]"):
            listed = heading.find_next("ul")
            assert len(listed.find_all("a")) <= 2, heading["id"]
            more = listed.find_next_sibling()
            rest = 0
            if more is not None and "report__more" in more.get("class", []):
                rest = int(more.get_text().split()[1].replace(",", ""))
                assert more.find("a")["href"] == f"/reports/{slug}/report.csv"
                cut += 1
            if "-overdue" not in heading["id"] and "actions-" not in heading["id"]:  # counts of actions
                count = int(heading.get_text().rsplit("(", 1)[1].rstrip(")").replace(",", ""))
                assert len(listed.find_all("a")) + rest == count, heading["id"]
    assert cut >= 5, "the demo's larger figures should be cut at two"


@pytest.mark.parametrize("value", [0, -3, "100", 2.5, True, None])
def test_a_bad_listed_per_figure_is_refused_plainly(value):
    with pytest.raises(SettingsError, match=r"REPORTS\['listed_per_figure'\]: expected a whole number of at least 1"):
        listed_per_figure({"REPORTS": {"listed_per_figure": value}})


@pytest.mark.parametrize("value", ["July", 4, None, "calendar"])
def test_a_bad_year_setting_is_refused_plainly(value):
    with pytest.raises(SettingsError, match=r"REPORTS\['year_starts'\]: expected one of 'april', 'january'"):
        start_month({"REPORTS": {"year_starts": value}})


@pytest.mark.parametrize(("day", "start", "slug", "label"), [
    (date(2025, 4, 1), 4, "2025-26", "April 2025 to March 2026"),
    (date(2026, 3, 31), 4, "2025-26", "April 2025 to March 2026"),
    (date(2099, 12, 31), 4, "2099-00", "April 2099 to March 2100"),
    (date(2026, 1, 1), 1, "2026", "2026"),
    (date(2026, 12, 31), 1, "2026", "2026"),
])
def test_reporting_years(day, start, slug, label):
    year = year_of(day, start)
    assert (year.slug, year.label) == (slug, label) and day in year
    assert (year.end - year.start).days in (364, 365)


def test_chart_bars_scale_to_the_largest_and_a_nought_still_shows():
    chart = bar_chart("c", "T", [Row("A", 50), Row("B", 200), Row("C", 0)], row_heading="X", total=250)
    lengths = [b.length for b in chart.bars]
    assert lengths[1] == WIDTH - NUMBER_ROOM and lengths[0] == pytest.approx(lengths[1] / 4, abs=0.1)
    assert 0 < lengths[2] <= 1
    assert [b.figure for b in chart.bars] == ["50 (20%)", "200 (80%)", "0 (0%)"]
    assert all(b.figure_x > b.length for b in chart.bars)
    tops = [b.bar_y for b in chart.bars]
    assert tops == sorted(tops) and chart.height > tops[-1]
    assert chart.width == WIDTH


def test_a_long_name_widens_the_chart_instead_of_being_cut_off():
    name = "The Brackenmoor and District Council for Voluntary and Community Service"
    chart = bar_chart("c", "T", [Row(name, 5), Row("B", 10)], row_heading="X")
    assert chart.width >= len(name) * 8 > WIDTH
    assert chart.bars[1].length == chart.width - NUMBER_ROOM


# -- who took part -------------------------------------------------------------------


def test_breakdowns_are_charted_with_the_rest_not_recorded_and_exported(demo_site):
    records = {r["id"]: r for r in consultations_json(demo_site)}
    with_breakdowns = [r for r in records.values() if r["responses_by"]]
    assert len(with_breakdowns) >= 3
    for r in with_breakdowns:
        soup = demo_site.soup(f"/consultations/{r['id']}/")
        section = soup.find(id="who-took-part").parent
        for kind, split in r["responses_by"].items():
            assert sum(p["count"] for p in split["counts"]) + split["not_recorded"] == r["responses"]
            svg = section.find("svg", attrs={"aria-labelledby": f"responses-{kind}-title"})
            assert svg is not None and svg["role"] == "img", (r["id"], kind)
            labels = [t.get_text() for t in svg.select(".chart__label")]
            expected = [p["name"] for p in split["counts"]] + (["Not recorded"] if split["not_recorded"] else [])
            assert labels == expected, (r["id"], kind)
            if split["not_recorded"]:
                assert svg.select_one(".chart__bar--muted") is not None
            table = svg.find_parent("figure").find_next_sibling("table")
            assert table.select_one("tfoot td").get_text() == f"{r['responses']:,}"
    assert all(r["responses_by"] is None for r in records.values() if r not in with_breakdowns)


def test_responses_by_needs_the_total(fixture_project):
    from said_and_done.domain.problems import RecordErrors
    from said_and_done.domain.records import load_register

    record = next((fixture_project / "data" / "consultations").glob("*.yaml"))
    text = record.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("responses:")]
    lines.append("responses_by:\n  age_band: {16-24: 3}")
    record.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(RecordErrors) as caught:
        load_register(fixture_project / "data", fixture_project / "content" / "outcomes", build_date=DEMO_BUILD_DATE,
                      root=fixture_project)
    [error] = caught.value.errors
    assert error.field == "responses_by" and "expected responses (the total number of responses)" in error.message


# -- audiences ---------------------------------------------------------------------


def test_audience_pages_mark_seldom_heard_groups(demo_site, demo_register):
    index = demo_site.soup("/audiences/")
    names = [a.get_text() for a in index.select(".card__title a")]
    assert names == [a.name for a in demo_register.audiences.values()]
    for slug, audience in demo_register.audiences.items():
        tagged = demo_site.soup(f"/audiences/{slug}/").select_one("main .tag--seldom-heard") is not None
        assert tagged == audience.seldom_heard, slug
    c = next(c for c in demo_register.consultations if any(a.seldom_heard for a in c.audiences))
    row = next(div for div in demo_site.soup(f"/{c.url}").select(".summary-list__row")
               if div.dt.get_text() == "Who it is for")
    for a in c.audiences:
        link = row.find("a", href=f"/audiences/{a.slug}/")
        assert link is not None
        after = link.find_next_sibling()
        noted = after is not None and after.name == "span" and after.get_text() == "(seldom heard)"
        assert noted == a.seldom_heard, a.slug


def test_audiences_are_a_search_filter(demo_register):
    from search.facets import CONSULTATION, entry_for, filter_groups

    c = demo_register.consultations[0]
    assert entry_for(c, CONSULTATION).filters["audience"] == tuple(a.name for a in c.audiences)
    group = next(g for g in filter_groups(demo_register) if g.key == "audience")
    order = [a.name for a in demo_register.audiences.values()]
    assert list(group.values) == [n for n in order if n in group.values]


def test_report_csv_defuses_a_name_a_spreadsheet_would_run_as_a_formula():
    from reports.figures import Figure, ReportingYear, Table, YearReport
    from reports.views import report_csv

    year = ReportingYear(date(2025, 4, 1), date(2026, 3, 31), calendar=False)
    table = Table("lead", "By lead", "Lead", "Consultations",
                  (Figure("x", '=HYPERLINK("http://evil.example","Click")', 1, ("c-1",)), Figure("y", "Plain", 0, ())))
    rows = list(csv.reader(io.StringIO(report_csv(YearReport(year, ("c-1",), (table,), None, ())))))
    assert rows[1][1].startswith("'=HYPERLINK") and rows[2][1] == "Plain"
    assert rows[1][3:] == ["1", "c-1"] and rows[-1][3] == ""
