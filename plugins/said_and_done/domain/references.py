"""The slugs a record names, checked against the reference files, and reference data's problems named by slug.

An unknown slug is most often a new organisation, place or topic, so the message says
how to add it (the file, and the fields its entry needs, read from that file's schema)
before any "did you mean". A list where the schema allows one value says where the
others go. The record need not be valid: a record with schema errors is checked here
too, in the same pass, so staff see every problem at once. An entry of a reference
file is named by its slug, which staff search for, not by its place in the list.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from functools import cache
from pathlib import Path

from .problems import field_name
from .schema_check import suggest

# Each kind of slug, and the reference file listing them.
FILES = {"organisation": "organisations", "locality": "localities", "topic": "topics", "audience": "audiences",
         "method": "methods"}
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_INDEXED = re.compile(r"^\[(\d+)\](.*)$")
# Where the others go when a list is given where one value is allowed.
_ONE_ONLY = {
    "lead_organisation": "expected one lead organisation, found {found}: keep the one that leads here, "
                         "and put the others in partners",
    "lead": "expected one organisation leading this action, found {found}: keep the one answerable for it here; "
            "the others belong in the consultation's partners, and can be named in we_will",
}


@cache
def entry_fields(schema_file: str) -> tuple:
    """The fields every entry of a reference file must have, from its schema as it is now."""
    try:
        return _required_in(schema_file, Path(schema_file).stat().st_mtime_ns)
    except OSError:
        return ("slug", "name")


@cache
def _required_in(schema_file: str, _changed: int) -> tuple:  # read again when the schema is saved
    try:
        schema = json.loads(Path(schema_file).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ("slug", "name")
    return tuple(schema.get("items", {}).get("required", ("slug", "name")))


def _and(words) -> str:
    words = list(words)
    return ", ".join(words[:-1]) + f" and {words[-1]}" if len(words) > 1 else "".join(words)


def unknown(kind: str, slug: str, table, data_display: str, schema_folder: Path) -> str:
    file = f"{data_display}/{FILES[kind]}.yaml"
    fields = entry_fields(str(Path(schema_folder) / f"{FILES[kind]}.schema.json"))
    return (f"expected a known {kind} slug, found '{slug}', which {file} does not list; if it is new, add it "
            f"there as an entry with {_and(fields)}{suggest(slug, table)}")


def slug_problems(source, ref: dict, data_display: str, schema_folder: Path) -> list:
    """Every slug the record names that its reference file does not list, and every list where
    one slug is allowed. Values of the wrong shape are left to the schema's messages; a kind
    whose reference file did not load is not checked (its file's own problems say why)."""
    data = source.data if isinstance(source.data, dict) else {}
    found = []

    def need(path, value, kind):
        table = ref.get(FILES[kind])
        if isinstance(value, list) and path[-1] in _ONE_ONLY:
            shown = ", ".join(str(v) for v in value[:4]) + (", ..." if len(value) > 4 else "")
            found.append(source.problem(path, _ONE_ONLY[path[-1]].format(
                found=f"a list of {len(value)} ({shown})" if value else "an empty list")))
        elif table and isinstance(value, str) and value not in table:
            found.append(source.problem(path, unknown(kind, value, table, data_display, schema_folder)))

    def each(path, values, kind):
        for i, slug in enumerate(values if isinstance(values, list) else []):
            need((*path, i), slug, kind)

    need(("lead_organisation",), data.get("lead_organisation"), "organisation")
    each(("partners",), data.get("partners"), "organisation")
    each(("localities",), data.get("localities"), "locality")
    for key, kind in (("topics", "topic"), ("audiences", "audience"), ("methods", "method")):
        each((key,), data.get(key), kind)
    evaluation = data.get("evaluation") if isinstance(data.get("evaluation"), dict) else {}
    for key in ("groups_reached", "groups_not_reached"):
        each(("evaluation", key), evaluation.get(key), "audience")
    outcome = data.get("outcome") if isinstance(data.get("outcome"), dict) else {}
    actions = outcome.get("actions") if isinstance(outcome.get("actions"), list) else []
    for i, action in enumerate(actions):
        if isinstance(action, dict):
            need(("outcome", "actions", i, "lead"), action.get("lead"), "organisation")
    return found


def with_schema_problems(schema_problems: list, reference_problems: list) -> list:
    """Both, one message per field: a reference message says more than the schema's about the same value."""
    said = {p.field for p in reference_problems}
    return sorted([p for p in schema_problems if p.field not in said] + reference_problems)


def _slug_of(data, index: int):
    entry = data[index] if isinstance(data, list) and 0 <= index < len(data) else None
    slug = entry.get("slug") if isinstance(entry, dict) else None
    return slug if isinstance(slug, str) and _SLUG.match(slug) else None


def entry_field(data, path: tuple) -> str:
    """A field of a reference file as staff find it: moorland-homes.website, not [4].website."""
    shown = field_name(tuple(path))
    return by_slug_field(shown, data)


def by_slug_field(shown: str, data) -> str:
    match = _INDEXED.match(shown)
    slug = _slug_of(data, int(match.group(1)) - 1) if match else None
    return slug + match.group(2) if slug else shown


def by_slug(problems: list, data) -> list:
    """Problems in a reference file, each entry named by its slug where it has a valid one."""
    return [replace(p, field=by_slug_field(p.field, data)) for p in problems]
