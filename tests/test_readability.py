"""Plain English warnings: long sentences and low reading ease, with file, line and field."""

from __future__ import annotations

import re
from datetime import date

import pytest

from helpers.site import ROOT
from plain_english import register as connect_plain_english
from plain_english.options import DEFAULTS, plain_english_options
from plain_english.readability import problems, sentences
from plain_english.writeups import paragraphs
from said_and_done.domain.records import load_register
from said_and_done.site.options import SettingsError

OPTIONS = plain_english_options({})
LONG = ("We will look again at the opening hours of every library in the borough next spring, after the "
        "council has set its budget, and we will ask the people who use each library what suits them best.")
HARD = ("Notwithstanding considerable organisational restructuring, the partnership's comprehensive "
        "reconfiguration of commissioning arrangements necessitated extensive consideration of "
        "alternative operational methodologies. Consequently, implementation of the recommendations "
        "was deferred pending additional consultation regarding accessibility considerations and "
        "environmental sustainability implications.")


def test_sentences_are_found_by_meaning_not_by_every_full_stop():
    assert sentences("We spent £2.5m, e.g. on roads. Dr. Patel agreed.\n\nNew paragraph") == [
        "We spent £2.5m, e.g. on roads.", "Dr. Patel agreed.", "New paragraph"]


def test_a_long_sentence_is_named_with_its_length_and_opening():
    assert problems("Short and clear. We did it.", OPTIONS) == []
    advice, *_ = problems("We listened. " + LONG, OPTIONS)
    assert advice.startswith("sentence 2 has 37 words, more than 30 (PLAIN_ENGLISH['max_sentence_words']): "
                             "\"We will look again at the opening hours ...\"")


def test_hard_text_gets_a_reading_ease_warning_naming_its_long_words():
    [advice] = problems(HARD, OPTIONS)
    assert re.match(r"hard to read: Flesch reading ease -?\d+ out of 100, below 50 ", advice)
    assert "long words here: notwithstanding, considerable, organisational" in advice
    # The score is not given for a line or two: it means little there.
    assert problems("Notwithstanding reconfiguration.", OPTIONS) == []


@pytest.mark.parametrize("given, message", [
    ({"max_sentence_word": 30}, "unknown setting(s) max_sentence_word"),
    ({"max_sentence_words": "30"}, "PLAIN_ENGLISH['max_sentence_words']: expected a whole number"),
    ({"max_sentence_words": True}, "PLAIN_ENGLISH['max_sentence_words']: expected a whole number"),
    ({"min_reading_ease": 120}, "PLAIN_ENGLISH['min_reading_ease']: expected a Flesch reading ease score"),
    ({"min_words_for_score": 0}, "PLAIN_ENGLISH['min_words_for_score']: expected a whole number"),
    ({"language": "fr"}, "PLAIN_ENGLISH['language']: expected 'en_GB' or 'en_US'"),
])
def test_bad_settings_are_refused_clearly(given, message):
    with pytest.raises(SettingsError, match=re.escape(message)):
        plain_english_options({"PLAIN_ENGLISH": given})
    assert plain_english_options({}).max_sentence_words == DEFAULTS["max_sentence_words"]


def test_write_up_paragraphs_keep_their_lines_and_sections_and_skip_quotes_and_tables():
    text = ("Title: What we heard\nConsultation: 2026-test-library-hours\n\nFirst paragraph.\n\n"
            "## Who took part\n\n- A list item\n- Another\n\n> A resident, quoted: not ours to rewrite.\n\n"
            "| a | b |\n|---|---|\n| 1 | 2 |\n\nLast *one*\nover two lines.\n")
    assert [(p.line, p.section, p.text) for p in paragraphs(text)] == [
        (4, "", "First paragraph."), (8, "Who took part", "A list item"), (9, "Who took part", "Another"),
        (17, "Who took part", "Last one over two lines.")]


def test_the_register_check_names_file_line_and_field(fixture_project):
    connect_plain_english()  # as the build does; connecting twice is harmless
    record = fixture_project / "data" / "consultations" / "2026-test-library-hours.yaml"
    text = record.read_text(encoding="utf-8")
    text = text.replace("  We want to know which opening hours suit you best.\n", f"  We are asking again.\n  {LONG}\n")
    text = text.replace("      we_did: We kept it.\n", f"      we_did: >\n        {HARD}\n")
    record.write_text(text, encoding="utf-8")
    (fixture_project / "content" / "outcomes" / "library.md").write_text(
        "Title: What we heard\nConsultation: 2026-test-library-hours\n\nThank you.\n\n## What we did\n\n"
        f"{LONG}\n\n> {LONG}\n", encoding="utf-8")
    register = load_register(fixture_project / "data", fixture_project / "content" / "outcomes",
                             build_date=date(2026, 11, 23), root=fixture_project, render_writeups=False)
    found = sorted((w.file, w.line, w.field, w.severity) for w in register.warnings
                   if "PLAIN_ENGLISH" in w.message)
    assert found == [
        ("content/outcomes/library.md", 8, "(write-up) What we did", "warning"),
        ("data/consultations/2026-test-library-hours.yaml", 5, "summary", "warning"),  # the long sentence's line
        ("data/consultations/2026-test-library-hours.yaml", 32, "outcome.you_said[1].we_did", "warning"),
    ]


def test_make_check_lists_plain_english_warnings(tmp_path, capsys):
    from said_and_done import cli

    # The demo's own settings, with a stricter limit so there is certainly something to say.
    settings = tmp_path / "pelicanconf.py"
    settings.write_text(f"exec(open({str(ROOT / 'pelicanconf.py')!r}).read())\n"
                        f"PATH = {str(ROOT / 'content')!r}\nPLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
                        "PLAIN_ENGLISH = {'max_sentence_words': 12}\n", encoding="utf-8")
    assert cli.check(settings) == 0
    err = capsys.readouterr().err
    assert re.search(r"^  data/consultations/[a-z0-9-]+\.yaml:\d+:\d+: summary: sentence \d+ has \d+ words, "
                     r"more than 12 \(PLAIN_ENGLISH\['max_sentence_words'\]\)", err, re.M), err[-2000:]
    assert re.search(r"^  content/outcomes/[a-z0-9-]+\.md:\d+:1: \(write-up\)", err, re.M)
