"""Clearer errors for the slugs a record names: how to add a new one, where the others go when
a list is given for one value, reference data named by slug, and every problem in one pass.

Each test changes the fixture record (tests/fixtures/valid/2026-test-library-hours.yaml) or
a fixture reference file, loads the register and reads the errors as staff would.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from helpers.site import ROOT
from said_and_done.domain.problems import RecordErrors
from said_and_done.domain.records import load_register

BUILD_DATE = date(2026, 11, 23)
RECORD = "data/consultations/2026-test-library-hours.yaml"


def errors_after(project, old: str, new: str, file: str = RECORD) -> list:
    path = project / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RecordErrors) as caught:
        load_register(project / "data", build_date=BUILD_DATE, root=project)
    return caught.value.errors


def required_fields(name: str) -> list:
    schema = json.loads((ROOT / "data" / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
    return schema["items"]["required"]


@pytest.mark.parametrize(("old", "new", "field", "file", "typed", "near"), [
    ("lead_organisation: test-council", "lead_organisation: test-councel", "lead_organisation", "organisations",
     "test-councel", "test-council"),
    ("localities: [river-town]", "localities: [river-tow]", "localities[1]", "localities", "river-tow", "river-town"),
    ("topics: [libraries]", "topics: [librarys]", "topics[1]", "topics", "librarys", "libraries"),
    ("audiences: [all-residents, young-people]", "audiences: [all-residents, young-peple]", "audiences[2]",
     "audiences", "young-peple", "young-people"),
    ("methods: [survey, drop-in]", "methods: [survey, drop-ins]", "methods[2]", "methods", "drop-ins", "drop-in"),
])
def test_an_unknown_slug_says_how_to_add_it_before_did_you_mean(fixture_project, old, new, field, file, typed, near):
    [error] = errors_after(fixture_project, old, new)
    assert error.field == field
    message = error.message
    fields = required_fields(file)
    listing = ", ".join(fields[:-1]) + f" and {fields[-1]}"
    assert f"found '{typed}', which data/{file}.yaml does not list" in message
    assert f"add it there as an entry with {listing}" in message
    assert f"did you mean '{near}'" in message
    assert message.index("add it there") < message.index("did you mean")


def test_the_fields_a_new_entry_needs_come_from_its_schema(fixture_project):
    schema_path = fixture_project / "data" / "schema" / "organisations.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    assert "website" in schema["items"]["required"]
    schema["items"]["required"].remove("website")  # a partnership's schema that needs no website
    schema_path.write_text(json.dumps(schema), encoding="utf-8")
    [error] = errors_after(fixture_project, "lead_organisation: test-council", "lead_organisation: harbour-trust")
    assert "as an entry with slug, name and type;" in error.message or error.message.endswith(
        "as an entry with slug, name and type")


def test_a_list_of_lead_organisations_says_to_put_the_others_in_partners(fixture_project):
    errors = errors_after(fixture_project, "lead_organisation: test-council",
                          "lead_organisation: [test-council, test-nhs]")
    [error] = errors  # one message for the field: not the schema's "expected a slug" as well
    assert error.field == "lead_organisation" and error.line == 5
    assert "expected one lead organisation, found a list of 2 (test-council, test-nhs)" in error.message
    assert "put the others in partners" in error.message


def test_a_list_of_leads_for_an_action_says_where_the_others_go(fixture_project):
    [error] = errors_after(fixture_project, "      lead: test-council\n", "      lead: [test-council, test-nhs]\n")
    assert error.field == "outcome.actions[1].lead"
    assert "expected one organisation leading this action, found a list of 2" in error.message
    assert "partners" in error.message


def test_reference_errors_come_in_the_same_pass_as_schema_errors(fixture_project):
    errors = errors_after(fixture_project, "topics: [libraries]\nlevel: consult",
                          "topics: [librarys]\nlevel: consultation")
    by_field = {e.field: e for e in errors}
    assert set(by_field) == {"topics[1]", "level"}
    assert "did you mean 'libraries'" in by_field["topics[1]"].message
    assert "expected one of" in by_field["level"].message


def test_a_record_is_still_checked_against_the_reference_files_that_loaded(fixture_project):
    topics = fixture_project / "data" / "topics.yaml"
    topics.write_text(topics.read_text(encoding="utf-8") + "- slug: Parks\n  name: Parks\n", encoding="utf-8")
    errors = errors_after(fixture_project, "methods: [survey, drop-in]", "methods: [survey, drop-ins]")
    assert {(e.file, e.field) for e in errors} == {("data/topics.yaml", "[3].slug"), (RECORD, "methods[2]")}


def test_problems_in_reference_data_name_the_entry_by_its_slug(fixture_project):
    errors = errors_after(fixture_project, "  website: https://www.test-nhs.example", "  website: not a web address",
                          file="data/organisations.yaml")
    [error] = errors
    assert (error.file, error.field) == ("data/organisations.yaml", "test-nhs.website")
    assert str(error).startswith("data/organisations.yaml:8:")
