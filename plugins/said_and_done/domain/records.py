"""Load the register: reference data, consultation records and outcome write-ups.

Every file is parsed, schema-checked and cross-checked before anything is
built, and every problem is collected, so staff see all of them at once.
Only a register with no errors comes back; otherwise RecordErrors is raised.
"""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from itertools import pairwise
from pathlib import Path

from ..hooks import register_checks
from . import actions, derive, editor_schema, plans, references, responses, results_checks, writeup_files
from .assemble import consultation_from
from .engine_files import schema_folder
from .limits import is_real_folder, read_regular_file
from .model import (
    Audience,
    Locality,
    Method,
    Organisation,
    Register,
    Topic,
)
from .problems import Problem, RecordErrors
from .schema_check import check as schema_check
from .schema_check import suggest
from .stores import MemoryStore, content_hash, one_at_a_time, records_version
from .yaml_source import LazySource, decode_text, load_yaml, pack_places, parse_yaml

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
REFERENCE_FILES = {
    "organisations": Organisation,
    "localities": Locality,
    "topics": Topic,
    "audiences": Audience,
    "methods": Method,
}


def display_path(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


class _Loading:
    """One pass over the files, gathering problems as it goes."""

    def __init__(self, data_path: Path, outcomes_path: Path | None, root: Path, build_date: date,
                 render_writeups: bool, open_store=MemoryStore, map_records=one_at_a_time):
        self.data_path = data_path
        # map_records(items, work) -> [work(item) ...]: the build spreads it over the cores.
        self.map_records = map_records
        # content hash -> positions packed when parsed (this build): see Register.parsed_places.
        self.parsed_places = {}
        self.schema_path = schema_folder(data_path)
        self.cache = open_store("records", records_version(self.schema_path))
        self.outcomes_path = outcomes_path
        self.root = root
        self.build_date = build_date
        self.render_writeups = render_writeups
        self.problems: list[Problem] = []
        self.ref: dict = {}  # the reference data, once loaded: records are checked against it as they are read

    # -- reference data ---------------------------------------------------
    def reference(self, name: str, cls) -> dict:
        path = self.data_path / f"{name}.yaml"
        display = display_path(path, self.root)
        if not os.path.lexists(path):
            self.problems.append(Problem(display, 1, 1, "(file)", f"expected the reference file {display}, found no such file"))
            return {}
        source, problems = load_yaml(path, display)
        problems = problems or references.by_slug(schema_check(source, self.schema_path / f"{name}.schema.json"),
                                                  source.data)
        self.problems += problems
        if problems:
            return {}
        items, first = {}, {}
        for i, item in enumerate(source.data):
            if item["slug"] in items:
                self.problems.append(replace(source.problem((i, "slug"), f"expected each slug once, found "
                                                            f"'{item['slug']}' again (first on line {first[item['slug']]})"),
                                             field=f"{item['slug']}.slug"))
                continue
            first[item["slug"]] = source.where((i, "slug"))[0]
            for listed in ("wards", "owners"):
                if listed in item:
                    item = {**item, listed: tuple(item[listed])}
            items[item["slug"]] = cls(**item)
        return items

    # -- consultation records ---------------------------------------------
    def consultation_sources(self) -> list:
        folder = self.data_path / "consultations"
        named = []
        for path in sorted(folder.iterdir()) if folder.is_dir() else []:
            display = display_path(path, self.root)
            if path.name.startswith(".") or is_real_folder(path):
                continue
            if self.record_name_is_valid(path, display):
                named.append((path, display))
        return [(path.stem, source) for (path, _), source in zip(named, self.record_sources(named), strict=True)
                if source is not None]

    def record_name_is_valid(self, path: Path, display: str) -> bool:
        """Whether a record's file name is an id ending .yaml; if not, the problem is noted."""
        if path.suffix != ".yaml":
            self.problems.append(Problem(display, 1, 1, "(file name)",
                                         f"expected a consultation record ending .yaml, found '{path.name}'; rename it or move it out of {display_path(path.parent, self.root)}"))
            return False
        if not ID_PATTERN.match(path.stem):
            self.problems.append(Problem(display, 1, 1, "(file name)",
                                         "expected a file name that is a valid id (lower-case letters, digits and single hyphens, "
                                         f"like 2026-ashcombe-library-hours.yaml), found '{path.name}'"))
            return False
        return True

    def check_writeup_has_outcome(self, cid, source, writeup_entry) -> None:
        """A write-up needs its record to have an outcome block (published date and summary)."""
        if writeup_entry and "outcome" not in source.data:
            display, line, _ = writeup_entry
            self.problems.append(Problem(display, line, 1, "Consultation",
                                         f"expected a consultation with an outcome block, found '{cid}' has none: "
                                         "add outcome (published date and summary) to its record first"))

    def record_source(self, path: Path, display: str):
        """One record parsed and schema-checked (or found in the cache by its bytes' hash); None if it has problems."""
        return self.record_sources([(path, display)])[0]

    def record_sources(self, named: list) -> list:
        """record_source for each (path, display), in order, problems noted in the same order.

        Records found in the cache by their bytes' hash are taken from it here; the rest
        (every record, on a first build) are parsed and checked by map_records, on every core.
        """
        kept = []
        for path, display in named:
            raw, problems = read_regular_file(path, display)
            key = "record:" + content_hash(raw) if raw is not None else None
            kept.append((key, self.cache.get(key) if key else None, problems))
        to_parse = [item for item, (key, data, _) in zip(named, kept, strict=True) if key and data is None]
        parsed = iter(self.map_records(to_parse, self._parsed))
        sources = []
        for (path, display), (key, data, problems) in zip(named, kept, strict=True):
            packed = None
            if key and data is None:
                key, data, problems, packed = next(parsed)
                if data is not None:
                    self.cache.put(key, data)
                    self.parsed_places[key] = packed
            self.problems += problems
            source = None
            if data is not None:
                # Keep the data, not the position of every value: at 100,000 records the
                # positions were most of the build's memory. A later problem finds its line
                # in the positions packed when the record was parsed (this build), or parses it again.
                source = LazySource(display, data, path, packed)
                source.content_hash = key
            sources.append(source)
        return sources

    def _parsed(self, item) -> tuple:
        """(key, data or None, problems, packed positions or None) of one record not in the cache: read
        again, parsed, schema-checked.

        Read again rather than handed its bytes: the bytes of every record missing from the
        cache (all of them, on a first build) would otherwise be held at once."""
        path, display = item
        raw, problems = read_regular_file(path, display)
        if raw is None:
            return None, None, problems, None
        text, problems = decode_text(raw, display)
        if text is not None:
            source, problems = parse_yaml(text, display)
        if not problems:
            problems = schema_check(source, self.schema_path / "consultation.schema.json")
            if problems:  # the slugs it names are checked now too, so every problem is listed in one pass
                problems = references.with_schema_problems(problems, self.slug_problems(source))
        key = "record:" + content_hash(raw)
        if problems:
            return key, None, problems, None
        return key, source.data, problems, pack_places(source.places)

    def check_references(self, cid, source, ref, ids, alias_owner):
        self._check_slugs(source, ref)
        self.problems += responses.record_problems(source, ref)
        self._check_ids(cid, source, ids, alias_owner)
        self.problems += results_checks.reference_problems(source, ref["organisations"])

    def _check_slugs(self, source, ref):
        """Every slug the record names is in its reference file, and one is given where one is allowed."""
        self.problems += references.slug_problems(source, ref, display_path(self.data_path, self.root), self.schema_path)

    def slug_problems(self, source) -> list:
        return references.slug_problems(source, self.ref, display_path(self.data_path, self.root), self.schema_path)

    def _check_ids(self, cid, source, ids, alias_owner):
        """Related records exist, and former ids (aliases) are free and claimed once."""
        data = source.data
        for i, other in enumerate(data.get("related", [])):
            if other == cid:
                self.problems.append(source.problem(("related", i), "expected the id of another consultation, found this record's own id"))
            elif other not in ids:
                self.problems.append(source.problem(("related", i), f"expected the id of an existing consultation, found '{other}'{suggest(other, ids)}"))
        def file_of(other):  # the other record's file, named beside this one's so both are in the message
            return source.file.rsplit("/", 1)[0] + f"/{other}.yaml" if "/" in source.file else f"{other}.yaml"

        for i, alias in enumerate(data.get("aliases", [])):
            if alias in ids:
                self.problems.append(source.problem(("aliases", i), f"expected a former id no longer in use, found '{alias}', which is a current consultation ({file_of(alias)})"))
            elif alias_owner.setdefault(alias, cid) != cid:
                self.problems.append(source.problem(("aliases", i), f"expected each former id to belong to one consultation, found '{alias}' also listed by {alias_owner[alias]} (in the aliases of {file_of(alias_owner[alias])})"))

    def check_dates(self, source):
        data = source.data
        dates = {k: date.fromisoformat(v) for k, v in data["dates"].items() if k != "extended"}  # plans checks it
        order = ["announced", "opens", "closes", "feedback_due"]
        for earlier, later in pairwise(order):
            if dates[later] < dates[earlier]:
                self.problems.append(source.problem(("dates", later),
                                                    f"expected a date on or after {earlier} ({dates[earlier]}), found {dates[later]}"))
        outcome = data.get("outcome")
        if outcome and date.fromisoformat(outcome["published"]) < dates["closes"]:
            self.problems.append(source.problem(("outcome", "published"),
                                                f"expected a date on or after closes ({dates['closes']}), found {outcome['published']}"))
        withdrawn = data.get("withdrawn")
        if withdrawn and date.fromisoformat(withdrawn["date"]) < dates["announced"]:
            self.problems.append(source.problem(("withdrawn", "date"),
                                                f"expected a date on or after announced ({dates['announced']}), found {withdrawn['date']}"))
        if withdrawn and outcome:
            self.problems.append(source.problem(("withdrawn",), "expected either withdrawn or outcome, found both: a withdrawn consultation has no results"))
        self.problems += actions.record_problems(source) + results_checks.record_problems(source)
        self.problems += plans.record_problems(source, dates)
        return dates

    # -- write-ups ----------------------------------------------------------
    def writeups(self, ids: set) -> dict:
        found = {}
        if self.outcomes_path is None or not self.outcomes_path.is_dir():
            return found
        read = [writeup_files.read(self, path, display_path(path, self.root), ids, found)
                for path in sorted(self.outcomes_path.rglob("*.md"))]
        writeup_files.rendered(self, [r for r in read if r], found)
        return found

    def writeup(self, path: Path, ids: set, found: dict) -> str | None:
        """Read one write-up into found (id -> (file, line, Writeup)); the id it names, or None if it has problems."""
        read = writeup_files.read(self, path, display_path(path, self.root), ids, found)
        return writeup_files.rendered(self, [read], found)[0] if read else None


def load_register(data_path, outcomes_path=None, *, build_date: date, root=None,
                  render_writeups: bool = True, settings: dict | None = None,
                  open_store=MemoryStore, phase=None, checked=None, map_records=one_at_a_time) -> Register:
    """Load, validate and join everything; raise RecordErrors listing every error found.

    open_store(name, version) gives the stores parsed records and positions are kept
    in between builds (stores.py); phase(name) is a context manager that times a step;
    checked(n), if given, is told how many records were checked, before the step ends;
    map_records(items, work) does [work(item) for item in items], one at a time unless given its own way
    (the build's spreads the records it parses over the cores; answers must pickle).
    """
    phase = phase or _untimed
    with phase("load+validate"):
        register = _load(data_path, outcomes_path, build_date, root, render_writeups, settings, open_store,
                         map_records)
        if checked is not None:
            checked(len(register.consultations))
    with phase("derive"):
        problems = derive.derive(register)
        problems += editor_schema.stale_problem(data_path, schema_folder(data_path), register, display_path(
            editor_schema.editor_schema_path(data_path), register.root))
        for _receiver, found in register_checks.send(register):
            problems.extend(found or [])
        register.positions.save()
        # The checks are done: what they pointed at is kept in positions; the rest is not needed.
        register.parsed_places.clear()
    if any(p.is_error for p in problems):
        raise RecordErrors(problems)
    register.warnings = sorted(problems)
    return register


@contextmanager
def _untimed(name: str):
    yield


def _load(data_path, outcomes_path, build_date, root, render_writeups, settings, open_store, map_records) -> Register:
    data_path = Path(data_path)
    root = Path(root) if root else data_path.parent
    loading = _Loading(data_path, Path(outcomes_path) if outcomes_path else None, root, build_date, render_writeups,
                       open_store, map_records)
    ref = loading.ref = {name: loading.reference(name, cls) for name, cls in REFERENCE_FILES.items()}
    sources = loading.consultation_sources()
    folder = data_path / "consultations"
    ids = {p.stem for p in folder.glob("*.yaml")} if folder.is_dir() else set()
    alias_owner: dict = {}
    checked = []
    for cid, source in sources:
        before = len(loading.problems)
        loading.check_references(cid, source, ref, ids, alias_owner)  # each kind whose file loaded
        dates = loading.check_dates(source)
        if len(loading.problems) == before:
            checked.append((cid, source, dates))
    writeups = loading.writeups(ids)

    consultations = []
    if all(ref.values()):
        for cid, source, dates in checked:
            writeup = writeups.get(cid)
            loading.check_writeup_has_outcome(cid, source, writeup)
            consultations.append(consultation_from(cid, source, dates, ref, writeup))

    errors = [p for p in loading.problems if p.is_error]
    if errors:
        raise RecordErrors(loading.problems)
    loading.cache.save()
    return Register(build_date, consultations, **ref, root=root, settings=settings or {}, open_store=open_store,
                    map_records=map_records, parsed_places=loading.parsed_places)


def load_one(register: Register, record: Path, data_path, writeup: Path | None = None) -> tuple:
    """One record (and its write-up) loaded against a register already built: (consultation or None, problems).

    For the preview's first look at an edit (resident.py): the checks that concern
    this record alone (its file name, YAML, schema, the slugs and ids it names, its
    dates, its write-up) run as a build runs them; checks across records (clashes,
    an alias used twice) wait for the full build that follows. The consultation is
    new, not derived, and the register is left as it was.
    """
    data_path = Path(data_path)
    root = register.root or data_path.parent
    loading = _Loading(data_path, None, root, register.build_date, render_writeups=True)
    loading.ref = {name: getattr(register, name) for name in REFERENCE_FILES}
    display = display_path(record, root)
    if not loading.record_name_is_valid(record, display):
        return None, loading.problems
    source = loading.record_source(record, display)
    if source is None:
        return None, loading.problems
    cid = record.stem
    # Records saved since the last build count as existing when this one names them.
    named = source.data.get("related", [])
    ids = set(register.by_id) | {cid} | {r for r in named if r not in register.by_id
                                          and (record.parent / f"{r}.yaml").is_file()}
    ref = {name: getattr(register, name) for name in REFERENCE_FILES}
    loading.check_references(cid, source, ref, ids, {})
    dates = loading.check_dates(source)
    found: dict = {}
    if writeup is not None and loading.writeup(writeup, ids, found) not in (None, cid):
        found.clear()  # a write-up naming another consultation: not this one's
    loading.check_writeup_has_outcome(cid, source, found.get(cid))
    if any(p.is_error for p in loading.problems):
        return None, loading.problems
    return consultation_from(cid, source, dates, ref, found.get(cid)), loading.problems
