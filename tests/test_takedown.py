"""`python -m said_and_done takedown TEXT`: every place a text is published, every source, every commit.

The demo is built into a temporary folder and searched for text that is there; text
is planted, escaped as each format escapes it, in a folder of built files; and a
temporary git repository holds it in a file since deleted and in a commit message.
"""

from __future__ import annotations

import gzip
import json
import uuid

import pytest

from helpers.fixture_project import write_settings
from helpers.history_repo import RECORD, commit, edit, git
from helpers.site import ROOT
from said_and_done.cli import main
from said_and_done.site.takedown import DATA, FEEDS, HISTORY, PUBLISHED, SEARCH, SOURCES, find


def run(capsys, *args) -> tuple[int, str]:
    code = main(["takedown", *args])
    return code, capsys.readouterr().out


def test_demo_text_is_found_in_every_kind_of_published_file(demo_site, capsys):
    code, out = run(capsys, "wrenhallow LIBRARY", "--settings", str(ROOT / "pelicanconf.py"),
                    "--output", str(demo_site.root))
    assert code == 1
    # A page, with its address and line; the search index's fragment, named by the page it describes.
    assert "/consultations/2026-wrenhallow-library-community-hub/ (consultations/" in out
    assert "the search result for /consultations/2026-wrenhallow-library-community-hub/ (pagefind/fragment/" in out
    assert "data/consultations.json, line" in out and "data/consultations.csv, line" in out
    assert "feeds/consultations.atom.xml, line" in out and "calendar.ics, line" in out
    assert "data/consultations/2026-wrenhallow-library-community-hub.yaml:2" in out
    assert "docs/takedown.md" in out


def test_a_locality_is_found_in_the_search_filters_and_reference_data(demo_site):
    settings_sources = [(ROOT / "data", "data"), (ROOT / "content", "content")]
    found = find("Caddonmere and Caddon Water", demo_site.root, settings_sources, demo_site.root)
    assert any(p.startswith("data/localities.yaml:") for p in found.places[SOURCES])
    assert found.places[PUBLISHED] and found.places[DATA]
    found = find("Caddonmere", demo_site.root, settings_sources, demo_site.root)
    assert any("filter values" in p for p in found.places[SEARCH])
    # The output folder is no git repository: said so, not an error.
    assert any("not a git repository" in note for note in found.notes)


def test_a_phrase_from_a_write_up_wrapped_over_two_lines_is_found_at_its_first(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "w.md").write_text("Title: T\n\nWe spoke to Jane\n   Smith about it.\n", encoding="utf-8")
    found = find("jane smith", tmp_path / "none", [(content, "content")], tmp_path)
    assert found.places[SOURCES] == ["content/w.md:3"]
    assert any("no built site" in note for note in found.notes)


def _fragment(url: str, content: str) -> bytes:
    return gzip.compress(b"pagefind_dcd" + json.dumps({"url": url, "content": content}).encode())


PLANTED = {
    # Escaped and split as each format writes text; every one must still be found.
    "people/index.html": "<html>\n<p>Write to jane&#64;x.org or <b>Jane</b> <em>Smith</em></p>\n</html>\n",
    "entity.html": "<p>&#74;ane &#x53;mith</p>",
    "data/x.json": json.dumps({"said": "Jane \u0053mith wrote to jane@x.org", "html": "<p>Jane <b>Smith</b></p>"},
                              ensure_ascii=True).replace("S", "\\u0053", 1),
    "data/x.csv": 'id,said\nx,"She said ""Jane Smith, jane@x.org"""\n',
    "calendar.ics": "BEGIN:VEVENT\r\nDESCRIPTION:Ask Jane Sm\r\n ith at jane@x.org\\, or call\r\nEND:VEVENT\r\n",
    "feeds/f.atom.xml": "<feed><entry><content type=\"html\">&lt;p&gt;Jane &lt;b&gt;Smith&lt;/b&gt;, "
                        "jane&amp;#64;x.org&lt;/p&gt;</content></entry></feed>",
}


@pytest.mark.parametrize("text", ["Jane Smith", "jane@x.org"])
def test_planted_text_is_found_through_each_format_s_escaping(tmp_path, text):
    out = tmp_path / "output"
    for name, body in PLANTED.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(body, encoding="utf-8", newline="")
    (out / "pagefind" / "fragment").mkdir(parents=True)
    (out / "pagefind" / "fragment" / "en_1.pf_fragment").write_bytes(_fragment("/people/", "Jane Smith, jane@x.org"))
    (out / "pagefind" / "fragment" / "en_2.pf_fragment").write_bytes(_fragment("/other/", "Nobody here"))
    found = find(text, out, [], tmp_path)
    assert "/people/ (people/index.html, line 2)" in found.places[PUBLISHED]
    assert (len(found.places[PUBLISHED]), len(found.places[DATA]), len(found.places[FEEDS])) == (
        (2, 2, 2) if text == "Jane Smith" else (1, 2, 2))
    assert found.places[SEARCH] == ["the search result for /people/ (pagefind/fragment/en_1.pf_fragment)"]


def test_absent_text_exits_0_and_says_so(tmp_path, capsys):
    (tmp_path / "output").mkdir()
    # Made afresh, so no commit of this repository (this file's among them) can hold it.
    code, out = run(capsys, f"absent {uuid.uuid4().hex}", "--settings", str(ROOT / "pelicanconf.py"),
                    "--output", str(tmp_path / "output"))
    assert code == 0
    assert "was not found" in out


@pytest.mark.parametrize("text", ["", "ab", "two\nlines", "bell\x07"])
def test_usage_errors_exit_2(text, capsys):
    assert main(["takedown", text, "--settings", str(ROOT / "pelicanconf.py")]) == 2
    assert "takedown: expected" in capsys.readouterr().err


def test_a_missing_settings_file_is_a_usage_error(tmp_path, capsys):
    assert main(["takedown", "Jane Smith", "--settings", str(tmp_path / "nope.py")]) == 2


def test_git_history_holds_text_in_a_deleted_file_and_a_commit_message(repo, tmp_path, capsys):
    notes = repo / "data" / "notes.txt"
    notes.write_text("Call Jane Smith on 07700 900123\n", encoding="utf-8")
    commit(repo, "Add a note", "2026-07-01")
    notes.unlink()
    commit(repo, "Remove the note about jane smith", "2026-07-02")
    git(repo, "checkout", "-q", "-b", "side")
    edit(repo, RECORD, "responses: 121", "responses: 121 # Jane Smith's count")
    commit(repo, "On a side branch", "2026-07-03")
    git(repo, "checkout", "-q", "main")
    settings = write_settings(repo)
    code, out = run(capsys, "JANE SMITH", "--settings", str(settings), "--output", str(tmp_path / "none"))
    assert code == 1
    history = out.split("Git history: ", 1)[1].split("\n\n", 1)[0]
    assert history.startswith("3\n")
    assert "2026-07-01  Add a note: added or removed it in data/notes.txt" in history
    assert "2026-07-02  Remove the note about jane smith: added or removed it in data/notes.txt; and in its message" \
        in history
    assert "On a side branch: added or removed it in " + RECORD in history
    # Nothing left in the sources on main: only the history holds it.
    assert "Sources to edit: none" in out
    assert git(repo, "status", "--porcelain") == "?? pelicanconf.py\n"  # searched, nothing changed


def test_outside_git_the_history_is_skipped_with_a_note(fixture_project, capsys):
    settings = write_settings(fixture_project)
    code, out = run(capsys, "opening hours in river town", "--settings", str(settings), "--output", str(fixture_project / "x"))
    assert code == 1  # the fixture record holds it
    assert "not a git repository" in out
    assert "Git history: none" in out
    assert HISTORY in out
