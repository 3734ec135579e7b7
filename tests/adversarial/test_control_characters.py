"""Control characters: refused in Pelican's pages and in the settings, and carried by no output.

Records, reference data and write-ups already refuse them when loaded (test_loading.py).
Pelican's own pages (content/pages/*.md) and the settings (SITENAME, the partnership's
name) are checked here. Then, behind every check, each writer is the last guard: text
that got past the checks (poisoned after loading, and settings with the check switched
off) is built, and every published file must be free of C0 and C1 controls but tab,
line feed and carriage return, with the Atom feeds still XML.
"""

from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET

import pytest

from helpers.fixture_project import write_settings
from helpers.site import build_site
from said_and_done import cli
from said_and_done.hooks import register_derived

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
POISON = "\x1b[31mPOISON\x07\x85\x9b"
SEEN = "[31mPOISON"  # what is left once the controls are taken out: the text itself was published
TEXT_FILES = {".html", ".xml", ".ics", ".csv", ".txt", ".json", ".conf", ".css", ".js", ".svg", ""}


def run(project, command, capsys, output=None):
    args = [command, "--settings", str(write_settings(project))]
    if output is not None:
        args += ["--output", str(output)]
    code = cli.main(args)
    captured = capsys.readouterr()
    return code, captured.err + captured.out


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_control_character_in_a_page_is_an_error_at_its_line_and_column(fixture_project, capsys, command):
    (fixture_project / "content" / "pages" / "about.md").write_text(
        "Title: About us\n\nWe are the partnership.\nAsk us \x1b[2J anything.\n", encoding="utf-8")
    output = fixture_project / "output"
    output.mkdir()
    (output / "index.html").write_text("yesterday's site", encoding="utf-8")
    code, out = run(fixture_project, command, capsys, output if command == "build" else None)
    assert code == 1
    assert ("content/pages/about.md:4:8: (text): expected text without control characters, found U+001B (escape) "
            "at character 8") in out
    assert (output / "index.html").read_text(encoding="utf-8") == "yesterday's site"


def test_a_clean_page_with_windows_line_ends_is_fine(fixture_project, capsys):
    (fixture_project / "content" / "pages" / "about.md").write_bytes(b"Title: About us\r\n\r\nWe\tare here.\r\n")
    code, out = run(fixture_project, "check", capsys)
    assert code == 0, out


@pytest.mark.parametrize("line, named", [
    ("SITENAME = 'Register\\x1b[31m'", "SITENAME: expected text without control characters, found U+001B (escape)"),
    ("SAID_AND_DONE = {**SAID_AND_DONE, 'partnership': 'Test\\x07 Partnership'}",
     "SAID_AND_DONE['partnership']: expected text without control characters, found U+0007 (bell)"),
    ("FEEDS = {'title_suffix': ['ok', 'bad\\x00']}", "FEEDS['title_suffix'][1]: expected text without control"),
])
def test_a_control_character_in_a_setting_stops_check_and_build(fixture_project, capsys, line, named):
    settings = write_settings(fixture_project)
    settings.write_text(settings.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    for command in ("check", "build"):
        args = [command, "--settings", str(settings)] + (["--output", str(fixture_project / "out")] * (command == "build"))
        code = cli.main(args)
        captured = capsys.readouterr()
        assert code in (1, 2)
        assert named in captured.err + captured.out
    assert not (fixture_project / "out" / "index.html").exists()


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _poison(register):
    """Text that got past every check: put in after loading, where no check looks again."""
    for c in register.consultations:
        c.title = f"{c.title} {POISON}"
        c.summary = f"{POISON} {c.summary}"
        # Reference data is frozen: shared by every record, so poisoned once.
        for item in [*c.localities, *c.topics, c.lead]:
            if POISON not in item.name:
                object.__setattr__(item, "name", f"{item.name} {POISON}")
        if c.outcome is not None:
            c.outcome.summary = f"{c.outcome.summary} {POISON}"


@pytest.fixture
def poisoned_site(fixture_project, tmp_path, monkeypatch):
    import said_and_done.site.generator as generator

    monkeypatch.setattr(generator, "check_settings_text", lambda settings: None)
    register_derived.connect(_poison)
    try:
        return build_site(tmp_path / "out", content=fixture_project / "content", data=fixture_project / "data",
                          # A cache of its own: rows and events kept from a clean build of the same record
                          # (kept by the record's bytes, which poisoning after loading leaves alone) would hide it.
                          pelican_settings={"SITENAME": f"Register {POISON}", "CACHE_PATH": str(tmp_path / "cache")},
                          partnership=f"Test {POISON}")
    finally:
        register_derived.disconnect(_poison)


def test_no_output_carries_a_control_character(poisoned_site):
    checked, seen = 0, set()
    for path in sorted(p for p in poisoned_site.rglob("*") if p.is_file()):
        relative = path.relative_to(poisoned_site).as_posix()
        if path.suffix == ".pf_fragment":
            text = gzip.decompress(path.read_bytes()).decode("utf-8")
            strings = list(_strings(json.loads(text[text.index("{"):])))
        elif path.suffix.lower() in TEXT_FILES and not relative.startswith("pagefind/"):
            text = path.read_text(encoding="utf-8")
            strings = [text] + (list(_strings(json.loads(text))) if path.suffix == ".json" else [])
        else:
            continue  # pictures, Pagefind's program and its binary word lists
        checked += 1
        for string in strings:
            found = CONTROL.search(string)
            assert not found, f"{relative}: U+{ord(found.group()):04X} near {string[max(0, found.start() - 30):found.end() + 30]!r}"
        if any(SEEN in string for string in strings):
            seen.add(path.suffix)
        if path.name.endswith(".atom.xml"):
            ET.parse(path)  # raises on anything XML 1.0 cannot hold
    assert checked > 50
    # The poisoned text itself reached each kind of output, with only its controls taken out.
    assert {".html", ".xml", ".ics", ".csv", ".json", ".pf_fragment"} <= seen, seen
