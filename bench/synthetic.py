"""Synthetic registers for benchmarks and scale tests: N valid records with realistic variety.

Deterministic for a given N and seed, so two runs measure the same work. The text is
plain-English sentences assembled from varied parts, about the length staff write.
"""

from __future__ import annotations

import random
import shutil
from datetime import date, timedelta
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

PLACES = ["Ash", "Birch", "Cedar", "Dale", "Elm", "Fern", "Glen", "Holly", "Ivy", "Juniper", "Kings", "Larch",
          "Mill", "North", "Oak", "Pine", "Quarry", "River", "South", "Thorn", "Upper", "Vale", "West", "Yew"]
SUFFIXES = ["ford", "ton", "bury", "field", "ham", "ley", "wick", "mouth"]
SUBJECTS = ["library opening hours", "bus routes", "GP appointments", "street lighting", "play areas",
            "recycling collections", "parking charges", "youth services", "home care", "council tax support",
            "flood defences", "cycle lanes", "community safety", "fire station cover", "tenant repairs",
            "mental health support", "school transport", "allotments", "leisure centres", "town centre plans"]
VERBS = ["We want to hear", "Tell us", "Help us decide", "We are asking", "Share your views on"]
REASONS = ["The budget for next year does not allow it.", "The law requires us to keep the current service.",
           "Safety advice from the fire service ruled it out.", "Too few people would benefit for the cost.",
           "The land is not ours to change."]
SENTENCES = [
    "People told us the current arrangements do not suit those who work shifts.",
    "Many residents asked for clearer information before changes are made.",
    "Parents said early mornings are the hardest time to get there.",
    "Older people worried about losing a service they use every week.",
    "Several groups asked us to work more closely with local charities.",
    "Businesses said deliveries need to keep moving during any works.",
    "Young people asked to be involved in the next stage of the design.",
    "Some responses asked us to spend the money elsewhere in the area.",
]
LEVELS = ["inform", "consult", "consult", "consult", "involve", "collaborate", "empower"]
DECISIONS = ["adopted", "adopted", "partly-adopted", "not-adopted", "under-review", "no-change-needed"]
ACTION_STATUSES = ["planned", "in-progress", "done", "done", "dropped"]
ORG_TYPES = ["council", "nhs", "police", "fire", "housing", "voluntary", "other"]


def _slug(text: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else " " for ch in text.lower()).split())


def reference(rng: random.Random, localities=60, topics=40, organisations=14) -> dict:
    names = set()
    while len(names) < min(localities, 60):
        names.add(rng.choice(PLACES) + rng.choice(SUFFIXES))
    while len(names) < localities:  # a national register has more places than the word lists make
        names.add(f"{rng.choice(PLACES)}{rng.choice(SUFFIXES)} {len(names)}")
    locs = [{"slug": _slug(n), "name": n, "description": f"The {n} area and its villages.",
             "wards": [f"{n} {w}" for w in ("North", "South", "Central")]} for n in sorted(names)]
    tops = [{"slug": _slug(s), "name": s.capitalize()} for s in SUBJECTS]
    tops += [{"slug": f"topic-{i}", "name": f"Topic {i}"} for i in range(topics - len(tops))]
    orgs = [{"slug": f"org-{i}", "name": f"Organisation {i}", "type": ORG_TYPES[i % len(ORG_TYPES)],
             "website": f"https://org-{i}.example"} for i in range(organisations)]
    auds = [{"slug": s, "name": s.replace("-", " ").capitalize()} for s in
            ("all-residents", "young-people", "older-people", "disabled-people", "carers", "businesses", "tenants")]
    meths = [{"slug": s, "name": s.replace("-", " ").capitalize()} for s in
             ("survey", "drop-in", "public-meeting", "focus-group", "workshop", "online-discussion")]
    return {"localities": locs, "topics": tops, "organisations": orgs, "audiences": auds, "methods": meths}


def record(rng: random.Random, index: int, ref: dict, today: date,
           area_wide_share: float = 0.1) -> tuple[str, dict, str | None]:
    """One valid record (id, data) and, for about 40% of published ones' share, a write-up text."""
    subject = rng.choice(SUBJECTS)
    place = rng.choice(ref["localities"])
    opens = today + timedelta(days=rng.randint(-1500, 90))
    closes = opens + timedelta(days=rng.randint(14, 84))
    due = closes + timedelta(days=rng.randint(28, 120))
    announced = opens - timedelta(days=rng.randint(7, 60))
    cid = f"{opens.year}-{_slug(place['name'])}-{_slug(subject)}-{index}"
    orgs = [o["slug"] for o in ref["organisations"]]
    data = {
        "title": f"{subject.capitalize()} in {place['name']}",
        "summary": f"{rng.choice(VERBS)} about {subject} in {place['name']}. " + " ".join(rng.sample(SENTENCES, 3)),
        "lead_organisation": rng.choice(orgs),
        "partners": rng.sample(orgs, rng.randint(0, 2)),
        "localities": "all" if rng.random() < area_wide_share else sorted({place["slug"], rng.choice(ref["localities"])["slug"]}),
        "topics": sorted({rng.choice(ref["topics"])["slug"] for _ in range(rng.randint(1, 3))}),
        "level": rng.choice(LEVELS),
        "audiences": sorted({rng.choice(ref["audiences"])["slug"] for _ in range(2)}),
        "methods": sorted({rng.choice(ref["methods"])["slug"] for _ in range(2)}),
        "dates": {"announced": announced.isoformat(), "opens": opens.isoformat(),
                  "closes": closes.isoformat(), "feedback_due": due.isoformat()},
        "how_to_take_part": {"online": f"https://consult.example/{index}", "phone": "01632 960000"},
        "contact": {"name": "Consultation team", "email": "consult@council.example"},
        "documents": [{"title": "Consultation document", "url": f"https://consult.example/{index}.pdf",
                       "format": "PDF", "size": "1.2 MB"}],
        "alternative_formats": {"available": ["easy-read", "large-print"], "how_to_request": "Call 01632 960000."},
    }
    data["partners"] = [p for p in data["partners"] if p != data["lead_organisation"]]
    writeup = None
    published = closes + timedelta(days=rng.randint(20, 100))
    if published <= today and rng.random() < 0.8:
        data["responses"] = rng.randint(20, 4000)
        themes = []
        for t in range(rng.randint(2, 5)):
            decision = rng.choice(DECISIONS)
            theme = {"theme": f"Theme {t + 1}: {rng.choice(SUBJECTS)}", "said": " ".join(rng.sample(SENTENCES, 2)),
                     "count": rng.randint(5, 900), "we_did": "We changed the plan to reflect this.", "decision": decision}
            if decision in ("not-adopted", "partly-adopted"):
                theme["reason"] = rng.choice(REASONS)
            themes.append(theme)
        actions = []
        for _ in range(rng.randint(1, 3)):
            status = rng.choice(ACTION_STATUSES)
            action = {"we_will": f"We will review {rng.choice(SUBJECTS)} with residents.", "lead": rng.choice(orgs),
                      "due": (published + timedelta(days=rng.randint(30, 400))).isoformat(), "status": status,
                      "updated": published.isoformat()}
            if status == "dropped":
                action["reason"] = rng.choice(REASONS)
            actions.append(action)
        data["outcome"] = {"published": published.isoformat(), "summary": " ".join(rng.sample(SENTENCES, 2)),
                           "you_said": themes, "actions": actions}
        if rng.random() < 0.5:  # about 40% of all records end up with a write-up
            paragraphs = [" ".join(rng.sample(SENTENCES, 4)) for _ in range(6)]
            writeup = (f"Title: What we heard about {subject}\nConsultation: {cid}\n\n## Who took part\n\n"
                       + "\n\n".join(paragraphs[:3]) + "\n\n## What happens next\n\n" + "\n\n".join(paragraphs[3:]) + "\n")
    return cid, data, writeup


def write_project(target: Path, n: int, seed: int = 2026, today: date = date(2026, 11, 23)) -> Path:
    """A complete project folder (data/, content/) holding n synthetic records."""
    rng = random.Random(seed)
    data_dir = target / "data"
    (data_dir / "consultations").mkdir(parents=True, exist_ok=True)
    outcomes = target / "content" / "outcomes"
    outcomes.mkdir(parents=True, exist_ok=True)
    (target / "content" / "pages").mkdir(exist_ok=True)
    shutil.copytree(ROOT / "data" / "schema", data_dir / "schema", dirs_exist_ok=True)
    # A register ten times larger covers more places, not ten times as many consultations
    # in the same 60: places and partners grow with it, and whole-area consultations stay
    # about a thousand (each clashes with everything running at the same time).
    # Up to 10,000 records the data is the same as with fixed numbers.
    ref = reference(rng, localities=max(60, n // 170), organisations=max(14, n // 700))
    area_wide_share = min(0.1, 1000 / max(n, 1))
    for name, items in ref.items():
        (data_dir / f"{name}.yaml").write_text(yaml.safe_dump(items, sort_keys=False), encoding="utf-8")
    for i in range(n):
        cid, data, writeup = record(rng, i, ref, today, area_wide_share)
        (data_dir / "consultations" / f"{cid}.yaml").write_text(
            yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        if writeup:
            (outcomes / f"{cid}.md").write_text(writeup, encoding="utf-8")
    return target
