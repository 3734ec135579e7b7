"""The accessibility statement's settings: one ACCESSIBILITY_STATEMENT dict in pelicanconf.py.

Every deploying council or partnership sets its own details here. The statement is
a legal requirement (Public Sector Bodies (Websites and Mobile Applications) (No. 2)
Accessibility Regulations 2018), so a missing contact or test date stops the build
with a message saying what to add, rather than publishing a statement that does
not meet the regulations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from said_and_done.api import SettingsError, merged_settings

from .wcag import CRITERIA

DEFAULTS = {
    # Who runs the site and answers for it. None: SAID_AND_DONE['partnership'].
    "organisation": None,
    # The site's name as the statement uses it. None: SITENAME.
    "website_name": None,
    # How people ask for another format or report a problem: at least one of these.
    "contact_email": None,
    "contact_phone": None,
    # When the phone line is answered, for example "Monday to Friday, 9am to 5pm".
    "contact_hours": None,
    # Working days within which the organisation replies to a request.
    "response_days": 10,
    # Where the organisation is: the enforcement procedure differs. "great-britain"
    # (EHRC, with the Equality Advisory and Support Service) or "northern-ireland" (ECNI).
    "region": "great-britain",
    # "full", "partial" or "not". None: worked out - "full" when nothing is listed
    # under known_issues or disproportionate_burden, else "partial".
    "compliance": None,
    # Content that fails WCAG 2.2 AA. Each: {"issue": what and who it affects,
    # "criteria": ["1.1.1", ...] (the WCAG success criteria it fails), "fix_by": "YYYY-MM-DD" or None}.
    "known_issues": [],
    # Each: {"issue": ..., "reason": why fixing it now would be a disproportionate burden}.
    "disproportionate_burden": [],
    # Each: {"issue": ..., "reason": why the regulations do not cover it, for example
    # PDFs published before 28 September 2018 that are not needed to use a service}.
    "not_in_scope": [],
    # What the organisation is doing to improve accessibility: a list of sentences.
    "improvements": [],
    # Dates as YYYY-MM-DD. prepared_on and tested_on are required; reviewed_on
    # None means the statement has not been reviewed since it was prepared.
    "prepared_on": None,
    "reviewed_on": None,
    "tested_on": None,
    # Who tested the site. None: the organisation itself.
    "tested_by": None,
    # How it was tested and how the pages were chosen. None: a description of the
    # automated checks `make test` runs (statement.AUTOMATED_CHECKS); when you have
    # also tested by hand (screen readers, keyboard, zoom), describe both here.
    "test_method": None,
}

REGIONS = ("great-britain", "northern-ireland")
COMPLIANCE = ("full", "partial", "not")
# A dot inside the domain: the first one after its first character, so the pattern has one
# way to match (the same addresses as [^@\s]+\.[^@\s]+, which backtracked in quadratic time).
_EMAIL = re.compile(r"^[^@\s]+@[^@\s][^@\s.]*\.[^@\s]+$")


@dataclass(frozen=True)
class KnownIssue:
    issue: str
    criteria: tuple = ()
    fix_by: date | None = None


@dataclass(frozen=True)
class ExplainedIssue:
    issue: str
    reason: str


@dataclass(frozen=True)
class StatementOptions:
    organisation: str
    website_name: str
    contact_email: str | None
    contact_phone: str | None
    contact_hours: str | None
    response_days: int
    region: str
    compliance: str
    known_issues: tuple
    disproportionate_burden: tuple
    not_in_scope: tuple
    improvements: tuple
    prepared_on: date
    reviewed_on: date | None
    tested_on: date
    tested_by: str
    test_method: str | None


def _name(key: str) -> str:
    return f"ACCESSIBILITY_STATEMENT['{key}']"


def _text(value, where: str, optional: bool = False):
    """`where` names the setting in messages, like ACCESSIBILITY_STATEMENT['known_issues'][2]['issue']."""
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value.strip():
        raise SettingsError(f"{where}: expected {'text or None' if optional else 'text'}, found {value!r}")
    return " ".join(value.split())


def _date(value, where: str, optional: bool = False):
    if value is None:
        if optional:
            return None
        raise SettingsError(f"{where}: expected a date as YYYY-MM-DD (the statement must say it), found nothing")
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise SettingsError(f"{where}: expected a date as YYYY-MM-DD, found {value!r}") from None


def _items(value, key: str, fields: dict) -> list[dict]:
    """A list of dicts with the given {field: required} keys."""
    if not isinstance(value, (list, tuple)):
        raise SettingsError(f"{_name(key)}: expected a list, found {value!r}")
    items = []
    for n, item in enumerate(value, start=1):
        where = f"{_name(key)}[{n}]"
        if not isinstance(item, dict):
            raise SettingsError(f"{where}: expected a dict with {', '.join(fields)}, found {item!r}")
        unknown = sorted(set(item) - set(fields))
        if unknown:
            raise SettingsError(f"{where}: unknown key(s) {', '.join(unknown)}; known: {', '.join(fields)}")
        missing = [f for f, required in fields.items() if required and f not in item]
        if missing:
            raise SettingsError(f"{where}: expected {', '.join(missing)}, found none")
        items.append(item)
    return items


def _explained(s: dict, key: str) -> tuple:
    items = _items(s[key], key, {"issue": True, "reason": True})
    return tuple(ExplainedIssue(_text(i["issue"], f"{_name(key)}[{n}]['issue']"),
                                _text(i["reason"], f"{_name(key)}[{n}]['reason']"))
                 for n, i in enumerate(items, start=1))


def _contact(s: dict) -> tuple:
    email = _text(s["contact_email"], _name("contact_email"), optional=True)
    if email is not None and not _EMAIL.match(email):
        raise SettingsError(f"{_name('contact_email')}: expected an email address like access@council.example, found {email!r}")
    phone = _text(s["contact_phone"], _name("contact_phone"), optional=True)
    if email is None and phone is None:
        raise SettingsError("ACCESSIBILITY_STATEMENT: expected contact_email or contact_phone (or both), found neither; "
                            "the statement must say how to ask for another format or report a problem")
    days = s["response_days"]
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 60:
        raise SettingsError(f"{_name('response_days')}: expected a whole number of working days from 1 to 60, found {days!r}")
    return email, phone, days


def _known_issues(s: dict) -> tuple:
    known = []
    for n, item in enumerate(_items(s["known_issues"], "known_issues",
                                    {"issue": True, "criteria": True, "fix_by": False}), start=1):
        criteria = item["criteria"]
        if not isinstance(criteria, (list, tuple)) or not criteria:
            raise SettingsError(f"{_name('known_issues')}[{n}]['criteria']: expected a list of WCAG success criteria "
                                f"numbers like ['1.1.1', '2.4.4'], found {criteria!r}")
        for criterion in criteria:
            if criterion not in CRITERIA:
                raise SettingsError(f"{_name('known_issues')}[{n}]['criteria']: expected the number of a WCAG 2.2 "
                                    f"level A or AA success criterion like '1.1.1', found {criterion!r}")
        where = f"{_name('known_issues')}[{n}]"
        known.append(KnownIssue(_text(item["issue"], f"{where}['issue']"), tuple(criteria),
                                _date(item.get("fix_by"), f"{where}['fix_by']", optional=True)))
    return tuple(known)


def _compliance(s: dict, known: tuple, burden: tuple) -> str:
    compliance = s["compliance"]
    if compliance is None:
        compliance = "partial" if known or burden else "full"
    elif compliance not in COMPLIANCE:
        raise SettingsError(f"{_name('compliance')}: expected one of {', '.join(COMPLIANCE)} or None, found {compliance!r}")
    if compliance == "full" and (known or burden):
        raise SettingsError(f"{_name('compliance')}: expected 'partial' or 'not' while known_issues or "
                            "disproportionate_burden list anything, found 'full'")
    if compliance != "full" and not (known or burden):
        raise SettingsError(f"{_name('compliance')}: '{compliance}' needs the problems listed under known_issues "
                            "(or disproportionate_burden), found none listed")
    return compliance


def statement_options(settings: dict) -> StatementOptions:
    s = merged_settings(settings, "ACCESSIBILITY_STATEMENT", DEFAULTS)

    partnership = (settings.get("SAID_AND_DONE") or {}).get("partnership") or "Our partnership"
    organisation = _text(s["organisation"] if s["organisation"] is not None else partnership, _name("organisation"))
    website_name = _text(s["website_name"] if s["website_name"] is not None else settings.get("SITENAME", "this website"),
                         _name("website_name"))
    # Checked in the order the statement's settings are documented, so the first mistake is named first.
    email, phone, days = _contact(s)
    if s["region"] not in REGIONS:
        raise SettingsError(f"{_name('region')}: expected one of {', '.join(REGIONS)}, found {s['region']!r}")
    known = _known_issues(s)
    burden = _explained(s, "disproportionate_burden")
    scope = _explained(s, "not_in_scope")
    if not isinstance(s["improvements"], (list, tuple)):
        raise SettingsError(f"{_name('improvements')}: expected a list of sentences, found {s['improvements']!r}")
    improvements = tuple(_text(i, f"{_name('improvements')}[{n}]") for n, i in enumerate(s["improvements"], start=1))
    compliance = _compliance(s, known, burden)

    prepared = _date(s["prepared_on"], _name("prepared_on"))
    reviewed = _date(s["reviewed_on"], _name("reviewed_on"), optional=True)
    tested = _date(s["tested_on"], _name("tested_on"))
    if reviewed is not None and reviewed < prepared:
        raise SettingsError(f"{_name('reviewed_on')}: expected a date on or after prepared_on ({prepared}), found {reviewed}")
    return StatementOptions(
        organisation=organisation, website_name=website_name, contact_email=email, contact_phone=phone,
        contact_hours=_text(s["contact_hours"], _name("contact_hours"), optional=True), response_days=days,
        region=s["region"], compliance=compliance, known_issues=known, disproportionate_burden=burden,
        not_in_scope=scope, improvements=improvements, prepared_on=prepared, reviewed_on=reviewed, tested_on=tested,
        tested_by=_text(s["tested_by"], _name("tested_by")) if s["tested_by"] is not None else organisation,
        test_method=_text(s["test_method"], _name("test_method"), optional=True),
    )
