"""The A to Z /search/ shows when JavaScript is off: every place, ward and parish, organisation,
topic, group of people (young people, carers) and standing group residents can join.

Without JavaScript the page cannot read the query in its address (?q=...): the search runs
in the browser, and this site has no server to run it. So instead of answering the query,
the page lists every name a resident is likely to have typed, from A to Z, each linking to
its page: that page lists its consultations. A ward or parish links to its place's page,
since residents know where they live by its name more often than by its locality.
"""

from __future__ import annotations

from dataclasses import dataclass

# Indicators are named by what they measure ("Residents who feel they can influence
# decisions in their area"): a sentence, not a name anyone looks up by its first letter.
# /indicators/ lists them, and the search finds them.
LEFT_OUT = {"indicator"}


@dataclass(frozen=True)
class Entry:
    name: str
    url: str  # from the site root: localities/oakhythe/
    kind: str  # "Place", "Ward or parish", "Organisation", "Topic", "Group of people", "Way to get involved"
    note: str = ""  # a ward's place ("in Oakhythe"), or a place's wards and parishes


def a_to_z(records) -> list:
    """[(letter, [Entry])] from the search's subject records (subjects.subject_records), by name."""
    entries = []
    for r in records:
        if r.kind in LEFT_OUT:
            continue
        note = ""
        if r.kind == "locality" and r.other_names:
            note = "wards and parishes: " + ", ".join(r.other_names)
        entries.append(Entry(r.name, r.key, r.label, note))
        if r.kind == "locality":
            entries += [Entry(ward, r.url, "Ward or parish", f"in {r.name}") for ward in r.other_names]
    entries.sort(key=lambda e: (e.name.casefold(), e.kind, e.url))
    letters = {}
    for e in entries:
        initial = e.name[:1].upper()
        letters.setdefault(initial if initial.isalpha() else "#", []).append(e)
    return list(letters.items())
