"""A copy of the demo project to build again and again: build it, change it, compare its output.

Used by test_incremental.py. The project holds its own copies of the theme and the
plugins, so a test can change them, and so an edit in the working tree while the
tests run (engineers share it) cannot make a later build differ from an earlier
one. A build runs as staff run it, `python -m said_and_done build`, in its own
process (so Pelican's global signals start empty each time).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from .project_settings import write_settings
from .reproducible import files, unstable
from .search_index import entries, has_delta
from .site import ROOT

RECORDS = Path("data") / "consultations"


def make_project(project: Path) -> None:
    """A copy of the demo's records, write-ups, theme and plugins in project/ (which must not exist)."""
    project.mkdir()
    for folder in ("data", "content", "theme"):
        shutil.copytree(ROOT / folder, project / folder)
    shutil.copytree(ROOT / "plugins", project / "plugins", ignore=shutil.ignore_patterns("__pycache__"))
    write_project_settings(project)


def write_project_settings(project: Path) -> None:
    """Settings naming the project's own theme and plugins, and its own cache folder; a copy of
    the project (which keeps the folder names but not the path) must write them again."""
    write_settings(project, "CACHE_PATH = 'cache'", theme="theme", plugins=project / "plugins")


def record_beside(output: Path) -> Path:
    """The record of the last build, which the build keeps beside its output (outputs.manifest_path)."""
    return output.with_name(f".{output.name}.said-and-done.json")


def build(project: Path, output: Path, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    # `-m said_and_done` is imported before the settings are read: from the project's plugins.
    environment.update({"PYTHONPATH": str(project / "plugins"), **(env or {})})
    return subprocess.run([sys.executable, "-m", "said_and_done", "build", "--settings", "pelicanconf.py",
                           "--output", str(output), *extra], cwd=project, env=environment,
                          capture_output=True, text=True, timeout=600)


def built(project: Path, output: Path, *extra: str, env: dict | None = None, report: dict | None = None) -> dict:
    """Build, which must succeed; returns the build's file counts (written, unchanged, kept, deleted).

    report, when given, receives the whole timings file (phases, counts and figures)."""
    timings = output.with_name(f".{output.name}.timings.json")
    run = build(project, output, "--timings-file", str(timings), *extra, env=env)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-3000:]
    said = json.loads(timings.read_text(encoding="utf-8"))
    timings.unlink()
    if report is not None:
        report.update(said)
    return said["files"]


def stamps(root: Path) -> dict:
    """relative path -> (inode, mtime_ns): a file whose pair changed was written."""
    return {rel: (p.stat().st_ino, p.stat().st_mtime_ns) for rel, p in files(root).items()}


def digests(root: Path) -> dict:
    return {rel: hashlib.blake2b(p.read_bytes(), digest_size=16).hexdigest() for rel, p in files(root).items()}


def written_since(before: dict, root: Path) -> list:
    """Files under root written (or added) since `before` = stamps(root) was taken, sorted."""
    after = stamps(root)
    return sorted(rel for rel in after if before.get(rel) != after[rel])


def folders(root: Path) -> list:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir())


def assert_same_trees(mine: Path, theirs: Path) -> None:
    """Same files, same folders and the same bytes, but for Pagefind's filter index (helpers.reproducible).

    `mine` may hold a search index whose edited pages are in a delta (plugins/search/delta.py)
    where a clean build indexes them in their parts: then its index must find the same entries
    as `theirs` (helpers.search_index), and the rest of the site must be byte for byte the same."""
    a, b = files(mine), files(theirs)
    assert not has_delta(theirs), f"{theirs.name} is a clean build: its search index has no delta"
    if has_delta(mine):
        assert entries(mine) == entries(theirs), f"the search index of {mine.name} finds other entries than {theirs.name}'s"
        a = {r: p for r, p in a.items() if not r.startswith("pagefind/")}
        b = {r: p for r, p in b.items() if not r.startswith("pagefind/")}
    only_mine = sorted(r for r in a.keys() - b.keys() if not unstable(r))
    only_theirs = sorted(r for r in b.keys() - a.keys() if not unstable(r))
    assert (only_mine, only_theirs) == ([], []), f"files only in {mine.name}: {only_mine}; only in {theirs.name}: {only_theirs}"
    # A folder left behind empty by a deletion is a difference too: a deploy copies it.
    search = has_delta(mine)  # the index's folders were compared by what they find

    def compared(root):
        return [f for f in folders(root) if not (search and (f == "pagefind" or f.startswith("pagefind/")))]

    assert compared(mine) == compared(theirs)
    differ = [r for r in sorted(a) if not unstable(r) and a[r].read_bytes() != b[r].read_bytes()]
    assert differ == [], f"{len(differ)} file(s) differ between {mine.name} and {theirs.name}: {differ[:20]}"


def assert_same_as_clean(project: Path, output: Path, clean: Path, env: dict | None = None) -> None:
    """Build the project as it is now, --clean, into `clean` and compare with `output`."""
    built(project, clean, "--clean", env=env)
    assert_same_trees(output, clean)


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def retitle(project: Path, consultation_id: str, word: str) -> None:
    """Add a word to the end of a record's title, quoted or not."""
    path = project / RECORDS / f"{consultation_id}.yaml"
    line = re.search(r"^title: *(.+?) *$", path.read_text(encoding="utf-8"), re.M)
    value = line.group(1)
    new = value[:-1] + f" {word}" + value[-1] if value[0] in "'\"" else f"{value} {word}"
    edit(path, line.group(0), f"title: {new}")
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["title"].endswith(f" {word}")


def records(project: Path) -> dict:
    """id -> the record's data, as YAML reads it (dates as dates)."""
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((project / RECORDS).glob("*.yaml"))}


def organisations_of(record: dict) -> set:
    return {record["lead_organisation"], *record.get("partners", [])}


def shares_anything(one: dict, one_id: str, other: dict, other_id: str) -> bool:
    """Whether two records could appear on each other's pages or on a common list page
    (an area-wide one is on every locality page)."""
    if "all" in (one["localities"], other["localities"]):
        return True
    return bool(set(one["localities"]) & set(other["localities"]) or set(one["topics"]) & set(other["topics"])
                or organisations_of(one) & organisations_of(other)
                or one_id in other.get("related", []) or other_id in one.get("related", []))


def writeup_of(project: Path, consultation_id: str) -> Path | None:
    for path in sorted((project / "content" / "outcomes").glob("*.md")):
        header = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
        if f"\nConsultation: {consultation_id}\n" in f"\n{header}\n":
            return path
    return None
