"""Each consultation page's "last updated" and change history come from git, in one pass,
and a build outside git, without git, or from a shallow clone still works."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers.history_repo import CID, PAGE, RECORD, commit, edit, git
from helpers.open_data_files import build, read_csv, read_json
from helpers.site import ROOT
from open_data import history as history_module
from open_data.history import read_history

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git to make a test repository")


def history_items(page) -> list:
    section = page.find("h2", id="page-history")
    assert section is not None, "no Page history section"
    return [" ".join(li.get_text(" ").split()) for li in section.find_next("ul", class_="page-history__list").find_all("li")]


def test_a_changed_record_shows_its_history_on_the_page_and_in_the_data(repo, tmp_path):
    site = build(tmp_path / "out", repo)
    page = site.soup(PAGE)
    text = site.main_text(PAGE)
    assert "Last updated 2 June 2026." in text
    assert history_items(page) == [
        "2 June 2026 : Publish the write-up of what we heard (results write-up)",
        "21 May 2026 : Correct the number of responses (consultation details)",
        # The results entered in a later commit are listed on the day they were published.
        "20 May 2026 : Results published: Library opening hours in River Town",
        "5 January 2026 : Add the library hours consultation (consultation details)",
    ]
    item = read_json(site, f"consultations/{CID}.json")["consultations"][0]
    assert item["last_updated"] == "2026-06-02"
    assert item["history"] == [
        {"date": "2026-06-02", "message": "Publish the write-up of what we heard", "changed": ["write-up"]},
        {"date": "2026-05-21", "message": "Correct the number of responses", "changed": ["record"]},
        {"date": "2026-01-05", "message": "Add the library hours consultation", "changed": ["record"]},
    ]
    [row] = read_csv(site, "data/consultations.csv")
    assert row["last_updated"] == "2026-06-02"


def test_one_commit_to_record_and_write_up_is_one_entry(repo, tmp_path):
    edit(repo, RECORD, "We kept it.", "We kept Thursday late opening.")
    edit(repo, "content/outcomes/library-hours.md", "120 people.", "121 people.")
    commit(repo, "Say what we kept, in both places", "2026-06-10")
    site = build(tmp_path / "out", repo)
    assert history_items(site.soup(PAGE))[0] == \
        "10 June 2026 : Say what we kept, in both places (consultation details and results write-up)"


def test_history_follows_a_renamed_record(repo, tmp_path):
    new = "data/consultations/2026-river-town-library-hours.yaml"
    git(repo, "mv", RECORD, new)
    edit(repo, new, "responses: 121", "responses: 121\naliases: [2026-test-library-hours]")
    edit(repo, "content/outcomes/library-hours.md", "Consultation: 2026-test-library-hours",
         "Consultation: 2026-river-town-library-hours")
    commit(repo, "Rename the library hours consultation", "2026-07-01")
    site = build(tmp_path / "out", repo)
    messages = [c["message"] for c in read_json(site, "consultations/2026-river-town-library-hours.json")
                ["consultations"][0]["history"]]
    assert messages == ["Rename the library hours consultation", "Publish the write-up of what we heard",
                        "Correct the number of responses", "Add the library hours consultation"]


def test_the_list_is_limited_but_says_how_many_are_not_listed(repo, tmp_path):
    site = build(tmp_path / "out", repo, open_data={"history_limit": 2})
    # The limit is on changes read from git; news dated in the record is listed besides.
    items = history_items(site.soup(PAGE))
    assert len([i for i in items if i.endswith(")")]) == 2
    assert "20 May 2026 : Results published: Library opening hours in River Town" in items
    assert "1 earlier update is not listed." in site.main_text(PAGE)
    assert "Last updated 2 June 2026." in site.main_text(PAGE)
    assert len(read_json(site, f"consultations/{CID}.json")["consultations"][0]["history"]) == 2


def test_uncommitted_and_unrelated_changes_do_not_count(repo, tmp_path):
    (repo / "README.md").write_text("Not a record.\n", encoding="utf-8")
    commit(repo, "Add a readme", "2026-08-01")
    edit(repo, RECORD, "responses: 121", "responses: 122")  # not committed
    site = build(tmp_path / "out", repo)
    assert "Last updated 2 June 2026." in site.main_text(PAGE)
    assert "Add a readme" not in site.html(PAGE)


def test_a_build_outside_git_has_no_history_and_no_error(fixture_project, tmp_path, monkeypatch):
    # Stop git looking above the project for a repository, whatever the test machine has.
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(fixture_project.parent))
    site = build(tmp_path / "out", fixture_project)
    assert site.soup(PAGE).find("h2", id="page-history") is None
    item = read_json(site, f"consultations/{CID}.json")["consultations"][0]
    assert (item["last_updated"], item["history"]) == (None, [])
    assert "built without its change history" in site.main_text("data/")


def test_a_build_without_git_installed_has_no_history_and_no_error(repo, tmp_path, monkeypatch):
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    site = build(tmp_path / "out", repo)
    assert site.soup(PAGE).find("h2", id="page-history") is None
    assert read_json(site, f"consultations/{CID}.json")["consultations"][0]["last_updated"] is None


def test_history_can_be_turned_off(repo, tmp_path):
    site = build(tmp_path / "out", repo, open_data={"history": False})
    assert site.soup(PAGE).find("h2", id="page-history") is None
    assert read_json(site, f"consultations/{CID}.json")["consultations"][0]["history"] == []


def test_a_shallow_clone_leaves_out_what_it_cannot_know(repo, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{repo}", str(clone)], check=True,
                   env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull})
    assert git(clone, "rev-parse", "--is-shallow-repository").strip() == "true"
    site = build(tmp_path / "out", clone)
    # The oldest commit fetched looks as if it added every file, so it is not listed; the newest is.
    # News dated in the record is known without git, so the results are still listed on their day.
    assert history_items(site.soup(PAGE)) == [
        "2 June 2026 : Publish the write-up of what we heard (results write-up)",
        "20 May 2026 : Results published: Library opening hours in River Town"]
    assert "Older updates may not be listed." in site.main_text(PAGE)
    item = read_json(site, f"consultations/{CID}.json")["consultations"][0]
    assert item["last_updated"] == "2026-06-02"


def test_history_reads_git_once_for_the_whole_build(repo, monkeypatch):
    """A register can reach 100,000 records: history must not start a process per record."""
    for n in range(5):
        shutil.copy(repo / RECORD, repo / f"data/consultations/2026-copy-{n}.yaml")
    commit(repo, "Add five more", "2026-09-01")
    started = []
    real_popen = subprocess.Popen

    class CountingPopen(real_popen):  # subprocess.run starts its process through Popen too
        def __init__(self, args, *a, **k):
            started.append(list(args))
            super().__init__(args, *a, **k)

    monkeypatch.setattr(history_module.subprocess, "Popen", CountingPopen)
    ids = [CID] + [f"2026-copy-{n}" for n in range(5)]
    found = read_history(repo, repo / "data" / "consultations", repo / "content" / "outcomes",
                         {repo / "content" / "outcomes" / "library-hours.md": CID}, ids, limit=10)
    assert found.available and sorted(found.by_id) == sorted(ids)
    assert len(started) == 2  # one rev-parse, one log
    assert sum("log" in args for args in started) == 1 and sum("rev-parse" in args for args in started) == 1
    assert [c.message for c in found.by_id["2026-copy-3"].changes] == ["Add five more"]


def test_a_write_up_for_results_not_yet_public_adds_no_history(repo, tmp_path):
    # On 2026-05-19 the results (dated 2026-05-20) are not public: nor is their write-up's history.
    site = build(tmp_path / "out", repo, build_date="2026-05-19")
    item = read_json(site, f"consultations/{CID}.json")["consultations"][0]
    assert [c["changed"] for c in item["history"]] == [["record"], ["record"]]
    assert item["last_updated"] == "2026-05-21"


def test_the_demo_build_shows_history_from_this_repository(demo_site, demo_register):
    if not (ROOT / ".git").exists():
        pytest.skip("the project is not a git checkout here")
    dated = [c for c in demo_register.consultations
             if read_json(demo_site, f"consultations/{c.id}.json")["consultations"][0]["last_updated"]]
    committed = git(ROOT, "ls-files", "data/consultations").split()
    assert len(dated) >= len([p for p in committed if p.endswith(".yaml")
                              and Path(p).stem in {c.id for c in demo_register.consultations}])
    page = demo_site.soup(dated[0].url)
    assert page.find("h2", id="page-history") is not None


def test_a_commit_message_with_personal_data_is_withheld_with_a_warning(repo, tmp_path, caplog):
    edit(repo, RECORD, "responses: 121", "responses: 122")
    commit(repo, "Add Jane's comment, she is on 07700 900123", "2026-06-20")
    sha = git(repo, "rev-parse", "HEAD").strip()
    with caplog.at_level("WARNING", logger="open_data.history"):
        site = build(tmp_path / "out", repo)
    assert history_items(site.soup(PAGE))[0] == \
        f"20 June 2026 : {history_module.PLACEHOLDER} (consultation details)"
    history = read_json(site, f"consultations/{CID}.json")["consultations"][0]["history"]
    assert history[0]["message"] == history_module.PLACEHOLDER
    assert "07700" not in site.main_text(PAGE) and "07700" not in str(history)
    [warning] = [r.getMessage() for r in caplog.records if "personal data" in r.getMessage()]
    assert sha[:12] in warning and "phone number" in warning and "docs/personal-data.md" in warning
    # The other changes keep their own words.
    assert history[1]["message"] == "Publish the write-up of what we heard"


@pytest.mark.parametrize("control", ["\x1b[31m", "\u202e", "\x07"])
def test_control_characters_in_a_commit_subject_never_reach_the_page_or_the_data(repo, tmp_path, control):
    edit(repo, RECORD, "responses: 121", "responses: 123")
    commit(repo, f"Correct the {control}count{control} again", "2026-06-21")
    site = build(tmp_path / "out", repo)
    page = site.html(PAGE)
    data = site.path(f"consultations/{CID}.json").read_text(encoding="utf-8")
    escaped = control.encode("unicode_escape").decode()  # how JSON may write it: \u001b
    for published in (page, data):
        assert control not in published
        assert escaped.lower().replace("\\x", "\\u00") not in published.lower()
    assert "count" in read_json(site, f"consultations/{CID}.json")["consultations"][0]["history"][0]["message"]
