"""Search (issue 4), checked on built sites: the Pagefind index, the tags it is built
from, the /search/ page, the search box on every page, and the build failing clearly."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest

from helpers.site import DEMO_BUILD_DATE, ROOT, Site, build_site
from search.facets import (
    AREA_WIDE,
    CONSULTATION,
    FEEDBACK_OVERDUE,
    FILTERS,
    OUTCOME,
    entry_for,
    filter_groups,
    searchable_pages,
)
from search.indexer import SearchIndexError
from search.options import DEFAULTS, SearchSettingsError, search_options
from search.subjects import subject_records


def pagefind_pages(site: Site) -> dict:
    """What Pagefind stored for each page, read back from its compressed fragment files."""
    pages = {}
    for fragment in (site.root / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        record = json.loads(data[len(b"pagefind_dcd"):])
        pages[record["url"]] = record
    return pages


def expected_urls(register) -> set:
    """Every consultation and results page, and every record of search/subjects.py, at the
    address Pagefind gives it (a standing group's is a folder of its own under /get-involved/)."""
    return ({"/" + entry_for(c, kind).url for c, kind in searchable_pages(register.consultations)}
            | {"/" + r.file.removesuffix("index.html") for r in subject_records(register)})


@pytest.fixture(scope="module")
def indexed(demo_site):
    return pagefind_pages(demo_site)


# -- settings ------------------------------------------------------------------------

def test_defaults_apply_when_search_is_not_configured():
    options = search_options({})
    assert options.bundle_dir == "pagefind" and options.language == "en"
    assert options.filters == tuple(FILTERS) and options.results_per_page == DEFAULTS["results_per_page"]


@pytest.mark.parametrize("setting, message", [
    ({"resutls_per_page": 5}, "unknown setting(s) resutls_per_page"),
    ({"results_per_page": "10"}, "SEARCH['results_per_page']: expected a whole number from 1 to 100, found '10'"),
    ({"results_per_page": 0}, "expected a whole number from 1 to 100, found 0"),
    ({"excerpt_words": True}, "SEARCH['excerpt_words']: expected a whole number"),
    ({"language": "english"}, "SEARCH['language']: expected a two-letter ISO 639-1 code"),
    ({"bundle_dir": "../pagefind"}, "SEARCH['bundle_dir']: expected one folder name"),
    ({"filters": ["locality", "ward"]}, "SEARCH['filters']: unknown filter(s) 'ward'"),
    ({"filters": "locality"}, "SEARCH['filters']: expected a list of filter names"),
    ({"filters": ["year", "year"]}, "SEARCH['filters']: each filter once"),
])
def test_wrong_settings_stop_with_a_clear_message(setting, message):
    with pytest.raises(SearchSettingsError) as error:
        search_options({"SEARCH": setting})
    assert message in str(error.value)


def test_a_settings_mistake_stops_the_build_before_anything_is_written(fixture_project, tmp_path, monkeypatch):
    from pelican import Pelican
    from pelican.settings import read_settings

    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(fixture_project / "content"), "OUTPUT_PATH": str(tmp_path / "out"),
        "THEME": str(ROOT / "theme"), "PLUGIN_PATHS": [str(ROOT / "plugins")],
        "SAID_AND_DONE": {"data_path": str(fixture_project / "data"), "build_date": DEMO_BUILD_DATE},
        "SEARCH": {"results_per_page": 1000},
    })
    with pytest.raises(SearchSettingsError, match="results_per_page"):
        Pelican(settings).run()
    assert not (tmp_path / "out" / "consultations").exists()


# -- what each page tells Pagefind (facets) ---------------------------------------------

def test_area_wide_consultations_carry_every_locality_and_area_wide(demo_register):
    area_wide = [c for c in demo_register.consultations if c.area_wide]
    assert area_wide
    every = {loc.name for loc in demo_register.localities.values()}
    for c in area_wide:
        localities = set(entry_for(c, CONSULTATION).filters["locality"])
        assert localities == every | {AREA_WIDE}, c.id
        assert entry_for(c, CONSULTATION).meta["where"] == AREA_WIDE
    local = next(c for c in demo_register.consultations if not c.area_wide)
    assert set(entry_for(local, CONSULTATION).filters["locality"]) == {loc.name for loc in local.localities}


def test_decisions_are_on_results_pages_and_statuses_say_when_feedback_is_overdue(demo_register):
    published = [c for c in demo_register.consultations if c.has_published_outcome]
    for c in published:
        outcome = entry_for(c, OUTCOME)
        # Withheld results have no themes, so no decision to filter by.
        assert set(outcome.filters.get("decision", ())) == {t.decision_label for t in c.outcome.themes}
        assert outcome.meta["title"] == f"You said, we did: {c.title}"
        assert outcome.sort["date"] == c.outcome.published.isoformat()
        assert "decision" not in entry_for(c, CONSULTATION).filters
    overdue = [c for c in demo_register.consultations if c.feedback_overdue]
    assert overdue
    for c in overdue:
        assert entry_for(c, CONSULTATION).filters["status"] == ("Closed", FEEDBACK_OVERDUE)


def test_filter_keys_can_be_narrowed_by_settings(demo_register):
    c = demo_register.consultations[0]
    assert set(entry_for(c, CONSULTATION, ("year", "topic")).filters) == {"year", "topic"}
    assert [g.key for g in filter_groups(demo_register, ("year", "locality"))] == ["year", "locality"]


# -- the index --------------------------------------------------------------------------

def test_every_build_writes_a_working_pagefind_bundle_into_the_output(demo_site, demo_register):
    bundle = demo_site.root / "pagefind"
    for name in ("pagefind.js", "pagefind-worker.js", "wasm.en.pagefind", "pagefind-entry.json"):
        assert (bundle / name).is_file(), name
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    assert entry["version"] == "1.5.2"
    # One English index holds every page, translated summaries included.
    assert list(entry["languages"]) == ["en"]
    assert entry["languages"]["en"]["page_count"] == len(expected_urls(demo_register))
    assert not (bundle / "playground").exists()


def test_only_consultation_results_place_organisation_and_topic_pages_are_indexed(indexed, demo_register):
    assert set(indexed) == expected_urls(demo_register)


def test_the_index_holds_main_content_not_navigation_or_footer(indexed, demo_site, demo_register):
    header_links = demo_site.soup("consultations/").select(".site-nav a")
    assert header_links
    for url, page in indexed.items():
        text = page["content"]
        assert "Skip to main content" not in text, url
        assert "Published by the" not in text, url  # the footer
        assert "Page address for linking" not in text, url  # marked data-pagefind-ignore
        assert "Search consultations and results" not in text, url  # the header search box
    c = next(c for c in demo_register.consultations if c.has_published_outcome)
    assert " ".join(c.outcome.summary.split()) in indexed["/" + c.outcome_url]["content"]
    assert c.title in indexed["/" + c.url]["content"]


def test_each_page_is_indexed_with_the_filters_meta_and_sort_the_register_gives_it(indexed, demo_register):
    for c, kind in searchable_pages(demo_register.consultations):
        entry = entry_for(c, kind)
        page = indexed["/" + entry.url]
        assert {k: sorted(v) for k, v in page["filters"].items()} == \
            {k: sorted(v) for k, v in entry.filters.items()}, entry.url
        assert page["meta"] == entry.meta, entry.url


def test_search_page_offers_exactly_the_filter_values_in_the_index(demo_site, indexed):
    in_index = defaultdict(set)
    for page in indexed.values():
        for key, values in page["filters"].items():
            if key != "named":  # a record's own address, for search.js, never offered
                in_index[key].update(values)
    soup = demo_site.soup("search/")
    offered = defaultdict(set)
    for box in soup.select(".search-filter input[type=checkbox]"):
        offered[box["name"]].add(box["value"])
        assert soup.find("label", attrs={"for": box["id"]}).get_text(strip=True).startswith(box["value"])
    assert offered == in_index
    legends = [" ".join(f.legend.get_text().split()) for f in soup.select(".search-filter fieldset")]
    assert legends == [FILTERS[key] for key in FILTERS if key in in_index]


# -- the /search/ page and the search boxes ---------------------------------------------

def test_search_page_is_a_plain_get_form_that_says_when_javascript_is_off(demo_site):
    soup = demo_site.soup("search/")
    form = soup.select_one("main form[role=search]")
    assert form["action"] == "/search/" and form["method"] == "get"
    field = form.find("input", attrs={"name": "q"})
    assert field["type"] == "search"
    assert soup.find("label", attrs={"for": field["id"]}).get_text(strip=True)
    assert form.find("button", attrs={"type": "submit"}).get_text(strip=True) == "Search"
    notice = soup.find("noscript")
    assert "needs JavaScript" in notice.get_text()
    links = {a["href"] for a in notice.find_all("a")}
    assert {"/consultations/", "/localities/"} <= links
    # Filters and results need the script, so they stay hidden without it.
    assert soup.select_one("[data-search-ready]").has_attr("hidden")
    status = soup.select_one("[data-status]")
    assert status["role"] == "status"
    root = soup.select_one("[data-search]")
    assert root["data-bundle"] == "/pagefind/"
    # The page's own form replaces the header one: one search field, one label.
    assert len(soup.find_all("input", attrs={"name": "q"})) == 1


def test_search_page_loads_only_its_own_script_and_styles(demo_site):
    soup = demo_site.soup("search/")
    scripts = soup.find_all("script")
    assert [s.get("src") for s in scripts] == ["/theme/js/search.js"]
    # The spelling, synonym and name list is a file of its own, fetched by the script.
    assert soup.select_one("[data-search]")["data-words"] == "/search/words.js"
    module = (demo_site.root / "search" / "words.js").read_text(encoding="utf-8")
    words = json.loads(module.split("export default ", 1)[1].rstrip().removesuffix(";"))
    assert set(words) == {"synonyms", "vocabulary", "names"}
    assert scripts[0]["type"] == "module" and not scripts[0].string
    assert (demo_site.root / "theme" / "js" / "search.js").is_file()
    assert (demo_site.root / "theme" / "css" / "search.css").is_file()
    assert not soup.find(style=True) and not soup.find("style")


def test_no_page_has_inline_scripts_or_handlers(demo_site):
    """The site ships with script-src 'self': anything inline would be blocked."""
    for path in demo_site.root.rglob("*.html"):
        if "pagefind" in path.parts:
            continue
        soup = Site(demo_site.root).soup(str(path.relative_to(demo_site.root)))
        for script in soup.find_all("script"):
            assert script.get("src") and not (script.string or "").strip(), path
        for tag in soup.find_all(True):
            assert not any(attr.startswith("on") for attr in tag.attrs), (path, tag.name)


def _pages(site: Site):
    for path in sorted(site.root.rglob("index.html")):
        rel = path.relative_to(site.root).parent.as_posix()
        if rel.split("/")[0] in {"pagefind", "theme"}:
            continue
        yield "" if rel == "." else rel + "/"


def test_every_page_has_a_labelled_search_box_that_leads_to_search(demo_site):
    pages = list(_pages(demo_site))
    assert "search/" in pages and "consultations/" in pages
    for url in pages:
        soup = demo_site.soup(url)
        if soup.find("meta", attrs={"http-equiv": "refresh"}):
            continue  # a redirect page at an old address (data/redirects.yaml): it only points onwards
        forms = soup.select("form[role=search]")
        assert len(forms) == 1, url
        form = forms[0]
        assert form["action"] == "/search/" and form["method"] == "get", url
        assert form.get("aria-label"), url  # a named landmark
        field = form.find("input", attrs={"name": "q"})
        label = soup.find("label", attrs={"for": field["id"]})
        assert label and label.get_text(strip=True), url
        assert form.find("button", attrs={"type": "submit"}).get_text(strip=True) == "Search", url
    # Everywhere but home and /search/ it is the header's; home has its own, bigger one.
    assert demo_site.soup("consultations/").select_one("header form[role=search]")
    home = demo_site.soup("")
    assert home.select_one("main form[role=search]") and not home.select_one("header form[role=search]")


def test_only_the_searchable_pages_mark_a_body_for_pagefind(demo_site, demo_register):
    searchable = {entry_for(c, kind).url for c, kind in searchable_pages(demo_register.consultations)}
    for url in _pages(demo_site):
        bodies = demo_site.soup(url).select("[data-pagefind-body]")
        if url in searchable:
            assert [b.name for b in bodies] == ["main"], url
        else:
            assert not bodies, url


# -- failures stop the build, and the old site stays ------------------------------------

def test_build_fails_clearly_when_pagefind_is_missing(fixture_project, tmp_path, monkeypatch):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    with pytest.raises(SearchIndexError) as error:
        build_site(tmp_path / "out", content=fixture_project / "content", data=fixture_project / "data")
    message = str(error.value)
    assert "no program there" in message and "pip install -r requirements.txt" in message
    assert "pagefind-bin==1.5.2" in message


def test_build_fails_clearly_when_pagefind_is_not_installed_at_all(monkeypatch):
    from search import indexer

    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    monkeypatch.setitem(sys.modules, "pagefind_bin_extended", None)
    monkeypatch.setitem(sys.modules, "pagefind_bin", None)
    monkeypatch.setenv("PATH", "")
    with pytest.raises(SearchIndexError, match="Pagefind is not installed.*pip install -r requirements.txt"):
        indexer.find_pagefind()


def test_make_html_keeps_the_old_site_and_says_why_when_pagefind_is_missing(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("the site as it was")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "PAGEFIND_BINARY_PATH": str(tmp_path / "missing"),
           "SOURCE_DATE_EPOCH": "1795392000"}
    run = subprocess.run([sys.executable, "-m", "said_and_done", "build", "--settings", "pelicanconf.py",
                          "--output", str(output)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 1, run.stderr
    assert "The build failed: PAGEFIND_BINARY_PATH is set to" in run.stderr
    assert "Traceback" not in run.stderr
    assert (output / "index.html").read_text() == "the site as it was"
    # No staging folder left behind: only the lock the build held (build/publish.py).
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output.lock", "output"]


def test_a_template_that_loses_data_pagefind_body_fails_the_build(fixture_project, tmp_path):
    from pelican import Pelican
    from pelican.settings import read_settings

    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    template = theme / "templates" / "you_said_we_did.html"
    text = template.read_text()
    assert "data-pagefind-body" in text
    template.write_text(text.replace("{% block main_attributes %} data-pagefind-body{% endblock %}", ""))
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(fixture_project / "content"), "OUTPUT_PATH": str(tmp_path / "out"),
        "THEME": str(theme), "PLUGIN_PATHS": [str(ROOT / "plugins")],
        "SAID_AND_DONE": {"data_path": str(fixture_project / "data"), "build_date": DEMO_BUILD_DATE},
    })
    with pytest.raises(SearchIndexError, match=r"Pagefind indexed \d+ page\(s\), but the register has \d+") as failed:
        Pelican(settings).run()
    # One consultation and its results page, and a record for each place, organisation and topic.
    indexed, expected = map(int, re.findall(r"\d+", str(failed.value))[:2])
    assert expected - indexed == 1 and expected > 2


# -- reproducible: the same input gives the same index ----------------------------------

def _tree(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _cbor(data: bytes, at: int = 0):
    """Decode the CBOR subset Pagefind writes (unsigned ints, text, arrays): (value, next offset)."""
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info >= 24:
        size = 1 << (info - 24)
        info, at = int.from_bytes(data[at:at + size], "big"), at + size
    if major == 0:
        return info, at
    if major == 3:
        return data[at:at + info].decode(), at + info
    assert major == 4, f"unexpected CBOR major type {major}"
    items = []
    for _ in range(info):
        item, at = _cbor(data, at)
        items.append(item)
    return items, at


def _filters(bundle: dict) -> dict:
    """Every filter chunk, decoded and put in a canonical order: {filter: {value: pages}}."""
    out = {}
    for name, raw in bundle.items():
        if name.startswith("filter/"):
            data = gzip.decompress(raw)[len(b"pagefind_dcd"):]
            (key, values), _ = _cbor(data)
            out[key] = {value: tuple(pages) for value, pages in values}
    return out


def test_the_index_is_reproducible_across_builds_with_different_hash_seeds(tmp_path):
    """Issue 6 asks for byte-identical builds "where Pagefind allows". Measured here on the demo:
    Pagefind 1.5.2 writes pages, words, scripts and WebAssembly identically every run, but lists
    each filter's values in hash-map order, which changes from run to run (a known TODO in
    Pagefind's src/index/mod.rs); so the filter chunks, and the metadata and entry files that name
    them by hash, may differ in bytes while holding exactly the same filters."""
    bundles = []
    for seed in ("1", "2"):
        output = tmp_path / f"build-{seed}"
        env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "PYTHONHASHSEED": seed,
               "SOURCE_DATE_EPOCH": "1795392000"}  # 2026-11-23, the demo's date
        env.pop("PAGEFIND_BINARY_PATH", None)
        run = subprocess.run([sys.executable, "-m", "said_and_done", "build", "--settings", "pelicanconf.py",
                              "--output", str(output)], cwd=ROOT, env=env, capture_output=True, text=True,
                             timeout=300)
        assert run.returncode == 0, run.stderr
        bundles.append(_tree(output / "pagefind"))
    first, second = bundles

    def stable(bundle):
        return {name: data for name, data in bundle.items()
                if not (name.startswith("filter/") or name.endswith(".pf_meta") or name == "pagefind-entry.json")}

    assert stable(first) == stable(second)
    assert any(name.startswith("fragment/") for name in stable(first))
    assert _filters(first) == _filters(second)
    # Every filter the page offers, and the records' own addresses (search/subjects.py).
    assert set(_filters(first)) == set(FILTERS) | {"named"}
    entries = [json.loads(b["pagefind-entry.json"]) for b in bundles]
    assert [e["languages"]["en"]["page_count"] for e in entries] == [entries[0]["languages"]["en"]["page_count"]] * 2


# -- the background runner (search/run_shards.py) ------------------------------------

def _step(tmp_path, script: str, timeout: float = 30) -> dict:
    return {"cwd": str(tmp_path), "command": ["sh", "-c", script], "timeout": timeout}


def test_the_runner_runs_shards_in_turn_and_stops_at_the_first_failure(tmp_path, capsys):
    from search import run_shards

    plan = [_step(tmp_path, "echo one >> order"), _step(tmp_path, "echo broken; exit 3"),
            _step(tmp_path, "echo three >> order")]
    assert run_shards.run(plan, os.getppid()) == 1
    results = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["shard"], r["returncode"], r["timed_out"]) for r in results] == [(0, 0, False), (1, 3, False)]
    assert results[1]["said"] == "broken"
    assert (tmp_path / "order").read_text() == "one\n"  # the third never ran


def test_the_runner_stops_a_shard_that_runs_too_long(tmp_path, capsys):
    from search import run_shards

    assert run_shards.run([_step(tmp_path, "sleep 5; touch finished", timeout=0.3)], os.getppid()) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["timed_out"] is True
    time.sleep(0.2)
    assert not (tmp_path / "finished").exists()


def test_the_runner_gives_up_when_the_build_that_started_it_is_gone(tmp_path):
    from search import run_shards

    # A parent it does not have: as if the build had died and the runner had been adopted.
    assert run_shards.run([_step(tmp_path, "sleep 2; touch finished")], parent=os.getppid() + 1_000_000) == 1
    assert not (tmp_path / "finished").exists()


def test_a_failing_pagefind_fails_the_build_with_what_it_said(fixture_project, tmp_path, monkeypatch):
    pagefind = tmp_path / "pagefind"
    pagefind.write_text("#!/bin/sh\necho 'Error: the index could not be written'\nexit 7\n", encoding="utf-8")
    pagefind.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(pagefind))
    with pytest.raises(SearchIndexError, match=r"exit code 7\):\nError: the index could not be written"):
        build_site(tmp_path / "out", content=fixture_project / "content", data=fixture_project / "data")
