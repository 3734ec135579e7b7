"""Publishing a whole site in one step (build/publish.py, build/outputs.py): output is a symlink
to one complete build folder; unchanged files are hard links to the published ones; what a killed
build leaves is removed by the next; a real output folder from an older version is taken over.

tests/adversarial/test_kill.py kills real builds at random moments; here each step of the
switch is stopped in turn, and the store is driven directly, so every moment is tried."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers.fixture_project import write_settings
from helpers.incremental_project import built, make_project, record_beside, retitle, stamps
from said_and_done import cli
from said_and_done.build import outputs, publish

HANG = 300  # seconds: only to stop a hung build failing the whole suite


def store_for(final: Path, clean: bool = False) -> outputs.OutputStore:
    return outputs.open_store(publish.staging_folder(final), final, "fingerprint", clean=clean)


def stage(store: outputs.OutputStore, files: dict) -> None:
    """Write files (relative path -> text) into the store's staging folder, each with a key."""
    for rel, text in files.items():
        path = store.staging / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        store.record(rel, f"key of {text}")


def publish_files(final: Path, files: dict, keep: tuple = (), must_keep: bool = True) -> dict:
    """One build: keep these paths from the last one (or, if it cannot and need not, write
    them again, as a build does), write the others; returns its counts."""
    with publish.lock(final):
        publish.tidy(final)
        store = store_for(final)
        for rel in keep:
            if not store.reuse(rel, f"key of {rel}"):
                assert not must_keep, f"{rel} could not be kept"
                stage(store, {rel: rel})
        stage(store, files)
        return store.commit()


def contents(final: Path) -> dict:
    return {p.relative_to(final).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(final.rglob("*")) if p.is_file()}


def inodes(final: Path) -> dict:
    return {p.relative_to(final).as_posix(): p.stat().st_ino for p in final.rglob("*") if p.is_file()}


@pytest.fixture
def final(tmp_path) -> Path:
    return tmp_path / "site" / "output"


FIRST = {"index.html": "home", "a/index.html": "a", "b/index.html": "b", "feed.xml": "feed"}


def test_output_is_a_relative_symlink_to_one_whole_build(final):
    publish_files(final, {**FIRST, "kept.html": "kept.html"})
    assert final.is_symlink() and "/" not in os.readlink(final)
    assert os.readlink(final).startswith(".output.site-")
    assert contents(final) == {**FIRST, "kept.html": "kept.html"}
    record = json.loads(record_beside(final).read_text(encoding="utf-8"))
    assert record["folder"] == os.readlink(final)
    assert sorted(os.listdir(final.parent)) == sorted(
        [".output.lock", ".output.said-and-done.json", "output", os.readlink(final)])


def test_unchanged_files_are_hard_links_to_the_last_build_and_its_folder_goes(final):
    publish_files(final, {**FIRST, "kept.html": "kept.html"})
    before, old_folder = inodes(final), final.parent / os.readlink(final)
    mtimes = {rel: (final / rel).stat().st_mtime_ns for rel in before}
    # kept.html is kept unrendered; index.html and feed.xml are rendered again with the
    # same bytes; a/ changed; b/ is no longer built; c/ is new.
    counts = publish_files(final, {"index.html": "home", "feed.xml": "feed", "a/index.html": "a, edited",
                                   "c/index.html": "c"}, keep=("kept.html",))
    assert counts == {"written": 2, "unchanged": 2, "kept": 1, "deleted": 1}
    after = inodes(final)
    for rel in ("kept.html", "index.html", "feed.xml"):
        assert after[rel] == before[rel], f"{rel} was copied, not linked"
        assert (final / rel).stat().st_mtime_ns == mtimes[rel]
        assert (final / rel).stat().st_nlink == 1, f"{rel} is still linked from the old build folder"
    assert after["a/index.html"] != before["a/index.html"]
    assert contents(final) == {"index.html": "home", "feed.xml": "feed", "a/index.html": "a, edited",
                               "c/index.html": "c", "kept.html": "kept.html"}
    assert not (final / "b").exists(), "a folder emptied by the build is published"
    assert not old_folder.exists()
    assert final.parent / os.readlink(final) != old_folder


def test_the_record_of_another_folder_is_not_trusted(final):
    # A build killed between writing its record and switching the symlink leaves a record
    # that names a folder output does not point to: the next build keeps nothing on its word.
    publish_files(final, {**FIRST, "kept.html": "kept.html"})
    record = record_beside(final)
    saved = json.loads(record.read_text(encoding="utf-8"))
    record.write_text(json.dumps({**saved, "folder": ".output.site-elsewhere"}), encoding="utf-8")
    store = store_for(final)
    assert not store.reuse("kept.html", "key of kept.html")
    # The same record naming the folder output points to is trusted.
    record.write_text(json.dumps(saved), encoding="utf-8")
    assert store_for(final).reuse("kept.html", "key of kept.html")


# Each step of publish.switch, in order: (what is patched, the call that is stopped).
STEPS = {
    "rename the staging folder to a build folder": ("os", "rename"),
    "flush it to disk": ("publish", "_flush"),
    "write the record": ("store", "_write_manifest"),
    "make the new symlink": ("os", "symlink"),
    "rename it over output": ("os", "replace"),
    "flush the switch to disk": ("publish", "_fsync_folder"),
    "remove the old build folder": ("publish", "_remove"),
}


class Killed(BaseException):
    """Raised where a kill lands; nothing in commit or switch catches it, so like a kill it
    stops the build there without tidying anything up."""


@pytest.mark.parametrize("step", list(STEPS))
def test_a_build_stopped_at_any_step_of_the_switch_leaves_a_whole_build(final, monkeypatch, step):
    """Each step of publish.switch in turn is stopped just before it is done: output is the
    old build or the new one, and the next build tidies up and publishes."""
    publish_files(final, {**FIRST, "kept.html": "kept.html"})
    old = contents(final)
    new = {**FIRST, "a/index.html": "a, edited", "kept.html": "kept.html"}
    store = store_for(final)
    assert store.reuse("kept.html", "key of kept.html")
    stage(store, {k: v for k, v in new.items() if k != "kept.html"})

    where, name = STEPS[step]
    target = {"os": publish.os, "publish": publish, "store": store}[where]
    real = getattr(target, name)

    def stopped(*args, **kwargs):
        # os.replace also writes the record: stop only the one that switches output.
        if name == "replace" and str(args[1]) != str(final):
            return real(*args, **kwargs)
        raise Killed(step)

    monkeypatch.setattr(target, name, stopped)
    with pytest.raises(Killed):
        store.commit()
    monkeypatch.undo()
    published = contents(final)
    assert published in (old, new), f"stopped before: {step}; output is neither build"
    assert published == (old if list(STEPS).index(step) <= list(STEPS).index("rename it over output") else new)

    # Stopped after the record of the new build was written but before output pointed to it,
    # the record names a folder output does not point to: the next build must not trust it.
    trusted = step not in ("make the new symlink", "rename it over output")
    counts = publish_files(final, {k: v for k, v in new.items() if k != "kept.html"}, keep=("kept.html",),
                           must_keep=trusted)
    assert counts["kept"] == (1 if trusted else 0), counts
    assert contents(final) == new
    assert sorted(os.listdir(final.parent)) == sorted(
        [".output.lock", ".output.said-and-done.json", "output", os.readlink(final)])


def test_leftovers_of_killed_builds_are_removed_and_nothing_else(final):
    publish_files(final, FIRST)
    parent = final.parent
    leftovers = [".output.building-k1", ".output.building-k1.search-pages-x", ".output.old-123",
                 ".output.site-unpointed", ".output.search-pages-y", ".search-pages-z"]
    for name in leftovers:
        (parent / name / "sub").mkdir(parents=True)
        (parent / name / "sub" / "page.html").write_text("half", encoding="utf-8")
    os.symlink(".output.site-unpointed", parent / ".output.link-4242")
    # Not leftovers: another output's staging folder, the preview's first look, a tool's file.
    keep = [".other.building-k2", ".output.first-look", ".output.timings.json", "notes.txt"]
    for name in keep[:2]:
        (parent / name).mkdir()
    for name in keep[2:]:
        (parent / name).write_text("{}", encoding="utf-8")
    current = os.readlink(final)

    with publish.lock(final):
        removed = publish.tidy(final)

    assert removed == sorted([*leftovers, ".output.link-4242"])
    assert sorted(os.listdir(parent)) == sorted(
        [*keep, ".output.lock", ".output.said-and-done.json", "output", current])
    assert contents(final) == FIRST


def test_a_real_output_folder_is_taken_over_keeping_unchanged_files(final):
    # An output built by an older version, or by plain Pelican: a real folder.
    final.mkdir(parents=True)
    for rel, text in FIRST.items():
        (final / rel).parent.mkdir(parents=True, exist_ok=True)
        (final / rel).write_text(text, encoding="utf-8")
    (final / "gone.html").write_text("no longer built", encoding="utf-8")
    before = inodes(final)
    counts = publish_files(final, {**FIRST, "a/index.html": "a, edited"})
    assert final.is_symlink()
    assert contents(final) == {**FIRST, "a/index.html": "a, edited"}
    assert counts["unchanged"] == 3 and counts["written"] == 1
    assert inodes(final)["index.html"] == before["index.html"]
    assert sorted(os.listdir(final.parent)) == sorted(
        [".output.lock", ".output.said-and-done.json", "output", os.readlink(final)])


def test_an_output_moved_aside_by_a_killed_build_is_put_back(final):
    # The one moment a build into a real folder has no output: moved aside, symlink not yet in.
    aside = final.parent / ".output.old-999"
    (aside / "a").mkdir(parents=True)
    (aside / "index.html").write_text("home", encoding="utf-8")
    with publish.lock(final):
        assert publish.tidy(final) == []
    assert final.is_dir() and not final.is_symlink()
    assert (final / "index.html").read_text(encoding="utf-8") == "home"
    assert not aside.exists()


def test_output_path_keeps_our_symlink_and_follows_the_owners(tmp_path, final, monkeypatch):
    publish_files(final, FIRST)
    assert publish.output_path(final) == final  # not the build folder it points to today
    elsewhere = tmp_path / "srv" / "www"
    elsewhere.mkdir(parents=True)
    mine = tmp_path / "mine"
    os.symlink(elsewhere, mine)  # the site owner's: the build publishes where it points, as before
    assert publish.output_path(mine) == elsewhere.resolve()
    monkeypatch.chdir(final.parent)
    assert publish.output_path("output") == final


def test_a_failed_build_leaves_output_pointing_at_the_same_folder(fixture_project, capsys):
    settings = write_settings(fixture_project)
    output = fixture_project / "output"
    assert cli.main(["build", "--settings", str(settings), "--output", str(output)]) == 0
    folder, before = os.readlink(output), stamps(output)
    record = record_beside(output).read_bytes()
    broken = fixture_project / "data" / "consultations" / "2026-test-library-hours.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("level: consult", "level: shout"), encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["build", "--settings", str(settings), "--output", str(output)]) == 1
    assert "nothing was published" in capsys.readouterr().err
    assert os.readlink(output) == folder
    assert stamps(output) == before
    assert record_beside(output).read_bytes() == record
    assert sorted(p.name for p in fixture_project.iterdir() if p.name.startswith(".")) == sorted(
        [".output.lock", ".output.said-and-done.json", folder])


def test_a_second_build_waits_for_the_first(fixture_project):
    """The lock: a build into an output another build holds waits, says so, and then publishes."""
    settings = write_settings(fixture_project)
    output = fixture_project / "output"
    said = fixture_project / "said.txt"
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    environment["PYTHONPATH"] = str(Path(publish.__file__).parents[2])
    with publish.lock(output), open(said, "w", encoding="utf-8") as out:
        proc = subprocess.Popen([sys.executable, "-m", "said_and_done", "build", "--settings", str(settings),
                                 "--output", str(output)], cwd=fixture_project, env=environment,
                                stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + HANG
        while "waiting for it to finish" not in said.read_text(encoding="utf-8"):
            assert proc.poll() is None, said.read_text(encoding="utf-8")
            assert time.monotonic() < deadline, "the second build never said it was waiting"
            time.sleep(0.05)
        assert not os.path.lexists(output), "the second build published while the first held the lock"
    assert proc.wait(timeout=HANG) == 0, said.read_text(encoding="utf-8")
    assert (output / "consultations" / "2026-test-library-hours" / "index.html").is_file()


def test_a_one_record_edit_of_the_demo_links_every_file_it_did_not_write(tmp_path):
    project = tmp_path / "project"
    make_project(project)
    output = project / "output"
    built(project, output)
    first_folder = output.parent / os.readlink(output)
    before = stamps(output)
    retitle(project, sorted((project / "data" / "consultations").glob("*.yaml"))[0].stem, "Revisited")
    counts = built(project, output)
    after = stamps(output)
    same = [rel for rel in after if after[rel] == before.get(rel)]
    # Every file kept or rebuilt with the same bytes is the same inode, with its mtime.
    assert len(same) == counts["kept"] + counts["unchanged"], counts
    assert counts["written"] >= 1 and counts["kept"] > counts["written"]
    assert not first_folder.exists()
    assert all((output / rel).stat().st_nlink == 1 for rel in same)


def test_without_hard_links_unchanged_files_are_copied_with_their_date(final, monkeypatch):
    # Some network and Windows shares refuse hard links: the build still publishes, by copies.
    publish_files(final, {**FIRST, "kept.html": "kept.html"})
    mtimes = {rel: (final / rel).stat().st_mtime_ns for rel in FIRST}

    def refused(src, dst):
        raise OSError(errno.EPERM, "Operation not permitted", str(dst))

    monkeypatch.setattr(outputs.os, "link", refused)
    counts = publish_files(final, {**FIRST, "a/index.html": "a, edited"}, keep=("kept.html",))
    assert counts == {"written": 1, "unchanged": 3, "kept": 1, "deleted": 0}
    assert contents(final) == {**FIRST, "a/index.html": "a, edited", "kept.html": "kept.html"}
    assert {rel: (final / rel).stat().st_mtime_ns for rel in FIRST if rel != "a/index.html"} == {
        rel: m for rel, m in mtimes.items() if rel != "a/index.html"}
