"""The field reference in docs/open-data.md is the one made from the export schema and the CSV column declarations."""

from __future__ import annotations

import json

import pytest

from helpers.site import ROOT
from open_data import field_reference, openconsult, tables
from open_data.publish import EXPORT_SCHEMA
from open_data.schema_fields import fields

OPEN_DATA_DOC = ROOT / "docs" / "open-data.md"


def documented_block() -> str:
    """What docs/open-data.md holds between the field-reference comments."""
    text = OPEN_DATA_DOC.read_text(encoding="utf-8")
    assert text.count(field_reference.START) == 1 and text.count(field_reference.END) == 1, \
        f"docs/open-data.md needs one {field_reference.START} and one {field_reference.END}"
    block = text.split(field_reference.START, 1)[1].split(field_reference.END, 1)[0]
    assert block.startswith("\n"), f"put {field_reference.START} on a line of its own"
    return block[1:]


def every_property(node, found=None) -> set:
    """The name of every property anywhere in a JSON Schema, $defs included, without following $ref."""
    found = set() if found is None else found
    if isinstance(node, dict):
        found.update(node.get("properties", {}))
        for value in node.values():
            every_property(value, found)
    elif isinstance(node, list):
        for value in node:
            every_property(value, found)
    return found


def documented_names(block: str) -> set:
    """The first cell of every table row, as written in code: field paths and column names."""
    rows = [line for line in block.splitlines() if line.startswith("| `")]
    return {row[3:row.index("`", 3)] for row in rows}


def test_the_docs_hold_the_field_reference_made_from_the_declarations():
    assert documented_block() == field_reference.markdown(), (
        "docs/open-data.md's field reference differs from the export schema and the CSV column declarations. "
        f"Refresh it with: {field_reference.COMMAND}")


def test_every_export_schema_property_is_in_the_docs():
    names = documented_names(documented_block())
    segments = {part.removesuffix("[]") for name in names for part in name.split(".")}
    schema = json.loads(EXPORT_SCHEMA.read_text(encoding="utf-8"))
    assert sorted(every_property(schema) - segments) == []
    # And each consultation field by its whole path, as the /data/ page names it.
    paths = {f.path for f in fields(schema, schema["$defs"]["consultation"])}
    assert sorted(paths - names) == []


def test_every_csv_column_is_in_the_docs_under_its_file():
    block = documented_block()
    for dataset in tables.DATASETS + openconsult.DATASETS:
        heading = f"#### `{dataset.path}`"
        assert heading in block, dataset.path
        section = block.split(heading, 1)[1].split("\n#### ", 1)[0]
        assert [n for n in (c.name for c in dataset.columns) if f"| `{n}` |" not in section] == [], dataset.path


@pytest.mark.parametrize(("text", "cell"), [
    ("a | b", "a \\| b"),
    ("the page is /consultations/<id>/", "the page is /consultations/\\<id\\>/"),
    ("two\nlines  and\ttabs", "two lines and tabs"),
    ("*not* _emphasis_ or [a link] or `code`", "\\*not\\* \\_emphasis\\_ or \\[a link\\] or \\`code\\`"),
    ("a back\\slash", "a back\\\\slash"),
])
def test_table_cells_are_kept_safe(text, cell):
    assert field_reference.cell(text) == cell


def test_a_pipe_in_a_description_stays_in_its_cell(monkeypatch):
    column = tables.Column("odd|name", "left | right", lambda c: None)
    monkeypatch.setattr(tables, "DATASETS", [tables.Dataset("data/x.csv", "X", "X.", [column], lambda c, _: [c])])
    row = next(line for line in field_reference.markdown().splitlines() if "odd" in line)
    assert row == "| `odd\\|name` | left \\| right |"
    # Three unescaped pipes: the row has exactly two cells.
    assert row.replace("\\|", "").count("|") == 3


def test_the_command_refreshes_the_block(tmp_path, capsys):
    doc = tmp_path / "open-data.md"
    doc.write_text(f"# Before\n\n{field_reference.START}\nstale\n{field_reference.END}\n\nAfter.\n", encoding="utf-8")
    assert field_reference.main(["--write", str(doc)]) == 0
    assert doc.read_text(encoding="utf-8") == (
        f"# Before\n\n{field_reference.START}\n{field_reference.markdown()}{field_reference.END}\n\nAfter.\n")
    assert field_reference.main([]) == 0
    assert capsys.readouterr().out.endswith(field_reference.markdown())
