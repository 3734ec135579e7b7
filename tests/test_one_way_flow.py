"""One-way flow: everything a page shows is worked out before any page is rendered.

Templates only display. They never compare a status (or a decision) with words, never
look a status up in a table, and never call plugin code; each status's label comes from
one table in the domain (derive.STATUSES, through status_label), which the pages, the
JSON and CSV files, the search filters and the feeds all use.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import Environment, nodes

from helpers.history_repo import CID, PAGE
from helpers.site import ROOT, Site, build_site
from said_and_done.domain.derive import STATUSES, status_label, status_meaning

TEMPLATES = ROOT / "theme" / "templates"
# Record fields whose values are slugs: templates test what the view models say about
# them (c.is_open, t.reason_heading) instead of comparing them with words.
SLUG_FIELDS = {"status", "decision"}


def template_files() -> list:
    return sorted(TEMPLATES.rglob("*.html"))


def parsed(path: Path):
    env = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    return env.parse(path.read_text(encoding="utf-8"), name=str(path.relative_to(TEMPLATES)))


def _names_a_slug_field(node) -> bool:
    if isinstance(node, nodes.Getattr):
        return node.attr in SLUG_FIELDS
    if isinstance(node, nodes.Name):
        return node.name in SLUG_FIELDS
    return False


def status_comparisons(tree) -> list:
    """Each comparison in a template that involves a status or decision, or a status slug in quotes."""
    found = []
    for compare in tree.find_all(nodes.Compare):
        operands = [compare.expr] + [op.expr for op in compare.ops]
        words = [o.value for o in operands if isinstance(o, nodes.Const) and isinstance(o.value, str)]
        for o in operands:
            if isinstance(o, (nodes.Tuple, nodes.List)):
                words += [i.value for i in o.items if isinstance(i, nodes.Const) and isinstance(i.value, str)]
        if any(_names_a_slug_field(o) for o in operands) or any(w in STATUSES for w in words):
            found.append(compare.lineno)
    return found


def test_the_scan_finds_a_status_comparison():
    env = Environment()
    for text in ('{% if c.status == "open" %}x{% endif %}',
                 '{% if c.status in ("open", "planned") %}x{% endif %}',
                 '{{ "Why not" if t.decision == "not-adopted" else "Why" }}',
                 '{% if kind != "withdrawn" %}x{% endif %}'):
        assert status_comparisons(env.parse(text)), text
    assert not status_comparisons(env.parse('{% if c.is_open %}x{% endif %}{% if nav == "about" %}y{% endif %}'))


@pytest.mark.parametrize("path", template_files(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_templates_do_not_compare_statuses(path):
    lines = status_comparisons(parsed(path))
    assert not lines, (f"{path.relative_to(TEMPLATES)} compares a status or decision on line(s) {lines}: "
                       "test a derived yes-or-no (c.is_open, c.has_published_outcome) or show a prepared label")


@pytest.mark.parametrize("path", template_files(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_templates_do_not_look_up_status_words(path):
    tree = parsed(path)
    used = [n.lineno for n in tree.find_all(nodes.Name) if n.name == "STATUSES"]
    assert not used, (f"{path.relative_to(TEMPLATES)} looks a status up in STATUSES on line(s) {used}: "
                      "show c.status_label, worked out by derive")


def test_every_status_label_comes_from_the_one_table():
    for slug, (label, meaning, group_meaning) in STATUSES.items():
        assert (status_label(slug), status_meaning(slug)) == (label, meaning)
        assert status_meaning(slug, 1) == meaning and status_meaning(slug, 2) == group_meaning


def test_a_derived_consultation_carries_its_label_and_one_flag(demo_register):
    flags = ("is_planned", "is_open", "is_closed", "has_published_outcome", "is_withdrawn")
    for c in demo_register.consultations:
        assert c.status_label == status_label(c.status)
        assert sum(getattr(c, f) for f in flags) == 1, c.id


def test_history_is_derived_before_rendering_whatever_the_plugin_order(repo, tmp_path):
    """open_data listed last: each consultation has its history as soon as the register is
    derived (register_derived), before any generator (and any page key) looks at it."""
    from pelican.settings import read_settings

    from said_and_done.api import register_derived

    plugins = read_settings(str(ROOT / "pelicanconf.py"))["PLUGINS"]
    reordered = [p for p in plugins if p != "open_data"] + ["open_data"]
    seen = {}

    def spy(register):
        seen.update({c.id: c.history for c in register.consultations})

    # Connected after open_data's own receiver, so it sees what the derivation left.
    register_derived.connect(spy)
    try:
        site = Site(build_site(tmp_path / "out", repo / "content", repo / "data",
                               pelican_settings={"PLUGINS": reordered}))
    finally:
        register_derived.disconnect(spy)
    assert seen[CID] is not None and seen[CID].last_updated.isoformat() == "2026-06-02"
    assert "Last updated 2 June 2026." in site.main_text(PAGE)


@pytest.mark.parametrize("path", template_files(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_templates_do_not_call_the_search_plugin(path):
    # The search entries are worked out before rendering (consultation.search_entries).
    calls = [n.lineno for n in parsed(path).find_all(nodes.Call)
             if isinstance(n.node, nodes.Getattr) and isinstance(n.node.node, nodes.Name)
             and n.node.node.name == "search"]
    assert not calls, f"{path.relative_to(TEMPLATES)} calls the search plugin on line(s) {calls}"


def test_the_label_table_is_what_pages_data_and_search_show(fixture_project, tmp_path, monkeypatch):
    """Change the labels in the one table: the page, the JSON, the CSVs, the OpenConsult
    export, the /data/ status table and the search filters all show the new words.
    (The feeds name no status: their entries say when a consultation opens and closes.)"""
    from helpers.open_data_files import read_csv, read_json
    from said_and_done.domain import derive

    for slug, (_label, meaning, group_meaning) in list(STATUSES.items()):
        monkeypatch.setitem(derive.STATUSES, slug, (f"Label of {slug}", meaning, group_meaning))
    # A cache of its own: what earlier builds kept was made with the real labels.
    site = Site(build_site(tmp_path / "out", fixture_project / "content", fixture_project / "data",
                           pelican_settings={"CACHE_PATH": str(tmp_path / "cache")}))
    item = read_json(site, "data/consultations.json")["consultations"][0]
    expected = f"Label of {item['status']}"
    assert item["status_label"] == expected
    assert [row["status_label"] for row in read_csv(site, "data/consultations.csv")] == [expected]
    assert [row["StatusCurrent"] for row in read_csv(site, "data/openconsult/consultations.csv")] == [expected]
    assert {row["Status"] for row in read_csv(site, "data/openconsult/status-changes.csv")} <= \
        {f"Label of {slug}" for slug in STATUSES}
    page = site.soup(f"consultations/{item['id']}/")
    assert page.find("strong", class_=f"tag--{item['status']}").get_text() == expected
    tags = page.find("div", class_="search-tags")
    assert tags.find("span", attrs={"data-pagefind-filter": f"status:{expected}"}) is not None
    assert tags.find("span", attrs={"data-pagefind-meta": f"status:{expected}"}) is not None
    assert f"Label of {item['status']}" in site.main_text("search/")
    assert all(f"Label of {slug}" in site.main_text("data/") for slug in STATUSES)
