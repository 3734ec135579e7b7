"""The labelled texts the personal-data detector is measured on, and the measuring.

Positives (tests/fixtures/privacy/personal.tsv): one piece of personal data a line, each
written a different way, plain or hidden in Markdown and HTML. Clean text: short strings
with numbers (clean.txt), council minutes and strategy text (minutes.txt), and the demo's
own records, write-ups and pages, read as the check reads them. A text is read as
published: as given (a record's field) and as Markdown rendered to what a reader sees (a
write-up), its link addresses included; a kind found either way counts.

Used by tests/adversarial/test_privacy_corpus.py and bench/privacy_rates.py.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from said_and_done.domain.markup import render_markdown
from said_and_done.domain.plain_text import visible_text

from .site import FIXTURES, ROOT

PRIVACY = FIXTURES / "privacy"
SHORT_KINDS = {"email": "email address", "phone": "phone number", "postcode": "postcode",
               "ni": "National Insurance number", "nhs": "NHS number", "dob": "date of birth",
               "address": "named person's home address"}
# Blocks of a record that hold its own public contacts (privacy/check.py): not clean text to
# measure on, since finding their email addresses and phone numbers is right.
_CONTACT_BLOCKS = {"contact", "how_to_take_part", "personal_data_reviewed"}
_META = re.compile(r"([A-Za-z0-9_-]+):[ \t]*(.*)")


def labelled(name: str) -> list[str]:
    return [line for line in (PRIVACY / name).read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def positives() -> list[tuple[str, str]]:
    return [tuple(line.split("\t", 1)) for line in labelled("personal.tsv")]


@dataclass
class Clean:
    text: str
    source: str
    allowed: set = field(default_factory=set)  # keys published on purpose beside it (its record's contacts)


def _strings(value, skip=()):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in skip:
                yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _body(text: str) -> tuple[list, str]:
    lines = text.split("\n")
    meta = []
    while lines and _META.fullmatch(lines[0]):
        meta.append(_META.fullmatch(lines.pop(0)).groups())
    return meta, "\n".join(lines)


def demo_texts(find) -> list[Clean]:
    """The demo's published text, a field or a rendered paragraph each, with what may be in it."""
    found = []
    contacts_of = {}
    for path in sorted((ROOT / "data" / "consultations").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        contacts = [data.get("contact", {}), data.get("how_to_take_part", {}),
                    data.get("alternative_formats", {}).get("how_to_request", "")]
        allowed = contacts_of[path.stem] = {f.key for text in _strings(contacts) for f in find(text)}
        skip = _CONTACT_BLOCKS
        found += [Clean(t, f"demo record {path.stem}", allowed) for t in _strings(
            {k: v for k, v in data.items() if k != "alternative_formats"}, skip)]
        found += [Clean(t, f"demo record {path.stem}", allowed)
                  for t in _strings(data.get("alternative_formats", {}), {"how_to_request"})]
    for folder, label in ((ROOT / "content" / "outcomes", "demo write-up"), (ROOT / "content" / "pages", "demo page")):
        for path in sorted(folder.glob("*.md")):
            meta, body = _body(path.read_text(encoding="utf-8"))
            allowed = {f.key for key, value in meta if key.lower() == "personal_data_reviewed" for f in find(value)}
            # A write-up may quote its record's public contacts (privacy/check.py).
            allowed |= {key for name, value in meta if name.lower() == "consultation"
                        for key in contacts_of.get(value.strip(), ())}
            found += [Clean(value, f"{label} {path.stem}", allowed) for key, value in meta
                      if key.lower() in ("title", "summary")]
            found += [Clean(line, f"{label} {path.stem}", allowed)
                      for line in visible_text(render_markdown(body)).text.split("\n") if line.strip()]
    return found


def clean_texts(find) -> list[Clean]:
    return ([Clean(t, "clean.txt") for t in labelled("clean.txt")]
            + [Clean(t, "minutes.txt") for t in labelled("minutes.txt")] + demo_texts(find))


def as_published(text: str, find, rendered: bool = True) -> list:
    """Findings in text read as a record's field and (rendered) as a rendered write-up, its links included."""
    findings = list(find(text))
    if not rendered:
        return findings
    try:
        shown = visible_text(render_markdown(text))
    except ValueError:  # past a Markdown limit: only the text as given
        return findings
    for piece in [shown.text, *shown.attributes]:
        findings += find(piece)
    return findings


@dataclass
class Rates:
    positives: int
    detected: int
    clean: int
    flagged: int
    missed: list
    false_positives: list
    by_kind: dict  # kind -> (detected, of)
    by_source: dict  # clean source -> (flagged, of)

    @property
    def detection(self) -> float:
        return self.detected / self.positives

    @property
    def false_positive_rate(self) -> float:
        return self.flagged / self.clean

    def report(self, title: str) -> str:
        lines = [title,
                 f"  detection: {self.detected}/{self.positives} = {self.detection:.1%}",
                 f"  false positives: {self.flagged}/{self.clean} = {self.false_positive_rate:.1%}",
                 "  by kind (detected/positives):"]
        lines += [f"    {kind:<28} {found}/{of}" for kind, (found, of) in self.by_kind.items()]
        lines.append("  clean lines flagged, by source:")
        groups = Counter()
        totals = Counter()
        for source, (flagged, of) in self.by_source.items():
            group = source.split(" ")[0] + (" " + source.split(" ")[1] if source.startswith("demo") else "")
            groups[group] += flagged
            totals[group] += of
        lines += [f"    {group:<28} {groups[group]}/{totals[group]}" for group in totals]
        lines += [f"  missed: {kind}: {text!r}" for kind, text in self.missed]
        lines += [f"  flagged: {text!r} ({why})" for text, why in self.false_positives]
        return "\n".join(lines)


def measure(find, rendered: bool = True) -> Rates:
    """Detection and false-positive rates of find (text -> findings with .kind and .key); rendered=False
    reads each text only as written, as the check did before it read rendered write-ups."""
    missed, by_kind = [], {}
    items = positives()
    for short, text in items:
        kind = SHORT_KINDS[short]
        hit = kind in {f.kind for f in as_published(text, find, rendered)}
        found, of = by_kind.get(kind, (0, 0))
        by_kind[kind] = (found + hit, of + 1)
        if not hit:
            missed.append((kind, text))
    clean = clean_texts(find)
    flagged, by_source = [], {}
    for item in clean:
        extra = [f for f in as_published(item.text, find, rendered) if f.key not in item.allowed]
        count, of = by_source.get(item.source, (0, 0))
        by_source[item.source] = (count + bool(extra), of + 1)
        if extra:
            flagged.append((item.text, ", ".join(f"{f.kind} '{f.text}'" for f in extra)))
    return Rates(len(items), len(items) - len(missed), len(clean), len(flagged), missed, flagged, by_kind, by_source)


def load_detector(path: Path):
    """find_personal_data from a detector module's file (bench: the one before a change)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("detector_under_test", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module.find_personal_data
