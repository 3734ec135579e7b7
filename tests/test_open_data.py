"""Open data for partners: the JSON and CSV files match the records, validate against the
published schemas, defuse spreadsheet formulas, and the /data/ page describes every file and field."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from helpers.open_data_files import build, read_csv, read_json
from helpers.site import DEMO_BUILD_DATE, ROOT, Site
from open_data import openconsult, tables
from open_data.options import DEFAULTS, open_data_options
from open_data.schema_fields import fields
from open_data.statuses import BY_STATUS
from said_and_done import cli
from said_and_done.domain.derive import STATUSES
from said_and_done.site.options import SettingsError

EXPORT_SCHEMA = ROOT / "plugins" / "open_data" / "schema" / "register-export.schema.json"
RECORD_SCHEMA = ROOT / "data" / "schema" / "consultation.schema.json"
FORMULA = ("=", "+", "-", "@", "\t", "\r")
# Record fields deliberately kept out of the public files, each with the reason.
NOT_EXPORTED = {
    "personal_data_reviewed": "an internal review log of personal data; the schema says it is not shown on the site",
}


def validator() -> Draft202012Validator:
    schema = json.loads(EXPORT_SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def plain(cell: str) -> str:
    """A CSV cell as the record had it: one defusing apostrophe taken off."""
    return cell[1:] if cell.startswith("'") and cell[1:2] and cell[1] in FORMULA else cell


def joined(values) -> str:
    return "; ".join(values)


def number(value) -> str:
    return "" if value is None else repr(value)


# -- the whole register as JSON -------------------------------------------------------

def test_register_json_validates_against_the_export_schema(demo_site, demo_register):
    document = read_json(demo_site, "data/consultations.json")
    errors = sorted(validator().iter_errors(document), key=str)
    assert errors == [], "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])
    assert document["format"] == "said-and-done-register" and document["version"] == "1.2"
    assert document["build_date"] == DEMO_BUILD_DATE
    assert document["licence"] == {"name": "Open Government Licence v3.0", "url": DEFAULTS["licence_url"]}
    ids = [c["id"] for c in document["consultations"]]
    assert ids == sorted(c.id for c in demo_register.consultations)
    assert document["count"] == len(ids) == len(demo_register.consultations) > 20


def test_register_json_matches_the_records(demo_site, demo_register):
    exported = {c["id"]: c for c in read_json(demo_site, "data/consultations.json")["consultations"]}
    for c in demo_register.consultations:
        e = exported[c.id]
        assert (e["title"], e["status"], e["feedback_overdue"]) == (c.title, c.status, c.feedback_overdue)
        # A full address (the register's public_url; conftest builds leave it at its default).
        assert re.fullmatch(rf"https?://[^/]+/consultations/{c.id}/", e["url"]), e["url"]
        assert e["lead_organisation"]["slug"] == c.lead.slug and e["lead_organisation"]["name"] == c.lead.name
        assert [(p["slug"], p["name"]) for p in e["partners"]] == [(p.slug, p.name) for p in c.partners]
        assert [(x["slug"], x["name"]) for x in e["localities"]] == [(x.slug, x.name) for x in c.localities]
        assert [(x["slug"], x["name"]) for x in e["topics"]] == [(x.slug, x.name) for x in c.topics]
        assert e["dates"] == {"announced": c.announced.isoformat(), "opens": c.opens.isoformat(),
                              "closes": c.closes.isoformat(), "feedback_due": c.feedback_due.isoformat(),
                              "effective_closes": c.effective_closes.isoformat(),
                              "extended": {"to": c.extended.to.isoformat(), "reason": c.extended.reason.strip(),
                                           "announced": c.extended.announced.isoformat()} if c.extended else None}
        assert e["responses"] == c.responses
        assert [r["id"] for r in e["related"]] == [r.id for r in c.related]
        assert (e["withdrawn"] is None) == (c.withdrawn is None)
        if c.has_published_outcome:
            o = e["outcome"]
            assert o["published"] == c.outcome.published.isoformat()
            assert [(t["theme"], t["decision"], t["count"], t["percent"]) for t in o["you_said"]] == \
                [(t.theme, t.decision, t.count, t.percent) for t in c.outcome.themes]
            assert [(a["lead"]["slug"], a["due"], a["due_condition"], a["status"], a["overdue"])
                    for a in o["actions"]] == \
                [(a.lead.slug, a.due and a.due.isoformat(), a.due_when or None, a.status, a.overdue)
                 for a in c.outcome.actions]
        elif c.results_withheld:
            # The notice only: why, and when they are expected; no results page, no themes.
            assert e["outcome"]["url"] is None and e["outcome"]["you_said"] == []
            assert e["outcome"]["withheld"]["reason"] and e["status"] == "closed"
        else:
            assert e["outcome"] is None


def test_every_record_field_is_in_the_export(demo_site):
    """When the record schema grows, the export must grow with it (or say why not)."""
    record = json.loads(RECORD_SCHEMA.read_text(encoding="utf-8"))
    export_schema = json.loads(EXPORT_SCHEMA.read_text(encoding="utf-8"))
    exported = {f.path.replace("[]", "") for f in fields(export_schema, export_schema["$defs"]["consultation"])}
    in_record = {f.path.replace("[]", "") for f in fields(record)}
    # The record's you_said themes and actions keep their names; slugs become {slug, name}.
    missing = sorted(p for p in in_record - exported if p.split(".")[0] not in NOT_EXPORTED)
    assert missing == []
    leaked = [c["id"] for c in read_json(demo_site, "data/consultations.json")["consultations"]
              if set(c) & set(NOT_EXPORTED)]
    assert leaked == []


def test_every_export_field_is_described():
    export_schema = json.loads(EXPORT_SCHEMA.read_text(encoding="utf-8"))
    undescribed = [f.path for f in fields(export_schema) if not f.description.strip()]
    assert undescribed == []


# -- one consultation at a time --------------------------------------------------------

def test_every_consultation_has_its_own_json_file(demo_site, demo_register):
    whole = {c["id"]: c for c in read_json(demo_site, "data/consultations.json")["consultations"]}
    check = validator()
    for c in demo_register.consultations:
        document = read_json(demo_site, f"consultations/{c.id}.json")
        assert list(check.iter_errors(document)) == [], c.id
        assert document["count"] == 1 and document["consultations"] == [whole[c.id]]
        assert document["consultations"][0]["json_url"].endswith(f"/consultations/{c.id}.json")


def test_a_renamed_consultation_keeps_its_old_json_address(fixture_project, tmp_path):
    consultations = fixture_project / "data" / "consultations"
    old = consultations / "2026-test-library-hours.yaml"
    new = consultations / "2026-river-town-library-hours.yaml"
    new.write_text(old.read_text(encoding="utf-8") + "aliases: [2026-test-library-hours]\n", encoding="utf-8")
    old.unlink()
    site = build(tmp_path / "out", fixture_project)
    former = read_json(site, "consultations/2026-test-library-hours.json")
    assert former == read_json(site, "consultations/2026-river-town-library-hours.json")
    assert former["consultations"][0]["id"] == "2026-river-town-library-hours"
    assert former["consultations"][0]["aliases"] == ["2026-test-library-hours"]


def test_each_consultation_page_links_to_its_json(demo_site, demo_register):
    c = demo_register.consultations[0]
    soup = demo_site.soup(c.url)
    assert soup.find("link", rel="alternate", type="application/json")["href"] == f"/consultations/{c.id}.json"
    link = soup.find("main").find("a", href=f"/consultations/{c.id}.json")
    assert link is not None and "JSON" in link.get_text()


# -- schemas ------------------------------------------------------------------------------

def test_the_schemas_served_are_the_files_the_build_validates_with(demo_site):
    names = ["consultation.schema.json", "organisations.schema.json", "localities.schema.json",
             "topics.schema.json", "audiences.schema.json", "methods.schema.json"]
    for name in names:
        source = ROOT / "data" / "schema" / name
        assert (demo_site.root / "schema" / name).read_bytes() == source.read_bytes(), name
    assert (demo_site.root / "schema" / EXPORT_SCHEMA.name).read_bytes() == EXPORT_SCHEMA.read_bytes()
    # Only the record contract is for partners, and the schemas of the indicators and groups
    # files (published by their own plugins); nothing else in data/schema is published.
    others = ["indicators.schema.json", "groups.schema.json"]
    assert sorted(p.name for p in (demo_site.root / "schema").iterdir()) == sorted(names + others + [EXPORT_SCHEMA.name])


# -- CSV files ------------------------------------------------------------------------

def test_consultations_csv_has_one_row_per_record_with_its_values(demo_site, demo_register):
    rows = read_csv(demo_site, "data/consultations.csv")
    assert [c.name for c in tables.CONSULTATION_COLUMNS] == list(rows[0])
    by_id = {c.id: c for c in demo_register.consultations}
    assert [r["id"] for r in rows] == sorted(by_id)
    for row in rows:
        c = by_id[row["id"]]
        row = {k: plain(v) for k, v in row.items()}
        assert row["title"] == c.title and row["summary"] == c.summary.strip()
        assert (row["status"], row["feedback_overdue"]) == (c.status, "true" if c.feedback_overdue else "false")
        assert (row["lead_organisation"], row["lead_organisation_name"]) == (c.lead.slug, c.lead.name)
        assert row["partners"] == joined(p.slug for p in c.partners)
        assert row["partner_names"] == joined(p.name for p in c.partners)
        assert row["locality_names"] == joined(x.name for x in c.localities)
        assert row["topics"] == joined(t.slug for t in c.topics)
        assert row["audiences"] == joined(a.slug for a in c.audiences)
        assert (row["opens"], row["closes"]) == (c.opens.isoformat(), c.closes.isoformat())
        assert row["responses"] == number(c.responses)
        assert row["contact_phone"] == (c.contact.get("phone") or "")
        published = c.has_published_outcome
        assert row["results_published"] == (c.outcome.published.isoformat() if published else "")
        assert row["themes"] == (str(len(c.outcome.themes)) if published else "")
        assert row["actions_overdue"] == (str(sum(a.overdue for a in c.outcome.actions)) if published else "")
        assert row["withdrawn_reason"] == (c.withdrawn["reason"].strip() if c.withdrawn else "")


def test_you_said_we_did_csv_has_one_row_per_theme(demo_site, demo_register):
    rows = read_csv(demo_site, "data/you-said-we-did.csv")
    expected = [(c, n, t) for c in sorted(demo_register.consultations, key=lambda c: c.id) if c.has_published_outcome
                for n, t in enumerate(c.outcome.themes, start=1)]
    assert len(rows) == len(expected) > 10
    for row, (c, n, t) in zip(rows, expected, strict=True):
        row = {k: plain(v) for k, v in row.items()}
        assert (row["consultation_id"], row["theme_number"], row["theme"]) == (c.id, str(n), t.theme)
        assert (row["you_said"], row["we_did"]) == (t.said.strip(), t.we_did.strip())
        assert (row["decision"], row["reason"]) == (t.decision, t.reason.strip())
        assert (row["count"], row["percent"]) == (number(t.count), number(t.percent))
    assert any(r["decision"] == "not-adopted" and r["reason"] for r in rows)


def test_actions_csv_has_one_row_per_action_with_overdue_flags(demo_site, demo_register):
    rows = read_csv(demo_site, "data/actions.csv")
    expected = [(c, n, a) for c in sorted(demo_register.consultations, key=lambda c: c.id) if c.has_published_outcome
                for n, a in enumerate(c.outcome.actions, start=1)]
    assert len(rows) == len(expected) > 5
    for row, (c, n, a) in zip(rows, expected, strict=True):
        row = {k: plain(v) for k, v in row.items()}
        assert (row["consultation_id"], row["action_number"], row["we_will"]) == (c.id, str(n), a.we_will.strip())
        assert (row["lead"], row["lead_name"], row["due"]) == (a.lead.slug, a.lead.name, a.due.isoformat() if a.due else "")
        assert (row["status"], row["overdue"]) == (a.status, "true" if a.overdue else "false")
    # The demo has overdue promises; the flag must be there to read.
    assert any(r["overdue"] == "true" for r in rows)


def test_csv_cells_that_a_spreadsheet_would_run_are_defused():
    assert tables.cell("=HYPERLINK(\"http://evil.example\")") == "'=HYPERLINK(\"http://evil.example\")"
    assert [tables.cell(v) for v in ("+44 1632 960000", "-1", "@SUM(A1)", "\tx", "\rx")] == \
        ["'+44 1632 960000", "'-1", "'@SUM(A1)", "'\tx", "'\rx"]
    assert tables.cell(["=a", "b"]) == "'=a; b"
    assert [tables.cell(v) for v in ("plain", "a=b", None, True, False, 12, 44.7, "")] == \
        ["plain", "a=b", "", "true", "false", "12", "44.7", ""]


def test_a_hostile_record_reaches_the_csv_defused_and_the_json_intact(fixture_project, tmp_path):
    record = fixture_project / "data" / "consultations" / "2026-test-library-hours.yaml"
    text = record.read_text(encoding="utf-8")
    text = text.replace("title: Library opening hours in River Town", "title: \"=HYPERLINK(\\\"http://x.example\\\",\\\"Click\\\")\"")
    text = text.replace("said: Keep Thursday late opening.", "said: \"+cmd|' /C calc'!A0\"")
    record.write_text(text, encoding="utf-8")
    site = build(tmp_path / "out", fixture_project, build_date="2026-11-23")
    [row] = read_csv(site, "data/consultations.csv")
    assert row["title"] == "'=HYPERLINK(\"http://x.example\",\"Click\")"
    theme = read_csv(site, "data/you-said-we-did.csv")[0]
    assert theme["you_said"] == "'+cmd|' /C calc'!A0"
    [core] = read_csv(site, f"{openconsult.FOLDER}/consultations.csv")
    assert core["Title"].startswith("'=")
    item = read_json(site, "data/consultations.json")["consultations"][0]
    assert item["title"] == "=HYPERLINK(\"http://x.example\",\"Click\")"
    assert item["outcome"]["you_said"][0]["said"] == "+cmd|' /C calc'!A0"
    assert "apostrophe" in site.main_text("data/")


def test_results_not_yet_published_are_not_exported(fixture_project, tmp_path):
    # The fixture's results are dated 2026-05-20; the day before, the site does not show them.
    site = build(tmp_path / "out", fixture_project, build_date="2026-05-19")
    [item] = read_json(site, "data/consultations.json")["consultations"]
    assert (item["status"], item["outcome"]) == ("closed", None)
    assert read_csv(site, "data/you-said-we-did.csv") == [] and read_csv(site, "data/actions.csv") == []
    changes = read_csv(site, f"{openconsult.FOLDER}/status-changes.csv")
    assert [c["Status"] for c in changes] == ["Planned", "Open", "Closed"]
    assert "2026-05-20" not in (site.root / "data" / "consultations.json").read_text(encoding="utf-8")


# -- OpenConsult-shaped files -----------------------------------------------------------

def test_every_status_has_a_mapping():
    assert set(BY_STATUS) == set(STATUSES)
    assert {m.openconsult for m in BY_STATUS.values()} <= {"Planned", "Active", "Completed", "Re-opened", ""}


def test_openconsult_files_match_the_records(demo_site, demo_register):
    by_id = {c.id: c for c in demo_register.consultations}
    core = read_csv(demo_site, f"{openconsult.FOLDER}/consultations.csv")
    assert list(core[0])[:4] == ["ConsultationId", "Title", "StatusCurrent", "OrganizationName"]
    assert [r["ConsultationId"] for r in core] == sorted(by_id)
    for row in core:
        c = by_id[row["ConsultationId"]]
        assert (plain(row["Title"]), row["OrganizationName"]) == (c.title, c.lead.name)
        assert row["StatusCurrent"] == STATUSES[c.status][0]
        assert row["StatusCurrentStandardized"] == BY_STATUS[c.status].openconsult
    documents = read_csv(demo_site, f"{openconsult.FOLDER}/documents.csv")
    assert len(documents) == sum(len(c.documents) for c in by_id.values())
    events = read_csv(demo_site, f"{openconsult.FOLDER}/public-events.csv")
    assert len(events) == sum(len(c.how_to_take_part.get("events", [])) for c in by_id.values())


def test_status_changes_end_in_each_consultations_status_on_the_build_date(demo_site, demo_register):
    rows = read_csv(demo_site, f"{openconsult.FOLDER}/status-changes.csv")
    for c in demo_register.consultations:
        mine = [r for r in rows if r["ConsultationId"] == c.id]
        dates = [r["StatusDate"] for r in mine]
        assert dates == sorted(dates) and len(set(dates)) == len(dates), c.id
        current = [r for r in mine if r["StatusDate"] <= DEMO_BUILD_DATE][-1]
        assert current["Status"] == STATUSES[c.status][0], c.id
        assert current["StatusMapped"] == BY_STATUS[c.status].openconsult


# -- the /data/ page -------------------------------------------------------------------

def test_the_data_page_links_every_file_and_every_link_works(demo_site):
    soup = demo_site.soup("data/")
    main = soup.find("main")
    assert main.find("h1").get_text(strip=True) == "Open data"
    hrefs = {a["href"] for a in main.find_all("a", href=True)}
    wanted = {"/data/consultations.json", "/data/consultations.csv", "/data/you-said-we-did.csv",
              "/data/actions.csv", "/schema/consultation.schema.json", "/schema/register-export.schema.json"}
    wanted |= {f"/{d.path}" for d in openconsult.DATASETS}
    assert wanted <= hrefs
    for href in hrefs:
        if href.startswith("/"):
            target = demo_site.root / href.lstrip("/")
            assert (target / "index.html" if href.endswith("/") else target).is_file(), href
    licence = main.find("a", href=DEFAULTS["licence_url"])
    assert licence is not None and licence.get_text(strip=True) == "Open Government Licence v3.0"


def test_the_data_page_describes_every_field_and_column(demo_site):
    main = demo_site.soup("data/").find("main")
    described = {code.get_text() for code in main.select("table code")}
    export_schema = json.loads(EXPORT_SCHEMA.read_text(encoding="utf-8"))
    for f in fields(export_schema, export_schema["$defs"]["consultation"]):
        assert f.path in described, f.path
    for dataset in tables.DATASETS + openconsult.DATASETS:
        for column in dataset.columns:
            assert column.name in described, (dataset.path, column.name)
            assert column.description.strip(), column.name


def test_the_data_page_maps_every_status(demo_site):
    table = demo_site.soup("data/").find("caption", string="Our statuses and their nearest equivalents").find_parent("table")
    rows = table.find("tbody").find_all("tr")
    assert len(rows) == len(STATUSES)
    text = " ".join(table.get_text(" ").split())
    for needed in ("Planned", "Active", "Completed", "Open - accepting input", "What We Heard Report available"):
        assert needed in text


def test_the_footer_links_to_the_data_page(demo_site, demo_register):
    for url in ("", "consultations/", demo_register.consultations[0].url):
        footer = demo_site.soup(url).find("footer")
        assert footer.find("a", href="/data/").get_text(strip=True) == "Open data", url
    assert demo_site.soup("data/").find("footer").find("a", href="/data/")["aria-current"] == "page"


# -- settings and reproducibility --------------------------------------------------------------

def test_the_licence_is_a_setting(fixture_project, tmp_path):
    site = build(tmp_path / "out", fixture_project,
                 open_data={"licence_name": "Creative Commons Attribution 4.0",
                            "licence_url": "https://creativecommons.org/licenses/by/4.0/"})
    assert read_json(site, "data/consultations.json")["licence"] == {
        "name": "Creative Commons Attribution 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
    item = read_json(site, "consultations/2026-test-library-hours.json")
    assert item["licence"]["name"] == "Creative Commons Attribution 4.0"
    assert site.soup("data/").find("main").find("a", href="https://creativecommons.org/licenses/by/4.0/")


@pytest.mark.parametrize("given, message", [
    ({"licence": "OGL"}, "unknown setting(s) licence"),
    ({"licence_url": "www.example.org"}, "expected a web address"),
    ({"licence_name": " "}, "licence_name"),
    ({"history": "yes"}, "expected True or False"),
    ({"history_limit": True}, "whole number"),
    ({"history_limit": 0}, "whole number"),
    ("ogl", "expected a dict"),
])
def test_settings_are_checked(given, message):
    with pytest.raises(SettingsError, match=message.replace("(", r"\(").replace(")", r"\)")):
        open_data_options({"OPEN_DATA": given})


def test_defaults_are_the_open_government_licence():
    options = open_data_options({})
    assert options.licence_name == "Open Government Licence v3.0"
    assert options.licence_url == "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
    assert (options.history, options.history_limit) == (True, 10)


def test_make_check_reports_a_mistyped_open_data_setting(fixture_project, capsys):
    from helpers.fixture_project import write_settings

    settings = write_settings(fixture_project)
    settings.write_text(settings.read_text(encoding="utf-8") + "OPEN_DATA = {'licence_nmae': 'OGL'}\n", encoding="utf-8")
    assert cli.check(settings) == 2
    assert "OPEN_DATA: unknown setting(s) licence_nmae" in capsys.readouterr().err


def test_two_builds_of_the_same_records_are_byte_identical(fixture_project, tmp_path):
    first = build(tmp_path / "one", fixture_project).root
    second = build(tmp_path / "two", fixture_project).root
    ours = [first / "data", first / "schema", *first.glob("consultations/*.json")]
    names = sorted(str(p.relative_to(first)) for top in ours for p in ([top] if top.is_file() else top.rglob("*"))
                   if p.is_file())
    assert "data/consultations.json" in names and "consultations/2026-test-library-hours.json" in names
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_an_empty_register_still_publishes_valid_files(fixture_project, tmp_path):
    # Straight to the publishing step: an empty register is about the files, not the pages.
    from open_data.export import Publication
    from open_data.publish import publish
    from said_and_done.domain.records import load_register

    (fixture_project / "data" / "consultations" / "2026-test-library-hours.yaml").unlink()
    register = load_register(fixture_project / "data", build_date=date(2026, 11, 23))
    pub = Publication("https://example.org", "Test", "OGL", "https://example.org/ogl", register.build_date)
    published = publish(register, pub, tmp_path / "out", fixture_project / "data" / "schema")
    assert published["count"] == 0 and published["example"] is None
    site = Site(tmp_path / "out")
    document = read_json(site, "data/consultations.json")
    assert document["count"] == 0 and document["consultations"] == []
    assert list(validator().iter_errors(document)) == []
    assert read_csv(site, "data/consultations.csv") == []
    assert (site.root / "data" / "consultations.csv").read_text(encoding="utf-8").startswith("id,url,title,")


def test_without_the_plugin_nothing_links_to_missing_files(fixture_project, tmp_path):
    # Signal receivers stay connected for the life of a process, so build in a fresh one.
    import subprocess
    import sys

    output = tmp_path / "out"
    script = (
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT / 'plugins')!r})\n"
        "from pelican import Pelican\n"
        "from pelican.settings import read_settings\n"
        f"Pelican(read_settings({str(ROOT / 'pelicanconf.py')!r}, override={{\n"
        f"    'PATH': {str(fixture_project / 'content')!r}, 'OUTPUT_PATH': {str(output)!r},\n"
        f"    'THEME': {str(ROOT / 'theme')!r}, 'PLUGIN_PATHS': [{str(ROOT / 'plugins')!r}], 'PLUGINS': ['said_and_done'],\n"
        f"    'SAID_AND_DONE': {{'data_path': {str(fixture_project / 'data')!r}, 'build_date': {DEMO_BUILD_DATE!r}}},\n"
        "})).run()\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, capture_output=True)
    page = Site(output).html("consultations/2026-test-library-hours/")
    assert "<h1>" in page
    assert not (output / "data").exists()
    assert ".json" not in page and "/data/" not in page
