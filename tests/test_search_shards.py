"""A large register's search index is built in parts (shards) and merged in the browser.

The demo is built with a tiny SEARCH['records_per_shard'] so it has several parts:
each searchable page is in exactly one, the search page merges them (results and
filter counts from every part, date order across parts), and an edit re-indexes
only the part its pages are in.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date

import pytest
from playwright.sync_api import expect

from conftest import ROOT, build_site, serve
from project_settings import write_settings
from search.facets import page_url, searchable_pages, shard_count, shard_folder, shard_of
from test_incremental import RECORDS, built, edit, stamps
from test_search_browser import RESULT_LINKS, Tab

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
    return count, found


def test_shard_assignment_is_stable_and_spread():
    ids = [f"2026-consultation-{n}" for n in range(4000)]
    assert [shard_of(i, 8) for i in ids] == [shard_of(i, 8) for i in ids]
    sizes = [sum(1 for i in ids if shard_of(i, 8) == s) for s in range(8)]
    assert min(sizes) > 400 and max(sizes) < 600, sizes
    assert shard_count(0, 2000) == 1 and shard_count(2000, 2000) == 1 and shard_count(2001, 2000) == 2


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
    while tab.page.get_by_role("button", name="Show more results").is_visible():
        tab.page.get_by_role("button", name="Show more results").click()
    hrefs = tab.page.locator(RESULT_LINKS).evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert len({shard_of(by_url[h][0].id, count) for h in hrefs}) >= 2
    days = [by_url[h][0].opens for h in hrefs]
    assert days == sorted(days, reverse=True), "results not newest first across the parts"
    assert all(isinstance(d, date) for d in days)
    assert tab.errors == []


def test_an_edit_reindexes_only_its_own_part(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    shutil.copytree(ROOT / "data", project / "data")
    shutil.copytree(ROOT / "content", project / "content")
    write_settings(project, f"SEARCH = {{**SEARCH, 'records_per_shard': {PER_SHARD}}}")
    output = project / "output"
    built(project, output)
    before = stamps(output)
    record = sorted((project / RECORDS).glob("*.yaml"))[0]
    edit(record, "title: ", "title: Revised ")
    built(project, output)
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
                   and (shard > 0 or not r.startswith(folder + "shard-"))]
        if shard in touched:
            assert changed, f"part {shard} holds a changed page but was not indexed again"
        else:
            assert changed == [], f"part {shard} was indexed again though none of its pages changed"
