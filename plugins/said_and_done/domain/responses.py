"""Who took part: a consultation's responses broken down by method, locality, audience or age band.

`responses` stays the total; `responses_by` says how some or all of those responses
split. A breakdown may add up to less than the total (not everyone says their age):
the rest is shown as "not recorded". One that adds up to more is a mistake.
"""

from __future__ import annotations

from dataclasses import dataclass

from .schema_check import suggest

# kind in responses_by: (its reference table, what a chart is called, what each row is)
KINDS = {
    "method": ("methods", "How people responded", "Way of responding"),
    "locality": ("localities", "Where people who responded live", "Locality"),
    "audience": ("audiences", "Who responded", "Group"),
    "age_band": (None, "Age of people who responded", "Age band"),
}
NOT_RECORDED = "Not recorded"


@dataclass(frozen=True)
class Part:
    slug: str  # the reference slug, or the age band as written ("16-24")
    name: str
    count: int


@dataclass(frozen=True)
class Breakdown:
    """One way of splitting a consultation's responses, in the order the record lists them."""

    kind: str
    parts: tuple  # Part
    total: int  # the consultation's responses

    @property
    def title(self) -> str:
        return KINDS[self.kind][1]

    @property
    def row_heading(self) -> str:
        return KINDS[self.kind][2]

    @property
    def recorded(self) -> int:
        return sum(p.count for p in self.parts)

    @property
    def not_recorded(self) -> int:
        return max(self.total - self.recorded, 0)


def record_problems(source, ref) -> list:
    """Unknown slugs, and breakdowns without a total or adding up to more than it."""
    data = source.data
    split = data.get("responses_by") or {}
    if not split:
        return []
    total = data.get("responses")
    if total is None:
        return [source.problem(("responses_by",), "expected responses (the total number of responses) "
                                                  "beside responses_by, found none")]
    problems = []
    for kind, counts in split.items():
        table = KINDS[kind][0]
        for slug in counts:
            if table and slug not in ref[table]:
                problems.append(source.problem(("responses_by", kind, slug),
                                               f"expected a known {kind} slug (from data/{table}.yaml), found '{slug}'{suggest(slug, ref[table])}"))
        added = sum(counts.values())
        if added > total:
            problems.append(source.problem(("responses_by", kind),
                                           f"expected the {kind.replace('_', ' ')} counts to add up to no more than "
                                           f"responses ({total:,}), found {added:,}"))
    return problems


def breakdowns(data: dict, ref) -> tuple:
    """Breakdowns of a checked record, in KINDS order, each part named from the reference data."""
    split = data.get("responses_by") or {}
    found = []
    for kind, (table, _title, _row) in KINDS.items():
        if kind not in split:
            continue
        parts = tuple(Part(slug, ref[table][slug].name if table else slug, count)
                      for slug, count in split[kind].items())
        found.append(Breakdown(kind, parts, data["responses"]))
    return tuple(found)
