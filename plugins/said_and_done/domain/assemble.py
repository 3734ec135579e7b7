"""A checked record made into the model's objects, joined to the reference data.

Only records that passed every check in records.py come here, so fields can be trusted.
"""

from __future__ import annotations

from datetime import date

from . import plans
from .model import Action, ActionUpdate, Consultation, Outcome, Theme
from .responses import breakdowns
from .results import decision_from, documents_from, split_from, updates_from


def _take_part(block: dict) -> dict:
    events = [{**e, "date": date.fromisoformat(e["date"])} for e in block.get("events", [])]
    return {**block, "events": events} if events else dict(block)


def _evaluation(block, audiences):
    if not block:
        return None
    return {**block, **{key: [audiences[s] for s in block.get(key, [])]
                        for key in ("groups_reached", "groups_not_reached")}}


def _day(value) -> date | None:
    return date.fromisoformat(value) if value else None


def action_from(a: dict, orgs: dict) -> Action:
    """An action from its checked record: due a date or a condition, its updates oldest first.

    `updated` is optional once there are updates; the date it was last checked is then
    the newest of it and the updates' dates, so staff who add an update need not also
    remember to change `updated` (the mistake that makes a live action look forgotten).
    """
    due = a["due"]
    conditional = isinstance(due, dict)
    # sorted() is stable: two updates on one day keep the record's order.
    updates = tuple(sorted((ActionUpdate(date.fromisoformat(u["date"]), u["note"], u.get("status", ""), number)
                            for number, u in enumerate(a.get("updates", []))), key=lambda u: u.date))
    checked = _day(a.get("updated"))
    return Action(
        we_will=a["we_will"], lead=orgs[a["lead"]], status=a["status"], checked=checked,
        updated=max(d for d in (checked, updates[-1].date if updates else None) if d),
        due=None if conditional else date.fromisoformat(due),
        due_when=due["when"] if conditional else "",
        due_review=_day(due.get("review")) if conditional else None,
        hold_review=_day(a.get("review")),
        reason=a.get("reason", ""), progress=a.get("progress"), updates=updates,
    )


def _theme(t: dict, data: dict) -> Theme:
    """A theme, its "We asked" taken from its proposal when it names one and gives no question of its own."""
    proposals = {p.get("id"): p for p in (data.get("scope") or {}).get("proposals", []) if isinstance(p, dict)}
    proposal = proposals.get(t.get("proposal"), {})
    asked = t.get("asked") or proposal.get("question", "")
    return Theme(**{**t, "asked": asked, "split": split_from(t.get("split"))})


def consultation_from(cid, source, dates, ref, writeup_entry) -> Consultation:
    """The model's Consultation from a record that passed every check, joined to the reference data."""
    data = source.data
    orgs = ref["organisations"]
    area_wide = data["localities"] == "all"
    outcome = None
    if "outcome" in data:
        o = data["outcome"]
        outcome = Outcome(
            published=date.fromisoformat(o["published"]),
            summary=o["summary"],
            decision_by=o.get("decision_by", ""),
            themes=[_theme(t, data) for t in o.get("you_said", [])],
            actions=[action_from(a, orgs) for a in o.get("actions", [])],
            writeup=writeup_entry[2] if writeup_entry else None,
            withheld=({**o["withheld"], "expected": _day(o["withheld"].get("expected"))} if "withheld" in o else None),
            updates=updates_from(o.get("updates", [])),
            documents=documents_from(o.get("documents", [])),
        )
    return Consultation(
        id=cid,
        source=source.file,
        content_hash=getattr(source, "content_hash", ""),
        title=data["title"],
        summary=data["summary"],
        lead=orgs[data["lead_organisation"]],
        partners=[orgs[s] for s in data.get("partners", [])],
        localities=list(ref["localities"].values()) if area_wide else [ref["localities"][s] for s in data["localities"]],
        area_wide=area_wide,
        topics=[ref["topics"][s] for s in data["topics"]],
        level=data["level"],
        audiences=[ref["audiences"][s] for s in data["audiences"]],
        methods=[ref["methods"][s] for s in data["methods"]],
        announced=dates["announced"],
        opens=dates["opens"],
        closes=dates["closes"],
        feedback_due=dates["feedback_due"],
        contact=data["contact"],
        how_to_take_part=_take_part(data.get("how_to_take_part", {})),
        documents=data.get("documents", []),
        alternative_formats=data.get("alternative_formats", {}),
        translations=data.get("summary_translations", []),
        responses=data.get("responses"),
        responses_by=breakdowns(data, ref),
        related_ids=data.get("related", []),
        aliases=data.get("aliases", []),
        withdrawn={**data["withdrawn"], "date": date.fromisoformat(data["withdrawn"]["date"])} if "withdrawn" in data else None,
        evaluation=_evaluation(data.get("evaluation"), ref["audiences"]),
        outcome=outcome,
        decision=decision_from(data.get("decision"), orgs),
        scope=plans.scope_from(data.get("scope")),
        extended=plans.extension_from(data["dates"]),
        feedback_plan=plans.feedback_plan_from(data.get("feedback_plan")),
        type=data.get("type", ""),
        statutory_basis=data.get("statutory_basis", ""),
        equality_impact=plans.equality_impact_from(data.get("equality_impact")),
    )
