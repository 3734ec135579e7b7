"""What a new partnership's repository needs to be told: asked in a terminal, or given as flags.

Each question is one Question: its flag, what to ask, its check, and a default only
where one is safe to assume (the time zone, the site's name). Without a terminal a
missing answer is an error naming every missing flag at once, so a script learns
everything it left out in one run.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# The HOSTING values the permalinks plugin writes host files for (permalinks/hostfiles.py
# HOSTS; the core never imports a plugin, and tests/test_init.py holds the two equal).
HOSTS = ("github-pages", "gitlab-pages", "netlify", "cloudflare-pages", "nginx", "apache", "s3")

_FULL_URL = re.compile(r"^https?://[^/\s]+(/\S*)?$")
# The shape ACCESSIBILITY_STATEMENT accepts.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s][^@\s.]*\.[^@\s]+$")
_REQUIREMENT = re.compile(r"^said-and-done\b[^\n\r]*$")


class AnswerError(ValueError):
    pass


def _text(value: str) -> str:
    value = value.strip()
    if not value:
        raise AnswerError("expected some text, found nothing")
    if len(value) > 120 or any(unicodedata.category(c).startswith("C") for c in value):
        raise AnswerError(f"expected one line of at most 120 characters, found {value[:60]!r}")
    return value


def _url(value: str) -> str:
    value = value.strip().rstrip("/")
    if not _FULL_URL.match(value):
        raise AnswerError(f"expected a full address like https://consult.example.gov.uk, found {value!r}")
    return value


def _email(value: str) -> str:
    value = value.strip()
    if not _EMAIL.match(value):
        raise AnswerError(f"expected an email address like consult@example.gov.uk, found {value!r}")
    return value


def _host(value: str) -> str:
    value = value.strip()
    if value not in HOSTS:
        raise AnswerError(f"expected one of {', '.join(HOSTS)}, found {value!r}")
    return value


def _timezone(value: str) -> str:
    value = value.strip()
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise AnswerError(f"expected a time zone name such as Europe/London, found {value!r}") from exc
    return value


def _requirement(value: str) -> str:
    value = value.strip()
    if not _REQUIREMENT.match(value):
        raise AnswerError(f"--engine: expected a requirement for said-and-done, like said-and-done==0.1.0, "
                          f"found {value!r}")
    return value


@dataclass(frozen=True)
class Question:
    key: str
    flag: str
    ask: str
    check: object
    default: str | None = None
    required: bool = True


QUESTIONS = (
    Question("partnership", "--name", "The partnership's name, as residents know it", _text),
    Question("public_url", "--url", "The register's public address, never to change (https://...)", _url),
    Question("lead", "--lead", "The lead organisation's name", _text),
    Question("lead_website", "--lead-website", "The lead organisation's website (https://...)", _url),
    Question("contact_email", "--email", "The email address residents write to about the register", _email),
    Question("hosting", "--host", f"Where the site is published ({', '.join(HOSTS)})", _host),
    Question("timezone", "--timezone", "The time zone statuses change in", _timezone, default="Europe/London"),
    Question("sitename", "--site-name", "The site's name (Enter: 'Said & Done: ' and the partnership's name)",
             _text, required=False),
)
# Not asked: OWNERS' editors. Once there are any, `make check` wants the CODEOWNERS files
# `make owners` writes, so they are set after init (README.md), with the organisations' owners.


def add_arguments(parser) -> None:
    parser.add_argument("directory", help="the new repository's folder: new, or empty")
    for q in QUESTIONS:
        parser.add_argument(q.flag, dest=q.key, metavar=q.flag.lstrip("-").replace("-", "_").upper(),
                            help=q.ask + (f" (default {q.default})" if q.default else ""))
    parser.add_argument("--engine", dest="engine", metavar="REQUIREMENT",
                        help="the engine line of requirements.txt (default said-and-done==this version; "
                             "until it is on a package index, a git or path requirement)")


def answers_from(args, version: str, interactive: bool | None = None, ask=input) -> dict:
    """Every answer, checked: from the flags given, then asked in a terminal, else an AnswerError."""
    given = {q.key: getattr(args, q.key, None) for q in QUESTIONS}
    answers = collect(QUESTIONS, given, "said-and-done init", interactive, ask)
    answers["sitename"] = answers["sitename"] or f"Said & Done: {answers['partnership']}"
    answers["engine_requirement"] = _requirement(args.engine or f"said-and-done=={version}")
    answers["lead_slug"] = slug_of(answers["lead"])
    return answers


def collect(questions, given: dict, command: str, interactive: bool | None = None, ask=input,
            answers: dict | None = None) -> dict:
    """Each question's checked answer: its flag's value if given, else asked in a terminal.

    Without a terminal every missing required flag is named in one error. answers is
    filled in question by question, so a check may read the answers before its own
    (a closing date is checked against the opening date already given)."""
    interactive = sys.stdin.isatty() if interactive is None else interactive
    missing = [q.flag for q in questions if q.required and q.default is None and given.get(q.key) is None]
    if missing and not interactive:
        raise AnswerError(f"not a terminal, so nothing can be asked: give {', '.join(missing)} "
                          f"({command} --help says what each is)")
    answers = {} if answers is None else answers
    for q in questions:
        raw = given.get(q.key)
        if raw is None and interactive:
            raw = _ask(q, ask)
        if raw is None or (raw == "" and not q.required):
            raw = q.default
        try:
            answers[q.key] = q.check(raw) if raw is not None else None
        except AnswerError as exc:
            raise AnswerError(f"{q.flag}: {exc}") from None
    return answers


def _ask(q: Question, ask) -> str:
    """One question, asked again until its answer passes its check."""
    prompt = f"{q.ask}" + (f" [{q.default}]" if q.default else "") + ": "
    while True:
        raw = ask(prompt).strip()
        if not raw and (q.default is not None or not q.required):
            return raw or q.default or ""
        try:
            q.check(raw)
            return raw
        except AnswerError as exc:
            print(f"  {exc}", file=sys.stderr)


def slug_of(name: str) -> str:
    """An organisation's slug from its name: lower-case ASCII words joined by hyphens."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    if not slug:
        raise AnswerError(f"--lead: expected a name with some letters or digits, found {name!r}")
    return slug
