"""The accessibility statement: every section the 2018 regulations require, filled from settings."""

from __future__ import annotations

import re
from datetime import date

import pytest
from bs4 import BeautifulSoup

from accessibility_statement.options import statement_options
from helpers.site import DEMO_BUILD_DATE, ROOT
from said_and_done.site.options import SettingsError

MINIMAL = {"contact_email": "access@council.example", "prepared_on": "2026-09-01", "tested_on": "2026-08-20"}
SECTIONS = [
    "How accessible this website is",
    "Feedback and contact information",
    "Reporting accessibility problems with this website",
    "Enforcement procedure",
    "Technical information about this website's accessibility",
    "Non-accessible content",
    "Preparation of this accessibility statement",
]


def text(node) -> str:
    return " ".join(node.get_text(" ").split())


def build_statement(tmp_path, fixture_project, **statement) -> BeautifulSoup:
    """Build the small fixture project with these ACCESSIBILITY_STATEMENT settings; the statement page."""
    from pelican import Pelican
    from pelican.settings import read_settings

    output = tmp_path / "out"
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(fixture_project / "content"), "OUTPUT_PATH": str(output), "THEME": str(ROOT / "theme"),
        "PLUGIN_PATHS": [str(ROOT / "plugins")],
        "SAID_AND_DONE": {"data_path": str(fixture_project / "data"), "build_date": DEMO_BUILD_DATE,
                          "partnership": "Riverside Partnership", "public_url": "https://consult.riverside.example"},
        "ACCESSIBILITY_STATEMENT": statement,
    })
    Pelican(settings).run()
    return BeautifulSoup((output / "accessibility" / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_the_demo_statement_has_every_required_section_filled_from_settings(demo_site):
    soup = demo_site.soup("/accessibility/")
    main = soup.find("main")
    assert text(main.find("h1")) == "Accessibility statement for Said & Done: Brackenmoor Partnership"
    assert [text(h) for h in main.find_all("h2")][:5] == SECTIONS[:5]
    assert set(SECTIONS[5:]) <= {text(h) for h in main.find_all("h2")}
    body = text(main)
    assert "This website is run by the Brackenmoor Partnership." in body
    assert "This website is fully compliant with the Web Content Accessibility Guidelines version 2.2 AA standard." in body
    assert main.find("a", href="mailto:accessibility@brackenmoor.example")
    assert main.find("a", href="tel:01632960000")
    assert "(Monday to Friday, 9am to 5pm)" in body and "get back to you in 10 working days" in body
    assert "Equality and Human Rights Commission (EHRC)" in body
    assert main.find("a", href="https://www.equalityadvisoryservice.com/")
    assert "This statement was prepared on 23 November 2026." in body
    assert "This website was last tested on 23 November 2026. The test was carried out by the Brackenmoor Partnership." in body
    assert "axe-core" in body  # how it was tested, by default the checks make test runs
    assert "screen readers and screen magnifiers, by the end of March 2027" in body  # improvements


def test_every_page_links_to_the_statement_from_its_footer(demo_site, site_pages):
    for page in site_pages:
        if page.is_redirect:
            continue
        footer = demo_site.soup(page.url).find("footer")
        assert footer and footer.find("a", href="/accessibility/", string="Accessibility statement"), page.url


def test_a_partly_compliant_statement_in_northern_ireland_lists_what_fails_and_when_it_is_fixed(tmp_path, fixture_project):
    soup = build_statement(
        tmp_path, fixture_project, **MINIMAL, region="northern-ireland", contact_phone="028 9000 0000",
        organisation="Riverside Council", reviewed_on="2026-10-01", tested_by="Access Audits Ltd",
        test_method="An auditor tested 20 pages with NVDA, VoiceOver and a keyboard.",
        known_issues=[{"issue": "Some maps have no text alternative.", "criteria": ["1.1.1", "1.4.11"],
                       "fix_by": "2027-03-31"}],
        disproportionate_burden=[{"issue": "Our 2019 planning archive is not tagged.",
                                  "reason": "Re-tagging 9,000 PDFs would cost more than the service's budget."}],
        not_in_scope=[{"issue": "PDFs published before 28 September 2018.",
                       "reason": "They are not needed to use our services."}])
    body = text(soup.find("main"))
    assert "This website is run by the Riverside Council." in body
    assert "This website is partially compliant with the Web Content Accessibility Guidelines version 2.2 AA standard, due to the non-compliances listed below." in body
    assert ("Some maps have no text alternative. This fails WCAG 2.2 success criteria 1.1.1 (Non-text content), "
            "1.4.11 (Non-text contrast). We plan to fix this by 31 March 2027.") in body
    assert "Our 2019 planning archive is not tagged. Re-tagging 9,000 PDFs" in body
    assert "PDFs published before 28 September 2018. They are not needed" in body
    assert soup.find("a", href="https://www.equalityni.org/Home") and "Equality Commission for Northern Ireland (ECNI)" in body
    assert "It was last reviewed on 1 October 2026." in body
    assert "The test was carried out by Access Audits Ltd. An auditor tested 20 pages with NVDA" in body
    assert soup.find("a", href="https://consult.riverside.example/")
    assert [text(h) for h in soup.select("main h3")] == [
        "Compliance status", "Non-compliance with the accessibility regulations", "Disproportionate burden",
        "Content that's not within the scope of the accessibility regulations"]


@pytest.mark.parametrize("change, message", [
    ({"contact_emial": "x@y.example"}, "ACCESSIBILITY_STATEMENT: unknown setting(s) contact_emial"),
    ({"contact_email": None}, "expected contact_email or contact_phone (or both), found neither"),
    ({"contact_email": "access at council"}, "['contact_email']: expected an email address"),
    ({"tested_on": None}, "['tested_on']: expected a date as YYYY-MM-DD (the statement must say it), found nothing"),
    ({"prepared_on": "1 Sept 2026"}, "['prepared_on']: expected a date as YYYY-MM-DD, found '1 Sept 2026'"),
    ({"reviewed_on": "2026-01-01"}, "['reviewed_on']: expected a date on or after prepared_on (2026-09-01)"),
    ({"region": "scotland"}, "['region']: expected one of great-britain, northern-ireland"),
    ({"response_days": 0}, "['response_days']: expected a whole number of working days"),
    ({"compliance": "partial"}, "'partial' needs the problems listed under known_issues"),
    ({"compliance": "full", "known_issues": [{"issue": "x", "criteria": ["1.1.1"]}]},
     "expected 'partial' or 'not' while known_issues"),
    ({"known_issues": [{"issue": "x", "criteria": ["2.4.9"]}]},
     "['known_issues'][1]['criteria']: expected the number of a WCAG 2.2 level A or AA success criterion"),
    ({"known_issues": [{"issue": "x"}]}, "['known_issues'][1]: expected criteria, found none"),
    ({"known_issues": [{"issue": "x", "criteria": ["1.1.1"], "fix": "soon"}]}, "['known_issues'][1]: unknown key(s) fix"),
    ({"not_in_scope": [{"issue": "x", "reason": ""}]}, "['not_in_scope'][1]['reason']: expected text"),
])
def test_bad_settings_stop_the_build_with_a_clear_message(change, message):
    with pytest.raises(SettingsError, match=re.escape(message)):
        statement_options({"ACCESSIBILITY_STATEMENT": {**MINIMAL, **change}})


def test_defaults_come_from_the_rest_of_the_settings():
    o = statement_options({"SITENAME": "Have your say", "SAID_AND_DONE": {"partnership": "Riverside Partnership"},
                           "ACCESSIBILITY_STATEMENT": MINIMAL})
    assert (o.organisation, o.website_name, o.tested_by, o.compliance, o.region, o.response_days) == (
        "Riverside Partnership", "Have your say", "Riverside Partnership", "full", "great-britain", 10)
    assert (o.prepared_on, o.tested_on, o.reviewed_on) == (date(2026, 9, 1), date(2026, 8, 20), None)
    assert statement_options({"ACCESSIBILITY_STATEMENT": {
        **MINIMAL, "known_issues": [{"issue": "x", "criteria": ["1.1.1"]}]}}).compliance == "partial"


def test_make_check_reports_a_statement_setting_mistake(tmp_path, capsys):
    from said_and_done import cli

    settings = tmp_path / "pelicanconf.py"
    settings.write_text(f"exec(open({str(ROOT / 'pelicanconf.py')!r}).read())\n"
                        f"PATH = {str(ROOT / 'content')!r}\nPLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
                        "ACCESSIBILITY_STATEMENT = {**ACCESSIBILITY_STATEMENT, 'tested_on': None}\n", encoding="utf-8")
    assert cli.check(settings) == 2
    assert "ACCESSIBILITY_STATEMENT['tested_on']: expected a date" in capsys.readouterr().err
