"""What the statement says, worked out from the settings; the template only lays it out.

The wording follows the model accessibility statement GOV.UK publishes for public
sector websites, so it has every section the 2018 regulations require.
"""

from __future__ import annotations

from dataclasses import dataclass

from .options import StatementOptions
from .wcag import CRITERIA

STANDARD = "Web Content Accessibility Guidelines version 2.2 AA standard"
REGULATIONS = "Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018"

COMPLIANCE_SENTENCES = {
    "full": f"This website is fully compliant with the {STANDARD}.",
    "partial": f"This website is partially compliant with the {STANDARD}, due to the non-compliances listed below.",
    "not": f"This website is not compliant with the {STANDARD}. The non-compliances are listed below.",
}

# How the site is tested unless the organisation says otherwise: what `make test` does
# to every build of a Said & Done site (tests/test_accessibility.py and its neighbours).
AUTOMATED_CHECKS = (
    "We test this website with automated checks in a real browser (Chromium) before changes are published. "
    "At least one page of every kind, chosen so that between them they use every part of the page design, "
    "is checked with axe-core against WCAG 2.2 A and AA, in both light and dark colour schemes, and for a "
    "visible keyboard focus and links and buttons big enough to tap. Every page is checked with the Nu Html "
    "Checker, at 320 pixels wide and without JavaScript, and every link on every page is followed. "
    "Automated checks cannot find every problem, so please tell us about any you meet."
)

# Who residents turn to when they are not happy with the response to a complaint.
ENFORCEMENT = {
    "great-britain": {
        "enforcer": "The Equality and Human Rights Commission (EHRC)",
        "advice": "the Equality Advisory and Support Service (EASS)",
        "advice_url": "https://www.equalityadvisoryservice.com/",
    },
    "northern-ireland": {
        "enforcer": "The Equality and Human Rights Commission (EHRC)",
        "advice": "the Equality Commission for Northern Ireland (ECNI)",
        "advice_url": "https://www.equalityni.org/Home",
    },
}


@dataclass(frozen=True)
class Failure:
    """A known issue as residents read it: what is wrong, which criteria, when it is fixed."""

    issue: str
    criteria: tuple  # of (number, name)
    fix_by: object


@dataclass(frozen=True)
class Statement:
    options: StatementOptions
    website_url: str
    compliance_sentence: str
    failures: tuple
    enforcement: dict
    tested_by: str  # as a sentence says it: "the Brackenmoor Partnership", "Access Testing Ltd"
    test_method: str
    standard: str = STANDARD
    regulations: str = REGULATIONS

    @property
    def has_non_accessible_content(self) -> bool:
        o = self.options
        return bool(o.known_issues or o.disproportionate_burden or o.not_in_scope)


def statement_from(options: StatementOptions, website_url: str) -> Statement:
    failures = tuple(Failure(k.issue, tuple((c, CRITERIA[c]) for c in k.criteria), k.fix_by)
                     for k in options.known_issues)
    tested_by = f"the {options.organisation}" if options.tested_by == options.organisation else options.tested_by
    return Statement(options, website_url, COMPLIANCE_SENTENCES[options.compliance], failures,
                     ENFORCEMENT[options.region], tested_by, options.test_method or AUTOMATED_CHECKS)
