"""`actions export` and `actions import`: every "we will" action as a spreadsheet, and its changes put back.

End to end in a copy of the demo, run as staff run it (`python -m said_and_done actions ...`):
the export lists every action the records hold; an import of the sheet unchanged changes
no byte; an edited sheet changes exactly the values edited (the diff has no other line),
the records pass `check` and the built page shows the new status; every mistake in a sheet
is listed as FILE.csv:row:column: field: ..., and then nothing at all is written.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from helpers.incremental_project import make_project
from said_and_done.scaffold.action_rows import COLUMNS, plain_cell, safe_cell

BUILD_DATE = date(2026, 11, 23)  # pelicanconf.py's build_date
BIRTH_UNIT = "2026-harlstow-birth-unit-pause"
LIBRARY = "2024-kestlebury-library-hours"


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("actions-csv") / "demo"
    make_project(folder)
    return folder


@pytest.fixture
def project(demo, tmp_path) -> Path:
    """A fresh copy of the demo for a test that changes it."""
    copy = tmp_path / "project"
    shutil.copytree(demo, copy, symlinks=True)
    (copy / "pelicanconf.py").write_text((demo / "pelicanconf.py").read_text(encoding="utf-8").replace(
        str(demo), str(copy)), encoding="utf-8")
    return copy


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(project / "plugins")}
    return subprocess.run([sys.executable, "-m", "said_and_done", *args, "--settings", "pelicanconf.py"],
                          cwd=project, env=env, capture_output=True, text=True, timeout=300)


def export(project: Path, *flags: str) -> list:
    done = run(project, "actions", "export", "--output", "sheet.csv", *flags)
    assert done.returncode == 0, done.stderr
    raw = (project / "sheet.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel reads accents and the pound sign right only with the BOM"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def write_sheet(path: Path, rows: list, columns=COLUMNS) -> None:
    """The sheet as a spreadsheet saves it: UTF-8 with a BOM, CRLF line ends."""
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\r\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def digests(project: Path) -> dict:
    return {p.relative_to(project): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((project / "data").rglob("*")) if p.is_file()}


def records_actions(project: Path) -> list:
    """(id, number, action) for every action, read from the records with an ordinary YAML reader."""
    found = []
    for path in sorted((project / "data" / "consultations").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for number, action in enumerate((data.get("outcome") or {}).get("actions", []), start=1):
            found.append((path.stem, number, action))
    return found


def row(rows: list, cid: str, number: int) -> dict:
    return next(r for r in rows if r["consultation"] == cid and r["index"] == str(number))


def changed_lines(before: str, after: str) -> tuple:
    """The lines a diff removes and adds, as git diff shows them."""
    diff = list(difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0))
    removed = [line[1:] for line in diff if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in diff if line.startswith("+") and not line.startswith("+++")]
    return removed, added


# -- export ----------------------------------------------------------------------

def test_export_lists_every_action_once_with_its_values(demo):
    rows = export(demo)
    actions = records_actions(demo)
    assert len(actions) > 20
    assert [(r["consultation"], int(r["index"])) for r in rows] == [(cid, n) for cid, n, _ in actions]
    for cid, number, action in actions:
        got = row(rows, cid, number)
        assert got["status"] == action["status"] and got["lead"] == action["lead"]
        assert got["we_will"] == " ".join(action["we_will"].split())
        due = action["due"]
        assert got["due"] == (f"When {due['when']}" if isinstance(due, dict) else str(due))
        assert got["progress"] == ("" if action.get("progress") is None else str(action["progress"]))
        if action.get("updates"):
            newest = max(action["updates"], key=lambda u: str(u["date"]))
            assert got["note"] == newest["note"].strip()


def test_export_for_one_organisation_and_only_overdue(demo):
    every = export(demo)
    mine = export(demo, "--organisation", "moorland-homes")
    assert mine and all(r["lead"] == "moorland-homes" for r in mine)
    assert len(mine) == sum(r["lead"] == "moorland-homes" for r in every)
    late = export(demo, "--overdue")
    expected = [(cid, str(n)) for cid, n, a in records_actions(demo)
                if a["status"] in ("planned", "in-progress") and not isinstance(a["due"], dict)
                and date.fromisoformat(str(a["due"])) < BUILD_DATE]
    assert expected, "the demo has overdue actions, so the filter is tested on some"
    assert [(r["consultation"], r["index"]) for r in late] == expected


def test_export_names_an_unknown_organisation(demo):
    done = run(demo, "actions", "export", "--organisation", "moorland-home")
    assert done.returncode == 2
    assert "--organisation" in done.stderr and "'moorland-home'" in done.stderr and "moorland-homes" in done.stderr


# -- formulas ---------------------------------------------------------------------

@given(st.text(alphabet=st.sampled_from("'=+-@\t\rab 1"), max_size=8))
def test_a_cell_is_never_a_formula_and_comes_back_as_it_was(text):
    cell = safe_cell(text)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert plain_cell(cell) == text


def test_an_action_that_looks_like_a_formula_is_written_as_text_and_read_back(project):
    record = project / "data" / "consultations" / f"{LIBRARY}.yaml"
    text = record.read_text(encoding="utf-8")
    first = next(a for cid, n, a in records_actions(project) if cid == LIBRARY and n == 1)["we_will"]
    record.write_text(text.replace(f"we_will: {first}", "we_will: '=HYPERLINK(\"http://x.example\",\"Open\")'"),
                      encoding="utf-8")
    rows = export(project)
    assert row(rows, LIBRARY, 1)["we_will"] == "'=HYPERLINK(\"http://x.example\",\"Open\")"
    before = digests(project)
    done = run(project, "actions", "import", "sheet.csv")
    assert done.returncode == 0, done.stderr
    assert digests(project) == before


# -- import -------------------------------------------------------------------------

def test_an_unedited_sheet_changes_no_byte(project):
    export(project)
    before = digests(project)
    done = run(project, "actions", "import", "sheet.csv")
    assert done.returncode == 0, done.stderr
    assert "No changes" in done.stdout
    assert digests(project) == before


def test_edited_rows_change_only_their_values_pass_check_and_build(project, tmp_path):
    records = project / "data" / "consultations"
    birth, library = records / f"{BIRTH_UNIT}.yaml", records / f"{LIBRARY}.yaml"
    # A comment staff wrote beside an action must survive the edit.
    library.write_text(library.read_text(encoding="utf-8").replace(
        "  actions:\n", "  actions:\n    # Checked with the library manager each month.\n", 1), encoding="utf-8")
    before = {p: p.read_text(encoding="utf-8") for p in (birth, library)}
    untouched = {k: v for k, v in digests(project).items() if k.name not in (birth.name, library.name)}
    rows = export(project)
    row(rows, BIRTH_UNIT, 2).update(status="Done", updated="20/11/2026")  # as the site and a UK spreadsheet write them
    row(rows, BIRTH_UNIT, 3).update(progress="75%", updated="2026-11-20", note="Six of the eight posts are filled.")
    row(rows, LIBRARY, 2).update(due="When the town council has agreed the new rooms")
    write_sheet(project / "sheet.csv", rows)
    done = run(project, "actions", "import", "sheet.csv")
    assert done.returncode == 0, done.stderr
    assert f"Updated data/consultations/{BIRTH_UNIT}.yaml" in done.stdout

    removed, added = changed_lines(before[birth], birth.read_text(encoding="utf-8"))
    assert removed == ["      status: in-progress", "      updated: 2026-11-02", "      progress: 50"]
    assert added == ["      status: done", "      updated: 2026-11-20", "      progress: 75",
                     "        - date: 2026-11-20", "          note: Six of the eight posts are filled."]
    library_before = before[library]
    removed, added = changed_lines(library_before, library.read_text(encoding="utf-8"))
    old_due = next(a for cid, n, a in records_actions(project) if cid == LIBRARY and n == 1)  # unchanged one
    assert old_due["due"] != {"when": "the town council has agreed the new rooms"}
    assert len(removed) == 1 and removed[0].strip().startswith("due: ")
    assert added == ["      due:", "        when: the town council has agreed the new rooms"]
    assert "# Checked with the library manager each month." in library.read_text(encoding="utf-8")
    assert {k: v for k, v in digests(project).items() if k in untouched} == untouched

    checked = run(project, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    output = tmp_path / "output"
    env = {**os.environ, "PYTHONPATH": str(project / "plugins")}
    built = subprocess.run([sys.executable, "-m", "said_and_done", "build", "--settings", "pelicanconf.py",
                            "--output", str(output)], cwd=project, env=env, capture_output=True, text=True,
                           timeout=900)
    assert built.returncode == 0, built.stderr[-3000:]
    page = output / "consultations" / BIRTH_UNIT / "you-said-we-did" / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    items = {li.select_one(".action__what").get_text(strip=True): li for li in soup.select("ol.actions > li")}
    monthly = items["Publish a progress update on the first Monday of every month while the pause lasts."]
    assert "Done" in monthly.get_text(" ", strip=True) and monthly.select_one(".tag--action-done, [class*=action-done]")
    midwives = items["Recruit eight permanent midwives for the Harlstow unit."].get_text(" ", strip=True)
    assert "75% done" in midwives and "Six of the eight posts are filled." in midwives


def test_a_record_written_by_another_tool_keeps_its_other_lines(project):
    """Another tool's layout (lists flush with their key, long text wrapped over lines, dates quoted):
    the changed action is written again in that layout, and every other line stays as it was."""
    from said_and_done.domain.yaml_source import load_yaml

    record = project / "data" / "consultations" / f"{LIBRARY}.yaml"
    data = load_yaml(record, "record")[0].data
    record.write_text(yaml.safe_dump(data, sort_keys=False, width=60, allow_unicode=True), encoding="utf-8")
    before = record.read_text(encoding="utf-8")
    assert "\n  - we_will:" in before and "'2024-06-03'" in before
    rows = export(project)
    row(rows, LIBRARY, 2).update(status="in-progress", progress="40", updated="2024-06-10")
    write_sheet(project / "sheet.csv", rows)
    done = run(project, "actions", "import", "sheet.csv")
    assert done.returncode == 0, done.stderr
    after = record.read_text(encoding="utf-8")
    removed, added = changed_lines(before, after)
    assert removed == ["    status: done", "    updated: '2024-05-28'"]
    assert added == ["    status: in-progress", "    progress: 40", "    updated: 2024-06-10"]
    assert run(project, "check").returncode == 0


def test_every_mistake_is_listed_by_row_and_column_and_nothing_is_written(project):
    rows = export(project)
    before = digests(project)
    columns = {name: i for i, name in enumerate(COLUMNS, start=1)}
    rows[0]["consultation"] = "2024-budget-2025-27"
    rows[1].update(status="finished", progress="120")
    rows[2]["updated"] = "2026-02-30"
    rows[3]["index"] = "9"
    rows[4]["due"] = "soon"
    rows[5]["we_will"] = "Something else entirely"
    rows[6]["updated"] = "next week"
    rows[7]["progress"] = "half"
    write_sheet(project / "sheet.csv", rows)
    done = run(project, "actions", "import", "sheet.csv")
    assert done.returncode == 1
    said = done.stderr
    expected = [
        (2, "consultation", "found '2024-budget-2025-27' (did you mean '2024-budget-2025-26'?)"),
        (3, "status", "expected one of: planned, in-progress, on-hold, done, dropped; found 'finished'"),
        (3, "progress", "expected a whole number from 0 to 100 (a percentage), found 120"),
        (4, "updated", "expected a real calendar date, found '2026-02-30'"),
        (5, "index", "found '9'"),
        (6, "due", "expected a date written YYYY-MM-DD, or a condition starting 'When'"),
        (7, "we_will", "found 'Something else entirely'"),
        (8, "updated", "expected a date written YYYY-MM-DD (like 2026-03-31) or DD/MM/YYYY, found 'next week'"),
        (9, "progress", "found 'half'"),
    ]
    for number, name, words in expected:
        line = next((line for line in said.splitlines() if line.startswith(f"sheet.csv:{number}:{columns[name]}: {name}: ")), None)
        assert line is not None and words in line, (number, name, said)
    assert "nothing was written" in said
    assert digests(project) == before


def test_a_change_the_checker_would_refuse_is_named_by_row_and_nothing_is_written(project):
    rows = export(project)
    before = digests(project)
    done_row = next(r for r in rows if r["status"] == "in-progress" and not r["reason"])
    done_row["status"] = "dropped"  # a dropped action must say why: the schema requires a reason
    good = next(r for r in rows if r is not done_row and r["status"] == "in-progress" and r["consultation"] != done_row["consultation"])
    good["progress"] = "10"
    write_sheet(project / "sheet.csv", rows)
    done = run(project, "actions", "import", "sheet.csv")
    assert done.returncode == 1
    number = rows.index(done_row) + 2
    assert f"sheet.csv:{number}:" in done.stderr and "expected a reason when an action is dropped" in done.stderr
    assert f"data/consultations/{done_row['consultation']}.yaml:" in done.stderr
    assert digests(project) == before


def test_a_sheet_with_a_misspelt_column_or_a_row_twice(project):
    rows = export(project)
    before = digests(project)
    write_sheet(project / "sheet.csv", [{**r, "staus": r["status"]} for r in rows],
                columns=[c if c != "status" else "staus" for c in COLUMNS])
    done = run(project, "actions", "import", "sheet.csv")
    assert done.returncode == 1
    assert "sheet.csv:1:6: (header): expected one of the columns" in done.stderr and "did you mean 'status'" in done.stderr
    write_sheet(project / "sheet.csv", [*rows, {**rows[0], "status": "done"}])
    done = run(project, "actions", "import", "sheet.csv")
    assert done.returncode == 1
    assert f"sheet.csv:{len(rows) + 2}:2: index: expected each action once" in done.stderr
    assert digests(project) == before


def test_a_sheet_saved_with_semicolons_and_no_byte_order_mark_is_read(project):
    rows = export(project)
    row(rows, LIBRARY, 3)["status"] = "in-progress"
    with open(project / "sheet.csv", "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(COLUMNS), delimiter=";", lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    done = run(project, "actions", "import", "sheet.csv")
    assert done.returncode == 0, done.stderr
    record = (project / "data" / "consultations" / f"{LIBRARY}.yaml").read_text(encoding="utf-8")
    assert [a["status"] for cid, n, a in records_actions(project) if cid == LIBRARY][2] == "in-progress"
    assert "status: in-progress" in record


def test_a_new_note_needs_a_new_date(project):
    rows = export(project)
    before = digests(project)
    row(rows, BIRTH_UNIT, 3)["note"] = "Six of the eight posts are filled."
    write_sheet(project / "sheet.csv", rows)
    done = run(project, "actions", "import", "sheet.csv")
    assert done.returncode == 1
    assert "expected a new date in updated for the new note" in done.stderr
    assert digests(project) == before
