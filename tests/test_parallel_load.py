"""Records parsed and checked on several cores give the register, warnings and errors one core gives.

A first build parses every record and runs the per-record checks (plain English, personal
data) on every core (build/parallel.map_records); the demo is below the number of records
that pays for a fork, so these tests lower it to none and count the forks.
"""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from pelican.settings import read_settings

from helpers.site import DEMO_BUILD_DATE, ROOT
from said_and_done.build import parallel
from said_and_done.build.cache import stores_in
from said_and_done.domain.problems import RecordErrors
from said_and_done.domain.records import load_register


@pytest.fixture
def demo_project(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "content" / "outcomes", tmp_path / "content" / "outcomes")
    return tmp_path


@pytest.fixture
def forks(monkeypatch):
    """How many times the work was shared with forked copies."""
    monkeypatch.setattr(parallel, "MIN_RECORDS", 0)
    shared = []
    real = parallel._map_shares

    def counted(items, work, count, *rest):
        shared.append(len(items))
        return real(items, work, count, *rest)

    monkeypatch.setattr(parallel, "_map_shares", counted)
    return shared


def load(project, monkeypatch, workers: int, cache=None):
    monkeypatch.setenv("SAID_AND_DONE_WORKERS", str(workers))
    # Records and findings are kept between loads only when a cache is given: otherwise each load starts afresh.
    return load_register(project / "data", project / "content" / "outcomes",
                         build_date=date.fromisoformat(DEMO_BUILD_DATE), root=project,
                         settings=read_settings(str(ROOT / "pelicanconf.py"), override={
                             "PATH": str(project / "content"), "CACHE_PATH": str(cache) if cache else None}),
                         open_store=stores_in(cache), map_records=parallel.map_records)


def described(register) -> list:
    return [(c.id, c.source, c.content_hash, c.title, c.status, written(c)) for c in register.consultations]


def written(c):
    writeup = c.outcome.writeup if c.outcome else None
    return (writeup.source, writeup.title, writeup.html, writeup.content_hash) if writeup else None


def test_a_register_loaded_on_two_cores_is_the_one_loaded_on_one(demo_project, monkeypatch, forks):
    one = load(demo_project, monkeypatch, 1)
    assert forks == []
    two = load(demo_project, monkeypatch, 2)
    # The records were parsed, the write-ups rendered, and the plain English and personal data
    # checks run, in two processes.
    writeups = len(list((demo_project / "content" / "outcomes").rglob("*.md")))
    assert len(forks) >= 4 and forks[:2] == [31, writeups]
    assert sum(1 for c in two.consultations if written(c) and "<p>" in written(c)[2]) == writeups
    assert described(two) == described(one)
    assert [c.__dict__.keys() for c in two.consultations] == [c.__dict__.keys() for c in one.consultations]
    # Every warning, with its file, line and column, in the same order.
    assert two.warnings == one.warnings
    assert any(w.file.endswith(".yaml") and w.line > 1 for w in two.warnings)


def test_the_cache_written_on_two_cores_gives_the_same_register(demo_project, tmp_path, monkeypatch, forks):
    cache = tmp_path / "cache"
    first = load(demo_project, monkeypatch, 2, cache)
    parsed = len(forks)
    again = load(demo_project, monkeypatch, 2, cache)
    # The second load found every record and finding in the cache: nothing was forked for.
    assert parsed >= 3 and len(forks) == parsed
    assert described(again) == described(first)
    assert again.warnings == first.warnings


def test_errors_found_on_two_cores_are_those_found_on_one_in_the_same_order(demo_project, monkeypatch, forks):
    folder = demo_project / "data" / "consultations"
    records = sorted(folder.glob("*.yaml"))
    text = records[3].read_text(encoding="utf-8")
    records[3].write_text(text.replace("title:", "title: [unclosed", 1), encoding="utf-8")  # YAML
    text = records[10].read_text(encoding="utf-8")
    records[10].write_text(text.replace("level: ", "level: not-a-level-", 1), encoding="utf-8")  # schema
    (folder / "2026-Not-An-Id.yaml").write_text("title: x\n", encoding="utf-8")  # file name
    records[20].write_bytes(records[20].read_bytes() + b"\xff\xfe")  # not UTF-8
    writeups = sorted((demo_project / "content" / "outcomes").rglob("*.md"))
    text = writeups[0].read_text(encoding="utf-8")
    writeups[0].write_text(text + "\n" + "[" * 11 + "\n", encoding="utf-8")  # past a limit of the Markdown
    text = writeups[1].read_text(encoding="utf-8")
    writeups[1].write_text(text.replace("Consultation: ", "Consultation: 2026-no-such-", 1), encoding="utf-8")

    with pytest.raises(RecordErrors) as on_one:
        load(demo_project, monkeypatch, 1)
    assert forks == []
    with pytest.raises(RecordErrors) as on_two:
        load(demo_project, monkeypatch, 2)
    assert forks, "the records were not parsed in two processes"
    assert on_two.value.problems == on_one.value.problems
    files = {p.file for p in on_two.value.errors}
    assert {f"data/consultations/{records[i].name}" for i in (3, 10, 20)} <= files
    assert "data/consultations/2026-Not-An-Id.yaml" in files
    assert {f"content/outcomes/{w.relative_to(demo_project / 'content' / 'outcomes')}" for w in writeups[:2]} <= files
    [too_complex] = [p for p in on_two.value.errors if p.field == "(write-up)"]
    assert too_complex.line == len(writeups[0].read_text(encoding="utf-8").splitlines())
