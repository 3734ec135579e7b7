"""Validate parsed YAML against the published JSON Schemas, in plain English.

jsonschema finds the problems; this module turns each one into a sentence a
communications officer can act on: what was expected, what was found, and the
nearest valid spelling when it looks like a typo.
"""

from __future__ import annotations

import difflib
import json
import re
from functools import lru_cache
from pathlib import Path

import jsonschema
import jsonschema_rs

from .yaml_source import Source

SCHEMA_DIR_NAME = "schema"
_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "array": "a list",
    "object": "a set of fields",
    "boolean": "true or false",
    "null": "nothing",
}
_DATE_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@lru_cache(maxsize=None)
def validator_for(schema_path: str) -> jsonschema.protocols.Validator:
    schema = json.loads(Path(schema_path).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@lru_cache(maxsize=None)
def fast_validator_for(schema_path: str):
    """The same schema compiled by jsonschema-rs: about 300 times faster at saying yes or no.

    Most records are valid, so the fast answer decides; only a record it rejects is
    walked by the Python validator, whose error objects we turn into sentences.
    """
    schema = json.loads(Path(schema_path).read_text(encoding="utf-8"))
    return jsonschema_rs.validator_for(schema, validate_formats=True)


def describe(value, raw: str | None = None) -> str:
    """What was found, as a person would say it."""
    if value is None:
        return "nothing (the field is empty)"
    if isinstance(value, bool):
        typed = raw if raw is not None else str(value).lower()
        return (f"{typed}, which YAML reads as the yes/no value {str(value).lower()}; "
                f'if you meant the text, put it in quotes: "{typed}"')
    if isinstance(value, (int, float)):
        return f"the number {raw if raw is not None else value}"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return "empty text" if not value.strip() else f"'{shown}'"
    if isinstance(value, list):
        return "an empty list" if not value else f"a list of {len(value)} item(s)"
    if isinstance(value, dict):
        return "a set of fields"
    return repr(value)


def suggest(word, choices) -> str:
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _expected_type(schema) -> str:
    types = schema.get("type")
    if isinstance(types, list):
        return " or ".join(_TYPE_WORDS.get(t, t) for t in types)
    return _TYPE_WORDS.get(types, str(types))


def check(source: Source, schema_path: Path) -> list:
    """Every schema problem in one parsed file, one per place, in file order."""
    try:
        if fast_validator_for(str(schema_path)).is_valid(source.data):
            return []
    except ValueError:
        pass  # a value jsonschema-rs cannot take (a YAML !!binary, say): let the full check explain
    problems = []
    seen = set()
    for error in validator_for(str(schema_path)).iter_errors(source.data):
        for path, message in _explain(error, source):
            if path in seen:
                continue  # one mistake, one message: skip follow-on errors at the same field
            seen.add(path)
            problems.append(source.problem(path, message))
    return sorted(problems)


def _explain(error, source: Source):
    path = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    value = error.instance
    raw = source.raw.get(path)
    found = describe(value, raw)
    expected = schema.get("x-expected")
    kind = error.validator

    if kind == "required":
        missing = [name for name in error.validator_value if name not in (value or {})]
        custom = schema.get("x-message")
        known = schema.get("properties", {})
        misspelt = [key for key in (value or {}) if known and key not in known]
        for name in missing:
            if difflib.get_close_matches(name, misspelt, n=1, cutoff=0.6):
                continue  # the unknown-field message already says "did you mean"
            yield path + (name,), custom or f"expected this field, found it missing: add '{name}:'"
    elif kind == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        for name in value:
            if name not in allowed:
                yield path + (name,), (
                    f"expected one of the known fields ({', '.join(allowed)}), "
                    f"found the unknown field '{name}'{suggest(name, allowed)}"
                )
    elif kind == "type":
        yield path, f"expected {expected or _expected_type(schema)}, found {found}"
    elif kind == "enum":
        choices = error.validator_value
        yield path, (f"expected one of: {', '.join(map(str, choices))}; "
                     f"found {found}{suggest(value, choices)}")
    elif kind == "const":
        yield path, f"expected {error.validator_value!r}, found {found}"
    elif kind == "format" and error.validator_value == "date" and isinstance(value, str) and _DATE_SHAPE.match(value):
        yield path, f"expected a real calendar date, found {found}, which does not exist"
    elif kind in ("pattern", "format", "minLength"):
        yield path, f"expected {expected or 'a valid value'}, found {found}"
    elif kind == "minItems":
        yield path, f"expected at least {error.validator_value} item(s), found {found}"
    elif kind == "uniqueItems":
        dupes = sorted({str(x) for x in value if value.count(x) > 1})
        yield path, f"expected each item once, found {', '.join(dupes)} more than once"
    elif kind in ("minimum", "maximum"):
        word = "at least" if kind == "minimum" else "at most"
        yield path, f"expected a number {word} {error.validator_value}, found {found}"
    elif kind in ("anyOf", "oneOf"):
        if isinstance(value, dict) and expected:
            yield path, f"expected {expected}, found neither"
        else:
            yield path, f"expected {expected or 'a valid value'}, found {found}"
    else:  # a schema keyword added later without a sentence of its own
        yield path, f"expected a valid value: {error.message}"
