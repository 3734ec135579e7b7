"""Places, organisations, topics, groups of residents, ways to get involved and indicators
as search results of their own.

Residents search for where they live ("Hollin Bank", a ward) or who runs something
("NHS Brackenmoor") as often as for a subject. Each locality, organisation and topic
is given to Pagefind as a short page of its own (a record): its name as the heading,
its wards and parishes, other names and postcode districts as words, and its
description, at the address of its page on the site (the browse plugin's
/localities/<slug>/ and so on), so the result opens that page.

The records are written from the reference data, not read from the browse plugin's
rendered pages: those are written after Pagefind has started (generator.SearchBuild
starts it as soon as the consultation pages are written), and a locality page lists
every consultation there, whose words would make it match almost any search. The
record pages exist only in the folder Pagefind reads; nothing publishes them.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from html import escape

from said_and_done.api import SUBJECT_FOLDERS, printable

from .facets import SUBJECT_TYPES

# Type-of-page filter values (the "type" filter; consultations are "Consultation").
KINDS = ("locality", "organisation", "topic", "audience", "group", "indicator")
KIND_LABELS = dict(zip(KINDS, SUBJECT_TYPES, strict=True))
# The pages of the get_involved and indicators plugins (plugins never import each other;
# these are the addresses those plugins publish, and test_search_subjects checks them
# against the built site). Their records come from what those plugins loaded with the
# register (register.derived), so a site without them has none.
GET_INVOLVED_PAGE = "get-involved/"
INDICATORS_FOLDER = "indicators"
# A UK postcode in an address, its district captured: "Quayside, Oakhythe BK3 5NH" gives BK3. The
# place before it is found by scanning back (place_before), not by the pattern: a pattern for both
# ("([A-Z][A-Za-z' -]*?)\s+...") backtracked on a long run of capitals (tests/adversarial/test_patterns.py).
POSTCODE = re.compile(r"(?<![A-Za-z0-9])([A-Z]{1,2}[0-9][0-9A-Z]?)\s+[0-9][A-Z]{2}\b")
_PLACE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz' -")
# How much more a record's name and other names count than its description: a
# resident who types a place's or partner's name wants that page first. Pagefind
# gives a consultation's title (its h1) 7; the same words in a record's name beat it.
NAME_WEIGHT = 10
OTHER_NAMES_WEIGHT = 8


@dataclass(frozen=True)
class SubjectRecord:
    url: str  # the subject's page on the site, from its root: localities/oakhythe/
    kind: str  # locality, organisation or topic
    name: str
    other_names: tuple  # wards and parishes, short name: words that name it too
    postcodes: tuple  # postcode districts the register's addresses place in it
    description: str
    # A group's entry on the one /get-involved/ page (#youth-council): its record needs a
    # file of its own, and the result links to the entry (search.js reads meta "anchor").
    anchor: str = ""

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def key(self) -> str:
        """What tells this record from every other: its address, and its entry on that page."""
        return self.url + (f"#{self.anchor}" if self.anchor else "")

    @property
    def file(self) -> str:
        return self.url + (f"{self.anchor}/" if self.anchor else "") + "index.html"

    def html(self) -> str:
        """The page Pagefind reads for this record: every value escaped."""
        e = escape
        parts = [
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
            f"<title>{e(self.name)}</title></head><body><main data-pagefind-body>",
            '<div hidden data-pagefind-ignore>',
            f'<span data-pagefind-filter="type:{e(self.label)}"></span>',
            # Its own address, so the search page can find this one record when a query
            # names it (search.js nameFirst). Not a filter residents see.
            f'<span data-pagefind-filter="named:{e(self.key)}"></span>',
            f'<span data-pagefind-meta="kind:{e(self.label)}"></span>',
            f'<span data-pagefind-meta="title:{e(self.name)}"></span>',
            *([f'<span data-pagefind-meta="anchor:{e(self.anchor)}"></span>'] if self.anchor else []),
            "</div>",
            f'<h1 data-pagefind-weight="{NAME_WEIGHT}">{e(self.name)}</h1>',
        ]
        if self.other_names:
            say = "Wards and parishes" if self.kind == "locality" else "Also known as"
            parts.append(f'<p data-pagefind-weight="{OTHER_NAMES_WEIGHT}">{say}: {e(", ".join(self.other_names))}.</p>')
        if self.postcodes:
            parts.append(f'<p data-pagefind-weight="{OTHER_NAMES_WEIGHT}">Postcode districts: '
                         f'{e(", ".join(self.postcodes))}.</p>')
        if self.description:
            parts.append(f"<p>{e(self.description)}</p>")
        parts.append("</main></body></html>\n")
        # The writers' last guard, as for every published file: Pagefind copies this text
        # into the published index.
        return printable("".join(parts))


def postcode_districts(register) -> dict:
    """locality slug -> postcode districts (BK3) that the register's own addresses put in it.

    An address names its town before the postcode ("..., Oakhythe BK3 5NH"); a district
    goes to the locality (by its name or a ward's) that most addresses pair it with.
    """
    by_name = {}
    for loc in register.localities.values():
        for name in (loc.name, *loc.wards):
            by_name.setdefault(name.casefold(), loc.slug)
    seen = defaultdict(Counter)
    for c in register.consultations:
        for block in (c.contact or {}, c.how_to_take_part or {}):
            address = str(block.get("address") or "")
            for match in POSTCODE.finditer(address):
                district, words = match.group(1), place_before(address, match.start())
                slug = by_name.get(words.casefold())
                if slug:
                    seen[district][slug] += 1
    found = defaultdict(list)
    for district, counts in sorted(seen.items()):
        slug = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        found[slug].append(district)
    return dict(found)


def place_before(address: str, end: int) -> str:
    """The place name just before a postcode: the run of letters, spaces, hyphens and apostrophes
    ending at end, from its first capital ("Quayside, Oakhythe " gives "Oakhythe")."""
    start = end
    while start and address[start - 1] in _PLACE_CHARS:
        start -= 1
    first = next((i for i in range(start, end) if "A" <= address[i] <= "Z"), end)
    return address[first:end].strip()


def subject_records(register) -> list:
    """A SubjectRecord for every locality, organisation and topic, in the reference files' order."""
    districts = postcode_districts(register)
    records = []
    for loc in register.localities.values():
        records.append(SubjectRecord(f"{SUBJECT_FOLDERS['locality']}/{loc.slug}/", "locality", loc.name,
                                     tuple(loc.wards), tuple(districts.get(loc.slug, ())),
                                     " ".join(loc.description.split())))
    for org in register.organisations.values():
        other = (org.short_name,) if org.short_name and org.short_name != org.name else ()
        records.append(SubjectRecord(f"{SUBJECT_FOLDERS['organisation']}/{org.slug}/", "organisation", org.name,
                                     other, (), " ".join(org.description.split())))
    for topic in register.topics.values():
        records.append(SubjectRecord(f"{SUBJECT_FOLDERS['topic']}/{topic.slug}/", "topic", topic.name,
                                     (), (), " ".join(topic.description.split())))
    for group in register.audiences.values():
        records.append(SubjectRecord(f"{SUBJECT_FOLDERS['audience']}/{group.slug}/", "audience", group.name,
                                     (), (), " ".join(group.description.split())))
    return records + taking_part_records(register)


def taking_part_records(register) -> list:
    """The standing groups residents can join (each an entry on /get-involved/) and the
    indicators (each a page of its own), from what their plugins loaded with the register."""
    records = []
    for group in register.derived.get("groups", ()):
        # Its kind ("Youth council") is a name residents use for it, as a ward is for a place.
        kind = " ".join(group.kind.replace("-", " ").split()).capitalize()
        runs = register.organisations.get(group.partner)
        about = " ".join(" ".join((group.about, f"Run by {runs.name}." if runs else "", group.meets)).split())
        records.append(SubjectRecord(GET_INVOLVED_PAGE, "group", group.name, (kind,), (), about, anchor=group.slug))
    for indicator in register.derived.get("indicators", ()):
        records.append(SubjectRecord(f"{INDICATORS_FOLDER}/{indicator.id}/", "indicator", indicator.name, (), (),
                                     " ".join(" ".join((indicator.definition, indicator.source)).split())))
    return records
