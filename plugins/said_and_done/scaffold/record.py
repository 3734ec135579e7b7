"""`new consultation`: a record written from answers, so nobody copies a YAML file by hand.

Every field the schema requires is asked for (or given as a flag); nothing is made up.
Slugs are found from names or slugs in any case; dates are checked as they are typed,
each against the one before; the file is named <year it opens>-<words of the title>.yaml
and never written over. It starts with the editor schema's modeline, and lists the
optional fields commented out, ready to fill in.
"""

from __future__ import annotations

import re
from datetime import date

import yaml

from ..domain.editor_schema import FILE_NAME as EDITOR_SCHEMA
from ..domain.records import ID_PATTERN
from ..site.pagination import register_own_names
from .answers import AnswerError, Question, _email, _text, collect
from .lookup import one_of, some_of

MODELINE = f"# yaml-language-server: $schema=../{EDITOR_SCHEMA}\n"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PHONE = re.compile(r"^[0-9+][0-9 ()-]{5,}$")
DATE_ORDER = ("announced", "opens", "closes", "feedback_due")
ID_WORDS_LIMIT = 60


class Folded(str):
    """Written as a folded block (>), as the demo's summaries are."""


class Quoted(str):
    """Written in quotes: a phone number must stay text, never become a number."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(Folded, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", str(v), style=">"))
_Dumper.add_representer(Quoted, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", str(v), style='"'))


class _Flow(list):
    """A list of slugs, written on one line as the demo's are: [harlstow, kestlebury]."""


_Dumper.add_representer(_Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))


def _styled(node):
    if isinstance(node, dict):
        return {k: _styled(v) for k, v in node.items()}
    if isinstance(node, list):
        items = [_styled(v) for v in node]
        return _Flow(items) if all(isinstance(v, str) for v in items) else items
    return node


def dump(data) -> str:
    """YAML as staff write it: mappings and lists of mappings in blocks, lists of slugs on one line."""
    return yaml.dump(_styled(data), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False)


def a_date(value: str, answers: dict, key: str) -> date:
    value = value.strip()
    try:
        found = date.fromisoformat(value) if _DATE.match(value) else None
    except ValueError:
        found = None
    if found is None:
        raise AnswerError(f"expected a date written YYYY-MM-DD, like 2026-03-31, found '{value}'")
    earlier = [k for k in DATE_ORDER[:DATE_ORDER.index(key)] if answers.get(k)]
    if earlier and found < answers[earlier[-1]]:
        raise AnswerError(f"expected a date on or after {earlier[-1].replace('_', ' ')} ({answers[earlier[-1]]}), "
                          f"found {found}")
    return found


def _summary(value: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise AnswerError("expected some text, found nothing")
    if len(value) > 1500:
        raise AnswerError(f"expected a summary of two or three short sentences, found {len(value)} characters")
    return value


def _phone(value: str) -> str:
    value = value.strip()
    if not _PHONE.match(value):
        raise AnswerError(f"expected a phone number like 01632 960000, found '{value}'")
    return value


def questions(project, answers: dict, phone_given: bool) -> tuple:
    ref = project.reference
    levels = project.schema["properties"]["level"]["enum"]

    def level(value):
        if value.strip().lower() not in levels:
            raise AnswerError(f"expected one of {', '.join(levels)}, found '{value.strip()}'")
        return value.strip().lower()

    def localities(value):
        return "all" if value.strip().lower() == "all" else some_of(value, ref["localities"], "a locality")

    def dated(key):
        return lambda value: a_date(value, answers, key)

    return (
        Question("title", "--title", "Title, in plain English, as a resident would search for it", _text),
        Question("summary", "--summary", "Summary: what is being asked and why, in two or three short sentences",
                 _summary),
        Question("lead_organisation", "--lead", "Lead organisation (name or slug)",
                 lambda v: one_of(v, ref["organisations"], "an organisation")),
        Question("partners", "--partners", "Partner organisations, separated by commas (Enter: none)",
                 lambda v: some_of(v, ref["organisations"], "an organisation", at_least_one=False), required=False),
        Question("localities", "--localities", "Localities, separated by commas, or all for area-wide", localities),
        Question("topics", "--topics", "Topics, separated by commas", lambda v: some_of(v, ref["topics"], "a topic")),
        Question("level", "--level", f"Engagement level ({', '.join(levels)})", level),
        Question("audiences", "--audiences", "Who it is for, separated by commas",
                 lambda v: some_of(v, ref["audiences"], "an audience")),
        Question("methods", "--methods", "How people take part, separated by commas",
                 lambda v: some_of(v, ref["methods"], "a method")),
        Question("announced", "--announced", "Date first published on the register (YYYY-MM-DD)", dated("announced")),
        Question("opens", "--opens", "Date it opens (YYYY-MM-DD)", dated("opens")),
        Question("closes", "--closes", "Date it closes (YYYY-MM-DD)", dated("closes")),
        Question("feedback_due", "--feedback-due", "Date we promise to publish what we heard and did (YYYY-MM-DD)",
                 dated("feedback_due")),
        Question("contact_name", "--contact-name", "Contact: a team or role, not a person's name", _text),
        Question("contact_email", "--contact-email", "Contact email address" + (" (Enter: none)" if phone_given else ""),
                 _email, required=not phone_given),
        Question("contact_phone", "--contact-phone", "Contact phone number (Enter: none)", _phone, required=False),
    )


def add_arguments(parser, project_questions=None) -> None:
    """The flags, named after the fields; help from the same questions a terminal is asked."""
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--id", dest="record_id", default=None,
                        help="the record's permanent id (default: the year it opens and the title's words)")
    for q in questions(_AnyProject(), {}, phone_given=True):
        parser.add_argument(q.flag, dest=q.key, metavar=q.flag.lstrip("-").replace("-", "_").upper(), help=q.ask)


class _AnyProject:
    """Enough of a project for --help, which must work before any settings are read."""
    reference = {name: {} for name in ("organisations", "localities", "topics", "audiences", "methods")}
    schema = {"properties": {"level": {"enum": ["inform", "consult", "involve", "collaborate", "empower"]}}}


def record_id(answers: dict, chosen: str | None) -> str:
    if chosen is None:
        words = re.sub(r"[^a-z0-9]+", "-", _ascii(answers["title"]).lower()).strip("-")
        while len(words) > ID_WORDS_LIMIT and "-" in words:
            words = words.rsplit("-", 1)[0]
        chosen = f"{answers['opens'].year}-{words}"
    if not ID_PATTERN.match(chosen):
        raise AnswerError(f"--id: expected lower-case letters, digits and single hyphens, like "
                          f"2026-ashcombe-library-hours, found '{chosen}'")
    if chosen in register_own_names():
        raise AnswerError(f"--id: expected an id the site does not use itself, found '{chosen}' "
                          f"({', '.join(sorted(register_own_names()))} are taken)")
    return chosen


def _ascii(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def record_text(answers: dict) -> str:
    data = {key: answers[key] for key in ("title",)}
    data["summary"] = Folded(answers["summary"])
    data["lead_organisation"] = answers["lead_organisation"]
    if answers.get("partners"):
        data["partners"] = answers["partners"]
    for key in ("localities", "topics", "level", "audiences", "methods"):
        data[key] = answers[key]
    data["dates"] = {key: answers[key] for key in DATE_ORDER}
    contact = {"name": answers["contact_name"]}
    if answers.get("contact_email"):
        contact["email"] = answers["contact_email"]
    if answers.get("contact_phone"):
        contact["phone"] = Quoted(answers["contact_phone"])
    data["contact"] = contact
    return MODELINE + dump(data) + optional_fields(answers)


def optional_fields(answers: dict) -> str:
    """The optional fields staff fill in most, commented out: remove the # to use one.

    Each is an example that passes the schema once uncommented (tests/test_new.py does it),
    so what staff copy from it is right."""
    examples = {
        "how_to_take_part": {
            "online": "https://www.example.gov.uk/have-your-say",
            "email": answers.get("contact_email") or "consult@example.gov.uk",
            "phone": Quoted(answers.get("contact_phone") or "01632 960000"),
            "address": "Freepost, Consultation Team, Town Hall",
            "events": [{"date": answers["opens"], "time": "10am to 1pm", "place": "The library, High Street",
                        "details": "Drop in to see the plans and ask questions."}],
        },
        "documents": [{"title": "The proposals in full", "url": "https://www.example.gov.uk/proposals.pdf",
                       "format": "PDF", "size": "1.2 MB", "pages": 12}],
        "alternative_formats": {"available": ["easy-read", "large-print"],
                                "how_to_request": "Ask the contact above for a copy in another format."},
        "related": ["the-id-of-a-related-consultation"],
    }
    lines = ["", "# Optional: remove the # from the lines of a field to use it, and change the example.",
             "# how_to_take_part is shown while it is open; documents, alternative formats and related",
             "# consultations appear on its page. The results go in later: `make new-outcome ID=...`."]
    lines += ["# " + line if line else "#" for line in dump(examples).splitlines()]
    return "\n".join(lines) + "\n"


def new_consultation(args, project, interactive=None, ask=input) -> tuple:
    """(path written, id): the record from args and a terminal's answers, never over another file."""
    given = {key: getattr(args, key, None) for key in vars(args)}
    answers: dict = {}
    collect(questions(project, answers, phone_given=given.get("contact_phone") is not None), given,
            "said-and-done new consultation", interactive, ask, answers)
    if not answers.get("contact_email") and not answers.get("contact_phone"):
        raise AnswerError("--contact-email or --contact-phone: expected a way to reach the contact, found neither")
    cid = record_id(answers, getattr(args, "record_id", None))
    path = project.records / f"{cid}.yaml"
    if path.exists() or path.is_symlink():
        raise AnswerError(f"{path.relative_to(project.root)}: expected a new file, found one already there; "
                          "nothing was written (give another --id, or edit that record)")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as out:  # "x": never over a file made meanwhile
        out.write(record_text(answers))
    return path, cid
