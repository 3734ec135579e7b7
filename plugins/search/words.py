"""The search page's own spelling and synonym list, worked out at build time.

Pagefind matches words as they are typed, after stemming: "libary" finds nothing, and
"bins" never finds "waste". The search page (theme/static/js/search.js) rewrites a
query before Pagefind sees it, with what this module gives it (printed into /search/
as JSON, so there is no extra request):

- synonyms: everyday words and the words the register uses instead (a short hand list
  below, kept to words residents type and our pages do not use);
- names: each place's, ward's, partner's and topic's name, with its page: a query that
  is exactly a name shows that page first (Pagefind alone ranks a consultation that
  says "Oakhythe" five times above Oakhythe's own page);
- vocabulary: the register's own words (place, ward, partner and topic names and
  descriptions, consultation titles), most used first. A query that finds nothing has
  each word it does not know replaced by the closest of these, one or two letters
  away, and the page says so ("Showing results for library").
"""

from __future__ import annotations

import re
from collections import Counter

from said_and_done.api import printable

# Everyday word (lower case, as typed) -> the words our pages use for it.
SYNONYMS = {
    "bins": "waste",
    "bin": "waste",
    "rubbish": "waste",
    "refuse": "waste",
    "tip": "recycling centre",
    "dump": "recycling centre",
    "doctor": "GP",
    "doctors": "GP",
    "surgery": "GP",
    "a&e": "urgent treatment",
    "casualty": "urgent treatment",
    "cops": "police",
    "maternity": "birth",
    "youth": "young people",
    "kids": "children",
    "elderly": "older people",
    "pensioners": "older people",
}

WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
SHORTEST = 4  # shorter words are never corrected: too many real words are one letter apart
MOST_WORDS = 5000  # a big register's titles add many words; the most used are enough


def _words(text: str) -> list:
    return [w.casefold().strip("'’-") for w in WORD.findall(printable(text or ""))]


def vocabulary(register) -> list:
    """The register's own words, at least SHORTEST letters, most used first (ties: A to Z)."""
    counts = Counter()
    for loc in register.localities.values():
        counts.update(_words(" ".join((loc.name, *loc.wards, loc.description))))
    for org in register.organisations.values():
        counts.update(_words(" ".join((org.name, org.short_name, org.description))))
    for topic in register.topics.values():
        counts.update(_words(f"{topic.name} {topic.description}"))
    for c in register.consultations:
        counts.update(_words(c.title))
    for replacement in SYNONYMS.values():
        counts.update(_words(replacement))
    words = [w for w in counts if len(w) >= SHORTEST]
    return sorted(words, key=lambda w: (-counts[w], w))[:MOST_WORDS]


def names(records) -> dict:
    """Every name of a place, organisation or topic (a ward, a short name), lower case ->
    [its page, its type]: a query that is exactly one of these shows that page first."""
    found = {}
    for r in records:
        for name in (r.name, *r.other_names, *r.postcodes):
            found.setdefault(" ".join(printable(name).casefold().split()), [r.key, r.label])
    return dict(sorted(found.items()))


def search_words(register, records) -> dict:
    """What /search/ prints for search.js: {"synonyms": {...}, "vocabulary": [...], "names": {...}}."""
    return {"synonyms": dict(sorted(SYNONYMS.items())), "vocabulary": vocabulary(register), "names": names(records)}
