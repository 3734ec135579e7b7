"""Ways to get involved (plugins/get_involved): data/groups.yaml checked with file:line,
/get-involved/, the locality and organisation pages' sections, and the open data."""

from __future__ import annotations

import csv
import io
import json
import textwrap

import pytest
import yaml

from get_involved.load import load
from helpers.site import ROOT, text_of

DEMO = yaml.safe_load((ROOT / "data" / "groups.yaml").read_text(encoding="utf-8"))

GOOD = """\
- slug: panel
  name: Test Panel
  kind: citizens-panel
  partner: test-council
  localities: [north-vale]
  about: Residents asked for their views.
  how_to_join: Sign up online.
  meets: Four times a year
  contact:
    name: Engagement Team
    email: panel@test.example
"""


def loaded(project, text):
    path = project / "data" / "groups.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load(path, project, {"test-council": None, "test-nhs": None}, {"north-vale": None, "river-town": None})


def test_a_good_file_loads(fixture_project):
    groups, problems = loaded(fixture_project, GOOD)
    assert problems == []
    assert groups[0].localities == ("north-vale",) and not groups[0].area_wide
    groups, _ = loaded(fixture_project, GOOD.replace("[north-vale]", "all"))
    assert groups[0].area_wide


@pytest.mark.parametrize(("change", "line", "field", "words"), [
    (("partner: test-council", "partner: test-counsel"), 4, "[1].partner",
     "expected an organisation slug from data/organisations.yaml, found 'test-counsel'"),
    (("[north-vale]", "[north-vale, south-vale]"), 5, "[1].localities[2]",
     "expected a locality slug from data/localities.yaml, found 'south-vale'"),
    (("kind: citizens-panel", "kind: knitting-circle"), 3, "[1].kind", "knitting-circle"),
    (("    email: panel@test.example\n", ""), 9, "[1].contact",
     "expected an email, phone or url beside the name, found neither"),
    (("  meets: Four times a year\n", ""), 1, "[1].meets", "expected this field, found it missing: add 'meets:'"),
])
def test_a_mistake_is_named_with_file_line_and_field(fixture_project, change, line, field, words):
    _, problems = loaded(fixture_project, GOOD.replace(*change))
    assert problems, change
    p = problems[0]
    assert (p.file, p.line, p.field) == ("data/groups.yaml", line, field), str(p)
    assert words in p.message, str(p)


def test_a_slug_twice_is_an_error(fixture_project):
    _, problems = loaded(fixture_project, GOOD + GOOD)
    assert [(p.line, p.field) for p in problems] == [(12, "[2].slug")]


def test_the_page_lists_every_group_with_how_to_join_and_a_contact(demo_site):
    main = demo_site.soup("/get-involved/").find("main")
    # Found by search through a record of each group, not by this page (test_search_subjects.py).
    for group in DEMO:
        section = main.find(id=group["slug"]).find_parent("section")
        text = text_of(section)
        assert group["name"] in text and " ".join(group["how_to_join"].split()) in text
        assert group["meets"] in text and group["contact"]["name"] in text
        if "email" in group["contact"]:
            assert section.find("a", href=f"mailto:{group['contact']['email']}")
        assert section.find("a", href=f"/organisations/{group['partner']}/")


def test_locality_and_organisation_pages_show_their_groups(demo_site, demo_register):
    for slug in demo_register.localities:
        section = demo_site.soup(f"/localities/{slug}/").find(id="get-involved")
        shown = {a["href"] for a in section.find_next("ul").select(".card__title a")}
        expected = {f"/get-involved/#{g['slug']}" for g in DEMO if g["localities"] == "all" or slug in g["localities"]}
        assert shown == expected, slug
    for slug in demo_register.organisations:
        section = demo_site.soup(f"/organisations/{slug}/").find(id="get-involved")
        runs = {f"/get-involved/#{g['slug']}" for g in DEMO if g["partner"] == slug}
        if not runs:
            assert section is None, slug
            continue
        assert {a["href"] for a in section.find_next("ul").select(".card__title a")} == runs, slug


def test_the_groups_are_open_data(demo_site):
    data = json.loads(demo_site.path("/data/groups.json").read_text(encoding="utf-8"))
    assert [g["slug"] for g in data["groups"]] == [g["slug"] for g in DEMO]
    assert data["groups"][0]["localities"] == DEMO[0]["localities"]
    rows = list(csv.DictReader(io.StringIO(demo_site.path("/data/groups.csv").read_text(encoding="utf-8"))))
    assert [r["slug"] for r in rows] == [g["slug"] for g in DEMO]
    tenant = next(r for r in rows if r["slug"] == "tenant-panel")
    assert tenant["localities"] == "; ".join(next(g for g in DEMO if g["slug"] == "tenant-panel")["localities"])
    assert demo_site.soup("/data/").find(id="groups") is not None


def test_the_page_is_in_the_footer_and_the_sitemap(demo_site):
    assert demo_site.soup("/").find("footer").find("a", href="/get-involved/")
    assert "/get-involved/</loc>" in demo_site.path("/sitemap.xml").read_text(encoding="utf-8")


def test_without_the_files_there_are_no_pages_and_no_links(fixture_project):
    from helpers.site import Site, build_site

    site = Site(build_site(fixture_project / "output", content=fixture_project / "content",
                           data=fixture_project / "data"))
    assert not site.path("/get-involved/").exists() and not site.path("/indicators/").exists()
    footer = site.soup("/").find("footer")
    assert not footer.find("a", href="/get-involved/") and not footer.find("a", href="/indicators/")
    assert site.soup("/data/").find(id="groups") is None


def test_text_from_the_files_is_escaped_and_csv_cells_defused(fixture_project):
    from helpers.site import Site, build_site

    payload = "<script>alert(1)</script>"
    (fixture_project / "data" / "groups.yaml").write_text(
        GOOD.replace("name: Test Panel", f"name: '=HYPERLINK(\"x\") {payload}'"), encoding="utf-8")
    (fixture_project / "data" / "indicators.yaml").write_text(textwrap.dedent(f"""\
        - id: heard
          name: "{payload}"
          definition: d
          source: s
          unit: number
          higher_is_better: false
          values:
            - {{year: 2024, area: 3, localities: {{river-town: 4}}}}
            - {{year: 2025, area: 2.5, localities: {{river-town: 4}}}}
        """), encoding="utf-8")
    site = Site(build_site(fixture_project / "output", content=fixture_project / "content",
                           data=fixture_project / "data"))
    for url in ("/get-involved/", "/indicators/", "/indicators/heard/", "/localities/river-town/",
                "/organisations/test-council/", "/localities/north-vale/"):
        html = site.html(url)
        assert "<script>alert" not in html, url
    assert "&lt;script&gt;" in site.html("/indicators/heard/")
    # Lower is better here: a fall is good news, no change is said so.
    assert "Better: down 0.5 since 2024" in site.main_text("/indicators/")
    assert "No change since 2024" in site.main_text("/localities/river-town/")
    rows = list(csv.DictReader(io.StringIO(site.path("/data/groups.csv").read_text(encoding="utf-8"))))
    assert rows[0]["name"].startswith("'=HYPERLINK")
