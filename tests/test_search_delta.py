"""An edit is indexed on its own (a delta) and search finds what a whole index finds.

A copy of the demo, its index in several parts, is built; then one record is retitled
with new words, another has a word added, and a record is added. The rebuild must
index only the changed pages (no part again), and the site it publishes must find, list
and count in the browser exactly what a clean build of the same records does: the new
words find the edited record, its old title no longer does, and every filter count is
the same. Past SEARCH['delta_pages'] the parts are indexed whole again, with no delta.
"""

from __future__ import annotations

import json
import math
import re
import shutil

import pytest
from playwright.sync_api import expect

from helpers.incremental_project import RECORDS, assert_same_trees, built, edit, make_project, retitle, stamps
from helpers.search_browser import Tab, show_all
from helpers.search_index import delta_of, entries, has_delta
from helpers.site_checks.server import serve
from search.delta import PartChanges, split, url_of, weight

PER_SHARD = 8
RETITLED = "2026-kestlebury-allotment-rules"
OLD_TITLE = "New rules and rents for Kestlebury allotments"
NEW_TITLE = "Zanzibarred plots and quillets charter"
WORDED = "2025-harlstow-bus-station-move"
COPIED = "2027-elderholme-village-fund"
ADDED = "2027-wyvernhythe-village-fund"


def settings(project, delta_pages=None):
    with (project / "pelicanconf.py").open("a", encoding="utf-8") as conf:
        extra = "" if delta_pages is None else f", 'delta_pages': {delta_pages}"
        conf.write(f"SEARCH = {{**SEARCH, 'records_per_shard': {PER_SHARD}{extra}}}\n")


def make_edits(project):
    record = project / RECORDS / f"{RETITLED}.yaml"
    edit(record, f"title: {OLD_TITLE}", f"title: {NEW_TITLE}")
    retitle(project, WORDED, "Wombleferry")
    added = project / RECORDS / f"{ADDED}.yaml"
    shutil.copyfile(project / RECORDS / f"{COPIED}.yaml", added)
    edit(added, 'title: "Elderholme and Greyfell Village Fund', 'title: "Wyvernhythe Village Fund')


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """(the project, the incremental build's report, its output, a clean build's output)."""
    project = tmp_path_factory.mktemp("delta") / "project"
    make_project(project)
    settings(project)
    output = project / "output"
    built(project, output)
    assert not has_delta(output)
    before = stamps(output)
    make_edits(project)
    report = {}
    built(project, output, report=report)
    clean = project.parent / "clean"
    built(project, clean, "--clean")
    return project, report, before, output, clean


def test_an_edit_indexes_only_the_changed_pages(sites):
    project, report, before, output, _ = sites
    indexed = report["figures"]["search parts"]["indexed"]
    assert [p.get("delta") for p in indexed] == [True], f"a part was indexed whole again: {indexed}"
    # The two edited records' pages, the new one's, and pages that show an edited title
    # (related consultations), with the records of the places, topics and partners they count in.
    assert 3 <= indexed[0]["pages"] <= 40, indexed
    after = stamps(output)
    parts = [r for r in after if r.startswith("pagefind/") and not r.startswith("pagefind/delta/")]
    assert parts and all(before.get(r) == after[r] for r in parts), "a part of the index was written again"
    delta = delta_of(output)
    assert delta["bundle"] is True
    # Each changed page's old entry is stale; the new record's page had none.
    assert len(delta["stale"]) == indexed[0]["pages"] - 1
    assert all(set(e) == {"part", "filters"} and e["filters"] for e in delta["stale"].values())


def test_the_index_finds_the_same_entries_as_a_clean_build(sites):
    _, _, _, output, clean = sites
    assert not has_delta(clean)
    found = entries(output)
    assert found == entries(clean)
    assert any(NEW_TITLE in e for e in found) and not any(OLD_TITLE in e for e in found)
    # The rest of the site is byte for byte a clean build's (helpers.incremental_project).
    assert_same_trees(output, clean)


# Words every part's index already had, and filters: the same results and counts.
QUERIES = [
    f"/search/?q={'+'.join(OLD_TITLE.split())}",
    "/search/?q=allotments",
    "/search/?q=library&type=Consultation",
    "/search/?status=Open",
    "/search/?locality=Kestlebury",
    "/search/?type=Consultation&sort=newest",
    "/search/?q=village&sort=oldest",
]
# Words only the edited pages have. Pagefind matches a word no page of an index holds to
# the nearest shorter one, index by index, so each part of any sharded index can add weak
# matches of its own below the exact ones (search/delta.py): the pages holding the word
# are found first, and any other result must not hold it.
NEW_WORDS = {"Zanzibarred": RETITLED, "quillets": RETITLED, "Wombleferry": WORDED, "Wyvernhythe": ADDED}


def what_shows(tab, path) -> dict:
    """What a resident sees for a search: the count said, the results in order, every filter's count."""
    tab.open(path)
    expect(tab.status()).to_have_text(re.compile(r"^(\d+ results?|No results)\b"))
    results = show_all(tab) if not tab.status().inner_text().startswith("No results") else []
    counts = tab.page.locator("label[for] [data-count]").evaluate_all(
        "spans => spans.map(s => [s.closest('label').htmlFor, s.textContent])")
    return {"status": tab.status().inner_text(), "results": results, "counts": sorted(counts)}


@pytest.fixture
def tabs(browser, sites):
    _, _, _, output, clean = sites
    opened = []
    for root in (output, clean):
        server, base = serve(root)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        opened.append((server, context, Tab(context.new_page(), base)))
    yield [tab for _, _, tab in opened]
    for server, context, tab in opened:
        tab.page.unroute_all(behavior="ignoreErrors")
        context.close()
        server.shutdown()


def test_search_shows_what_a_clean_build_shows(tabs):
    mine, clean = tabs
    for path in QUERIES:
        got, want = what_shows(mine, path), what_shows(clean, path)
        if "sort=" in path:
            assert got == want, path
        else:
            # Ranked by relevance: an edited page is ranked within the delta (search/delta.py),
            # so the order may differ; what is found and counted may not.
            assert {**got, "results": sorted(got["results"])} == {**want, "results": sorted(want["results"])}, path
    assert mine.errors == [] and clean.errors == []


def test_new_words_find_the_edited_pages_first(tabs, sites):
    mine, clean = tabs
    output = sites[3]
    for word, record in NEW_WORDS.items():
        got, want = what_shows(mine, f"/search/?q={word}"), what_shows(clean, f"/search/?q={word}")
        holding = [url for url in want["results"] if word.lower() in page_text(output, url)]
        assert holding and holding[0] == f"/consultations/{record}/", (word, want["results"])
        # The edited record first, and every page holding the word; pages that only list
        # its title rank by the delta's own figures (search/delta.py, weight) until the
        # part is indexed whole, so they may come after a weak match from another part.
        assert got["results"][0] == holding[0], (word, got["results"])
        assert set(holding) <= set(got["results"]), (word, got["results"])
        assert [url for url in got["results"] if word.lower() in page_text(output, url)] == sorted(
            holding, key=got["results"].index), word
    assert mine.errors == [] and clean.errors == []


def page_text(output, url) -> str:
    return (output / url.strip("/") / "index.html").read_text(encoding="utf-8").lower()


def edited_build(tmp_path, delta_pages):
    """A project built, edited (make_edits) and built again: its output and what Pagefind indexed."""
    project = tmp_path / "project"
    make_project(project)
    settings(project, delta_pages=delta_pages)
    output = project / "output"
    built(project, output)
    make_edits(project)
    report = {}
    built(project, output, report=report)
    return project, output, report["figures"]["search parts"]["indexed"]


def test_past_the_limit_the_parts_are_indexed_whole_again(tmp_path):
    project, output, indexed = edited_build(tmp_path, delta_pages=2)
    # The parts with most changed pages went whole until what was left fits in 2 pages.
    whole = [p for p in indexed if not p.get("delta")]
    assert whole, indexed
    assert sum(p["pages"] for p in indexed if p.get("delta")) <= 2
    clean = tmp_path / "clean"
    built(project, clean, "--clean")
    assert entries(output) == entries(clean)


def test_delta_pages_zero_always_indexes_parts_whole(tmp_path):
    project, output, indexed = edited_build(tmp_path, delta_pages=0)
    assert not any(p.get("delta") for p in indexed)
    assert json.loads((output / "pagefind" / "delta" / "delta.json").read_text()) == {"bundle": False, "stale": {}, "weight": 1.0}
    clean = tmp_path / "clean"
    built(project, clean, "--clean")
    assert_same_trees(output, clean)  # byte for byte, but for Pagefind's filter index


def test_a_stale_entry_whose_part_was_touched_is_not_trusted(tmp_path):
    project = tmp_path / "project"
    make_project(project)
    settings(project)
    output = project / "output"
    built(project, output)
    # Someone changed a file of the published index by hand: that part is indexed whole again.
    script = output / "pagefind" / "pagefind-entry.json"
    script.write_text(script.read_text(encoding="utf-8") + " ", encoding="utf-8")
    retitle(project, RETITLED, "Zigzagging")
    report = {}
    built(project, output, report=report)
    assert any(not p.get("delta") for p in report["figures"]["search parts"]["indexed"])
    clean = tmp_path / "clean"
    built(project, clean, "--clean")
    assert entries(output) == entries(clean)


def test_the_parts_with_most_changes_are_indexed_whole_first(tmp_path):
    parts = [PartChanges(i, f"p{i}/", tmp_path, pages=[f"x{j}" for j in range(n)]) for i, n in enumerate([5, 40, 2, 9])]
    kept, whole = split(parts, 12)
    assert [p.part for p in whole] == [1, 3] and [p.part for p in kept] == [0, 2]
    assert split(parts, 0) == ([], sorted(parts, key=lambda p: p.part))
    assert split(parts, 1000) == (parts, [])


def test_the_delta_counts_a_rare_word_as_its_part_would():
    assert weight(1700, 5) > weight(1700, 50) > weight(170, 50) > 1
    assert weight(10, 10) == weight(5, 10) == 1.0
    # A word on one page of the delta, scaled, counts as on one page of a part (BM25's idf).
    one = lambda n: math.log((n - 0.5) / 1.5 + 1)  # noqa: E731
    assert math.isclose(one(4) * weight(1700, 4), one(1700), rel_tol=1e-3)


def test_a_page_file_is_found_at_the_address_pagefind_gives_it():
    assert url_of("consultations/a-b/index.html") == "/consultations/a-b/"
    assert url_of("get-involved/youth-council/index.html") == "/get-involved/youth-council/"
    assert url_of("odd.html") == "/odd.html"
