"""`new outcome ID` and `new action ID`: the next steps of a record, without editing YAML by hand.

new outcome writes the write-up's skeleton, content/outcomes/<id>.md: its header, and a
section per theme the record's outcome already lists, each with guidance in comments
(which the site never shows). A write-up needs its record's outcome block, so when the
record has none it is asked for (the date the results are published, and their summary)
and added at the end of the record.

new action adds a "we will" action to the record's outcome.actions. Its questions are
made from the schema's action definition as it is when the command runs (each required
field: a date, a choice, an organisation, or text), so a change to the schema is
followed without a change here. The record's text is kept as staff wrote it, comments
and all: the action is added as new lines, never by writing the whole file again.
"""

from __future__ import annotations

import re
import sys
from datetime import date

from ..domain.yaml_source import load_yaml
from .answers import AnswerError, Question, _text, collect
from .lookup import one_of
from .record import Folded, _summary, a_date, dump

_TOP_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):")


def read_record(project, cid: str):
    path = project.records / f"{cid}.yaml"
    if not path.is_file():
        ids = {p.stem: p.stem for p in project.records.glob("*.yaml")}
        one_of(cid, ids, "the id of a consultation (its file name in data/consultations/, without .yaml)")
    display = str(path.relative_to(project.root))
    source, problems = load_yaml(path, display)
    if problems:
        raise AnswerError(f"{problems[0]} (fix the record first: make check lists every problem)")
    return path, source.data


def _append(path, text: str) -> None:
    """Add lines at the end of the record, after a line break if its last line has none."""
    current = path.read_text(encoding="utf-8")
    with open(path, "a", encoding="utf-8", newline="\n") as out:
        out.write(("" if current.endswith("\n") or not current else "\n") + text)


def outcome_questions(record: dict, answers: dict) -> tuple:
    closes = date.fromisoformat(str(record["dates"]["closes"]))
    answers.setdefault("closes", closes)
    return (
        Question("published", "--published", "Date the results are published (YYYY-MM-DD)",
                 lambda v: a_date(v, answers, "feedback_due")),
        Question("outcome_summary", "--summary", "What we heard and what we decided, in two or three sentences",
                 _summary),
        Question("decision_by", "--decision-by", "Who made the decision, for example Cabinet, 12 March 2026 "
                 "(Enter: leave out)", _text, required=False),
    )


def writeup_text(cid: str, record: dict, published) -> str:
    title = f"{record['title']}: what we heard and what we did"
    lines = [f"Title: {' '.join(title.split())}", f"Consultation: {cid}", f"Date: {published}", "",
             "<!-- Thank everyone who took part, and say how many did and how. These comments are never",
             "     shown on the site; write under each heading, and delete a heading you do not need. -->", "",
             "## What you told us", ""]
    for theme in (record.get("outcome") or {}).get("you_said", []):
        lines += [f"### {' '.join(str(theme['theme']).split())}", "",
                  "<!-- What people said about this, in more detail than the record's summary. -->", ""]
    lines += ["## What we decided", "", "<!-- Who decided, when, and why: including what we did not change. -->",
              "", "## What happens next", "", "<!-- What we will do, by when, and how residents can follow it. -->",
              ""]
    return "\n".join(lines)


def new_outcome(args, project, interactive=None, ask=input) -> list:
    """The paths written: the write-up, and the record when its outcome block was added."""
    path, record = read_record(project, args.id)
    writeup = project.outcomes_path / f"{args.id}.md"
    if writeup.exists() or writeup.is_symlink():
        raise AnswerError(f"{writeup.relative_to(project.root)}: expected a new file, found one already there; "
                          "nothing was written")
    if "withdrawn" in record:
        raise AnswerError(f"{path.relative_to(project.root)}: expected a consultation that was not withdrawn, "
                          "found withdrawn: a withdrawn consultation has no results")
    written = []
    published = (record.get("outcome") or {}).get("published")
    if "outcome" not in record:
        given = {"published": args.published, "outcome_summary": args.summary, "decision_by": args.decision_by}
        answers: dict = {}
        collect(outcome_questions(record, answers), given, "said-and-done new outcome", interactive, ask, answers)
        block = {"published": answers["published"], "summary": Folded(answers["outcome_summary"])}
        if answers.get("decision_by"):
            block["decision_by"] = answers["decision_by"]
        _append(path, dump({"outcome": block}))
        published = answers["published"]
        written.append(path)
    writeup.parent.mkdir(parents=True, exist_ok=True)
    with open(writeup, "x", encoding="utf-8", newline="\n") as out:
        out.write(writeup_text(args.id, record, published))
    return [writeup, *written]


# -- actions --------------------------------------------------------------------------

def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = {**schema["$defs"][node["$ref"].rsplit("/", 1)[1]], **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _kind(schema: dict, node: dict) -> tuple:
    """(kind, choices) of a field: date, choice, organisation or text. A field that may be one of
    several forms (a date or something else) is asked as its date form; the rest are for the record itself."""
    node = _resolve(schema, node)
    for alternative in node.get("anyOf", node.get("oneOf", [])):
        if _kind(schema, alternative)[0] == "date":
            return "date", None
    if node.get("format") == "date":
        return "date", None
    if "enum" in node:
        return "choice", node["enum"]
    if node.get("pattern") == schema["$defs"]["slug"]["pattern"]:
        return "organisation", None
    return "text", None


def action_questions(project, lead_default: str, answers: dict) -> tuple:
    schema = project.schema
    action = _resolve(schema, {"$ref": "#/$defs/action"})
    found = []
    for name in _asked_for(action):
        node = action["properties"][name]
        kind, choices = _kind(schema, node)
        described = _resolve(schema, node).get("description", name.replace("_", " ").capitalize())
        flag = "--" + name.replace("_", "-")
        if kind == "date":
            found.append(Question(name, flag, f"{described} (YYYY-MM-DD)", lambda v: a_date(v, {}, "announced")))
        elif kind == "choice":
            found.append(Question(name, flag, f"{described} ({', '.join(choices)})", _choice(choices)))
        elif kind == "organisation":
            found.append(Question(name, flag, f"{described} (name or slug; this consultation's lead is "
                                              f"{project.reference['organisations'].get(lead_default, lead_default)})",
                                  lambda v: one_of(v, project.reference["organisations"], "an organisation")))
        else:
            found.append(Question(name, flag, described, _summary))
    return tuple(found)


def _asked_for(action: dict) -> list:
    """The fields a new action must have: those always required, and those required whenever a field
    a new action never has is absent (`updated`, while there is no `updates` list)."""
    names = list(action.get("required", []))
    for rule in action.get("allOf", []):
        absent = rule.get("if", {}).get("not", {}).get("required")
        if absent and not set(absent) & set(names):
            names += [n for n in rule.get("then", {}).get("required", []) if n not in names]
    return names


def _choice(choices):
    def check(value):
        if value.strip().lower() not in choices:
            raise AnswerError(f"expected one of {', '.join(choices)}, found '{value.strip()}'")
        return value.strip().lower()
    return check


def new_action(args, project, interactive=None, ask=input, known=()) -> dict:
    """The action added to the record's outcome.actions, as written."""
    path, record = read_record(project, args.id)
    if "outcome" not in record:
        raise AnswerError(f"{path.relative_to(project.root)}: expected an outcome block to add the action to, "
                          f"found none: run `said-and-done new outcome {args.id}` first")
    answers: dict = {}
    qs = action_questions(project, record["lead_organisation"], answers)
    unknown = sorted(set(known) - {q.key for q in qs} - {"reason"})
    if unknown:
        raise AnswerError(f"expected flags for an action's fields ({', '.join(q.flag for q in qs)}, --reason), "
                          f"found {', '.join('--' + k.replace('_', '-') for k in unknown)}")
    given = {q.key: getattr(args, q.key, None) for q in qs}
    collect(qs, given, "said-and-done new action", interactive, ask, answers)
    action = {q.key: (Folded(answers[q.key]) if len(str(answers[q.key])) > 60 else answers[q.key]) for q in qs}
    if action.get("status") in ("dropped", "on-hold"):  # the schema's if/then: residents are owed the why
        interactive = sys.stdin.isatty() if interactive is None else interactive
        what = "dropped" if action["status"] == "dropped" else "on hold"
        reason = getattr(args, "reason", None) or (ask(f"Why it is {what}: ") if interactive else None)
        if not reason:
            raise AnswerError(f"--reason: expected why the action is {what} (residents are owed the why), found none")
        action["reason"] = Folded(_summary(reason))
    _insert_action(path, action)
    return action


def _block_end(lines: list, start: int, inside) -> int:
    """The line after the last of a block begun at start, whose lines are those inside() accepts
    (or blank, or comments); blank lines at its end are left after it."""
    end = start + 1
    while end < len(lines) and (inside(lines[end]) or not lines[end].strip() or lines[end].lstrip().startswith("#")):
        end += 1
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return end


def _insert_action(path, action: dict) -> None:
    """The action's lines at the end of outcome.actions (made if need be), other lines untouched.

    outcome is a top-level key, so its block runs to the next line that starts unindented;
    its actions: list runs to the next line indented no deeper than actions: itself (a
    list item may sit at the same indent as its key, as YAML allows)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    start = next(i for i, line in enumerate(lines) if _TOP_KEY.match(line) and line.startswith("outcome:"))
    end = _block_end(lines, start, lambda line: line.startswith(" "))
    key = next((i for i in range(start + 1, end) if re.match(r"^  actions:\s*(\[\s*\])?\s*(#.*)?$", lines[i])), None)
    item = dump([action]).splitlines()
    if key is None:
        new, at = ["  actions:\n"], end
        indent = "    "
    else:
        lines[key] = "  actions:\n"  # an empty flow list, actions: [], becomes a block list
        at = _block_end(lines, key, lambda line: line.startswith("   ") or line.startswith("  -"))
        first = next((lines[i] for i in range(key + 1, at) if lines[i].lstrip().startswith("-")), "    -")
        indent, new = " " * (len(first) - len(first.lstrip())), []
    new += [f"{indent}{line}\n" for line in item]
    lines[at:at] = new
    path.write_text("".join(lines), encoding="utf-8", newline="\n")
