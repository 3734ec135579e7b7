"""The editor schema: the record schema as Draft-07, with every slug the reference data has.

Editors that use the YAML language server (VS Code's YAML extension, and others) read
Draft-07 fully, and offer an enum's values as completions, showing enumDescriptions
beside them: so staff typing a locality are offered `harlstow` and see "Harlstow".
It is made from the record schema the register is checked against (2020-12: `$defs`
become `definitions`, and a `$ref` with other keywords beside it, which Draft-07
ignores, is wrapped in allOf) and the reference files, so it follows both; the
x- keywords the validator reads are kept (editors ignore them).

Only editors read it. The build checks records against the record schema itself, so
a stale editor schema never lets a wrong record through: `check` warns (stale_problem)
and `make editor-schema` writes it again.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

from .problems import WARNING, Problem

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
FILE_NAME = "consultation.editor.schema.json"
# The field names whose slugs come from a reference file, and which file: wherever they
# are in the schema (an action's lead deep inside outcome too), so a new field of the
# same name is covered without a change here.
SLUG_FIELDS = {
    "lead_organisation": "organisations", "partners": "organisations", "lead": "organisations",
    "localities": "localities", "topics": "topics", "audiences": "audiences", "methods": "methods",
    "groups_reached": "audiences", "groups_not_reached": "audiences",
}


def editor_schema_path(data_path: Path) -> Path:
    """Beside the records' folder, not in data/schema/: a partnership's data folder has no
    schema/ (its records follow the installed engine's schemas), and one would replace them."""
    return Path(data_path) / FILE_NAME


def _to_draft_07(node, kinds=None):
    """The node with 2020-12's $defs refs rewritten; inside a slug field, slug refs point at its file's enum."""
    if isinstance(node, list):
        return [_to_draft_07(item, kinds) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key == "$defs":
            key = "definitions"
        if key == "properties" and isinstance(value, dict):
            out[key] = {name: _to_draft_07(sub, SLUG_FIELDS.get(name, kinds)) for name, sub in value.items()}
            continue
        out[key] = _to_draft_07(value, kinds)
    ref = out.get("$ref")
    if isinstance(ref, str):
        ref = ref.replace("#/$defs/", "#/definitions/")
        if kinds and ref in ("#/definitions/slug", "#/definitions/slugs"):
            ref = f"#/definitions/{kinds}" + ("" if ref.endswith("slugs") else "-slug")
        out["$ref"] = ref
        if len(out) > 1:  # Draft-07 ignores every keyword beside a $ref
            out["allOf"] = [{"$ref": out.pop("$ref")}]
    return out


def editor_schema(record_schema: dict, reference: dict) -> dict:
    """reference: file name (organisations, ...) -> [(slug, name), ...] in the file's order."""
    schema = _to_draft_07(copy.deepcopy(record_schema))
    schema["$schema"] = DRAFT_07
    schema["$id"] = schema.get("$id", "").replace("consultation.schema.json", FILE_NAME)
    schema["$comment"] = ("Made from consultation.schema.json and the reference files by `make editor-schema`, "
                          "for editors' completions only; edit those, never this file.")
    definitions = schema.setdefault("definitions", {})
    for kinds, entries in sorted(reference.items()):  # one order, whoever read the files
        definitions[f"{kinds}-slug"] = {
            "type": "string",
            "enum": [slug for slug, _ in entries],
            "enumDescriptions": [name for _, name in entries],
            "x-expected": f"a slug from data/{kinds}.yaml",
        }
        definitions[kinds] = {"type": "array", "uniqueItems": True, "items": {"$ref": f"#/definitions/{kinds}-slug"}}
    return schema


def reference_entries(register) -> dict:
    """(slug, name) pairs of each reference file, from a loaded register."""
    return {kinds: [(slug, item.name) for slug, item in getattr(register, kinds).items()]
            for kinds in sorted(set(SLUG_FIELDS.values()))}


def render(schema: dict) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def expected_text(schema_folder: Path, register) -> str:
    record_schema = json.loads((Path(schema_folder) / "consultation.schema.json").read_text(encoding="utf-8"))
    return render(editor_schema(record_schema, reference_entries(register)))


def stale_problem(data_path: Path, schema_folder: Path, register, display: str) -> list[Problem]:
    """A warning when the editor schema is there but not what the schema and reference data make now."""
    path = editor_schema_path(data_path)
    if not path.is_file():
        return []
    if path.read_text(encoding="utf-8") == expected_text(schema_folder, register):
        return []
    return [Problem(display, 1, 1, "(editor schema)", (
        "expected the editor schema to match the record schema and the reference files, found it out of date "
        "(a slug was added, renamed or removed since): run `make editor-schema` and commit the file, "
        "so editors offer the current slugs"), WARNING)]
