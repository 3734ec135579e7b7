"""A warning found after loading points at the line of its field, found without parsing the record again
when the record was parsed in the same build (domain/positions.py, Register.parsed_places)."""

from __future__ import annotations

from datetime import date

import pytest

from helpers.site import DEMO_BUILD_DATE, ROOT
from said_and_done.domain import positions, records, yaml_source
from said_and_done.domain.problems import field_name
from said_and_done.domain.stores import MemoryStore
from said_and_done.hooks import register_checks

# Fields every demo record has, and one only some have (a path missing from a file points at its parent).
ASKED = [("dates", "opens"), ("title",), ("outcome", "published"), ("summary",)]


@pytest.fixture
def parses(monkeypatch) -> list:
    """Every record file parsed again to find a position, by either way there is to do it."""
    seen = []

    def counting(load):
        def load_yaml(path, display):
            seen.append(display)
            return load(path, display)
        return load_yaml

    monkeypatch.setattr(positions, "load_yaml", counting(positions.load_yaml))
    monkeypatch.setattr(yaml_source, "load_yaml", counting(yaml_source.load_yaml))
    return seen


def _load(open_store, asked=ASKED):
    """The demo register loaded, with a check that points a warning at each asked field of every record."""
    found = {}

    def check(register):
        wanted = [(c.id, path, "a warning", "warning") for c in register.consultations for path in asked]
        found["problems"] = register.problems(wanted)
        return []

    register_checks.connect(check)
    try:
        register = records.load_register(ROOT / "data", ROOT / "content" / "outcomes",
                                         build_date=date.fromisoformat(DEMO_BUILD_DATE), root=ROOT,
                                         open_store=open_store)
    finally:
        register_checks.disconnect(check)
    return register, found["problems"]


def _parsed_lines(problems) -> list:
    """Each problem's place as a fresh parse of its file gives it."""
    sources = {}
    out = []
    for p in problems:
        if p.file not in sources:
            sources[p.file], _ = yaml_source.load_yaml(ROOT / p.file, p.file)
        out.append(sources[p.file].where(tuple(_path_of(p))))
    return out


def _path_of(problem):
    return next(path for path in ASKED if problem.field == field_name(path))


def test_a_first_load_points_every_warning_at_its_line_without_parsing_a_record_again(parses):
    register, problems = _load(MemoryStore)
    assert parses == []
    assert len(problems) == len(register.consultations) * len(ASKED)
    assert [(p.line, p.column) for p in problems] == _parsed_lines(problems)
    assert len({p.line for p in problems}) > len(ASKED)  # real lines, not one default place
    assert register.parsed_places == {}  # let go once the checks are done


def test_without_positions_packed_each_record_is_parsed_again_for_the_same_lines(parses, monkeypatch):
    monkeypatch.setattr(records, "pack_places", lambda places: None)
    register, problems = _load(MemoryStore)
    assert sorted(set(parses)) == sorted({c.source for c in register.consultations})
    assert [(p.line, p.column) for p in problems] == _parsed_lines(problems)


def test_records_from_the_cache_find_new_positions_by_parsing_again(parses):
    stores = {}

    def kept(name, version=""):
        return stores.setdefault(name, MemoryStore(name))

    _load(kept, asked=ASKED[:1])
    assert parses == []
    register, problems = _load(kept)  # every record from the cache; three fields not asked before
    assert sorted(set(parses)) == sorted({c.source for c in register.consultations})
    assert [(p.line, p.column) for p in problems] == _parsed_lines(problems)
