"""No personal data in what the site publishes.

The detector's rates are measured on the labelled corpus in
tests/adversarial/test_privacy_corpus.py; here, what each rule finds and leaves, and
that findings point at the text as written. Then the check itself: every published
field of a record, the write-up as rendered, the Pelican pages; errors name file,
line, column and field; reviewed entries let a deliberate public contact through;
contact blocks may hold the record's own email addresses, phone numbers and postcodes.
"""

from __future__ import annotations

from datetime import date

import pytest

from helpers.privacy_corpus import SHORT_KINDS as KIND
from helpers.privacy_corpus import positives
from privacy.check import personal_data_checks
from said_and_done.domain.personal_data import EMAIL, find_personal_data
from said_and_done.domain.problems import RecordErrors
from said_and_done.domain.records import load_register
from said_and_done.hooks import register_checks

BUILD_DATE = date(2026, 11, 23)
PERSONAL = positives()


@pytest.fixture(autouse=True)
def _check_connected():
    # As the plugin's register() does in make check and builds.
    register_checks.connect(personal_data_checks)


# -- the detector (measured on the whole corpus in tests/adversarial/test_privacy_corpus.py) --

# Written without Markdown or HTML, so the finding is in the text itself.
PLAIN = [(kind, text) for kind, text in PERSONAL if not set(text) & set("*_<>[]`")]


@pytest.mark.parametrize("kind, text", PLAIN[:: 5])
def test_a_finding_is_the_exact_text_where_it_was_written(kind, text):
    [finding] = [f for f in find_personal_data(text) if f.kind == KIND[kind]][:1]
    assert text[finding.start:finding.end] == finding.text
    assert finding.text.strip() == finding.text and finding.text


def test_the_same_data_written_differently_has_the_same_key():
    def key(text):
        [finding] = find_personal_data(text)
        return finding.key
    assert key("07700 900123") == key("+44 7700 900123") == key("(07700) 900-123") == "+447700900123"
    assert key("Jane@Example.ORG") == key("jane@example.org")
    assert key("ls1 4ap") == key("LS14AP")
    assert key("ab 12 34 56 c") == key("AB123456C")


def test_one_piece_of_text_is_one_finding():
    # An email address full of digits is one email, not an email and a phone number.
    [finding] = find_personal_data("write to 07700900123@example.org")
    assert finding.kind == EMAIL


def test_district_codes_and_public_service_numbers_are_not_flagged():
    assert find_personal_data("Most replies came from the LS6 and BD7 districts.") == []
    assert find_personal_data("Call 999 in an emergency, 111 for the NHS or 101 for the police.") == []


# -- the check on records and write-ups ----------------------------------------------

def record(project):
    return project / "data" / "consultations" / "2026-test-library-hours.yaml"


def edit(project, old, new):
    path = record(project)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def load(project):
    return load_register(project / "data", project / "content" / "outcomes", build_date=BUILD_DATE, root=project)


def errors_of(project):
    with pytest.raises(RecordErrors) as caught:
        load(project)
    return caught.value.errors


def test_a_phone_number_in_what_residents_said_is_an_error_at_its_line_and_column(fixture_project):
    edit(fixture_project, "said: Keep Thursday late opening.", "said: Keep Thursday late opening. Ring me on 07700 900123.")
    [error] = errors_of(fixture_project)
    assert (error.file, error.line, error.column) == ("data/consultations/2026-test-library-hours.yaml", 29, 52)
    assert error.field == "outcome.you_said[1].said"
    assert "found a phone number '07700 900123'" in error.message
    assert "personal_data_reviewed" in error.message
    assert str(error).startswith("data/consultations/2026-test-library-hours.yaml:29:52: outcome.you_said[1].said: expected no personal data")


def test_the_line_inside_a_folded_block_is_the_one_named(fixture_project):
    edit(fixture_project, "      said: Open on Sundays.\n",
         "      said: >\n        Open on Sundays, please.\n        My email is sunday.reader@example.org\n        and I am in LS6 2AB.\n")
    errors = errors_of(fixture_project)
    assert [(e.line, e.column, e.field) for e in errors] == [
        (36, 21, "outcome.you_said[2].said"), (37, 21, "outcome.you_said[2].said")]
    assert "an email address 'sunday.reader@example.org'" in errors[0].message
    assert "a postcode 'LS6 2AB'" in errors[1].message


def test_personal_data_in_a_write_up_is_an_error_at_its_line(fixture_project):
    (fixture_project / "content" / "outcomes" / "hours.md").write_text(
        "Title: What we heard\nConsultation: 2026-test-library-hours\n\n## Who took part\n\n"
        "One reader wrote: \"I'm at jo.bloggs@example.com, NI number AB 12 34 56 C.\"\n", encoding="utf-8")
    errors = errors_of(fixture_project)
    assert [(e.file, e.line, e.column, e.field) for e in errors] == [
        ("content/outcomes/hours.md", 6, 27, "(write-up text)"), ("content/outcomes/hours.md", 6, 60, "(write-up text)")]
    assert "a National Insurance number 'AB 12 34 56 C'" in errors[1].message


REVIEWED = """personal_data_reviewed:
  - text: 01632 960321
    reason: The friends group's public helpline, published with the group's agreement.
    reviewed_by: Information governance officer
    reviewed_on: 2026-05-18
"""


def test_a_reviewed_public_contact_is_allowed_in_said_and_the_write_up(fixture_project):
    edit(fixture_project, "said: Keep Thursday late opening.",
         "said: Keep Thursday late opening; the friends group (01632 960 321) will help.")
    edit(fixture_project, "responses: 120\n", "responses: 120\n" + REVIEWED)
    (fixture_project / "content" / "outcomes" / "hours.md").write_text(
        "Consultation: 2026-test-library-hours\n\nThe friends group is on 01632960321.\n", encoding="utf-8")
    register = load(fixture_project)
    assert register.warnings == []


def test_a_reviewed_entry_covers_only_its_own_text(fixture_project):
    edit(fixture_project, "said: Keep Thursday late opening.", "said: Call 01632 960321 or me on 07700 900456.")
    edit(fixture_project, "responses: 120\n", "responses: 120\n" + REVIEWED)
    [error] = errors_of(fixture_project)
    assert "'07700 900456'" in error.message


def test_a_reviewed_entry_that_matches_nothing_is_a_warning_to_tidy(fixture_project):
    edit(fixture_project, "responses: 120\n", "responses: 120\n" + REVIEWED)
    register = load(fixture_project)
    [warning] = [w for w in register.warnings if w.field.startswith("personal_data_reviewed")]
    assert (warning.line, warning.field) == (25, "personal_data_reviewed[1].text")
    assert "found '01632 960321' in neither" in warning.message


def test_contact_blocks_are_public_and_not_scanned(fixture_project):
    # The valid fixture has a phone number in how_to_take_part and an email in contact.
    text = record(fixture_project).read_text(encoding="utf-8")
    assert '"01632 960001"' in text and "libraries@test-council.example" in text
    assert load(fixture_project).consultations


def test_the_demo_quotes_no_unreviewed_personal_data(demo_register):
    problems = personal_data_checks(demo_register)
    assert [p for p in problems if p.is_error] == []


def test_the_records_own_public_contact_details_may_be_quoted(fixture_project):
    # The fixture's contact email and take-part phone are on its page already, on purpose.
    (fixture_project / "content" / "outcomes" / "hours.md").write_text(
        "Consultation: 2026-test-library-hours\n\nQuestions? Email libraries@test-council.example "
        "or call 01632 960 001.\n", encoding="utf-8")
    edit(fixture_project, "said: Keep Thursday late opening.", "said: Keep Thursday late opening (I rang 01632960001).")
    assert load(fixture_project).warnings == []
