"""The standing groups as open data: data/groups.json and data/groups.csv, with the fields /data/ documents."""

from __future__ import annotations

import csv
import io
import json

from said_and_done.api import printable

# A cell starting with one of these may be read as a formula by a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
JSON_FILE, CSV_FILE = "data/groups.json", "data/groups.csv"
SCHEMA_FILE = "schema/groups.schema.json"  # the schema data/groups.yaml is checked against
COLUMNS = (
    ("slug", "The group's id; its entry is /get-involved/#<slug>."),
    ("name", "The group's name."),
    ("kind", "citizens-panel, youth-council, tenant-panel, neighbourhood-meeting, pact, forum or other."),
    ("partner", "The slug of the organisation that runs it."),
    ("localities", "The slugs of the localities it covers, separated by '; ', or all for the whole area."),
    ("about", "What it does."),
    ("how_to_join", "Who can join and how."),
    ("meets", "How often and where it meets."),
    ("contact_name", "The team or role to contact."),
    ("contact_email", "Its email address, if it has one."),
    ("contact_phone", "Its phone number, if it has one."),
    ("contact_url", "Its web page, if it has one."),
)
JSON_FIELDS = tuple((f"groups[].{name}", meaning) for name, meaning in COLUMNS[:8]) + (
    ("groups[].contact", "name, and email, phone and url where given (null where not)."),
)


def _cell(value) -> str:
    text = printable(str(value))
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def as_dict(group) -> dict:
    contact = dict(group.contact)
    return {"slug": group.slug, "name": group.name, "kind": group.kind, "partner": group.partner,
            "localities": list(group.localities) or "all", "about": group.about, "how_to_join": group.how_to_join,
            "meets": group.meets,
            "contact": {key: contact.get(key) for key in ("name", "email", "phone", "url")}}


def json_text(groups, publisher: str, build_date, documentation: str) -> str:
    body = {"format": "said-and-done-groups", "version": 1, "build_date": build_date.isoformat(),
            "publisher": printable(publisher), "documentation": documentation, "count": len(groups),
            "groups": [as_dict(g) for g in groups]}
    return json.dumps(body, ensure_ascii=False, indent=1) + "\n"


def csv_text(groups) -> str:
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\r\n")
    out.writerow([name for name, _ in COLUMNS])
    for g in groups:
        d = as_dict(g)
        places = "; ".join(d["localities"]) if isinstance(d["localities"], list) else "all"
        row = [g.slug, g.name, g.kind, g.partner, places, g.about, g.how_to_join, g.meets,
               *(d["contact"][key] or "" for key in ("name", "email", "phone", "url"))]
        out.writerow([_cell(x) for x in row])
    return buffer.getvalue()


def data_page_entry() -> dict:
    """What /data/ says about these files (plugins/open_data shows every plugin's entry)."""
    return {"id": "groups", "heading": "Ways to get involved",
            "about": "The standing groups residents can join: panels, youth councils, tenant panels, "
                     "neighbourhood meetings and PACTs. The same as the ways to get involved page.",
            "files": (("groups.json", JSON_FILE), ("groups.csv", CSV_FILE),
                      ("groups.schema.json, the schema data/groups.yaml is checked against", SCHEMA_FILE)),
            "json_fields": JSON_FIELDS, "csv_columns": COLUMNS}
