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


def test_look_alike_and_invisible_characters_are_read_plain_and_found_as_written():
    text = "Call ０７７００\u200b９００１２３ or jane＠example.org now"
    phone, email = find_personal_data(text)
    assert text[phone.start:phone.end] == phone.text == "０７７００\u200b９００１２３" and phone.key == "+447700900123"
    assert email.text == "jane＠example.org" and email.key == "jane@example.org"


@pytest.mark.parametrize("text", [
    "Case 0123456789 was closed.", "Our ref: 0987654321.", "planning application no. 0123456789",
    "ticket #0123456789", "The index rose to 0.1234567890.", "Call free on 0800 123 4567.",
    "Our helpline is 0300 123 4040.", "Lines: 0845 600 1234 and 0870 123 4567.",
    "The viewpoint is at SK 01234 56789.", "12.5 1234567890",
])
def test_references_decimals_grid_references_and_organisation_lines_are_not_phone_numbers(text):
    assert find_personal_data(text) == []


@pytest.mark.parametrize(("text", "found"), [
    ("meet at the hall", False), ("we are at the town hall dot", False), ("at 10.30 at the hall", False),
    ("name at gmail dot com", True), ("jo.bloggs at example.org", True),
])
def test_a_spelled_out_address_needs_a_domain_that_ends_like_one(text, found):
    assert bool(find_personal_data(text)) is found


def test_an_nhs_number_needs_its_check_digit_and_a_building_is_not_a_person():
    assert [f.kind for f in find_personal_data("NHS number 943 476 5919")] == ["NHS number"]
    assert find_personal_data("NHS number 943 476 5918") == []  # the modulus-11 check fails
    assert find_personal_data("Meet at the Town Hall at 1 Market Place.") == []
    assert find_personal_data("The hall was built in 1958 and the centre was born of a 2012 grant.") == []


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


# -- every published field, as residents read it -------------------------------------

@pytest.mark.parametrize(("old", "new", "field", "line", "found"), [
    ("title: Library opening hours in River Town", "title: Library hours (ask Jo, 07700 900123)",
     "title", 2, "a phone number '07700 900123'"),
    ("- theme: Late opening", "- theme: Late opening, from jo@example.org", "outcome.you_said[1].theme", 28,
     "an email address 'jo@example.org'"),
    ("we_did: We kept it.", "we_did: We kept it, as Mrs Jane Smith of 12 High Street asked.",
     "outcome.you_said[1].we_did", 31, "a named person's home address 'Mrs Jane Smith of 12 High Street'"),
    ("summary: We are keeping late opening on Thursdays.", "summary: We wrote to LS6 2AB.",
     "outcome.summary", 26, "a postcode 'LS6 2AB'"),
    ("reason: There is no budget for Sunday staff this year.", "reason: NHS number 943 476 5919 asked.",
     "outcome.you_said[2].reason", 38, "an NHS number '943 476 5919'"),
    ("we_will: Publish new opening hours on every library door.", "we_will: Ring 07700 900555 back.",
     "outcome.actions[1].we_will", 40, "a phone number '07700 900555'"),
    ("  published: 2026-05-20\n", "  published: 2026-05-20\n  decision_by: Jo Bloggs, born on 3 March 1956\n",
     "outcome.decision_by", 26, "a date of birth 'born on 3 March 1956'"),
    ("  what_worked: Library staff handed out paper forms at every desk.\n", "  what_worked: Texts to 07700 900777 worked.\n",
     "evaluation.what_worked", 46, "a phone number '07700 900777'"),
])
def test_personal_data_in_any_published_field_is_an_error_naming_it(fixture_project, old, new, field, line, found):
    edit(fixture_project, old, new)
    [error] = errors_of(fixture_project)
    assert (error.field, error.line) == (field, line)
    assert f"found {found}" in error.message
    assert error.column > 1


def test_written_to_dodge_a_source_check_is_still_found_in_a_field(fixture_project):
    # Full-width digits and a zero-width space in the YAML: the page shows a phone number.
    edit(fixture_project, "said: Keep Thursday late opening.", "said: Keep it. Call ０７７００\u200b９００１２３.")
    [error] = errors_of(fixture_project)
    assert error.field == "outcome.you_said[1].said"
    assert "phone number '０７７００\u200b９００１２３'" in error.message


WRITEUP = "Title: What we heard\nConsultation: 2026-test-library-hours\n\n## Who took part\n\n{}\n"


@pytest.mark.parametrize(("markdown", "found", "column"), [
    ("Email jane.smith&#64;gmail.com for more.", "an email address 'jane.smith@gmail.com'", 7),
    ("Ring 07700&#32;900126 after six.", "a phone number '07700 900126'", 6),
    ("Ring 07700 **900123** after six.", "a phone number '07700 900123'", 6),
    ("Ring 07700<!-- -->900124 after six.", "a phone number '07700900124'", 6),
    ("Post it to SW1A&nbsp;1AA.", "a postcode 'SW1A\xa01AA'", 12),
    ("[Write to her](mailto:jo&#64;example.org).", "an email address 'jo@example.org'", 1),
])
def test_a_write_up_is_checked_as_rendered_at_its_source_line(fixture_project, markdown, found, column):
    (fixture_project / "content" / "outcomes" / "hours.md").write_text(WRITEUP.format(markdown), encoding="utf-8")
    [error] = errors_of(fixture_project)
    assert (error.file, error.line) == ("content/outcomes/hours.md", 6)
    assert error.field in ("(write-up text)", "(write-up link)")
    assert found in error.message
    assert error.column == column or error.field == "(write-up link)"


def test_a_write_up_title_is_checked(fixture_project):
    (fixture_project / "content" / "outcomes" / "hours.md").write_text(
        WRITEUP.replace("What we heard", "What Jo (07700 900888) heard").format("120 people."), encoding="utf-8")
    [error] = errors_of(fixture_project)
    assert (error.line, error.field) == (1, "(write-up title)")


def test_contact_blocks_may_hold_contacts_but_nothing_else(fixture_project):
    # An organisation's text-phone in how_to_request and a phone number in an event are its own
    # public contacts, and may be quoted elsewhere; an NHS number in an event is not a contact.
    edit(fixture_project, "  phone: \"01632 960001\"\n",
         "  phone: \"01632 960001\"\n  events:\n    - date: 2026-02-10\n      place: River Town Library\n"
         "      details: Book on 07700 900444.\n")
    edit(fixture_project, "responses: 120\n",
         "responses: 120\nalternative_formats:\n  available: [large-print]\n"
         "  how_to_request: Text 07700 900333.\n")
    edit(fixture_project, "said: Keep Thursday late opening.", "said: Keep it; I booked on 07700 900444.")
    assert load(fixture_project).warnings == []
    edit(fixture_project, "details: Book on 07700 900444.", "details: Book on 07700 900444, NHS no 943 476 5919.")
    [error] = errors_of(fixture_project)
    assert error.field == "how_to_take_part.events[1].details" and "NHS number" in error.message


def page_project(project, body, reviewed=""):
    (project / "content" / "pages" / "contact.md").write_text(
        f"Title: Contact us\nSlug: contact\n{reviewed}\n{body}\n", encoding="utf-8")
    try:
        return [w for w in load(project).warnings if w.file.startswith("content/pages")]
    except RecordErrors as failed:
        return failed.errors


def test_personal_data_on_a_page_is_an_error_at_its_line(fixture_project):
    problems = page_project(fixture_project, "Hello.\n\nMy mobile is 07700 **900999**.\n\n<!-- jo@example.org -->")
    assert [(p.file, p.line, p.column, p.field) for p in problems] == [
        ("content/pages/contact.md", 6, 14, "(page text)"), ("content/pages/contact.md", 8, 6, "(page comment)")]
    assert "a phone number '07700 900999'" in problems[0].message and problems[0].is_error
    assert "Personal_data_reviewed" in problems[0].message


def test_a_page_title_is_checked_and_a_reviewed_contact_is_allowed(fixture_project):
    reviewed = "Personal_data_reviewed: 01632 960000, team@example.org (our public contacts; reviewed 2026-12-01)"
    problems = page_project(fixture_project, "Call 01632 960 000 or email team@example.org.", reviewed)
    assert problems == []
    problems = page_project(fixture_project, "Call 01632 960 000.", reviewed)
    [warning] = problems
    assert (warning.line, warning.is_error) == (3, False) and "team@example.org" in warning.message


def test_personal_data_in_the_reference_data_is_an_error_at_its_line(fixture_project):
    localities = fixture_project / "data" / "localities.yaml"
    localities.write_text(localities.read_text(encoding="utf-8").replace(
        "The town centre and its estates.", "The town centre; ask Jo on 07700 900222."), encoding="utf-8")
    [error] = errors_of(fixture_project)
    assert (error.file, error.line, error.field) == ("data/localities.yaml", 7, "river-town.description")  # by slug
    assert "in the localities the site publishes, found a phone number '07700 900222'" in error.message


def test_make_check_reads_the_write_up_as_rendered_too(fixture_project):
    # `make check` loads without rendering write-ups; the check renders them itself.
    (fixture_project / "content" / "outcomes" / "hours.md").write_text(
        WRITEUP.format("Ring 07700 **900123** after six."), encoding="utf-8")
    with pytest.raises(RecordErrors) as caught:
        load_register(fixture_project / "data", fixture_project / "content" / "outcomes", build_date=BUILD_DATE,
                      root=fixture_project, render_writeups=False)
    [error] = caught.value.errors
    assert (error.line, error.column) == (6, 6) and "phone number '07700 900123'" in error.message


def test_in_a_web_address_only_an_email_address_is_personal_data(fixture_project):
    # A slug can read like a postcode ("w00hl"); an email address in a query string is still one.
    edit(fixture_project, "responses: 120\n", "responses: 120\ndocuments:\n"
         "  - title: Plans\n    url: https://www.plans-w00hl.example/2026/01632960555.pdf\n    format: PDF\n")
    assert load(fixture_project).warnings == []
    edit(fixture_project, "2026/01632960555.pdf", "form?email=jo@example.org")
    [error] = errors_of(fixture_project)
    assert error.field == "documents[1].url" and "email address 'jo@example.org'" in error.message
