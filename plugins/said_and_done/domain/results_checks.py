"""Checks on the after-closing fields the schema cannot word well: numbers that must add up,
references to proposals and organisations, and results both withheld and given."""

from __future__ import annotations

from .results import PERCENT_TOLERANCE, SPLIT_PARTS
from .schema_check import suggest


def record_problems(source) -> list:
    """Errors within one record: withheld with themes, splits that do not add up, unknown proposals."""
    data = source.data
    outcome = data.get("outcome") or {}
    found = []
    if "withheld" in outcome and outcome.get("you_said"):
        found.append(source.problem(("outcome", "withheld"),
                                    "expected either withheld (results not published yet) or you_said (the results), "
                                    "found both; remove withheld once the results are published"))
    proposals = [p.get("id") for p in (data.get("scope") or {}).get("proposals", []) if isinstance(p, dict)]
    for i, theme in enumerate(outcome.get("you_said", [])):
        where = ("outcome", "you_said", i)
        if "split" in theme:
            message = split_problem(theme["split"], data.get("responses"))
            if message:
                found.append(source.problem(where + ("split",), message))
        if "proposal" in theme and proposals and theme["proposal"] not in proposals:
            found.append(source.problem(where + ("proposal",),
                                        f"expected the id of a proposal in scope.proposals ({', '.join(proposals)}), "
                                        f"found '{theme['proposal']}'{suggest(theme['proposal'], proposals)}"))
    return found


def split_problem(split: dict, responses) -> str:
    """Why a support / oppose / neither split cannot be right, or "" when it can."""
    given = [(key, split[key]) for key, _ in SPLIT_PARTS if split.get(key) is not None]
    sum_text = " + ".join(f"{value:g}" for _, value in given) + f" = {sum(v for _, v in given):g}"
    total = sum(v for _, v in given)
    if split["as"] == "percent":
        if len(given) == len(SPLIT_PARTS) and abs(total - 100) > PERCENT_TOLERANCE:
            return (f"expected support, oppose and neither to add up to 100 (give or take rounding), found {sum_text}; "
                    "check the figures, or give counts with as: count")
        if total > 100 + PERCENT_TOLERANCE:
            return f"expected percentages adding up to no more than 100, found {sum_text}"
        return ""
    fractions = [key for key, value in given if value != int(value)]
    if fractions:
        return (f"expected whole numbers of people (as: count), found {fractions[0]}: {split[fractions[0]]:g}; "
                "for percentages write as: percent")
    if responses is not None and total > responses:
        return (f"expected counts adding up to no more than the responses ({responses:,}), found {sum_text}; "
                "check the figures, or the record's responses")
    return ""


def future_dates(c, today) -> list:
    """(path, date) of each thing the record says has happened but dates after the build date.

    An update, a decision taken or a step of a challenge cannot have happened yet: a typing
    mistake, or news written up ahead of the day. Feeds leave them out until the day comes.
    """
    found = []
    for u in c.outcome.updates if c.outcome else ():
        if u.date > today:
            found.append((("outcome", "updates", u.number, "date"), u.date))
    d = c.decision
    if d and d.taken and d.taken > today:
        found.append((("decision", "taken"), d.taken))
    for step in d.challenge if d else ():
        if step.date > today:
            found.append((("decision", "challenge", step.number, "date"), step.date))
    return found


def reference_problems(source, organisations: dict) -> list:
    """The organisations that decide are in data/organisations.yaml."""
    found = []
    for i, slug in enumerate((source.data.get("decision") or {}).get("by", [])):
        if slug not in organisations:
            found.append(source.problem(("decision", "by", i),
                                        f"expected a known organisation slug (from data/organisations.yaml), "
                                        f"found '{slug}'{suggest(slug, organisations)}; a body that is not an "
                                        "organisation goes in decision.body"))
    return found
