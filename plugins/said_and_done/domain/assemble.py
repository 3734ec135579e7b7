"""A checked record made into the model's objects, joined to the reference data.

Only records that passed every check in records.py come here, so fields can be trusted.
"""

from __future__ import annotations

from datetime import date

from .model import Action, Consultation, Outcome, Theme


def _take_part(block: dict) -> dict:
    events = [{**e, "date": date.fromisoformat(e["date"])} for e in block.get("events", [])]
    return {**block, "events": events} if events else dict(block)


def _evaluation(block, audiences):
    if not block:
        return None
    return {**block, **{key: [audiences[s] for s in block.get(key, [])]
                        for key in ("groups_reached", "groups_not_reached")}}


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
            themes=[Theme(**t) for t in o.get("you_said", [])],
            actions=[
                Action(we_will=a["we_will"], lead=orgs[a["lead"]], due=date.fromisoformat(a["due"]),
                       status=a["status"], updated=date.fromisoformat(a["updated"]), reason=a.get("reason", ""))
                for a in o.get("actions", [])
            ],
            writeup=writeup_entry[2] if writeup_entry else None,
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
        related_ids=data.get("related", []),
        aliases=data.get("aliases", []),
        withdrawn={**data["withdrawn"], "date": date.fromisoformat(data["withdrawn"]["date"])} if "withdrawn" in data else None,
        evaluation=_evaluation(data.get("evaluation"), ref["audiences"]),
        outcome=outcome,
    )
