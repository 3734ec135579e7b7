"""What each searchable page tells Pagefind: its filter values, metadata and sort keys.

Decided here, in Python, from the derived register. Templates only print these as
data-pagefind-* attributes (theme/templates/components/search_tags.html), and the
/search/ page lists the same values as its filter checkboxes, so the two always agree.
Indexing records straight from the register later (Pagefind's add_custom_record)
would take the same SearchEntry.

Area-wide consultations carry every locality *and* the value "Area-wide": a
resident who ticks their own area must also see what affects the whole area
(the food waste collections, the budget), and someone who wants only the
area-wide ones can tick "Area-wide". Result cards say "Area-wide", so it is clear
why such a consultation shows under a locality.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from said_and_done.api import CONSULTATION_TYPES, DECISIONS, LEVELS, STATUS_ORDER, long_date, status_label

# Filter key -> the legend residents see on /search/. Keys are what Pagefind stores.
FILTERS = {
    "locality": "Area",
    "organisation": "Organisation",
    "topic": "Topic",
    "audience": "Who it is for",
    "status": "Status",
    "year": "Year it opened",
    "level": "Engagement level",
    "statutory": "Required by law",
    "decision": "Decision",
    "type": "Type of page",
}

AREA_WIDE = "Area-wide"
FEEDBACK_OVERDUE = "Feedback overdue"

CONSULTATION = "consultation"
OUTCOME = "outcome"
KIND_LABELS = {CONSULTATION: "Consultation", OUTCOME: "You said, we did"}
# The type-of-page values of the records subjects.py adds: places, organisations, topics,
# the groups of residents a consultation is for (/audiences/), the standing groups anyone
# can join (/get-involved/) and the indicators (/indicators/).
SUBJECT_TYPES = ("Place", "Organisation", "Topic", "Group of people", "Way to get involved", "Indicator")


@dataclass(frozen=True)
class SearchEntry:
    """One searchable page as Pagefind sees it."""

    url: str
    kind: str
    filters: dict  # filter key -> tuple of values
    meta: dict  # key -> text shown with a result
    sort: dict  # key -> value Pagefind sorts on

    @property
    def filter_pairs(self):
        return [(key, value) for key, values in self.filters.items() for value in values]


@dataclass(frozen=True)
class FilterGroup:
    """One filter on /search/: its key, legend and values in display order."""

    key: str
    legend: str
    values: tuple


def searchable_pages(consultations):
    """(consultation, kind) for every page residents search: the consultation and, once published, its results."""
    for c in consultations:
        yield c, CONSULTATION
        if c.has_published_outcome:
            yield c, OUTCOME


def shard_count(records: int, records_per_shard: int) -> int:
    """How many parts the index is built in: enough that none holds much more than records_per_shard."""
    return max(1, -(-records // records_per_shard))


def shard_of(consultation_id: str, shards: int) -> int:
    """The part of the index a consultation's pages go in: fixed by its id, so an edit
    moves nothing, and spread evenly (CRC-32 is the same on every machine and run)."""
    return zlib.crc32(consultation_id.encode("utf-8")) % shards


def shard_folder(bundle_dir: str, shard: int) -> str:
    """Part 0 is the index every site has; the others sit inside it."""
    return f"{bundle_dir}/" if shard == 0 else f"{bundle_dir}/shard-{shard}/"


def page_url(c, kind: str) -> str:
    return c.outcome_url if kind == OUTCOME else c.url


def _status_values(c) -> tuple:
    values = (c.status_label,)
    return values + (FEEDBACK_OVERDUE,) if c.feedback_overdue else values


def _when(c) -> str:
    """The one date that matters for the consultation now, as a result card shows it."""
    if c.status == "open":
        return f"Closes {long_date(c.effective_closes)}"
    if c.status == "planned":
        return f"Opens {long_date(c.opens)}"
    if c.status == "closed":
        return f"Closed {long_date(c.effective_closes)}"
    if c.status == "feedback-published":
        return f"Results published {long_date(c.outcome.published)}"
    return f"Withdrawn {long_date(c.withdrawn['date'])}"


def _unique(values) -> tuple:
    return tuple(dict.fromkeys(values))


def entry_for(c, kind: str, keys=tuple(FILTERS)) -> SearchEntry:
    """The filters, metadata and sort key of one page (kind: CONSULTATION or OUTCOME)."""
    is_outcome = kind == OUTCOME
    localities = [loc.name for loc in c.localities]
    every = {
        "locality": _unique(([AREA_WIDE] if c.area_wide else []) + localities),
        "organisation": _unique(o.name for o in c.organisations),
        "topic": _unique(t.name for t in c.topics),
        "audience": _unique(a.name for a in c.audiences),
        "status": _status_values(c),
        "year": (str(c.opens.year),),
        "level": (c.level_label,),
        "statutory": (c.type_label,) if c.type else (),  # only records that say
        # Decisions belong to the results page, where they are shown and explained.
        "decision": _unique(t.decision_label for t in c.outcome.themes) if is_outcome else (),
        "type": (KIND_LABELS[kind],),
    }
    filters = {key: every[key] for key in keys if every[key]}
    # The date a page is sorted by: when it opened, or when its results came out.
    day = c.outcome.published if is_outcome else c.opens
    meta = {
        "title": f"You said, we did: {c.title}" if is_outcome else c.title,
        "kind": KIND_LABELS[kind],
        "date": day.isoformat(),
        "when": f"Results published {long_date(day)}" if is_outcome else _when(c),
        "status": c.status_label,
        "status_slug": c.status,
        "lead": c.lead.name,
        "where": AREA_WIDE if c.area_wide else ", ".join(localities),
    }
    if c.feedback_overdue:
        meta["overdue"] = FEEDBACK_OVERDUE
    if not is_outcome and c.has_published_outcome:
        # Search shows one result per consultation: its results page is marked on it.
        meta["results_url"] = c.outcome_url
    return SearchEntry(url=page_url(c, kind), kind=kind, filters=filters,
                       meta=meta, sort={"date": day.isoformat()})


def _value_orders(register) -> dict:
    """For each filter, the order its values are listed in (values not listed go last, by name)."""
    return {
        "locality": [AREA_WIDE] + [loc.name for loc in register.localities.values()],
        "audience": [a.name for a in register.audiences.values()],
        "status": [status_label(s) for s in STATUS_ORDER] + [FEEDBACK_OVERDUE],
        "level": [label for label, _ in LEVELS.values()],
        "statutory": [label for label, _ in CONSULTATION_TYPES.values()],
        "decision": list(DECISIONS.values()),
        "type": list(KIND_LABELS.values()) + list(SUBJECT_TYPES),
    }


# Under this name in register.derived: the filter keys add_entries worked the entries out for.
DERIVED_KEYS = "search.filter_keys"


def add_entries(register, keys=tuple(FILTERS)) -> None:
    """Give every searchable page its SearchEntry (c.search_entries[kind]), once per build, before rendering."""
    for c in register.consultations:
        c.search_entries = {}
    for c, kind in searchable_pages(register.consultations):
        c.search_entries[kind] = entry_for(c, kind, keys)
    register.derived[DERIVED_KEYS] = tuple(keys)


def add_entries_of(c, register) -> None:
    """One consultation's entries, with the filters the register's were worked out with."""
    keys = register.derived.get(DERIVED_KEYS, tuple(FILTERS))
    c.search_entries = {kind: entry_for(c, kind, keys) for _, kind in searchable_pages([c])}


def filter_groups(register, keys=tuple(FILTERS)) -> list:
    """The filters /search/ offers: only values some page has, in a stable order residents expect."""
    present = {key: set() for key in keys}
    derived = register.derived.get(DERIVED_KEYS) == tuple(keys)
    for c, kind in searchable_pages(register.consultations):
        entry = c.search_entries[kind] if derived else entry_for(c, kind, keys)
        for key, values in entry.filters.items():
            present[key].update(values)
    if "type" in present and register.consultations:  # the records subjects.py adds to the index
        have = (register.localities, register.organisations, register.topics, register.audiences,
                register.derived.get("groups"), register.derived.get("indicators"))
        present["type"].update(label for label, listed in zip(SUBJECT_TYPES, have, strict=True) if listed)
    orders = _value_orders(register)
    groups = []
    for key in keys:
        if not present[key]:
            continue
        if key == "year":
            values = sorted(present[key], reverse=True)  # newest first
        else:
            order = {value: i for i, value in enumerate(orders.get(key, []))}
            values = sorted(present[key], key=lambda v: (order.get(v, len(order)), v.casefold()))
        groups.append(FilterGroup(key=key, legend=FILTERS[key], values=tuple(values)))
    return groups
