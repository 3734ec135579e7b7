"""The editor schema: Draft-07, every reference slug offered with its name, and kept current.

Editors (the YAML language server) read it for completions; the build never does, so
these tests hold it to the record schema: every demo record passes it, a mistyped slug
fails it, and `check` warns when the committed copy no longer matches the data.
"""

from __future__ import annotations

import copy
import json
import shutil
from datetime import date

import pytest
from jsonschema import Draft7Validator

from helpers.site import ROOT
from said_and_done.domain.editor_schema import FILE_NAME, editor_schema, render
from said_and_done.domain.records import load_register
from said_and_done.domain.yaml_source import load_yaml
from said_and_done.scaffold.lookup import read_reference

DATA = ROOT / "data"
EDITOR = DATA / FILE_NAME
RECORDS = sorted((DATA / "consultations").glob("*.yaml"))


@pytest.fixture(scope="module")
def validator() -> Draft7Validator:
    schema = json.loads(EDITOR.read_text(encoding="utf-8"))
    Draft7Validator.check_schema(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert "$defs" not in json.dumps(schema)  # every 2020-12 reference rewritten
    return Draft7Validator(schema)


def _record(path):
    source, problems = load_yaml(path, path.name)
    assert not problems
    return copy.deepcopy(source.data)


@pytest.mark.parametrize("path", RECORDS, ids=lambda p: p.stem)
def test_every_demo_record_passes_the_editor_schema(validator, path):
    assert not [e.message for e in validator.iter_errors(_record(path))]


@pytest.mark.parametrize(("where", "value"), [
    (("localities",), ["harlstw"]),
    (("lead_organisation",), "moorland-home"),
    (("partners",), ["brackenmoor-councl"]),
    (("topics",), ["transport", "trasport"]),
    (("audiences",), ["young-peple"]),
    (("methods",), ["survy"]),
    (("evaluation", "groups_reached"), ["older-peple"]),
    (("outcome", "actions", 0, "lead"), "kestlebury-council"),
])
def test_a_mistyped_slug_fails(validator, where, value):
    data = _record(DATA / "consultations" / "2025-kestlebury-market-square-parking.yaml")
    assert not list(validator.iter_errors(data))
    node = data
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = value
    assert list(validator.iter_errors(data))


def test_slugs_are_offered_with_their_names(validator):
    definitions = validator.schema["definitions"]
    localities = definitions["localities-slug"]
    assert dict(zip(localities["enum"], localities["enumDescriptions"], strict=True))["harlstow"] == "Harlstow"
    organisations = definitions["organisations-slug"]
    assert dict(zip(organisations["enum"], organisations["enumDescriptions"], strict=True))[
        "moorland-homes"] == "Moorland Homes"
    assert validator.schema["properties"]["lead_organisation"]["allOf"] == [
        {"$ref": "#/definitions/organisations-slug"}]


def test_the_committed_copy_is_what_the_schema_and_reference_data_make():
    schema = json.loads((DATA / "schema" / "consultation.schema.json").read_text(encoding="utf-8"))
    reference = {k: list(v.items()) for k, v in read_reference(DATA, DATA / "schema", ROOT).items()}
    assert EDITOR.read_text(encoding="utf-8") == render(editor_schema(schema, reference)), (
        "data/consultation.editor.schema.json is stale: run make editor-schema")


def test_check_warns_when_the_copy_is_stale(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    (tmp_path / "content").mkdir()
    shutil.copytree(ROOT / "content" / "outcomes", tmp_path / "content" / "outcomes")

    def warnings():
        register = load_register(data, tmp_path / "content" / "outcomes", build_date=date(2026, 11, 23),
                                 root=tmp_path, render_writeups=False)
        return [p for p in register.warnings if p.field == "(editor schema)"]

    assert warnings() == []
    with open(data / "localities.yaml", "a", encoding="utf-8") as out:
        out.write("\n- slug: new-town\n  name: New Town\n  description: A new place.\n  wards: [New Town]\n")
    stale = warnings()
    assert len(stale) == 1 and stale[0].file == f"data/{FILE_NAME}" and "make editor-schema" in stale[0].message
    (data / FILE_NAME).unlink()  # a project without one (not yet made) is not warned about
    assert warnings() == []


def test_vscode_maps_the_records_to_the_editor_schema():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapped = {target: globs for target, globs in settings["yaml.schemas"].items()}
    assert mapped == {f"./data/{FILE_NAME}": ["data/consultations/*.yaml"]}
    assert (ROOT / mapped[f"./data/{FILE_NAME}"][0].split("/*")[0]).is_dir() and EDITOR.is_file()


def test_init_gives_a_new_repository_its_editor_schema(tmp_path, monkeypatch):
    import sys

    from said_and_done.cli import main

    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)
    assert main(["init", str(tmp_path / "site"), "--name", "Wyvern Vale Partnership",
                 "--url", "https://consult.wyvern.example", "--lead", "Wyvern Vale Council",
                 "--lead-website", "https://www.wyvern.example", "--email", "consult@wyvern.example",
                 "--host", "netlify"]) == 0
    site = tmp_path / "site"
    schema = json.loads((site / "data" / FILE_NAME).read_text(encoding="utf-8"))
    assert schema["definitions"]["organisations-slug"]["enum"] == ["wyvern-vale-council"]
    (example,) = (site / "data" / "consultations").glob("*.yaml")
    assert example.read_text(encoding="utf-8").startswith(f"# yaml-language-server: $schema=../{FILE_NAME}\n")
    assert not list(Draft7Validator(schema).iter_errors(_record(example)))
    assert json.loads((site / ".vscode" / "settings.json").read_text(encoding="utf-8"))["yaml.schemas"] == {
        f"./data/{FILE_NAME}": ["data/consultations/*.yaml"]}
