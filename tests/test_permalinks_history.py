"""The manifest only grows, and git remembers: an address a commit took out of
data/published-urls.txt is still a promise, caught by `make check` and every build.

Each test makes the fixture project a git repository with known commits.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from helpers.fixture_project import write_settings
from helpers.history_repo import commit, git
from permalinks.manifest import HEADER, manifest_history
from said_and_done import cli

RECORD_ID = "2026-test-library-hours"
PAGE = f"/consultations/{RECORD_ID}/"
RESULTS = f"/consultations/{RECORD_ID}/you-said-we-did/"
MANIFEST = "data/published-urls.txt"


def write_manifest(project: Path, *urls: str) -> None:
    (project / MANIFEST).write_text(HEADER + "".join(f"{u}\n" for u in sorted(urls)), encoding="utf-8")


def run(project: Path, command: str, capsys) -> tuple[int, str]:
    args = [command, "--settings", str(write_settings(project))]
    if command == "build":
        args += ["--output", str(project / "output")]
    code = cli.main(args)
    captured = capsys.readouterr()
    return code, captured.err + captured.out


def short(project: Path) -> str:
    return git(project, "log", "-1", "--format=%h").strip()


def test_a_committed_deletion_with_the_record_is_caught_naming_the_commit(fixture_project, capsys):
    write_manifest(fixture_project, "/", "/consultations/", PAGE)
    git(fixture_project, "init", "-q", "-b", "main")
    commit(fixture_project, "Publish the library hours consultation", "2026-03-01")
    # The record and its line go in one commit: the file alone no longer shows the address.
    (fixture_project / "data" / "consultations" / f"{RECORD_ID}.yaml").rename(
        fixture_project / "data" / "consultations" / "2026-test-library-opening-hours.yaml")
    write_manifest(fixture_project, "/", "/consultations/")
    commit(fixture_project, "Rename the library consultation", "2026-04-02")
    removed_in = short(fixture_project)
    code, out = run(fixture_project, "check", capsys)
    assert code == 1
    assert (f"data/published-urls.txt:9:1: {PAGE}: expected every address ever published to keep working, found "
            f"it removed from data/published-urls.txt in commit {removed_in} (2026-04-02, \"Rename the library "
            "consultation\") and no page or redirect at it now; put the line back") in out
    code, out = run(fixture_project, "build", capsys)
    assert code == 1 and f"{PAGE}: expected every address ever published to keep working" in out
    assert not (fixture_project / "output" / "index.html").exists()


def test_another_removed_address_is_caught_against_the_built_site(fixture_project, capsys):
    write_manifest(fixture_project, "/", "/consultations/", "/old-leaflet/", PAGE)
    git(fixture_project, "init", "-q", "-b", "main")
    commit(fixture_project, "Record addresses", "2026-03-01")
    write_manifest(fixture_project, "/", "/consultations/", PAGE)
    commit(fixture_project, "Tidy the list", "2026-03-05")
    removed_in = short(fixture_project)
    code, out = run(fixture_project, "build", capsys)
    assert code == 1
    assert (f"/old-leaflet/: expected every address ever published to keep working, found it removed from "
            f"data/published-urls.txt in commit {removed_in} (2026-03-05, \"Tidy the list\")") in out
    # A redirect keeps it working, and the build goes through.
    (fixture_project / "data" / "redirects.yaml").write_text(
        "- from: /old-leaflet/\n  to: /consultations/\n  title: Consultations\n", encoding="utf-8")
    code, out = run(fixture_project, "build", capsys)
    assert code == 0, out


def test_a_removed_line_whose_page_is_still_served_is_no_error(fixture_project, capsys):
    write_manifest(fixture_project, "/", "/consultations/", PAGE)
    git(fixture_project, "init", "-q", "-b", "main")
    commit(fixture_project, "Record addresses", "2026-03-01")
    write_manifest(fixture_project, "/", PAGE)
    commit(fixture_project, "Drop a line", "2026-03-05")
    code, out = run(fixture_project, "check", capsys)
    assert code == 0, out
    assert "not yet recorded (/consultations/, " in out


def test_a_line_put_back_later_is_no_longer_missing(fixture_project):
    write_manifest(fixture_project, "/", PAGE)
    git(fixture_project, "init", "-q", "-b", "main")
    commit(fixture_project, "Record", "2026-03-01")
    write_manifest(fixture_project, "/")
    commit(fixture_project, "Drop", "2026-03-02")
    assert set(manifest_history(fixture_project / MANIFEST).removed) == {PAGE}
    write_manifest(fixture_project, "/", PAGE)
    commit(fixture_project, "Put it back", "2026-03-03")
    history = manifest_history(fixture_project / MANIFEST)
    assert history.removed == {} and history.committed == {"/", PAGE} and not history.shallow


def test_outside_git_there_is_no_history(fixture_project):
    write_manifest(fixture_project, "/", PAGE)
    assert manifest_history(fixture_project / MANIFEST) is None


def test_a_shallow_clone_says_what_it_could_not_check(fixture_project, tmp_path, capsys):
    write_manifest(fixture_project, "/", "/consultations/", PAGE)
    git(fixture_project, "init", "-q", "-b", "main")
    commit(fixture_project, "Record", "2026-03-01")
    write_manifest(fixture_project, "/", "/consultations/", PAGE, RESULTS)
    commit(fixture_project, "Grow", "2026-03-02")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{fixture_project}", str(clone)], check=True,
                   capture_output=True)
    for folder in ("outcomes", "pages"):  # empty folders, which git does not keep
        (clone / "content" / folder).mkdir(parents=True, exist_ok=True)
    code, out = run(clone, "check", capsys)
    assert "found a shallow clone; only the commits here were checked" in out
