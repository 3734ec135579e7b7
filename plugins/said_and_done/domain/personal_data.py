"""Find personal data in free text: email addresses, UK phone, NHS and NI numbers, postcodes,
dates of birth and a named person's home address.

Residents' own words get quoted on the site, staff paste from emails, and commit messages
become the public change history, so every published text passes through here (the
privacy plugin for records, write-ups and pages; open_data for commit messages). This
module only finds candidates; deciding whether one may be published (a reviewed public
contact) is the caller's job.

Text is first made plain (plain_text.plain): full-width and other look-alike characters
become ASCII, character references are decoded and invisible characters dropped, with a
map back, so a finding is always the text exactly as written.

Phone numbers are found by libphonenumber (the `phonenumbers` package) at its loosest
leniency, so that drama-range numbers such as 07700 900123 and badly punctuated ones are
caught, and then narrowed by our own rules so that years, counts, dates, decimals and
reference numbers ("case 0123456789") are not taken for phone numbers, nor are
organisations' public lines (see _ORGANISATION_LINES). No named-entity model is used:
Presidio's need spaCy models that cannot be installed offline, and the patterns below are
measured on tests/fixtures/privacy/ (bench/privacy_rates.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import phonenumbers
from phonenumbers import Leniency, PhoneNumberFormat, PhoneNumberMatcher

from .plain_text import plain

# The code findings depend on: a cache of them (privacy's, per record) is named by its hash.
CODE_FILES = (Path(__file__), Path(__file__).with_name("plain_text.py"))

EMAIL = "email address"
PHONE = "phone number"
POSTCODE = "postcode"
NI_NUMBER = "National Insurance number"
NHS_NUMBER = "NHS number"
DATE_OF_BIRTH = "date of birth"
HOME_ADDRESS = "named person's home address"
KINDS = (EMAIL, PHONE, POSTCODE, NI_NUMBER, NHS_NUMBER, DATE_OF_BIRTH, HOME_ADDRESS)
# What an organisation publishes as its own contact details; never an NHS number or a date of birth.
CONTACT_KINDS = frozenset({EMAIL, PHONE, POSTCODE})

# Letters and digits of any script ([^\W_]), so an internationalised address (josé@exämple.de,
# пример@почта.рф) is found as well as an ASCII one. A local part may start after a % or '
# (or, obfuscated, a + or -) only when that character does not itself follow one the local
# part may hold: then an earlier start in the same run finds the same address, and without
# this rule "a%a%a%..." was scanned from every "a", in quadratic time.
_EMAIL = re.compile(
    r"(?<![\w.+-])(?<![\w.%+'-][%'])[^\W_](?:[\w.%+'-]*[\w%+-])?"
    r"@(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,}(?![\w-])"
)
# Addresses written to dodge harvesters: jane [at] example [dot] org, jane(at)example.org.
_EMAIL_OBFUSCATED = re.compile(
    r"(?<![\w.])(?<![A-Za-z0-9._%+-][%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*\s*[\[(]\s*at\s*[\])]\s*"
    r"[A-Za-z0-9-]+(?:\s*(?:[\[(]\s*dot\s*[\])]|\.)\s*[A-Za-z0-9-]+)+",
    re.IGNORECASE,
)
_AT_IN_BRACKETS = re.compile(r"[\[(]\s*at\s*[\])]", re.IGNORECASE)
# Spelled out: "jane.smith at gmail dot com". Only the "at" and what follows are matched here,
# starting with the literal "at" so the search skips quickly to each one
# (the local part is read backwards in Python, so a long run of words is not scanned from each
# one). The domain must end in " dot " or "." and a top-level domain people actually write,
# so "meet at the hall" or "at 10.30" is never an address.
_SPOKEN_DOMAIN = re.compile(
    r"at(?<=[^\W_][ \t]at)[ \t]+[^\W_][\w-]*(?:(?:[ \t]+dot[ \t]+|\.)[^\W_][\w-]*)*(?:[ \t]+dot[ \t]+|\.)"
    r"(?:com|org|net|uk|gov|ac|nhs|sch|edu|info|biz|io|me|co|scot|wales|cymru|ie|eu|de|fr|es|it|nl|us|ca|au)"
    r"(?![\w-])",
    re.IGNORECASE,
)
# Full UK postcodes (outward and inward code), spaced (one or two spaces), hyphened or not, any
# case. An outward code alone (LS1, "the BD7 area") names a district, not a household, so is allowed.
_POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])(?:GIR ?0AA|"
    r"(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKPSTUW]|"
    r"[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])"
    r"(?:[ \t]{1,2}|\n|[-\u2010\u2012\u2013\u2212])?[0-9][ABD-HJLNP-UW-Z]{2})(?![A-Za-z0-9])",
    re.IGNORECASE,
)
# National Insurance numbers: two prefix letters (HMRC never issues D, F, I, Q, U or V,
# nor O second, nor the prefixes BG, GB, KN, NK, NT, TN, ZZ), six digits, a suffix A-D;
# spaced, hyphened or dotted.
_NI_NUMBER = re.compile(
    r"(?<![A-Z0-9])(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r"[ .-]?[0-9]{2}[ .-]?[0-9]{2}[ .-]?[0-9]{2}[ .-]?[A-D](?![A-Z0-9])",
    re.IGNORECASE,
)
# NHS numbers: ten digits, written 3-3-4 or run together, whose last digit is the modulus-11
# check of the other nine (_nhs_valid). One starting 0 is a phone number, not an NHS number.
_NHS_NUMBER = re.compile(r"(?<![\w.,/£$€-])[1-9][0-9]{2}([ -]?)[0-9]{3}\1[0-9]{4}(?![\w/-]|[.,][0-9])")
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
# A date of birth: a day and month (a year optional) near "born", "DOB", "date of birth" or
# "birthday"; or "aged 67, born 1958". A year alone ("born in 1958") is left: too common in
# history ("the hall, built in 1958").
_BIRTH = re.compile(
    r"\b(?:born|birthday|date[ \t]+of[ \t]+birth|d\.?o\.?b\b\.?)[ \t:,-]{0,3}(?:(?:on|is|was|the|of)[ \t]{1,3}){0,3}"
    r"(?:[0-9]{1,2}[/.-][0-9]{1,2}[/.-](?:[0-9]{4}|[0-9]{2})(?![0-9])|[0-9]{4}-[0-9]{2}-[0-9]{2}|"
    rf"[0-9]{{1,2}}(?:st|nd|rd|th)?(?:[ \t]+of)?[ \t]+{_MONTH}\b\.?(?:,?[ \t]+[0-9]{{4}})?|"
    rf"{_MONTH}\b\.?[ \t]+[0-9]{{1,2}}(?:st|nd|rd|th)?\b(?:,?[ \t]+[0-9]{{4}})?)"
    r"|\baged[ \t]+[0-9]{1,3},?[ \t]+born[ \t]+(?:in[ \t]+)?[0-9]{4}\b",
    re.IGNORECASE,
)
_NAME = r"[A-Z][a-z'’-]+"
# "Mrs Jane Smith of 12 High Street", "Jane Smith, who lives at 4 Mill Lane": a title or a first
# and last name, then "of"/"at"/"lives at", a house number and a street. A building's name
# ("Town Hall at 1 Market Place") has the same shape: _NOT_A_PERSON rules it out.
_HOME_ADDRESS = re.compile(
    rf"\b(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Cllr|Councillor|Rev|Sir|Dame)\.?[ \t]+(?:{_NAME}[ \t]+){{0,2}}{_NAME}"
    rf"|{_NAME}[ \t]+{_NAME})"
    r",?[ \t]+(?:of|at|from|(?:who[ \t]+)?lives[ \t]+at|living[ \t]+at)[ \t]+"
    r"(?:(?:[Ff]lat|[Aa]partment)[ \t]+[0-9]{1,4}[A-Za-z]?,?[ \t]+)?[0-9]{1,4}[A-Za-z]?,?[ \t]+"
    rf"(?:{_NAME}[ \t]+){{1,3}}(?:Street|St|Road|Rd|Lane|Avenue|Ave|Close|Drive|Way|Crescent|Place|Grove|"
    r"Terrace|Gardens|Court|Row|Walk|Hill|Mews|View|Square|Rise|Green|Parade|Meadows?|Croft|Fold|Chase|Gate)\b"
)
_NOT_A_PERSON = {
    "arms", "association", "building", "cafe", "centre", "chapel", "church", "club", "college", "community",
    "council", "court", "hall", "hospital", "hotel", "house", "hub", "inn", "institute", "library", "market",
    "museum", "office", "offices", "park", "partnership", "pavilion", "practice", "room", "rooms", "school",
    "service", "services", "shop", "station", "surgery", "team", "theatre", "town", "trust", "the", "our",
}
# "the A4 3rd exit", "block B1 2nd floor": a lower-case ordinal is not an inward code.
_ORDINAL_ENDING = re.compile(r"\d(?:st|nd|rd|th)$")
_DIGIT = re.compile(r"\d")
# A reference written just before the digits: "case 0123456789", "ref: 0123456789", "planning
# application no. 0123456789", "ticket #0123456789". Only the text before a candidate is searched.
_REFERENCE_BEFORE = re.compile(
    r"(?:\b(?:case|ref|reference|application|invoice|order|ticket|policy|claim|crime|incident|job|uprn|"
    r"company|charity|registration|licence|license|permit|planning|file|item|report|booking|receipt|serial)"
    r"\b\.?(?:[ \t]*(?:no|number|num|ref|id|code)\b\.?)?|(?<![\s:#-])#)[ \t:#-]*\Z",
    re.IGNORECASE,
)
# An Ordnance Survey grid reference: a 100 km square's two letters, then easting and northing
# ("SK 01234 56789"), which read like an 01 phone number.
_GRID_SQUARE = re.compile(r"(?<![A-Za-z])[HJNOST][A-HJ-Z][ \t]?\Z")
# A UK national significant number has 9 or 10 digits (7 for a few old exchanges,
# which residents no longer quote); anything shorter is a count, a year or a date.
_MIN_UK_DIGITS = 9
# Organisations' public lines, never a person's own: freephone (0800, 0808, 0500), 03 numbers
# (for public bodies and charities), 0843-0845 and 0870-0873 (businesses' shared-cost lines),
# 055 (corporate) and 09 (premium rate). A council's or charity's helpline on one of these is
# published on purpose; reporting it would teach staff to ignore the check.
_ORGANISATION_LINES = ("80", "500", "3", "84", "87", "55", "9")


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str  # exactly as written
    start: int
    end: int
    key: str  # the same data however it was written, for matching reviewed entries

    @property
    def described(self) -> str:
        article = "an" if self.kind[0] in "aeiouAEIOU" or self.kind.startswith("NHS") else "a"
        return f"{article} {self.kind} '{self.text}'"


def _canonical(kind: str, text: str) -> str:
    if kind == EMAIL:
        # "jane dot smith at example dot org" and "jane [at] example [dot] org" are jane.smith@example.org.
        spelled = re.sub(r" ?[\[(] ?(at|dot) ?[\])] ?| (at|dot) ", _symbol, " ".join(text.lower().split()))
        return spelled.replace(" ", "")
    if kind in (DATE_OF_BIRTH, HOME_ADDRESS):
        return " ".join(text.split()).lower()
    return re.sub(r"[\s.-]+", "", text).upper()


def _symbol(word: re.Match) -> str:
    return "@" if "at" in (word.group(1), word.group(2)) else "."


# Nine digits, whatever punctuation between them: the least a phone number we report
# has. Most text has no such run, and skipping the matcher there keeps checks fast.
_NINE_DIGITS = re.compile(r"(?:\d[\s().+/-]*){9}")


def _is_reference_or_decimal(text: str, start: int, end: int) -> bool:
    """Digits that are a decimal ("0.1234567890", "12.5 1234567890") or follow a reference word."""
    if start >= 2 and text[start - 1] in ".," and text[start - 2].isdigit():
        return True
    if text[end:end + 2][:1] in (".", ",") and text[end + 1:end + 2].isdigit():
        return True
    return _REFERENCE_BEFORE.search(text, max(0, start - 40), start) is not None


def _phones(text: str):
    if not _NINE_DIGITS.search(text):
        return
    for match in PhoneNumberMatcher(text, "GB", leniency=Leniency.POSSIBLE):
        raw = match.raw_string
        national = str(match.number.national_number)
        international = raw.startswith("+") or raw.startswith("00")
        if _is_reference_or_decimal(text, match.start, match.end) or re.match(r"0[.,]\d", raw):
            continue
        if _GRID_SQUARE.search(text, max(0, match.start - 3), match.start) and re.fullmatch(r"(?<!\d)(\d+) (\d+)", raw) \
                and len(raw) % 2 == 1:
            continue  # two groups of digits of the same length after a grid square
        if international and match.number.country_code != 44:
            # Loose matching is for UK numbers written every which way; a foreign number
            # must be a real one, or "0012345678" (a reference) would read as +1 2345678.
            if not phonenumbers.is_valid_number(match.number):
                continue
        elif international:
            if len(national) < _MIN_UK_DIGITS or national.startswith(_ORGANISATION_LINES):
                continue
        else:
            # Written the UK way, a phone number starts with the trunk 0: "(01632) 960123",
            # "07700 900123". A bare run of digits (a population, 123456789) does not.
            first_digit = _DIGIT.search(raw)
            if (not first_digit or first_digit.group() != "0" or len(national) < _MIN_UK_DIGITS
                    or national.startswith(_ORGANISATION_LINES)):
                continue
        key = phonenumbers.format_number(match.number, PhoneNumberFormat.E164)
        yield Finding(PHONE, raw, match.start, match.end, key)


def _nhs_valid(digits: str) -> bool:
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    return check != 10 and (check % 11) == int(digits[9])


def _spoken_emails(text: str):
    for m in _SPOKEN_DOMAIN.finditer(text):
        start = m.start()
        while start > 0 and text[start - 1] in " \t":
            start -= 1
        # The local part: one run of address characters, or several joined by " dot ".
        while True:
            s = start
            while s > 0 and start - s < 64 and (text[s - 1].isalnum() or text[s - 1] in "._%+'-"):
                s -= 1
            if s == start:
                break
            start = s
            if text[max(0, start - 5):start].lower() != " dot ":
                break
            start -= 5
        while start < m.start() and not text[start].isalnum():
            start += 1
        if start < m.start():
            yield Finding(EMAIL, text[start:m.end()], start, m.end(), _canonical(EMAIL, text[start:m.end()]))


def _patterns(text: str) -> list:
    """The patterns that could match text: most text has no '@', no '[at]' and no digit, and
    skipping the patterns that need one keeps the check fast on a large register."""
    patterns = [(EMAIL, _EMAIL)] if "@" in text else []
    if _AT_IN_BRACKETS.search(text):
        patterns.append((EMAIL, _EMAIL_OBFUSCATED))
    if _DIGIT.search(text):
        patterns += [(POSTCODE, _POSTCODE), (NI_NUMBER, _NI_NUMBER), (DATE_OF_BIRTH, _BIRTH),
                     (NHS_NUMBER, _NHS_NUMBER), (HOME_ADDRESS, _HOME_ADDRESS)]
    return patterns


def _pattern_findings(text: str) -> list[Finding]:
    found = list(_spoken_emails(text))
    for kind, pattern in _patterns(text):
        if kind == NHS_NUMBER:
            found += _nhs_numbers(text)
            continue
        if kind == HOME_ADDRESS:
            found += _home_addresses(text)
            continue
        for m in pattern.finditer(text):
            if kind == POSTCODE and _ORDINAL_ENDING.search(m.group()):
                continue
            found.append(Finding(kind, m.group(), m.start(), m.end(), _canonical(kind, m.group())))
    return found


def _nhs_numbers(text: str):
    for m in _NHS_NUMBER.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if _nhs_valid(digits) and not _is_reference_or_decimal(text, m.start(), m.end()):
            yield Finding(NHS_NUMBER, m.group(), m.start(), m.end(), digits)


def _home_addresses(text: str):
    for m in _HOME_ADDRESS.finditer(text):
        words = m.group().split()
        if not {w.strip(",.").lower() for w in words[:2]} & _NOT_A_PERSON:
            yield Finding(HOME_ADDRESS, m.group(), m.start(), m.end(), _canonical(HOME_ADDRESS, m.group()))


def find_personal_data(text: str) -> list[Finding]:
    """Every piece of personal data in text, in order of where it starts; overlaps removed.

    Each finding's start, end and text are those of the text given, however it was written
    (full-width, with entities or invisible characters); its key is the same for the same data.
    """
    normal = plain(text)
    checked = normal.text
    found = _pattern_findings(checked)
    found.extend(_phones(checked))
    # One piece of text, one finding: an email's digits are not also a phone number, and a
    # phone number is not also an NHS number.
    found.sort(key=lambda f: (f.start, -(f.end - f.start), KINDS.index(f.kind)))
    kept: list[Finding] = []
    for finding in found:
        if kept and finding.start < kept[-1].end:
            continue
        kept.append(finding)
    if normal.origin is None:
        return kept
    mapped = []
    for f in kept:
        start, end = normal.span(f.start, f.end)
        mapped.append(Finding(f.kind, text[start:end], start, end, f.key))
    return mapped


def reviewed_keys(text: str) -> set[str]:
    """The keys of a reviewed allow-list entry: '01632 960000' also covers '01632960000'."""
    keys = {f.key for f in find_personal_data(text)}
    return keys or {_canonical(EMAIL, text), _canonical(PHONE, text)}
