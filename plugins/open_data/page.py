"""What the /data/ page lists, arranged in Python so the template only displays it."""

from __future__ import annotations

from .schema_fields import fields
from .statuses import STATUS_MAPPINGS
from .tables import FORMULA_STARTS, LIST_SEPARATOR

_INVISIBLE = {"\t": "a tab", "\r": "a carriage return"}
# The characters a spreadsheet may treat as the start of a formula, as the page names them.
FORMULA_CHARACTERS = [_INVISIBLE.get(ch, ch) for ch in FORMULA_STARTS]


def describe(export_schema: dict) -> dict:
    every = fields(export_schema)
    return {
        # The envelope every JSON file shares, then the fields of one consultation.
        "envelope_fields": [f for f in every if not f.path.startswith("consultations[].")],
        "consultation_fields": fields(export_schema, export_schema["$defs"]["consultation"]),
        "status_mappings": STATUS_MAPPINGS,
        "list_separator": LIST_SEPARATOR,
        "formula_characters": FORMULA_CHARACTERS,
    }
