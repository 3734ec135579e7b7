"""The register as plain data: the shape of /data/consultations.json and /consultations/<id>.json.

Every consultation becomes one dict built only from the validated, derived
register (no YAML is read again). The CSV files are cut from these same dicts,
so the JSON and the CSVs can never disagree. Keys come out in a fixed order and
every value is derived from the records and the build date, so the same
records give byte-identical files on every build.

The shape is published as /schema/register-export.schema.json and described
field by field on /data/.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

from said_and_done.api import ACTION_STATUSES, DECISIONS, FORMATS, printable

from . import plans

FORMAT = "said-and-done-register"
# Bump the minor version for added fields, the major version for anything that
# could break a partner's reader (a renamed or removed field, a changed meaning).
# 1.1: actions gained due_condition, review, review_due, progress, updates and
# last_update, the status on-hold, and due may be null (an action due on a condition).
# 1.2: type, type_label, statutory_basis, scope, feedback_plan, equality_impact,
# awaiting_results, and dates.effective_closes and dates.extended (plans.py); responses_by,
# how responses split by method, locality, audience and age band (responses stays the total).
# Also in 1.2: outcome gained withheld, updates and documents; themes asked, proposal and split;
# each consultation a decision (who, when, late, scrutiny, legal challenge).
VERSION = "1.2"


@dataclass(frozen=True)
class Publication:
    """Where and under what terms the files are published."""

    site_url: str  # the register's permanent public address (SAID_AND_DONE["public_url"]), no trailing /
    publisher: str
    licence_name: str
    licence_url: str
    build_date: date

    def url(self, path: str) -> str:
        return f"{self.site_url}/{path}"


def _text(value) -> str | None:
    # YAML folded text ends in a newline; that is layout, not content.
    return value.strip() if isinstance(value, str) and value.strip() else None


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _named(item) -> dict:
    return {"slug": item.slug, "name": item.name}


def _organisation(org) -> dict:
    return {"slug": org.slug, "name": org.name, "short_name": org.short_name or None,
            "type": org.type, "website": org.website}


def _take_part(block: dict) -> dict:
    return {
        "online": block.get("online"),
        "email": block.get("email"),
        "phone": block.get("phone"),
        "address": _text(block.get("address")),
        "events": [{"date": _day(e["date"]), "time": e.get("time"), "place": e["place"],
                    "details": _text(e.get("details"))} for e in block.get("events", [])],
    }


def _outcome(c, pub: Publication) -> dict | None:
    # Results dated in the future are not shown on the site yet, so they are not exported either.
    # Withheld results are exported as the notice (why, and when expected), with no results page.
    if not (c.has_published_outcome or c.results_withheld):
        return None
    o = c.outcome
    return {
        "published": _day(o.published),
        "url": pub.url(c.outcome_url) if c.has_published_outcome else None,
        "summary": _text(o.summary),
        "decision_by": o.decision_by or None,
        "you_said": [{
            "theme": t.theme,
            "said": _text(t.said),
            "count": t.count,
            "percent": t.percent,
            "we_did": _text(t.we_did),
            "decision": t.decision,
            "decision_label": DECISIONS[t.decision],
            "reason": _text(t.reason),
            "asked": _text(t.asked),
            "proposal": t.proposal or None,
            "split": {"as": t.split.unit, **{p.key: p.value for p in t.split.parts}} if t.split else None,
        } for t in o.themes],
        "actions": [_action(a) for a in o.actions],
        "writeup": {"title": o.writeup.title, "html": o.writeup.html} if o.writeup else None,
        "withheld": ({"reason": _text(o.withheld["reason"]), "expected": _day(o.withheld.get("expected"))}
                     if o.withheld else None),
        "updates": [{"date": _day(u.date), "kind": u.kind, "kind_label": u.kind_label, "note": _text(u.note)}
                    for u in o.updates],
        "documents": [{"title": d.title, "url": d.url, "kind": d.kind, "kind_label": d.kind_label,
                       "format": d.format or None} for d in o.documents],
    }


def _decision(d) -> dict | None:
    if d is None:
        return None
    s = d.scrutiny
    return {
        "by": [_organisation(o) for o in d.by],
        "body": d.body or None,
        "who": d.who,
        "due": _day(d.due),
        "taken": _day(d.taken),
        "late": d.late,
        "days_late": d.days_late,
        "notice": d.notice or None,
        "scrutiny": ({"until": _day(s["until"]), "called_in": _day(s["called_in"]), "result": _text(s["result"])}
                     if s else None),
        "challenge": [{"date": _day(c.date), "kind": c.kind, "step": c.step, "text": c.sentence, "note": _text(c.note)}
                      for c in d.challenge],
    }


def _action(a) -> dict:
    return {
        "we_will": _text(a.we_will),
        "lead": _organisation(a.lead),
        "due": _day(a.due),
        "due_condition": a.due_when or None,
        "review": _day(a.review),
        "status": a.status,
        "status_label": ACTION_STATUSES[a.status],
        "overdue": a.overdue,
        "review_due": a.review_due,
        "progress": a.progress,
        "updated": _day(a.updated),
        "last_update": _day(a.last_update.date) if a.last_update else None,
        "reason": _text(a.reason),
        "updates": [{"date": _day(u.date), "status": u.status or None,
                     "status_label": u.status_label or None, "note": _text(u.note)} for u in a.updates],
    }


def _history(c) -> tuple:
    h = c.history
    if h is None:
        return None, []
    return _day(h.last_updated), [{"date": _day(ch.date), "message": ch.message, "changed": list(ch.parts)}
                                  for ch in h.changes]


def consultation(c, pub: Publication) -> dict:
    """One consultation, every record field with slugs and names, plus what is derived."""
    formats = c.alternative_formats
    last_updated, history = _history(c)
    return {
        "id": c.id,
        "url": pub.url(c.url),
        "json_url": pub.url(json_path(c.id)),
        "title": c.title,
        "summary": _text(c.summary),
        "status": c.status,
        "status_label": c.status_label,
        "feedback_overdue": c.feedback_overdue,
        "lead_organisation": _organisation(c.lead),
        "partners": [_organisation(p) for p in c.partners],
        "area_wide": c.area_wide,
        "localities": [_named(x) for x in c.localities],
        "topics": [_named(x) for x in c.topics],
        "level": c.level,
        "level_label": c.level_label,
        "audiences": [{**_named(x), "seldom_heard": x.seldom_heard} for x in c.audiences],
        "methods": [_named(x) for x in c.methods],
        "dates": {"announced": _day(c.announced), "opens": _day(c.opens), "closes": _day(c.closes),
                  "feedback_due": _day(c.feedback_due), **plans.dates(c)},
        "how_to_take_part": _take_part(c.how_to_take_part),
        "documents": [{"title": d["title"], "url": d["url"], "format": d["format"], "size": d.get("size"),
                       "pages": d.get("pages")} for d in c.documents],
        "alternative_formats": {
            "available": [{"slug": f, "name": FORMATS[f]} for f in formats.get("available", [])],
            "languages": list(formats.get("languages", [])),
            "how_to_request": _text(formats.get("how_to_request")),
        },
        "summary_translations": [{"lang": t["lang"], "language": t["language"], "summary": _text(t["summary"])}
                                 for t in c.translations],
        "contact": {"name": c.contact["name"], "email": c.contact.get("email"), "phone": c.contact.get("phone")},
        "responses": c.responses,
        "responses_by": _responses_by(c.responses_by),
        "related": [{"id": r.id, "title": r.title, "url": pub.url(r.url)} for r in c.related],
        "aliases": list(c.aliases),
        "withdrawn": ({"date": _day(c.withdrawn["date"]), "reason": _text(c.withdrawn["reason"])}
                      if c.withdrawn else None),
        "evaluation": _evaluation(c.evaluation),
        "outcome": _outcome(c, pub),
        "decision": _decision(c.decision),
        "last_updated": last_updated,
        "history": history,
        **plans.before_and_during(c),
    }


def _responses_by(breakdowns) -> dict | None:
    if not breakdowns:
        return None
    return {b.kind: {"counts": [{"slug": p.slug, "name": p.name, "count": p.count} for p in b.parts],
                     "not_recorded": b.not_recorded} for b in breakdowns}


def _evaluation(ev) -> dict | None:
    if not ev:
        return None
    return {
        "what_worked": _text(ev.get("what_worked")),
        "what_to_improve": _text(ev.get("what_to_improve")),
        "groups_reached": [_named(a) for a in ev.get("groups_reached", [])],
        "groups_not_reached": [_named(a) for a in ev.get("groups_not_reached", [])],
    }


def json_path(cid: str) -> str:
    return f"consultations/{cid}.json"


def envelope(items: list, pub: Publication) -> dict:
    """The wrapper every JSON file shares: what it is, when, under what licence."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "build_date": _day(pub.build_date),
        "publisher": pub.publisher,
        "licence": {"name": pub.licence_name, "url": pub.licence_url},
        "schema": pub.url("schema/register-export.schema.json"),
        "documentation": pub.url("data/"),
        "count": len(items),
        "consultations": items,
    }


# A control character as JSON writes it (\u001b, \b, \f; tab, new line and carriage return
# are allowed) or as it is (DEL, C1). A false alarm (an escaped backslash before a b) costs only time.
_JSON_CONTROL = re.compile(r"\\u00[01][0-9a-fA-F]|\\u007[fF]|\\[bf]|[\x7f-\x9f]")


def compact(value) -> str:
    """JSON text with no spaces: the C encoder, fast enough for 100,000 records.

    No control character is published, whatever got past the checks: partners' programs
    would read it back as one. Only text that seems to hold one is walked and cleaned."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if _JSON_CONTROL.search(text):
        text = json.dumps(_printable_values(value), ensure_ascii=False, separators=(",", ":"))
    return text


def _printable_values(value):
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {printable(k) if isinstance(k, str) else k: _printable_values(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_printable_values(v) for v in value]
    return value


def wrapper(pub: Publication, count: int) -> tuple:
    """The envelope's text before and after its list of consultations.

    Files are written as prefix, then one consultation per line, then suffix:
    valid JSON that diffs line by line between builds.
    """
    text = compact({**envelope([], pub), "count": count})
    assert text.endswith('"consultations":[]}')
    return text[:-2], "]}\n"


def by_id(register) -> list:
    """The register's consultations in id order: stable, so files diff cleanly between builds."""
    return sorted(register.consultations, key=lambda c: c.id)
