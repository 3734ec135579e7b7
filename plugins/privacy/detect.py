"""Find personal data in free text: email addresses, UK phone numbers, postcodes, NI numbers.

Residents' own words get quoted on the site, and people put their contact
details in survey answers. This module only finds candidates; deciding whether
one may be published (a reviewed public contact) is the caller's job.

Phone numbers are found by libphonenumber (the `phonenumbers` package) at its
loosest leniency, so that drama-range numbers such as 07700 900123 and badly
punctuated ones are caught, and then narrowed by our own rules so that years,
counts, dates and reference numbers are not taken for phone numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import Leniency, PhoneNumberFormat, PhoneNumberMatcher

EMAIL = "email address"
PHONE = "phone number"
POSTCODE = "postcode"
NI_NUMBER = "National Insurance number"
KINDS = (EMAIL, PHONE, POSTCODE, NI_NUMBER)

# A local part may start after a % or ' (or, obfuscated, a + or -) only when that character
# does not itself follow one the local part may hold: then an earlier start in the same
# run finds the same address, and without this rule "a%a%a%..." was scanned from every
# "a", in quadratic time.
_EMAIL = re.compile(
    r"(?<![\w.+-])(?<![A-Za-z0-9._%+'-][%'])[A-Za-z0-9](?:[A-Za-z0-9._%+'-]*[A-Za-z0-9_%+-])?"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}(?![\w-])"
)
# Addresses written to dodge harvesters: jane [at] example [dot] org, jane(at)example.org.
_EMAIL_OBFUSCATED = re.compile(
    r"(?<![\w.])(?<![A-Za-z0-9._%+-][%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*\s*[\[(]\s*at\s*[\])]\s*"
    r"[A-Za-z0-9-]+(?:\s*(?:[\[(]\s*dot\s*[\])]|\.)\s*[A-Za-z0-9-]+)+",
    re.IGNORECASE,
)
# Full UK postcodes (outward and inward code), spaced or not, any case. An outward
# code alone (LS1, "the BD7 area") names a district, not a household, so is allowed.
_POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])(?:GIR ?0AA|"
    r"(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKPSTUW]|"
    r"[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])"
    r"\s?[0-9][ABD-HJLNP-UW-Z]{2})(?![A-Za-z0-9])",
    re.IGNORECASE,
)
# National Insurance numbers: two prefix letters (HMRC never issues D, F, I, Q, U or V,
# nor O second, nor the prefixes BG, GB, KN, NK, NT, TN, ZZ), six digits, a suffix A-D.
_NI_NUMBER = re.compile(
    r"(?<![A-Z0-9])(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r"[ -]?[0-9]{2}[ -]?[0-9]{2}[ -]?[0-9]{2}[ -]?[A-D](?![A-Z0-9])",
    re.IGNORECASE,
)
# "the A4 3rd exit", "block B1 2nd floor": a lower-case ordinal is not an inward code.
_ORDINAL_ENDING = re.compile(r"\d(?:st|nd|rd|th)$")
_DIGIT = re.compile(r"\d")
# A UK national significant number has 9 or 10 digits (7 for a few old exchanges,
# which residents no longer quote); anything shorter is a count, a year or a date.
_MIN_UK_DIGITS = 9


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str  # exactly as written
    start: int
    end: int
    key: str  # the same data however it was written, for matching reviewed entries

    @property
    def described(self) -> str:
        article = "an" if self.kind[0] in "aeiouAEIOU" else "a"
        return f"{article} {self.kind} '{self.text}'"


def _canonical(kind: str, text: str) -> str:
    if kind == EMAIL:
        return re.sub(r"\s+", "", text).lower()
    return re.sub(r"[\s-]+", "", text).upper()


# Nine digits, whatever punctuation between them: the least a phone number we report
# has. Most text has no such run, and skipping the matcher there keeps checks fast.
_NINE_DIGITS = re.compile(r"(?:\d[\s().+/-]*){9}")


def _phones(text: str):
    if not _NINE_DIGITS.search(text):
        return
    for match in PhoneNumberMatcher(text, "GB", leniency=Leniency.POSSIBLE):
        raw = match.raw_string
        national = str(match.number.national_number)
        international = raw.startswith("+") or raw.startswith("00")
        if international and match.number.country_code != 44:
            # Loose matching is for UK numbers written every which way; a foreign number
            # must be a real one, or "0012345678" (a reference) would read as +1 2345678.
            if not phonenumbers.is_valid_number(match.number):
                continue
        elif international:
            if len(national) < _MIN_UK_DIGITS:
                continue
        else:
            # Written the UK way, a phone number starts with the trunk 0: "(01632) 960123",
            # "07700 900123". A bare run of digits (a population, 123456789) does not.
            first_digit = _DIGIT.search(raw)
            if not first_digit or first_digit.group() != "0" or len(national) < _MIN_UK_DIGITS:
                continue
        key = phonenumbers.format_number(match.number, PhoneNumberFormat.E164)
        yield Finding(PHONE, raw, match.start, match.end, key)


def find_personal_data(text: str) -> list[Finding]:
    """Every piece of personal data in text, in order of where it starts; overlaps removed."""
    found: list[Finding] = []
    for pattern in (_EMAIL, _EMAIL_OBFUSCATED):
        for m in pattern.finditer(text):
            found.append(Finding(EMAIL, m.group(), m.start(), m.end(), _canonical(EMAIL, m.group())))
    for kind, pattern in ((POSTCODE, _POSTCODE), (NI_NUMBER, _NI_NUMBER)):
        for m in pattern.finditer(text):
            if kind == POSTCODE and _ORDINAL_ENDING.search(m.group()):
                continue
            found.append(Finding(kind, m.group(), m.start(), m.end(), _canonical(kind, m.group())))
    found.extend(_phones(text))
    # One piece of text, one finding: an email's digits are not also a phone number.
    found.sort(key=lambda f: (f.start, -(f.end - f.start), KINDS.index(f.kind)))
    kept: list[Finding] = []
    for finding in found:
        if kept and finding.start < kept[-1].end:
            continue
        kept.append(finding)
    return kept


def reviewed_keys(text: str) -> set[str]:
    """The keys of a reviewed allow-list entry: '01632 960000' also covers '01632960000'."""
    keys = {f.key for f in find_personal_data(text)}
    return keys or {_canonical(EMAIL, text), _canonical(PHONE, text)}
