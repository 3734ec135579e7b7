"""A large register's search index is built in parts (shards) and merged in the browser.

The demo is built with a tiny SEARCH['records_per_shard'] so it has several parts:
each searchable page is in exactly one, the search page merges them (results and
filter counts from every part, date order across parts), and an edit re-indexes
only the part its pages are in.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date

import pytest
import yaml
from playwright.sync_api import expect

from helpers.incremental_project import RECORDS, built, edit, make_project, stamps
from helpers.search_browser import RESULT_LINKS, Tab, show_all
from helpers.site import build_site
from helpers.site_checks.server import serve
from search.facets import AREA_WIDE, page_url, searchable_pages, shard_count, shard_folder, shard_of
from search.options import DEFAULTS, SearchSettingsError, search_options
from search.subjects import subject_records

PER_SHARD = 8


@pytest.fixture(scope="module")
def sharded(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("sharded") / "output",
                      pelican_settings={"SEARCH": {"records_per_shard": PER_SHARD}})


@pytest.fixture(scope="module")
def shards(demo_register):
    count = shard_count(len(demo_register.consultations), PER_SHARD)
    found = {}
    for c, kind in searchable_pages(demo_register.consultations):
        found.setdefault(shard_of(c.id, count), []).append(page_url(c, kind))
    # Places, organisations, topics and the other records of search/subjects.py are indexed with the first part.
    found.setdefault(0, []).extend(r.url for r in subject_records(demo_register))
    return count, found


def test_shard_assignment_is_stable_and_spread():
    ids = [f"2026-consultation-{n}" for n in range(4000)]
    assert [shard_of(i, 8) for i in ids] == [shard_of(i, 8) for i in ids]
    sizes = [sum(1 for i in ids if shard_of(i, 8) == s) for s in range(8)]
    assert min(sizes) > 400 and max(sizes) < 600, sizes
    assert shard_count(0, 2000) == 1 and shard_count(2000, 2000) == 1 and shard_count(2001, 2000) == 2


def test_the_part_count_depends_only_on_the_record_count_and_the_setting():
    assert [shard_count(n, 500) for n in (1, 499, 500, 501, 1000, 1001, 100_000)] == [1, 1, 1, 2, 2, 3, 200]
    # A part is the same whatever else is in the register: the id alone decides.
    assert shard_of("2026-ashcombe-library-hours", 7) == shard_of("2026-ashcombe-library-hours", 7)
    assert {shard_of(f"2026-x-{n}", 3) for n in range(50)} == {0, 1, 2}


def test_the_demo_is_one_part_with_the_default_setting(demo_register):
    assert len(demo_register.consultations) <= DEFAULTS["records_per_shard"]
    assert shard_count(len(demo_register.consultations), search_options({}).records_per_shard) == 1


@pytest.mark.parametrize("value", [0, -5, True, "500", 2.5, None])
def test_records_per_shard_must_be_a_positive_whole_number(value):
    with pytest.raises(SearchSettingsError, match=r"SEARCH\['records_per_shard'\]: expected a whole number"):
        search_options({"SEARCH": {"records_per_shard": value}})


def test_every_searchable_page_is_in_exactly_one_part(sharded, shards):
    count, pages = shards
    assert count >= 3
    for shard in range(count):
        entry = json.loads((sharded / shard_folder("pagefind", shard) / "pagefind-entry.json").read_text())
        assert entry["languages"]["en"]["page_count"] == len(pages[shard])
    search = (sharded / "search" / "index.html").read_text(encoding="utf-8")
    extra = re.search(r'data-extra-bundles="([^"]*)"', search).group(1).split()
    assert extra == [f"/{shard_folder('pagefind', s)}" for s in range(1, count)]


def test_one_part_site_has_no_extra_parts(demo_site):
    assert "data-extra-bundles" not in demo_site.html("/search/")
    assert not list((demo_site.root / "pagefind").glob("shard-*"))


@pytest.fixture
def tab(browser, sharded):
    server, base = serve(sharded)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = Tab(context.new_page(), base)
    yield tab
    tab.page.unroute_all(behavior="ignoreErrors")
    context.close()
    server.shutdown()


def test_the_search_page_finds_and_counts_across_parts(tab, demo_register, shards):
    count, _ = shards
    by_url = {"/" + page_url(c, kind): (c, kind) for c, kind in searchable_pages(demo_register.consultations)}
    open_now = [c for c in demo_register.consultations if c.status == "open"]
    tab.open("/search/?status=Open")
    expect(tab.status()).to_contain_text("filtered by Status: Open")
    assert tab.status().inner_text().startswith(f"{len(open_now)} results")
    hrefs = tab.page.locator(RESULT_LINKS).evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert len(open_now) >= 3 and len({shard_of(by_url[h][0].id, count) for h in hrefs}) >= 2
    # The box's count is the sum over every part.
    label = tab.page.locator("label", has_text=re.compile(r"^\s*Open \(")).first
    assert f"({len(open_now)})" in label.inner_text()
    assert tab.errors == []


def test_newest_first_holds_across_parts(tab, demo_register, shards):
    count, _ = shards
    by_url = {"/" + page_url(c, kind): (c, kind) for c, kind in searchable_pages(demo_register.consultations)}
    tab.open("/search/?type=Consultation")
    expect(tab.status()).to_contain_text("results")
    hrefs = show_all(tab)
    assert len({shard_of(by_url[h][0].id, count) for h in hrefs}) >= 2
    days = [by_url[h][0].opens for h in hrefs]
    assert days == sorted(days, reverse=True), "results not newest first across the parts"
    assert all(isinstance(d, date) for d in days)
    assert tab.errors == []


def test_an_edit_reindexes_only_its_own_part(tmp_path):
    project = tmp_path / "project"
    make_project(project)
    with (project / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        # With no delta (test_search_delta.py), an edit indexes its parts whole again.
        settings.write(f"SEARCH = {{**SEARCH, 'records_per_shard': {PER_SHARD}, 'delta_pages': 0}}\n")
    output = project / "output"
    built(project, output)
    before = stamps(output)
    record = sorted((project / RECORDS).glob("*.yaml"))[0]
    edit(record, "title: ", "title: Revised ")
    report = {}
    built(project, output, report=report)
    after = stamps(output)
    count = shard_count(len(list((project / RECORDS).glob("*.yaml"))), PER_SHARD)
    # The parts that must be indexed again: those holding a searchable page whose bytes
    # changed (the record's own pages, and pages that show its title, like related ones).
    page = re.compile(r"^consultations/([a-z0-9-]+)/(you-said-we-did/)?index\.html$")
    changed_pages = [r for r in after if page.match(r) and before.get(r) != after[r]]
    assert f"consultations/{record.stem}/index.html" in changed_pages
    touched = {shard_of(page.match(r).group(1), count) for r in changed_pages}
    assert len(touched) < count, "every part changed: choose a record with fewer links"
    for shard in range(count):
        folder = shard_folder("pagefind", shard)
        changed = [r for r in after if r.startswith(folder) and before.get(r) != after[r]
                   and (shard > 0 or not r.startswith((folder + "shard-", folder + "delta/")))]
        if shard in touched:
            assert changed, f"part {shard} holds a changed page but was not indexed again"
        else:
            assert changed == [], f"part {shard} was indexed again though none of its pages changed"
    # The timings file says what Pagefind did (the benchmark prints it): each part indexed again, its pages, its time.
    # Redirect pages at old addresses (data/redirects.yaml) are not searchable pages.
    pages_in = Counter(shard_of(m.group(1), count) for r in after if (m := page.match(r))
                       and 'http-equiv="refresh"' not in (output / r).read_text(encoding="utf-8"))
    # The first part also holds a record for each locality, organisation, topic, group of
    # people, standing group and indicator (search/subjects.py).
    pages_in[0] += sum(len(yaml.safe_load((project / "data" / f"{kind}.yaml").read_text(encoding="utf-8")) or [])
                       for kind in ("localities", "organisations", "topics", "audiences", "groups", "indicators")
                       if (project / "data" / f"{kind}.yaml").is_file())
    parts = report["figures"]["search parts"]
    assert parts["parts"] == count
    assert sorted(p["pages"] for p in parts["indexed"]) == sorted(pages_in[s] for s in touched)
    assert all(0 < p["seconds"] < 600 for p in parts["indexed"])


def test_a_word_finds_results_in_several_parts_and_a_filter_narrows_them(tab, demo_register, shards, common_word):
    count, _ = shards
    by_url = {"/" + page_url(c, kind): c for c, kind in searchable_pages(demo_register.consultations)}
    tab.open(f"/search/?q={common_word}")
    everything = tab.result_count()
    hrefs = show_all(tab)
    # Places, organisations, topics and so on (in the first part) may match the word too.
    assert len(hrefs) == everything and len({shard_of(by_url[h].id, count) for h in hrefs if h in by_url}) >= 2

    tab.page.locator("summary", has_text="Area").click()
    area = tab.page.get_by_role("group", name="Area")
    offered = {}
    for label in area.locator("label").all():
        name, n = re.fullmatch(r"(.+) \((\d+)\)", " ".join(label.inner_text().split())).groups()
        offered[name] = int(n)
    place = next(name for name, n in offered.items() if name != AREA_WIDE and 0 < n < everything)
    area.get_by_role("checkbox", name=re.compile(rf"^{re.escape(place)} \(")).check()
    # The box's count, added up over the parts, is what ticking it gives.
    expect(tab.status()).to_contain_text(f"filtered by Area: {place}")
    assert tab.result_count() == offered[place] < everything
    hrefs = tab.page.locator(RESULT_LINKS).evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs and all(by_url[h].area_wide or place in {loc.name for loc in by_url[h].localities} for h in hrefs)
    assert tab.errors == []


# The date order across parts (search.js ByDate), on lists made up to be hard: the
# newest and the oldest in one part, a part with nothing, and equal dates.
BY_DATE = """async ([parts, direction, count]) => {
    const { ByDate, PART } = await import("/theme/js/search.js");
    let fetched = 0;
    const pagefind = {
        search: async (query, { filters, sort }) => {
            const dates = [...parts[filters[PART]]].sort();
            if (sort.date === "desc") dates.reverse();
            return { results: dates.map((date, i) => ({
                data: async () => { fetched += 1; return { url: `/${filters[PART]}/${i}/`, meta: { date } }; },
            })) };
        },
    };
    const counts = Object.fromEntries(Object.entries(parts).map(([part, dates]) => [part, dates.length]));
    const byDate = await ByDate.start(pagefind, null, {}, { date: direction }, counts);
    const first = (await byDate.first(count)).map((page) => page.meta.date);
    const fetchedForFirst = fetched;
    const all = (await byDate.first(1000)).map((page) => page.meta.date);
    return { first, fetchedForFirst, all };
}"""

PARTS = {"0": ["2026-05-01", "2019-01-01", "2026-04-01"],
         "1": ["2025-12-01", "2024-06-01", "2024-06-01", "2020-02-02", "2025-12-01"],
         "2": [],
         "3": ["2023-03-03"]}


@pytest.mark.parametrize("direction", ["desc", "asc"])
def test_date_order_across_parts_is_exact_and_fetches_only_what_it_shows(browser, sharded, direction):
    server, base = serve(sharded)
    page = browser.new_page()
    try:
        page.goto(base + "/about/")  # a page without the search form: the module only defines things
        got = page.evaluate(BY_DATE, [PARTS, direction, 3])
    finally:
        page.close()
        server.shutdown()
    every = sorted((d for dates in PARTS.values() for d in dates), reverse=direction == "desc")
    assert got["all"] == every
    assert got["first"] == every[:3]
    # The heads of the three parts with results, then only what could come next.
    assert got["fetchedForFirst"] < len(every)
