"""data/indicators.yaml read and checked, as the core checks its reference files.

The file is optional: a partnership that tracks no indicators has no pages for them.
Problems name the file, line and field (the core's load_yaml keeps every value's line).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from said_and_done.api import display_path, load_yaml, options_from, schema_check, schema_folder

FILE = "indicators.yaml"


@dataclass(frozen=True)
class Figure:
    year: int
    area: float
    localities: tuple  # ((slug, figure), ...) in the file's order


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    definition: str
    source: str
    unit: str  # "percent" or "number"
    higher_is_better: bool
    values: tuple  # Figure, oldest first
    target: float | None = None
    target_year: int | None = None


def data_file(register) -> Path:
    # A register loaded without Pelican's settings (some tests) has its data beside its root.
    if not register.settings.get("PATH"):
        return Path(register.root) / "data" / FILE
    return options_from(register.settings).data_path / FILE


def load(path: Path, root: Path, localities) -> tuple[list, list]:
    """(indicators, problems) from the file at path; no file, no indicators and no problems."""
    if not path.exists():
        return [], []
    display = display_path(path, root)
    source, problems = load_yaml(path, display)
    problems = problems or schema_check(source, schema_folder(path.parent) / "indicators.schema.json")
    if problems:
        return [], problems
    indicators, seen = [], set()
    for i, item in enumerate(source.data):
        found = _cross_checks(source, i, item, seen, localities)
        problems += found
        seen.add(item["id"])
        if not found:
            indicators.append(_indicator(item))
    return indicators, problems


def _cross_checks(source, i: int, item: dict, seen: set, localities) -> list:
    problems = []
    if item["id"] in seen:
        problems.append(source.problem((i, "id"), f"expected each indicator id once, found '{item['id']}' again"))
    if ("target" in item) != ("target_year" in item):
        given, missing = ("target", "target_year") if "target" in item else ("target_year", "target")
        problems.append(source.problem((i, given), f"expected {given} and {missing} together, found {given} "
                                                   f"without {missing}: add {missing} or remove {given}"))
    years = set()
    for j, figure in enumerate(item["values"]):
        if figure["year"] in years:
            problems.append(source.problem((i, "values", j, "year"),
                                           f"expected each year once, found {figure['year']} again"))
        elif years and figure["year"] < max(years):
            problems.append(source.problem((i, "values", j, "year"),
                                           f"expected the years oldest first, found {figure['year']} after {max(years)}"))
        years.add(figure["year"])
        for slug in figure.get("localities", {}):
            if slug not in localities:
                problems.append(source.problem(
                    (i, "values", j, "localities", slug),
                    f"expected a locality slug from data/localities.yaml, found '{slug}'"))
    return problems


def _indicator(item: dict) -> Indicator:
    values = tuple(Figure(v["year"], v["area"], tuple(v.get("localities", {}).items())) for v in item["values"])
    return Indicator(id=item["id"], name=item["name"].strip(), definition=item["definition"].strip(),
                     source=item["source"].strip(), unit=item["unit"], higher_is_better=item["higher_is_better"],
                     values=values, target=item.get("target"), target_year=item.get("target_year"))
