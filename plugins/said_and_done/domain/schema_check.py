"""Validate parsed YAML against the published JSON Schemas, in plain English.

jsonschema finds the problems; this module turns each one into a sentence a
communications officer can act on: what was expected, what was found, and the
nearest valid spelling when it looks like a typo.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from functools import cache
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


@cache
def validator_for(schema_path: str) -> jsonschema.protocols.Validator:
    schema = json.loads(Path(schema_path).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@cache
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


@dataclass(frozen=True)
class _Failure:
    """One schema error, with what every sentence about it may need."""
    error: object
    path: tuple
    schema: dict
    value: object
    found: str
    expected: str | None


def _explain(error, source: Source):
    schema = error.schema if isinstance(error.schema, dict) else {}
    path = tuple(error.absolute_path)
    failure = _Failure(error, path, schema, error.instance, describe(error.instance, source.raw.get(path)),
                       schema.get("x-expected"))
    sentences = _SENTENCES.get(error.validator, _unexplained)
    yield from sentences(failure)


def _required(f: _Failure):
    missing = [name for name in f.error.validator_value if name not in (f.value or {})]
    custom = f.schema.get("x-message")
    known = f.schema.get("properties", {})
    misspelt = [key for key in (f.value or {}) if known and key not in known]
    for name in missing:
        if difflib.get_close_matches(name, misspelt, n=1, cutoff=0.6):
            continue  # the unknown-field message already says "did you mean"
        yield f.path + (name,), custom or f"expected this field, found it missing: add '{name}:'"


def _unknown_field(f: _Failure):
    allowed = list(f.schema.get("properties", {}))
    for name in f.value:
        if name not in allowed:
            yield f.path + (name,), (
                f"expected one of the known fields ({', '.join(allowed)}), "
                f"found the unknown field '{name}'{suggest(name, allowed)}"
            )


def _wrong_type(f: _Failure):
    yield f.path, f"expected {f.expected or _expected_type(f.schema)}, found {f.found}"


def _not_a_choice(f: _Failure):
    choices = f.error.validator_value
    yield f.path, f"expected one of: {', '.join(map(str, choices))}; found {f.found}{suggest(f.value, choices)}"


def _not_the_constant(f: _Failure):
    yield f.path, f"expected {f.error.validator_value!r}, found {f.found}"


def _bad_format(f: _Failure):
    if f.error.validator_value == "date" and isinstance(f.value, str) and _DATE_SHAPE.match(f.value):
        yield f.path, f"expected a real calendar date, found {f.found}, which does not exist"
    else:
        yield from _not_valid(f)


def _not_valid(f: _Failure):
    yield f.path, f"expected {f.expected or 'a valid value'}, found {f.found}"


def _too_few(f: _Failure):
    yield f.path, f"expected at least {f.error.validator_value} item(s), found {f.found}"


def _repeated(f: _Failure):
    dupes = sorted({str(x) for x in f.value if f.value.count(x) > 1})
    yield f.path, f"expected each item once, found {', '.join(dupes)} more than once"


def _out_of_range(f: _Failure):
    word = "at least" if f.error.validator == "minimum" else "at most"
    yield f.path, f"expected a number {word} {f.error.validator_value}, found {f.found}"


def _no_alternative(f: _Failure):
    if isinstance(f.value, dict) and f.expected:
        # oneOf also fails when more than one alternative fits (a link and a reason, say).
        several = f.error.validator == "oneOf" and "valid under each of" in f.error.message
        yield f.path, f"expected {f.expected}, found {'more than one' if several else 'neither'}"
    else:
        yield from _not_valid(f)


def _unexplained(f: _Failure):  # a schema keyword added later without a sentence of its own
    yield f.path, f"expected a valid value: {f.error.message}"


# A plain-English sentence for each JSON Schema keyword a record can fail.
_SENTENCES = {
    "required": _required, "additionalProperties": _unknown_field, "type": _wrong_type, "enum": _not_a_choice,
    "const": _not_the_constant, "format": _bad_format, "pattern": _not_valid, "minLength": _not_valid,
    "minItems": _too_few, "uniqueItems": _repeated, "minimum": _out_of_range, "maximum": _out_of_range,
    "anyOf": _no_alternative, "oneOf": _no_alternative,
}
