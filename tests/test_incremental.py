"""An incremental build gives the same bytes as a clean build, after every kind of change.

A copy of the demo project is built once; each test copies that built project
(output, its record beside it and the caches, with their mtimes), makes one kind
of change, builds again incrementally into the same output, builds the changed
project clean into another folder, and compares the two trees byte for byte.
Pagefind's filter index is left out of the byte comparison exactly as in
test_reproducible.py (Pagefind writes it in a random order).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from project_settings import write_settings
from test_reproducible import files, unstable

ROOT = Path(__file__).resolve().parent.parent
RECORDS = Path("data") / "consultations"


def build(project: Path, output: Path, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    environment.update({"PYTHONPATH": str(ROOT / "plugins"), **(env or {})})
    return subprocess.run([sys.executable, "-m", "said_and_done", "build", "--settings", "pelicanconf.py",
                           "--output", str(output), *extra], cwd=project, env=environment,
                          capture_output=True, text=True, timeout=600)


def built(project: Path, output: Path, *extra: str, env: dict | None = None) -> str:
    run = build(project, output, *extra, env=env)
    assert run.returncode == 0, run.stderr[-3000:]
    return run.stdout


def stamps(root: Path) -> dict:
    """relative path -> (inode, mtime): a file whose pair changed was written."""
    return {rel: (p.stat().st_ino, p.stat().st_mtime_ns) for rel, p in files(root).items()}


def assert_same_as_clean(project: Path, output: Path, tmp_path: Path, env: dict | None = None) -> None:
    clean = tmp_path / "clean"
    built(project, clean, "--clean", env=env)
    mine, theirs = files(output), files(clean)
    assert sorted(r for r in mine if not unstable(r)) == sorted(r for r in theirs if not unstable(r))
    differ = [r for r in mine if not unstable(r) and mine[r].read_bytes() != theirs[r].read_bytes()]
    assert differ == [], f"the incremental build differs from a clean build in {differ[:10]}"


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("incremental") / "project"
    project.mkdir()
    shutil.copytree(ROOT / "data", project / "data")
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copytree(ROOT / "theme", project / "theme")
    write_settings(project, theme="theme")  # relative: each copy uses its own
    built(project, project / "output")
    return project


@pytest.fixture
def project(base, tmp_path) -> Path:
    """A copy of the built demo project; copy2 keeps each file's mtime to the nanosecond."""
    copy = tmp_path / "project"
    shutil.copytree(base, copy, symlinks=True)
    record = copy / ".output.said-and-done.json"
    assert record.is_file()
    # The record beside the output names the folder it describes by its place: the
    # copy's output is at the same place relative to its record.
    return copy


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def a_record(project: Path) -> Path:
    return sorted((project / RECORDS).glob("*.yaml"))[0]


def test_nothing_changed_writes_nothing(project):
    before = stamps(project / "output")
    out = built(project, project / "output")
    assert stamps(project / "output") == before
    assert "0 file(s) written" in out


def test_a_record_edit_rewrites_its_pages_and_not_an_unrelated_one(project, tmp_path):
    records = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (project / RECORDS).glob("*.yaml")}
    edited = next(cid for cid, r in records.items() if r["localities"] != "all" and
                  f"title: {r['title']}\n" in (project / RECORDS / f"{cid}.yaml").read_text(encoding="utf-8"))
    mine = records[edited]

    def shares_anything(other):
        if other["localities"] == "all":
            return True
        return (set(other["localities"]) & set(mine["localities"]) or set(other["topics"]) & set(mine["topics"])
                or {other["lead_organisation"], *other.get("partners", [])}
                & {mine["lead_organisation"], *mine.get("partners", [])}
                or edited in other.get("related", []))

    unrelated = next(cid for cid, r in records.items() if cid != edited and not shares_anything(r)
                     and cid not in mine.get("related", []))
    before = stamps(project / "output")
    edit(project / RECORDS / f"{edited}.yaml", f"title: {mine['title']}", f"title: {mine['title']} (revised)")
    built(project, project / "output")
    after = stamps(project / "output")
    written = sorted(rel for rel in after if before.get(rel) != after[rel])
    assert f"consultations/{edited}/index.html" in written
    assert f"consultations/{unrelated}/index.html" not in written, written
    assert not [rel for rel in written if rel.startswith("theme/")], written
    assert len(written) < len(after) / 4, f"{len(written)} of {len(after)} files rewritten: {written}"
    assert_same_as_clean(project, project / "output", tmp_path)


def test_a_new_record_then_its_removal(project, tmp_path):
    source = a_record(project)
    new = project / RECORDS / "2027-a-brand-new-consultation.yaml"
    shutil.copy(source, new)
    edit(new, "title: ", "title: Brand new ")
    built(project, project / "output")
    assert (project / "output" / "consultations" / "2027-a-brand-new-consultation" / "index.html").is_file()
    assert_same_as_clean(project, project / "output", tmp_path / "added")
    new.unlink()
    built(project, project / "output")
    assert not (project / "output" / "consultations" / "2027-a-brand-new-consultation").exists()
    assert_same_as_clean(project, project / "output", tmp_path / "removed")


def test_a_writeup_edit(project, tmp_path):
    writeup = sorted((project / "content" / "outcomes").glob("*.md"))[0]
    text = writeup.read_text(encoding="utf-8")
    writeup.write_text(text.rstrip() + "\n\nWe added this paragraph after the meeting in the library.\n",
                       encoding="utf-8")
    built(project, project / "output")
    assert_same_as_clean(project, project / "output", tmp_path)


def test_reference_data_edit(project, tmp_path):
    localities = project / "data" / "localities.yaml"
    first = yaml.safe_load(localities.read_text(encoding="utf-8"))[0]["name"]
    edit(localities, f"name: {first}", f"name: {first} Town")
    built(project, project / "output")
    assert f"{first} Town" in (project / "output" / "localities" / "index.html").read_text(encoding="utf-8")
    assert_same_as_clean(project, project / "output", tmp_path)


def test_template_edit(project, tmp_path):
    base_html = project / "theme" / "templates" / "base.html"
    edit(base_html, "</footer>", "<p>Printed copies are in every library.</p></footer>")
    built(project, project / "output")
    record = a_record(project).stem
    assert "Printed copies are in every library." in (
        project / "output" / "consultations" / record / "index.html").read_text(encoding="utf-8")
    assert_same_as_clean(project, project / "output", tmp_path)


def test_setting_change(project, tmp_path):
    with open(project / "pelicanconf.py", "a", encoding="utf-8") as settings:
        settings.write("BROWSE = {'page_size': 2}\n")
    built(project, project / "output")
    assert any(re.search(r"/page/2/index\.html$", rel) for rel in files(project / "output"))
    assert_same_as_clean(project, project / "output", tmp_path)


def test_build_date_change(project, tmp_path):
    later = {"SOURCE_DATE_EPOCH": "1798761600"}  # 2027-01-01: statuses move on
    built(project, project / "output", env=later)
    assert_same_as_clean(project, project / "output", tmp_path, env=later)


def test_a_failed_build_leaves_the_output_and_its_record_alone(project, tmp_path):
    output = project / "output"
    record = project / ".output.said-and-done.json"
    before, record_before = stamps(output), record.read_bytes()
    broken = a_record(project)
    good = broken.read_text(encoding="utf-8")
    edit(broken, "level: ", "level: shout-louder-")
    assert build(project, output).returncode == 1
    assert stamps(output) == before
    assert record.read_bytes() == record_before
    broken.write_text(good.replace("title: ", "title: Fixed ", 1), encoding="utf-8")
    built(project, output)
    assert_same_as_clean(project, output, tmp_path)
