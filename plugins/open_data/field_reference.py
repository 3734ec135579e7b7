"""The field reference in docs/open-data.md, as Markdown, from the declarations the files are written from.

The JSON fields come from the descriptions in the export schema (walked as the
/data/ page walks it, by schema_fields) and the CSV columns from the Column
declarations in tables.py and openconsult.py. docs/open-data.md holds a copy
between two HTML comments, and a test fails when that copy and markdown()
differ, so the docs cannot drift from the files. To refresh the copy:

    PYTHONPATH=plugins .venv/bin/python -m open_data.field_reference --write docs/open-data.md

Without --write the Markdown is printed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import openconsult, tables
from .publish import EXPORT_SCHEMA
from .schema_fields import fields

START = "<!-- field-reference:start -->"
END = "<!-- field-reference:end -->"
COMMAND = "PYTHONPATH=plugins .venv/bin/python -m open_data.field_reference --write docs/open-data.md"

# Characters that would end a table cell or start Markdown or HTML inside one.
_ESCAPED = "\\`*_[]<>|"


def cell(text: str) -> str:
    """Text made safe for one Markdown table cell: one line, and nothing Markdown or HTML acts on."""
    text = " ".join(text.split())
    return "".join("\\" + ch if ch in _ESCAPED else ch for ch in text)


def code(name: str) -> str:
    """A field or column name as inline code in a table cell (a | must still be escaped there)."""
    return "`" + name.replace("|", "\\|") + "`"


def _table(headings: list, rows: list) -> list:
    lines = ["| " + " | ".join(headings) + " |", "|" + "---|" * len(headings)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _field_rows(found: list) -> list:
    return [[code(f.path), cell(f.kind), cell(f.description)] for f in found]


def json_section(export_schema: dict) -> list:
    """The JSON fields: the wrapper every JSON file shares, then the fields of each consultation."""
    wrapper = [f for f in fields(export_schema) if not f.path.startswith("consultations[].")]
    consultation = fields(export_schema, export_schema["$defs"]["consultation"])
    return [
        "### Fields in the JSON files",
        "",
        "`data/consultations.json` and each `consultations/<id>.json` are a wrapper with these fields. Every field is "
        "always present: a value the record does not give is `null`, and an empty list is `[]`.",
        "",
        *_table(["Field", "Type", "Description"], _field_rows(wrapper)),
        "",
        f"Each item in `consultations` has these {len(consultation)} fields. `a.b` is field `b` inside `a`; "
        "`a[].b` is field `b` of each item in the list `a`.",
        "",
        *_table(["Field", "Type", "Description"], _field_rows(consultation)),
    ]


def csv_section(datasets: list) -> list:
    """One table of columns for each CSV file, in the order /data/ lists them."""
    lines = ["### Columns in the CSV files"]
    for dataset in datasets:
        lines += [
            "",
            f"#### `{dataset.path}`: {cell(dataset.title)}",
            "",
            cell(dataset.description),
            "",
            *_table(["Column", "Description"], [[code(c.name), cell(c.description)] for c in dataset.columns]),
        ]
    return lines


def markdown() -> str:
    """The whole field reference, ending in a newline."""
    export_schema = json.loads(EXPORT_SCHEMA.read_text(encoding="utf-8"))
    lines = json_section(export_schema) + [""] + csv_section(tables.DATASETS + openconsult.DATASETS)
    return "\n".join(lines) + "\n"


def replace_block(document: str, reference: str) -> str:
    """The document with the text between the START and END comments replaced by reference."""
    start, end = document.find(START), document.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the document has no {START} ... {END} block")
    return document[:start + len(START)] + "\n" + reference + document[end:]


def main(argv: list | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m open_data.field_reference", description=__doc__.split("\n")[0])
    parser.add_argument("--write", metavar="FILE", type=Path,
                        help="replace the block between the field-reference comments in FILE instead of printing")
    args = parser.parse_args(argv)
    reference = markdown()
    if args.write is None:
        sys.stdout.write(reference)
        return 0
    document = args.write.read_text(encoding="utf-8")
    try:
        updated = replace_block(document, reference)
    except ValueError as error:
        parser.error(f"{args.write}: {error}")
    if updated != document:
        args.write.write_text(updated, encoding="utf-8")
    print(f"{args.write}: field reference {'refreshed' if updated != document else 'already up to date'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
