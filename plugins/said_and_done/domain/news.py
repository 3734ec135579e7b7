"""What has happened to one consultation, and what is coming, as dated plain-English news.

One list serves the "follow this consultation" feed and calendar and the page history,
so each says the same thing on the same date. Dates are the dates of events, from the
record, never of the edit that recorded them; whether each has happened is judged
against the build date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .results import UPDATE_KINDS


@dataclass(frozen=True)
class News:
    date: date
    kind: str  # announced, opens, event, closes, results-due, results, withheld, update, decision, scrutiny, challenge, action, withdrawn
    title: str  # what a feed reader or email shows as the headline: "Results published: ..."
    text: str
    link: str  # the page it is about, from the site root
    happened: bool  # on or before the build date
    number: int = 0  # several of one kind on one day (two events): 0, 1, ...

    def key(self, stable_id: str) -> str:
        """The same for this piece of news whatever the record is renamed to, or however the wording changes."""
        return f"{stable_id}/{self.kind}/{self.date.isoformat()}" + (f"/{self.number}" if self.number else "")


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"  # as the pages write dates: 3 March 2026


def _squash(text: str) -> str:
    return " ".join(text.split())


def news(c, today: date) -> list:
    """Every dated item about c, oldest first: what has happened (happened=True), then what is to come."""
    # Results dated after the build date are not public yet: nothing of them is told early.
    public = c.has_published_outcome
    found = _before(c) + _after(c, public) + (_actions(c) if public else [])
    found.sort(key=lambda n: (n.date, n.kind))
    numbered, seen = [], {}
    for item in found:
        number = seen.get((item.kind, item.date), 0)
        seen[(item.kind, item.date)] = number + 1
        numbered.append(News(item.date, item.kind, item.title, item.text, item.link, item.date <= today, number))
    return numbered


def _item(day, kind, title, text, link) -> News:
    return News(day, kind, title, _squash(text), link, False)


def _before(c) -> list:
    found = [_item(c.announced, "announced", f"Announced: {c.title}", c.summary, c.url),
             _item(c.opens, "opens", f"Open for your views: {c.title}", f"You can take part until {_day(c.closes)}.", c.url),
             _item(c.closes, "closes", f"Closes: {c.title}", f"The last day to take part is {_day(c.closes)}.",
                   c.url)]
    for event in c.how_to_take_part.get("events", ()):
        when = f" ({event['time']})" if event.get("time") else ""
        found.append(_item(event["date"], "event", f"Event: {event['place']}{when}",
                           event.get("details") or f"A chance to find out more about {c.title} and have your say.",
                           c.url))
    if c.withdrawn:
        found.append(_item(c.withdrawn["date"], "withdrawn", f"Withdrawn: {c.title}", c.withdrawn["reason"], c.url))
    return found


def _after(c, public: bool) -> list:
    found = []
    o = c.outcome if public else None
    if o is None and not c.withdrawn:
        found.append(_item(c.feedback_due, "results-due", f"Results due: {c.title}",
                           "We promised to publish what people said and what we did by this date.", c.url))
    elif o is not None and o.withheld:
        expected = o.withheld.get("expected")
        found.append(_item(o.published, "withheld", f"Results delayed: {c.title}",
                           o.withheld["reason"] + (f" We now expect to publish them by {_day(expected)}."
                                                   if expected else ""), c.url))
    elif o is not None:
        found.append(_item(o.published, "results", f"Results published: {c.title}", o.summary, c.outcome_url))
    for u in o.updates if o else ():
        found.append(_item(u.date, "update", f"{UPDATE_KINDS[u.kind]}: {_first_sentence(u.note)}", u.note,
                           c.outcome_url if o.themes else c.url))
    d = c.decision
    if d:
        found += [_item(step.date, "decision", step.text, step.note or step.text, c.url)
                  for step in _decision_steps(d) if step.date]
    return found


def _decision_steps(d) -> list:
    """The decision's timeline (derive fills it in), or none before it is derived."""
    return d.steps or []


def _actions(c) -> list:
    found = []
    for a in c.outcome.actions:
        for u in a.updates:
            change = f" ({u.status_label})" if u.status else ""
            found.append(_item(u.date, "action", f"Action update{change}: {_squash(a.we_will)}", u.note,
                               c.outcome_url))
    return found


def _first_sentence(text: str) -> str:
    text = _squash(text)
    end = text.find(". ")
    return text[:end + 1] if 0 < end < 120 else text
