"""An incremental build gives the same bytes as a clean build, after every kind of change.

A copy of the demo project is built once per module; each test copies that built
project (output, the record of the build beside it and the caches, with their
mtimes), makes one kind of change, builds again incrementally into the same
output, builds the changed project --clean into another folder, and compares the
two trees byte for byte. Pagefind's filter index is left out of the byte
comparison exactly as in test_reproducible.py (Pagefind writes it in a random
order); the record beside the output is outside both trees.

Besides equal bytes, the incremental contract (plugins/said_and_done/build/outputs.py):
a file whose bytes did not change is not written again (same inode and mtime), a
page whose inputs did not change is not even rendered, and a failed build touches
neither the output nor its record.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from datetime import date, timedelta

import pytest
import yaml

from helpers.incremental_project import (
    RECORDS,
    assert_same_as_clean,
    assert_same_trees,
    build,
    built,
    digests,
    edit,
    make_project,
    record_beside,
    records,
    retitle,
    shares_anything,
    stamps,
    write_project_settings,
    writeup_of,
    written_since,
)
from helpers.reproducible import files, unstable
from helpers.site import DEMO_BUILD_DATE

BUILD_DAY = date.fromisoformat(DEMO_BUILD_DATE)


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    project = tmp_path_factory.mktemp("incremental") / "project"
    make_project(project)
    built(project, project / "output")
    assert (project / "cache" / "said-and-done").is_dir(), "the record cache is not under CACHE_PATH"
    return project


@pytest.fixture
def project(base, tmp_path):
    """A copy of the built demo project, as the last build left it."""
    copy = tmp_path / "project"
    shutil.copytree(base, copy, symlinks=True)  # copy2: keeps each file's mtime to the nanosecond
    write_project_settings(copy)  # its own theme, plugins and caches, not the base's
    # The record beside the output trusts a file only if its size and mtime_ns are
    # as recorded; check the copy kept them, or every test below would build whole.
    listed = json.loads(record_beside(copy / "output").read_text(encoding="utf-8"))["files"]
    moved = [rel for rel, (size, mtime_ns, _) in listed.items() if not rel.endswith("/") and (
        (copy / "output" / rel).stat().st_size, (copy / "output" / rel).stat().st_mtime_ns) != (size, mtime_ns)]
    assert moved == [], f"copying the project changed the size or mtime_ns of {moved[:10]}"
    return copy


def html(output, url: str) -> str:
    return (output / url).read_text(encoding="utf-8")


def made_from_a_key(project) -> set:
    """Files the last build recorded a key for (alone or as part of a keyed folder): those a
    build with no change must keep without rendering. The rest (theme files, Pelican's
    pages, exports made afresh) may be made again, as long as their bytes stay."""
    listed = json.loads(record_beside(project / "output").read_text(encoding="utf-8"))["files"]
    folders = tuple(rel for rel, entry in listed.items() if rel.endswith("/") and entry[2])
    return {rel for rel, entry in listed.items() if not rel.endswith("/") and (entry[2] or rel.startswith(folders))}


# -- nothing changed -------------------------------------------------------------------

def test_nothing_changed_renders_and_writes_nothing(project):
    output = project / "output"
    keyed, before = made_from_a_key(project), stamps(output)
    counts = built(project, output)
    assert written_since(before, output) == []
    assert (counts["written"], counts["deleted"]) == (0, 0), counts
    assert len(keyed) > len(files(output)) / 2  # pages have keys: most of the site
    assert counts["kept"] == len(keyed), f"{counts}: {len(keyed)} files were made from a key and should be kept"


# -- records -------------------------------------------------------------------------

def test_a_record_edit_rewrites_its_pages_and_not_an_unrelated_one(project, tmp_path):
    output, register = project / "output", records(project)
    edited = next(cid for cid, r in register.items() if r["localities"] != "all")
    unrelated = next(cid for cid, r in register.items()
                     if cid != edited and not shares_anything(register[edited], edited, r, cid))
    before, bytes_before = stamps(output), digests(output)
    retitle(project, edited, "Zanzibarred")
    counts = built(project, output)
    written = written_since(before, output)
    print("written:", written)  # shows which files a regression rewrote
    assert f"consultations/{edited}/index.html" in written
    assert "Zanzibarred" in html(output, f"consultations/{edited}/index.html")
    assert not [rel for rel in written if rel.startswith(f"consultations/{unrelated}/")], (unrelated, written)
    assert not [rel for rel in written if rel.startswith("theme/")], written
    # Only files whose bytes changed are written (Pagefind's filter files may be
    # rewritten in another order with the same entries).
    bytes_after = digests(output)
    same_bytes = [rel for rel in written if rel in bytes_before and not unstable(rel)
                  and bytes_after[rel] == bytes_before[rel]]
    assert same_bytes == [], f"rewritten with the same bytes: {same_bytes}"
    assert len(written) < len(before) / 4, f"{len(written)} of {len(before)} files rewritten: {written}"
    assert counts["kept"] > len(before) / 2, counts
    assert_same_as_clean(project, output, tmp_path / "clean")


def test_a_related_records_edit_rewrites_the_page_that_lists_it(project, tmp_path):
    # A page shows the titles and statuses of the consultations its record lists under
    # `related`: editing one of those must render that page again.
    output, register = project / "output", records(project)
    lister = next(cid for cid, r in register.items() if r.get("related"))
    listed = register[lister]["related"][0]
    before = stamps(output)
    retitle(project, listed, "Quixotically")
    built(project, output)
    written = written_since(before, output)
    assert f"consultations/{lister}/index.html" in written, written
    assert "Quixotically" in html(output, f"consultations/{lister}/index.html")
    assert_same_as_clean(project, output, tmp_path / "clean")


def keys_beside(output) -> dict:
    """path -> the key the last build made it from (None for files made afresh every build)."""
    return {rel: entry[2] for rel, entry in json.loads(record_beside(output).read_text(encoding="utf-8"))["files"].items()}


def assert_an_edit_renders_one_list_page(project, output, tmp_path, consultation_id, listing, neighbour):
    """Retitle one record and build: the list page showing it is rendered again, its neighbour is
    kept, and the result is a clean build's bytes. Returns the page keys before and after."""
    keys = keys_beside(output)
    retitle(project, consultation_id, "Zigzagging")
    built(project, output)
    after = keys_beside(output)
    assert "Zigzagging" in html(output, listing)
    assert after[listing] != keys[listing], f"{listing} lists the edited record but was kept"
    assert after[neighbour] == keys[neighbour], f"{neighbour} does not list the edited record but was rendered again"
    assert_same_as_clean(project, output, tmp_path / "clean")
    return keys, after


def test_a_record_edit_renders_only_the_list_page_that_shows_it(project, tmp_path):
    # A locality's (organisation's, topic's) later pages of results show only their own
    # consultations: an edit must render again the page listing the record, not its
    # neighbours (at 10,000 records a locality has dozens of pages).
    output = project / "output"
    with open(project / "pelicanconf.py", "a", encoding="utf-8") as settings:
        settings.write("BROWSE = {**BROWSE, 'page_size': 2}\n")
    built(project, output)
    third_pages = sorted(page for folder in ("localities", "organisations", "topics")
                         for page in output.glob(f"{folder}/*/page/3/index.html"))
    assert third_pages, "no locality, organisation or topic has three pages of results at 2 a page"
    subject = third_pages[0].parent.parent.parent.relative_to(output).as_posix()
    second, third = f"{subject}/page/2/index.html", f"{subject}/page/3/index.html"
    listed = re.findall(r'href="[^"]*/consultations/([^/"]+)/"', html(output, second))
    assert listed, f"{second} lists no consultation"
    assert listed[0] not in html(output, third)
    assert_an_edit_renders_one_list_page(project, output, tmp_path, listed[0], second, third)


def test_a_record_edit_renders_only_the_register_page_that_shows_it(project, tmp_path):
    # At 100,000 records the register runs to thousands of pages: an edit that moves
    # nothing must render again the one page listing the record.
    output = project / "output"
    with open(project / "pelicanconf.py", "a", encoding="utf-8") as settings:
        settings.write("SAID_AND_DONE = {**SAID_AND_DONE, 'list_page_size': 4}\n")
    built(project, output)
    second, third = "consultations/page/2/index.html", "consultations/page/3/index.html"
    assert (output / third).is_file(), "the register should run to three pages at 4 a page"
    listed = re.findall(r'class="card__title"><a href="[^"]*/consultations/([^/"]+)/"', html(output, second))
    assert len(listed) == 4, f"{second} should list 4 consultations, found {listed}"
    keys, after = assert_an_edit_renders_one_list_page(project, output, tmp_path, listed[0], second, third)
    assert after["consultations/index.html"] == keys["consultations/index.html"]


def test_an_edit_to_a_record_a_subject_page_does_not_show_keeps_that_page(project, tmp_path):
    # A locality's first page shows a page's worth of each list. At 10,000 records it
    # used to list every one (750 KB), and any edit in the locality rendered it again.
    output = project / "output"
    with open(project / "pelicanconf.py", "a", encoding="utf-8") as settings:
        settings.write("BROWSE = {**BROWSE, 'page_size': 2}\n")
    built(project, output)
    card = re.compile(r'class="card__title"><a href="[^"]*/consultations/([^/"]+)/"')
    for later in sorted(output.glob("localities/*/consultations/page/2/index.html")):
        subject = later.parent.parent.parent.parent.relative_to(output).as_posix()
        hidden = [i for i in card.findall(later.read_text(encoding="utf-8"))
                  if f"/consultations/{i}/" not in html(output, f"{subject}/index.html")]
        if hidden:
            break
    else:
        pytest.fail("no locality lists on its second page of consultations one its first page does not show")
    assert_an_edit_renders_one_list_page(project, output, tmp_path, hidden[0],
                                         f"{subject}/consultations/page/2/index.html", f"{subject}/index.html")


def test_an_edit_renders_only_the_calendar_months_the_record_spans(project, tmp_path):
    # The calendar was one page for 24 months (3 MB at 10,000 records), rendered again by
    # any edit; now a month's page lists its own consultations and the overview only counts.
    output = project / "output"
    spans = {}  # consultation id -> the calendar pages of the months from its opening to its closing
    for path in sorted((project / RECORDS).glob("*.yaml")):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        if "withdrawn" not in record:
            day, closes, months = record["dates"]["opens"].replace(day=1), record["dates"]["closes"], []
            while day <= closes:
                months.append(f"calendar/{day:%Y-%m}/index.html")
                day = (day + timedelta(days=32)).replace(day=1)
            spans[path.stem] = months
    consultation_id, span = next(iter(spans.items()))
    month = span[0]
    other = next(m for months in spans.values() for m in months if m not in span)
    keys, after = assert_an_edit_renders_one_list_page(project, output, tmp_path, consultation_id, month,
                                                       "calendar/index.html")
    assert after[other] == keys[other], f"{other} does not list the edited record but was rendered again"


def test_a_new_record_then_its_removal(project, tmp_path):
    output = project / "output"
    new = project / RECORDS / "2027-a-brand-new-consultation.yaml"
    shutil.copy(sorted((project / RECORDS).glob("*.yaml"))[0], new)
    edit(new, "title: ", "title: Brand new ")
    built(project, output)
    assert (output / "consultations" / "2027-a-brand-new-consultation" / "index.html").is_file()
    assert_same_as_clean(project, output, tmp_path / "added")
    new.unlink()
    counts = built(project, output)
    assert not (output / "consultations" / "2027-a-brand-new-consultation").exists()
    assert counts["deleted"] > 0, counts
    assert_same_as_clean(project, output, tmp_path / "removed")


def test_recording_new_addresses_renders_nothing_again(project, tmp_path):
    # Staff add a record, build, then `make urls` adds its addresses to
    # data/published-urls.txt. Only the permalinks checks and the redirect files
    # (made every build) read that list, so the next build keeps every page.
    output = project / "output"
    new = project / RECORDS / "2027-a-brand-new-consultation.yaml"
    shutil.copy(sorted((project / RECORDS).glob("*.yaml"))[0], new)
    edit(new, "title: ", "title: Brand new ")
    built(project, output)
    listed = project / "data" / "published-urls.txt"
    before_text = listed.read_text(encoding="utf-8")
    subprocess.run([sys.executable, "-m", "permalinks", "record", "--settings", "pelicanconf.py",
                    "--output", str(output)], cwd=project, env={**os.environ, "PYTHONPATH": str(project / "plugins")},
                   check=True, capture_output=True, text=True, timeout=300)
    assert "/consultations/2027-a-brand-new-consultation/" in listed.read_text(encoding="utf-8")
    assert listed.read_text(encoding="utf-8") != before_text
    keys, before = keys_beside(output), stamps(output)
    counts = built(project, output)
    assert written_since(before, output) == [] and counts["written"] == 0, counts
    assert keys_beside(output) == keys, "pages were made from new keys after only the address list changed"
    assert counts["kept"] > len(before) / 2, counts
    assert_same_as_clean(project, output, tmp_path / "clean")


def test_removing_a_record_the_first_build_published(project, tmp_path):
    # Staff never do this (a published address must keep working), but a record can
    # be taken down for a legal reason: its lines leave data/published-urls.txt with it.
    output, register = project / "output", records(project)
    gone = next(cid for cid in register if not any(cid in r.get("related", []) for r in register.values())
                and not register[cid].get("aliases"))
    (project / RECORDS / f"{gone}.yaml").unlink()
    if writeup_of(project, gone):
        writeup_of(project, gone).unlink()
    urls = project / "data" / "published-urls.txt"
    lines = urls.read_text(encoding="utf-8").splitlines(keepends=True)
    urls.write_text("".join(line for line in lines if f"/consultations/{gone}" not in line), encoding="utf-8")
    assert (output / "consultations" / gone / "index.html").is_file()
    built(project, output)
    assert not [rel for rel in files(output) if gone in rel]
    assert_same_as_clean(project, output, tmp_path / "clean")


def test_clean_after_an_incremental_build_gives_the_same_bytes(project, tmp_path):
    # An open consultation is withdrawn and moved to another locality: its status,
    # the register, home page, locality pages, calendars, feeds, clashes and data change.
    output, register = project / "output", records(project)
    moved = next(cid for cid, r in register.items() if r["localities"] != "all" and "outcome" not in r
                 and "withdrawn" not in r and r["dates"]["opens"] <= BUILD_DAY <= r["dates"]["closes"])
    localities = yaml.safe_load((project / "data" / "localities.yaml").read_text(encoding="utf-8"))
    elsewhere = next(loc["slug"] for loc in localities if loc["slug"] not in register[moved]["localities"])
    record = {**register[moved], "localities": [elsewhere],
              "withdrawn": {"date": BUILD_DAY, "reason": "The plans were dropped after the council's budget meeting."}}
    (project / RECORDS / f"{moved}.yaml").write_text(yaml.safe_dump(record, sort_keys=False, allow_unicode=True),
                                                     encoding="utf-8")
    built(project, output)
    assert "dropped after the council" in html(output, f"consultations/{moved}/index.html")
    incremental = tmp_path / "incremental"
    shutil.copytree(output, incremental)
    counts = built(project, output, "--clean")
    assert counts["kept"] == 0, f"--clean kept files from the last build: {counts}"
    assert_same_trees(incremental, output)


# -- write-ups -----------------------------------------------------------------------

def published_writeups(project):
    """(write-up, consultation id) for each write-up shown on a results page."""
    found = []
    for path in sorted((project / "content" / "outcomes").glob("*.md")):
        cid = re.search(r"^Consultation: *(\S+)", path.read_text(encoding="utf-8"), re.M).group(1)
        if (project / "output" / "consultations" / cid / "you-said-we-did" / "index.html").is_file():
            found.append((path, cid))
    assert found
    return found


def test_a_writeup_edit(project, tmp_path):
    output = project / "output"
    writeup, cid = published_writeups(project)[0]
    writeup.write_text(writeup.read_text(encoding="utf-8").rstrip()
                       + "\n\nWe added this paragraph after the meeting in the library.\n", encoding="utf-8")
    before = stamps(output)
    built(project, output)
    page = f"consultations/{cid}/you-said-we-did/index.html"
    assert page in written_since(before, output)
    assert "after the meeting in the library" in html(output, page)
    assert_same_as_clean(project, output, tmp_path / "clean")


def test_a_writeup_removed(project, tmp_path):
    output = project / "output"
    writeup, cid = published_writeups(project)[-1]
    writeup.unlink()
    before = stamps(output)
    built(project, output)
    assert f"consultations/{cid}/you-said-we-did/index.html" in written_since(before, output)
    assert_same_as_clean(project, output, tmp_path / "clean")


# -- reference data, templates, settings, build date, code --------------------------------

def test_reference_data_edit(project, tmp_path):
    output = project / "output"
    localities = project / "data" / "localities.yaml"
    first = yaml.safe_load(localities.read_text(encoding="utf-8"))[0]["name"]
    edit(localities, f"name: {first}", f"name: {first} Town")
    built(project, output)
    assert f"{first} Town" in html(output, "localities/index.html")
    assert_same_as_clean(project, output, tmp_path / "clean")


@pytest.mark.parametrize("template, old, new", [
    ("base.html", "</footer>", "<p>Printed copies are in every library.</p></footer>"),
    ("consultation.html", "<h2>Contact</h2>", "<h2>Printed copies are in every library.</h2>"),
])
def test_template_edit(project, tmp_path, template, old, new):
    output = project / "output"
    consultation = f"consultations/{sorted(records(project))[0]}/index.html"
    edit(project / "theme" / "templates" / template, old, new)
    before = stamps(output)
    built(project, output)
    written = written_since(before, output)
    assert consultation in written
    assert "Printed copies are in every library." in html(output, consultation)
    if template != "base.html":
        # Every page is rendered again (the theme changed), but only those whose bytes
        # changed are written: the home page does not use consultation.html.
        assert "index.html" not in written and not [rel for rel in written if rel.startswith("theme/")], written
    assert_same_as_clean(project, output, tmp_path / "clean")


@pytest.mark.parametrize("setting, shows", [
    ("BROWSE = {**BROWSE, 'page_size': 2}", "a second page of results"),
    ("SAID_AND_DONE = {**SAID_AND_DONE, 'partnership': 'Brackenmoor and Fellside Partnership'}",
     "the new name"),
])
def test_setting_change(project, tmp_path, setting, shows):
    output = project / "output"
    pages_before = set(files(output))
    with open(project / "pelicanconf.py", "a", encoding="utf-8") as settings:
        settings.write(setting + "\n")
    built(project, output)
    if shows == "the new name":
        assert "Brackenmoor and Fellside Partnership" in html(output, "index.html")
    else:
        assert [rel for rel in set(files(output)) - pages_before if re.search(r"/page/2/index\.html$", rel)]
    assert_same_as_clean(project, output, tmp_path / "clean")


def test_build_date_change(project, tmp_path):
    output = project / "output"
    later = {"SOURCE_DATE_EPOCH": "1798761600"}  # 2027-01-01: planned consultations open, open ones close
    before = stamps(output)
    built(project, output, env=later)
    assert "consultations/index.html" in written_since(before, output)  # statuses moved
    assert_same_as_clean(project, output, tmp_path / "clean", env=later)


def test_plugin_code_change(project, tmp_path):
    # A change to the plugins' code (here the words a filter prints) must not leave
    # pages made by the old code.
    output, register = project / "output", records(project)
    open_now = next(cid for cid, r in register.items() if "withdrawn" not in r and "outcome" not in r
                    and r["dates"]["opens"] <= BUILD_DAY <= r["dates"]["closes"])
    # A results page of a consultation that lists no other shows no days left.
    results = next(f"consultations/{cid}/you-said-we-did/index.html" for cid, r in register.items()
                   if not r.get("related") and (output / "consultations" / cid / "you-said-we-did").is_dir())
    edit(project / "plugins" / "said_and_done" / "site" / "filters.py", 'f"{days} days left"', 'f"{days} days to go"')
    before = stamps(output)
    built(project, output)
    written = written_since(before, output)
    assert f"consultations/{open_now}/index.html" in written
    assert "days to go" in html(output, f"consultations/{open_now}/index.html")
    assert results not in written, written
    assert_same_as_clean(project, output, tmp_path / "clean")


# -- the published output -------------------------------------------------------------

def test_a_published_file_changed_by_hand_is_made_again(project, tmp_path):
    # Someone edits or deletes a file in the output (on the server, say): the next build
    # must not trust the record of it, though nothing it is made from changed.
    output = project / "output"
    page = output / "consultations" / sorted(records(project))[0] / "index.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("<h2>Contact</h2>", "<h2>Cantact</h2>"), encoding="utf-8")  # the same size
    assert page.stat().st_size == len(text.encode("utf-8")) and "Cantact" in page.read_text(encoding="utf-8")
    (output / "calendar.ics").unlink()
    built(project, output)
    assert "Cantact" not in page.read_text(encoding="utf-8")
    assert (output / "calendar.ics").is_file()
    assert_same_as_clean(project, output, tmp_path / "clean")


# -- a failed build ---------------------------------------------------------------------

def test_a_failed_build_leaves_the_output_and_its_record_alone(project, tmp_path):
    output, record = project / "output", record_beside(project / "output")
    before, bytes_before = stamps(output), digests(output)
    record_before = (record.read_bytes(), record.stat().st_mtime_ns)
    beside_before = sorted(os.listdir(project))
    broken = sorted((project / RECORDS).glob("*.yaml"))[0]
    good = broken.read_text(encoding="utf-8")
    edit(broken, "level: ", "level: shout-louder-")
    run = build(project, output)
    assert run.returncode == 1, run.stdout[-2000:] + run.stderr[-2000:]
    assert f"{broken.relative_to(project)}:" in run.stderr  # says which file
    assert stamps(output) == before and digests(output) == bytes_before
    assert (record.read_bytes(), record.stat().st_mtime_ns) == record_before
    assert sorted(os.listdir(project)) == beside_before  # no half-built folder left beside it
    broken.write_text(good.replace("title: ", "title: Fixed ", 1), encoding="utf-8")
    built(project, output)
    assert "Fixed " in html(output, f"consultations/{broken.stem}/index.html")
    assert_same_as_clean(project, output, tmp_path / "clean")


LATE_FAILURE = """
import os
import time
from pathlib import Path

from pelican import signals
from pelican.generators import Generator
from said_and_done.hooks import BuildFailed


class Late(Generator):
    def generate_output(self, writer):
        # Fail only once Pagefind has started, so the test is about stopping it.
        started = Path(os.environ["TEST_PAGEFIND_MARKS"]) / "started"
        deadline = time.monotonic() + 60
        while not started.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        raise BuildFailed("a plugin after the consultation pages failed")


def late(pelican):
    return Late


def register():
    signals.get_generators.connect(late)
"""

# Stands in for Pagefind: says it started, then writes where it was told to only after a while.
SLOW_PAGEFIND = """#!/bin/sh
touch "$TEST_PAGEFIND_MARKS/started"
while [ $# -gt 0 ]; do [ "$1" = --output-path ] && out="$2"; shift; done
sleep 3
mkdir -p "$out" && echo late > "$out/late.txt"
"""


def test_a_build_failing_while_the_search_index_is_made_stops_pagefind(project, tmp_path):
    # Pagefind starts on the consultation pages while later plugins still run
    # (search.generator.SearchBuild.start); when one of those fails, Pagefind must
    # be stopped, or it writes into the staging folder after it was removed.
    plugin = project / "plugins" / "late_failure"
    plugin.mkdir()
    (plugin / "__init__.py").write_text(LATE_FAILURE, encoding="utf-8")
    with (project / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write("PLUGINS = PLUGINS + ['late_failure']\n")
    pagefind = tmp_path / "pagefind"
    pagefind.write_text(SLOW_PAGEFIND, encoding="utf-8")
    pagefind.chmod(0o755)
    output = project / "output"
    before, beside_before = stamps(output), sorted(os.listdir(project))
    marks = tmp_path / "marks"
    marks.mkdir()
    run = build(project, output, env={"PAGEFIND_BINARY_PATH": str(pagefind), "TEST_PAGEFIND_MARKS": str(marks)})
    assert run.returncode == 1, run.stdout[-2000:] + run.stderr[-2000:]
    assert "a plugin after the consultation pages failed" in run.stderr
    assert (marks / "started").exists(), "Pagefind had not started when the later plugin ran"
    time.sleep(4)  # longer than the stand-in takes to write, had it not been stopped
    assert sorted(os.listdir(project)) == beside_before
    assert not list(project.rglob("late.txt"))
    assert stamps(output) == before
