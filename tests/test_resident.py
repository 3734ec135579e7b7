"""The preview's resident build: a saved record's own pages at once, as the full build will publish them.

Each test builds a copy of the demo project with resident.build (a forked copy of
this process that stays after a build that published), saves records and
write-ups as staff do, and asks it for a first look.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from helpers.incremental_project import RECORDS, edit, make_project
from helpers.site import ROOT
from helpers.site_checks.server import free_port
from said_and_done.preview import resident

WITH_WRITEUP = "2024-budget-2025-26"  # a demo record with published results and a write-up


@pytest.fixture
def project(tmp_path, monkeypatch):
    folder = tmp_path / "project"
    make_project(folder)
    monkeypatch.chdir(folder)
    return folder


class Built:
    """A project built once by a resident build, and that resident."""

    def __init__(self, project: Path):
        self.project = project
        self.output = project / "output"
        self.folder = resident.first_look_folder(self.output)
        self.residents = []

    def build(self):
        code, staying = resident.build(self.project / "pelicanconf.py", self.output, self.folder,
                                       living=self.residents)
        if staying:
            self.residents.append(staying)
        return code, staying

    def close(self):
        for r in self.residents:
            r.close()


@pytest.fixture
def built(project):
    site = Built(project)
    code, staying = site.build()
    assert code == 0 and staying is not None
    yield site
    site.close()


def page(root: Path, address: str) -> bytes:
    return (root / address.lstrip("/") / "index.html").read_bytes()


def test_a_first_look_is_what_the_full_build_then_publishes(built):
    record = built.project / RECORDS / f"{WITH_WRITEUP}.yaml"
    writeup = built.project / "content" / "outcomes" / f"{WITH_WRITEUP}.md"
    edit(record, "summary: ", "summary: Zigzagging ")
    edit(writeup, "\n\n", "\n\nWe heard about zebras too.\n\n")
    before = {a: page(built.output, a) for a in (f"/consultations/{WITH_WRITEUP}/",
                                                   f"/consultations/{WITH_WRITEUP}/you-said-we-did/")}

    look = built.residents[0].first_look([record, writeup])

    assert look["problems"] == [] and sorted(look["pages"]) == sorted(before)
    assert b"Zigzagging" in page(built.folder, f"/consultations/{WITH_WRITEUP}/")
    assert b"zebras" in page(built.folder, f"/consultations/{WITH_WRITEUP}/you-said-we-did/")
    # Nothing was published: the site is as the last build left it.
    assert {a: page(built.output, a) for a in before} == before
    code, _ = built.build()
    assert code == 0
    for address in before:
        assert page(built.folder, address) == page(built.output, address), address


def test_a_first_look_of_a_write_up_alone_finds_its_record(built):
    writeup = built.project / "content" / "outcomes" / f"{WITH_WRITEUP}.md"
    edit(writeup, "\n\n", "\n\nWe heard about zebras too.\n\n")
    look = built.residents[0].first_look([writeup])
    assert f"/consultations/{WITH_WRITEUP}/you-said-we-did/" in look["pages"]
    assert b"zebras" in page(built.folder, f"/consultations/{WITH_WRITEUP}/you-said-we-did/")


def test_a_mistake_is_listed_with_its_file_and_line_and_nothing_is_rendered(built):
    record = built.project / RECORDS / f"{WITH_WRITEUP}.yaml"
    good = record.read_text(encoding="utf-8")
    edit(record, "lead_organisation: ", "lead_organisation: nobody-")
    line = next(n for n, text in enumerate(good.splitlines(), 1) if text.startswith("lead_organisation: "))

    look = built.residents[0].first_look([record])

    assert look["pages"] == []
    assert any(p.startswith(f"{RECORDS / WITH_WRITEUP}.yaml:{line}:1: lead_organisation: expected a known organisation")
               for p in look["problems"]), look["problems"]
    assert not built.folder.exists()


def test_personal_data_stops_a_first_look_as_it_stops_the_build(built):
    writeup = built.project / "content" / "outcomes" / f"{WITH_WRITEUP}.md"
    edit(writeup, "\n\n", "\n\nOne resident wrote from jo.bloggs@example.com about it.\n\n")
    look = built.residents[0].first_look([writeup])
    assert look["pages"] == []
    assert any("content/outcomes" in p and "email" in p.lower() for p in look["problems"]), look["problems"]


def test_the_resident_keeps_its_register_as_built(built):
    """A first look makes a new consultation: pages that name the edited one still show it as last built."""
    related = built.project / RECORDS / "2026-budget-2027-28.yaml"  # named as related by WITH_WRITEUP
    edit(related, "title: ", "title: Zigzagging ")
    assert built.residents[0].first_look([related])["pages"]
    resident.clear(built.folder)
    record = built.project / RECORDS / f"{WITH_WRITEUP}.yaml"
    assert built.residents[0].first_look([record])["pages"]
    assert page(built.folder, f"/consultations/{WITH_WRITEUP}/") == page(built.output, f"/consultations/{WITH_WRITEUP}/")


def test_a_resident_let_go_exits(built):
    pid = built.residents[0].pid
    built.residents[0].close()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_a_resident_too_slow_to_answer_is_stopped_not_read_later(built):
    record = built.project / RECORDS / f"{WITH_WRITEUP}.yaml"
    staying = built.residents[0]
    pid = staying.pid
    assert staying.first_look([record], timeout=0) is None  # no process answers in no time
    assert staying.pid is None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert staying.first_look([record]) is None


def test_ctrl_c_in_the_terminal_leaves_the_resident_to_the_preview(built):
    staying = built.residents[0]
    os.kill(staying.pid, signal.SIGINT)
    look = staying.first_look([built.project / RECORDS / f"{WITH_WRITEUP}.yaml"])
    assert look is not None and look["pages"]


def test_a_build_that_fails_does_not_stay(built):
    edit(built.project / RECORDS / f"{WITH_WRITEUP}.yaml", "lead_organisation: ", "lead_organisation: nobody-")
    code, staying = built.build()
    assert code == 1 and staying is None
    # The resident from the last good build still answers.
    assert built.residents[0].first_look([built.project / RECORDS / f"{WITH_WRITEUP}.yaml"])["problems"]


def test_residents_do_not_keep_each_other_waiting(built):
    """A build forked while a resident lives must not hold that resident's pipe open."""
    code, second = built.build()
    assert code == 0 and second is not None
    started = time.monotonic()
    built.residents[0].close()
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("changed, expected", [
    ([RECORDS / "a.yaml"], [RECORDS / "a.yaml"]),
    ([RECORDS / "a.yaml", RECORDS / "sedAbC123", RECORDS / ".a.yaml.swp"], [RECORDS / "a.yaml"]),
    ([Path("content/outcomes/a.md")], [Path("content/outcomes/a.md")]),
    ([RECORDS / "a.yaml", Path("theme/templates/consultation.html")], []),
    ([Path("data/organisations.yaml")], []),
    ([Path("content/pages/about.md")], []),
    ([Path("theme/templates/sedAbC123")], []),
])
def test_only_records_and_write_ups_are_shown_at_once(project, changed, expected):
    from pelican.settings import read_settings

    settings = read_settings(str(project / "pelicanconf.py"))
    assert resident.only_records([project / p for p in changed], settings) == sorted(
        (project / p).resolve() for p in expected)


def test_the_preview_server_serves_first_look_pages_in_front_of_the_site(tmp_path):
    site, look = tmp_path / "output", tmp_path / ".output.first-look"
    for root, pages in ((site, {"a/index.html": "site a", "b/index.html": "site b", "style.css": "site css"}),
                        (look, {"a/index.html": "first look a"})):
        for name, text in pages.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, encoding="utf-8")
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "said_and_done.preview.server", str(port), "--directory", str(site),
                               "--first-look", str(look)], env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")})
    try:
        def get(address):
            deadline = time.monotonic() + 20
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}{address}", timeout=5) as response:
                        return response.read().decode("utf-8")
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.1)

        assert get("/a/") == "first look a"
        assert get("/b/") == "site b"
        assert get("/style.css") == "site css"
        resident.clear(look)
        assert get("/a/") == "site a"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_record_naming_one_saved_since_the_last_build_waits_for_the_full_build(built):
    """Not an error (the new record exists), and not a page the last build's register could link."""
    records = built.project / RECORDS
    newcomer = records / "2026-zigzag-new-consultation.yaml"
    newcomer.write_text((records / f"{WITH_WRITEUP}.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    record = records / "2024-oakhythe-riverside-play-area.yaml"  # names no related records yet
    text = record.read_text(encoding="utf-8")
    record.write_text(text.rstrip("\n") + "\nrelated: [2026-zigzag-new-consultation]\n", encoding="utf-8")
    look = built.residents[0].first_look([record])
    assert look["problems"] == [] and look["pages"] == []
    # A name that is nowhere is still an error, found at once.
    record.write_text(text.rstrip("\n") + "\nrelated: [2026-nowhere-at-all]\n", encoding="utf-8")
    look = built.residents[0].first_look([record])
    assert any("related[1]: expected the id of an existing consultation, found '2026-nowhere-at-all'" in p
               for p in look["problems"]), look["problems"]
