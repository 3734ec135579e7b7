"""Clash and short-notice detection: the algorithm, the warnings, and the partners' page."""

from __future__ import annotations

import random
import re
import shutil
from datetime import date, timedelta

import pytest
import yaml

from coordination.checks import coordination_checks
from coordination.findings import current_overlaps, short_notice
from coordination.options import DEFAULTS, coordination_options
from coordination.overlaps import Window, clash, overlapping_pairs, overlapping_pairs_brute_force, window_of
from helpers.site import FIXTURES, ROOT, build_site
from said_and_done.domain.records import load_register
from said_and_done.hooks import register_checks
from said_and_done.site.options import SettingsError

BUILD_DATE = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _coordination_connected():
    # Builds connect it through PLUGINS; tests that only load records need it too.
    register_checks.connect(coordination_checks)


def window(key, opens, closes, places=("north",), topics=("libraries",), audiences=(), area_wide=False):
    start = date(2026, 1, 1)
    return Window(key, start + timedelta(days=opens), start + timedelta(days=closes), area_wide,
                  tuple(places), tuple(topics), tuple(audiences))


# -- the algorithm ------------------------------------------------------------

def test_windows_sharing_a_day_clash_and_a_day_apart_do_not():
    assert overlapping_pairs([window("a", 0, 10), window("b", 10, 20)]) == {("a", "b")}
    assert overlapping_pairs([window("a", 0, 10), window("b", 11, 20)]) == set()


def test_a_clash_needs_a_shared_place_and_a_shared_topic_or_audience():
    assert overlapping_pairs([window("a", 0, 10, places=["north"]), window("b", 5, 20, places=["south"])]) == set()
    assert overlapping_pairs([window("a", 0, 10, topics=["libraries"]), window("b", 5, 20, topics=["parks"])]) == set()
    assert overlapping_pairs([window("a", 0, 10, topics=["libraries"], audiences=["carers"]),
                              window("b", 5, 20, topics=["parks"], audiences=["carers"])]) == {("a", "b")}


def test_area_wide_meets_every_place_but_two_local_ones_elsewhere_do_not():
    windows = [window("all", 0, 30, places=[], area_wide=True), window("n", 5, 10, places=["north"]),
               window("s", 5, 10, places=["south"])]
    assert overlapping_pairs(windows) == {("all", "n"), ("all", "s")}


def test_a_topic_and_an_audience_with_the_same_slug_are_not_confused():
    a = window("a", 0, 10, topics=["carers"], audiences=[])
    b = window("b", 0, 10, topics=[], audiences=["carers"])
    assert overlapping_pairs([a, b]) == set() == overlapping_pairs_brute_force([a, b])


@pytest.mark.parametrize("seed", range(200))
def test_sweep_agrees_with_all_pairs_on_random_registers(seed):
    rng = random.Random(seed)
    places, topics, audiences = ["p1", "p2", "p3"], ["t1", "t2", "t3"], ["a1", "a2"]
    windows = []
    for i in range(rng.randint(0, 30)):
        opens = rng.randint(0, 60)
        windows.append(window(f"c{i:02d}", opens, opens + rng.randint(0, 20),
                              places=rng.sample(places, rng.randint(1, 2)),
                              topics=rng.sample(topics, rng.randint(0, 2)),
                              audiences=rng.sample(audiences, rng.randint(0, 2)),
                              area_wide=rng.random() < 0.2))
    assert overlapping_pairs(windows) == overlapping_pairs_brute_force(windows)


# -- the demo -----------------------------------------------------------------

def _brute_force_current(register):
    """The reference: every pair of live demo consultations, checked by the definition."""
    from coordination.overlaps import window_of

    live = [c for c in register.consultations if c.status != "withdrawn"]
    found = set()
    for i, a in enumerate(live):
        for b in live[i + 1:]:
            if clash(window_of(a), window_of(b)) and min(a.effective_closes, b.effective_closes) >= register.build_date:
                found.add(frozenset((a.id, b.id)))
    return found


def test_clashes_since_a_day_are_every_pair_still_running_then(demo_register):
    """The search leaves out consultations closed before the day: the pairs must be those of all pairs.

    Asked for every day a demo consultation closes and the day after, where an off-by-one shows."""
    live = [c for c in demo_register.consultations if c.status != "withdrawn"]
    days = sorted({c.effective_closes + timedelta(days=d) for c in live for d in (0, 1)})
    for since in days:
        expected = {frozenset((a.id, b.id)) for i, a in enumerate(live) for b in live[i + 1:]
                    if clash(window_of(a), window_of(b)) and min(a.effective_closes, b.effective_closes) >= since}
        found = current_overlaps(demo_register.consultations, since)
        assert {frozenset((o.flagged.id, o.other.id)) for o in found} == expected, since
        assert len(found) == len(expected)


def test_demo_has_clashes_and_every_one_is_a_warning_naming_both_files(demo_register):
    expected = _brute_force_current(demo_register)
    assert expected, "the demo promises at least one clash between current consultations"
    found = current_overlaps(demo_register.consultations, demo_register.build_date)
    assert {frozenset((o.flagged.id, o.other.id)) for o in found} == expected
    warnings = [str(w) for w in demo_register.warnings if "at the same time as" in w.message]
    assert len(warnings) == len(expected)
    by_id = demo_register.by_id
    for pair in expected:
        a, b = (by_id[i] for i in pair)
        assert any((w.startswith(a.source) and b.source in w) or (w.startswith(b.source) and a.source in w)
                   for w in warnings), pair
    assert all(w.severity == "warning" for w in demo_register.warnings if "at the same time as" in w.message)


def test_demo_clash_on_the_same_topic_names_place_and_topic(demo_register):
    same_topic = [o for o in current_overlaps(demo_register.consultations, demo_register.build_date) if o.same_topic]
    assert same_topic, "the demo has two current consultations on the same topic in the same place"
    o = same_topic[0]
    warning = next(str(w) for w in demo_register.warnings
                   if w.file == o.flagged.source and o.other.id in w.message)
    assert o.topics[0].name in warning and o.localities[0].name in warning
    # The line points at the flagged record's opening date.
    lines = (ROOT / o.flagged.source).read_text().splitlines()
    line = int(warning.split(":")[1])
    assert lines[line - 1].strip().startswith("opens:")


def test_demo_short_notice_warning(demo_register):
    required = DEFAULTS["short_notice_days"]
    expected = {c.id for c in demo_register.consultations
                if c.status == "planned" and (c.opens - c.announced).days < required}
    assert expected, "the demo has a planned consultation announced at short notice"
    assert any((c.opens - c.announced).days < 14 for c in map(demo_register.by_id.get, expected))
    warned = {w.file for w in demo_register.warnings if "before it opens" in w.message}
    assert warned == {demo_register.by_id[i].source for i in expected}
    # Consultations already open or past are not warned about, even if announced late.
    late_but_past = [c for c in demo_register.consultations
                     if c.status != "planned" and (c.opens - c.announced).days < required]
    assert all(c.source not in warned for c in late_but_past)


def test_short_notice_period_is_a_setting(demo_register):
    planned = [c for c in demo_register.consultations if c.status == "planned"]
    shortest = min((c.opens - c.announced).days for c in planned)
    assert short_notice(planned, shortest) == []
    assert [s.consultation.id for s in short_notice(planned, shortest + 1)] == \
        [c.id for c in sorted(planned, key=lambda c: (c.opens, c.id)) if (c.opens - c.announced).days == shortest]
    from pelican.settings import read_settings

    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"COORDINATION": {"short_notice_days": shortest}})
    register = load_register(ROOT / "data", ROOT / "content" / "outcomes", build_date=BUILD_DATE, root=ROOT,
                             settings=settings)
    assert not [w for w in register.warnings if "before it opens" in w.message]


@pytest.mark.parametrize("given, message", [
    ({"short_notice": 28}, "unknown setting(s) short_notice"),
    ({"short_notice_days": "28"}, "expected a whole number of days"),
    ({"short_notice_days": True}, "expected a whole number of days"),
    ({"short_notice_days": -1}, "expected a whole number of days"),
    ({"page_size": 0}, "COORDINATION['page_size']: expected a whole number from 1 to 500, found 0"),
])
def test_bad_settings_are_refused_clearly(given, message):
    with pytest.raises(SettingsError, match=re.escape(message)):
        coordination_options({"COORDINATION": given})
    assert coordination_options({}).short_notice_days == 28


def test_make_check_lists_the_warnings(capsys, monkeypatch):
    from said_and_done import cli

    monkeypatch.chdir(ROOT)
    assert cli.check(ROOT / "pelicanconf.py") == 0
    err = capsys.readouterr().err
    assert "at the same time as" in err
    assert "before it opens" in err


# -- a build ------------------------------------------------------------------

def _clashing_project(tmp_path):
    """A fixture project with two library consultations open at once in River Town."""
    data = tmp_path / "data"
    (data / "consultations").mkdir(parents=True)
    for item in (FIXTURES / "reference").glob("*.yaml"):
        shutil.copy(item, data)
    shutil.copytree(ROOT / "data" / "schema", data / "schema")
    record = yaml.safe_load((FIXTURES / "valid" / "2026-test-library-hours.yaml").read_text())
    record.pop("outcome")
    record.pop("responses")
    record["dates"] = {"announced": "2026-11-20", "opens": "2026-12-01", "closes": "2026-12-20",
                       "feedback_due": "2027-02-01"}
    (data / "consultations" / "2026-test-library-hours.yaml").write_text(yaml.safe_dump(record, sort_keys=False))
    record["title"] = "Library stock in River Town"
    record["dates"] = {"announced": "2026-10-01", "opens": "2026-11-25", "closes": "2027-01-10",
                       "feedback_due": "2027-03-01"}
    (data / "consultations" / "2026-test-library-stock.yaml").write_text(yaml.safe_dump(record, sort_keys=False))
    (tmp_path / "content" / "outcomes").mkdir(parents=True)
    (tmp_path / "content" / "pages").mkdir()
    return tmp_path


def test_build_logs_clash_and_short_notice_warnings_and_lists_them_for_partners(tmp_path, caplog):
    project = _clashing_project(tmp_path)
    out = tmp_path / "out"
    with caplog.at_level("WARNING"):
        build_site(out, content=project / "content", data=project / "data")
    logged = "\n".join(r.getMessage() for r in caplog.records)
    # The one announced later (library hours, 20 November) is flagged, naming the other file.
    assert re.search(r"2026-test-library-hours\.yaml:\d+:\d+: dates\.opens: open 2026-12-01 to 2026-12-20, "
                     r"at the same time as 2026-test-library-stock \(.*2026-test-library-stock\.yaml", logged)
    assert "announced on 2026-11-20, only 11 days before it opens on 2026-12-01" in logged

    from bs4 import BeautifulSoup
    page = BeautifulSoup((out / "coordination" / "index.html").read_text(), "html.parser")
    same_topic = page.find(id="same-topic").find_parent("section")
    links = [a["href"] for a in same_topic.find_all("a")]
    assert "/consultations/2026-test-library-hours/" in links
    assert "/consultations/2026-test-library-stock/" in links
    assert "River Town" in same_topic.get_text() and "Libraries" in same_topic.get_text()
    notice = page.find(id="short-notice").find_parent("section")
    assert "Library opening hours in River Town" in notice.get_text()
    assert "Library stock" not in notice.get_text()


def _pairs_on(soup) -> list:
    pairs = []
    for card in (soup.find("main") or soup).select("li.card"):
        ids = [h.split("/")[2] for h in (a["href"] for a in card.find_all("a")) if h.startswith("/consultations/")]
        if len(ids) == 2:
            pairs.append(frozenset(ids))
    return pairs


def test_demo_coordination_pages_list_every_current_clash(demo_site, demo_register):
    found = current_overlaps(demo_register.consultations, demo_register.build_date)
    expected = {"same-topic": [frozenset((o.flagged.id, o.other.id)) for o in found if o.same_topic],
                "same-people": [frozenset((o.flagged.id, o.other.id)) for o in found if not o.same_topic]}
    overview = demo_site.soup("/coordination/")
    for slug, pairs in expected.items():
        assert _pairs_on(demo_site.soup(f"/coordination/{slug}/")) == pairs, slug
        section = overview.find(id=slug).find_parent("section")
        assert set(_pairs_on(section)) == set(pairs[:DEFAULTS["page_size"]])
        assert section.find("a", href=f"/coordination/{slug}/")


@pytest.fixture(scope="module")
def small_pages_site(tmp_path_factory):
    from helpers.site import Site

    return Site(build_site(tmp_path_factory.mktemp("clash-pages") / "output",
                           pelican_settings={"COORDINATION": {"page_size": 5}}))


def test_clash_lists_paginate(small_pages_site, demo_register):
    site = small_pages_site
    found = [frozenset((o.flagged.id, o.other.id))
             for o in current_overlaps(demo_register.consultations, demo_register.build_date) if not o.same_topic]
    count = -(-len(found) // 5)
    assert count >= 2, "the demo has more than five same-people clashes"
    seen = []
    for number in range(1, count + 1):
        url = "/coordination/same-people/" + ("" if number == 1 else f"page/{number}/")
        soup = site.soup(url)
        seen += _pairs_on(soup)
        assert soup.find("nav", class_="pagination").find("a", attrs={"aria-current": "page"})["href"] == url
    assert seen == found
    overview = site.soup("/coordination/").find(id="same-people").find_parent("section")
    assert _pairs_on(overview) == found[:5]


def test_the_short_notice_list_pages_and_the_overview_shows_its_first_page(tmp_path, demo_register):
    # A large register plans hundreds of consultations: the list must not grow the overview.
    from helpers.site import Site, list_pages

    days = 366  # every planned consultation in the demo counts as short notice
    site = Site(build_site(tmp_path / "out", pelican_settings={"COORDINATION": {"short_notice_days": days,
                                                                                "page_size": 1}}))
    expected = [f"/{s.consultation.url}" for s in short_notice(demo_register.consultations, days)]
    assert len(expected) > 1, "the demo plans more than one consultation"
    pages = list_pages(site, "coordination/short-notice/")
    assert len(pages) == len(expected)
    assert [a["href"] for _, soup in pages for a in soup.find("main").select(".card__title a")] == expected
    notice = site.soup("/coordination/").find(id="short-notice").find_parent("section")
    assert [a["href"] for a in notice.select(".card__title a")] == expected[:1]
    more = notice.find("a", href="/coordination/short-notice/")
    assert more.get_text() == f"Every consultation announced at short notice ({len(expected)})"
