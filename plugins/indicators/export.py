"""The indicators as open data: data/indicators.json (one entry each, with every figure)
and data/indicators.csv (one row per figure), with the fields /data/ documents."""

from __future__ import annotations

import csv
import io
import json

from said_and_done.api import printable

# A cell starting with one of these may be read as a formula by a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
JSON_FILE, CSV_FILE = "data/indicators.json", "data/indicators.csv"
SCHEMA_FILE = "schema/indicators.schema.json"  # the schema data/indicators.yaml is checked against

JSON_FIELDS = (
    ("indicators[].id", "The indicator's id; its page is /indicators/<id>/."),
    ("indicators[].name", "What it measures."),
    ("indicators[].definition", "Exactly what is counted, and how."),
    ("indicators[].source", "Where the figures come from."),
    ("indicators[].unit", "percent or number."),
    ("indicators[].higher_is_better", "true when a rise is good news, false when a fall is."),
    ("indicators[].target", "The figure aimed for, or null."),
    ("indicators[].target_year", "The year the target is for, or null."),
    ("indicators[].values[].year", "The year of the figures."),
    ("indicators[].values[].area", "The figure for the whole area."),
    ("indicators[].values[].localities", "The figure for each locality measured that year, by locality slug."),
)
CSV_COLUMNS = (
    ("indicator", "The indicator's id."),
    ("name", "What it measures."),
    ("unit", "percent or number."),
    ("higher_is_better", "true or false."),
    ("year", "The year of the figure."),
    ("locality", "The locality's slug; empty for the whole area."),
    ("locality_name", "The locality's name, or Whole area."),
    ("value", "The figure."),
)


def _cell(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    text = printable(str(value))
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def as_dict(indicator) -> dict:
    return {
        "id": indicator.id, "name": indicator.name, "definition": indicator.definition, "source": indicator.source,
        "unit": indicator.unit, "higher_is_better": indicator.higher_is_better, "target": indicator.target,
        "target_year": indicator.target_year,
        "values": [{"year": v.year, "area": v.area, "localities": dict(v.localities)} for v in indicator.values],
    }


def json_text(indicators, publisher: str, build_date, documentation: str) -> str:
    body = {"format": "said-and-done-indicators", "version": 1, "build_date": build_date.isoformat(),
            "publisher": printable(publisher), "documentation": documentation, "count": len(indicators),
            "indicators": [as_dict(i) for i in indicators]}
    return json.dumps(body, ensure_ascii=False, indent=1) + "\n"


def csv_text(indicators, localities: dict) -> str:
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\r\n")
    out.writerow([name for name, _ in CSV_COLUMNS])
    for i in indicators:
        for v in i.values:
            places = [("", "Whole area", v.area)] + [(slug, localities[slug].name, value) for slug, value in v.localities]
            for slug, name, value in places:
                out.writerow([_cell(x) for x in (i.id, i.name, i.unit, i.higher_is_better, v.year, slug, name, value)])
    return buffer.getvalue()


def data_page_entry() -> dict:
    """What /data/ says about these files (plugins/open_data shows every plugin's entry)."""
    return {"id": "indicators", "heading": "Indicators",
            "about": "The measures the partners track to see whether engagement is working, with every year's "
                     "figures for the whole area and each locality. The same figures as the indicator pages.",
            "files": (("indicators.json", JSON_FILE), ("indicators.csv", CSV_FILE),
                      ("indicators.schema.json, the schema data/indicators.yaml is checked against", SCHEMA_FILE)),
            "json_fields": JSON_FIELDS, "csv_columns": CSV_COLUMNS}
