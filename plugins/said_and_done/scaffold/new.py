"""The `new` and `editor-schema` commands: records made from answers, and the editor schema written.

    said-and-done new consultation [--title ... --lead ... ]   data/consultations/<year>-<words>.yaml
    said-and-done new outcome ID [--published ... --summary ...] content/outcomes/ID.md
    said-and-done new action ID [--we-will ... --lead ... ]     an action in ID's outcome.actions
    said-and-done editor-schema                                  data/consultation.editor.schema.json

Each asks in a terminal, or takes flags named after the fields without one; refuses
(exit 2, nothing written) rather than write over a file; and prints what it wrote and
what to do next.
"""

from __future__ import annotations

import sys

from ..domain.editor_schema import editor_schema, editor_schema_path, render
from .answers import AnswerError
from .followup import new_action, new_outcome
from .lookup import read_project
from .record import add_arguments as add_consultation_arguments
from .record import new_consultation

KINDS = ("consultation", "outcome", "action")


def add_arguments(sub) -> None:
    new = sub.add_parser("new", help="write a new consultation record, a write-up, or an action, from answers",
                         description=__doc__.split("\n\n")[0])
    kinds = new.add_subparsers(dest="kind", required=True)
    add_consultation_arguments(kinds.add_parser("consultation", help="a new consultation record"))
    outcome = kinds.add_parser("outcome", help="the write-up skeleton of a consultation's results")
    outcome.add_argument("id", help="the consultation's id: its file name without .yaml")
    outcome.add_argument("--settings", default="pelicanconf.py")
    outcome.add_argument("--published", help="when the results are published (only if the record has no outcome)")
    outcome.add_argument("--summary", help="what we heard and decided (only if the record has no outcome)")
    outcome.add_argument("--decision-by", dest="decision_by", help="who decided, and when (optional)")
    action = kinds.add_parser("action", help="a 'we will' action, added to a consultation's outcome",
                              epilog="The other flags are the action's required fields in the schema, as "
                                     "--we-will, --lead, --due, --status, --updated: each named after its field.")
    action.add_argument("id", help="the consultation's id: its file name without .yaml")
    action.add_argument("--settings", default="pelicanconf.py")
    action.add_argument("--reason", help="why it was dropped (when the status is dropped)")
    schema = sub.add_parser("editor-schema", help="write the editor schema, for slugs offered as you type")
    schema.add_argument("--settings", default="pelicanconf.py")


def field_flags(extra: list) -> dict:
    """--we-will TEXT and --we-will=TEXT pairs as {we_will: TEXT}: the action's flags follow the
    schema as it is when run, so they are not known when the parser is made."""
    found, items = {}, list(extra)
    while items:
        flag = items.pop(0)
        if not flag.startswith("--"):
            raise AnswerError(f"expected a flag such as --we-will, found '{flag}'")
        name, _, value = flag[2:].partition("=")
        if not _ and not items:
            raise AnswerError(f"{flag}: expected a value after it, found none")
        found[name.replace("-", "_")] = value if _ else items.pop(0)
    return found


def new_command(args, extra: list, interactive=None, ask=input) -> int:
    try:
        project = read_project(args.settings)
        if args.kind == "consultation":
            path, cid = new_consultation(args, project, interactive, ask)
            # The new record's modeline names the editor schema: make sure it is there, and current.
            schema = [editor_schema_path(project.data_path)] if refresh_editor_schema(project) else []
            _done([path, *schema], project, f"read it through and fill in any optional fields you need; "
                                   f"then run make check. Its page will be /consultations/{cid}/.")
        elif args.kind == "outcome":
            _done(new_outcome(args, project, interactive, ask), project,
                  "write under each heading of the write-up, add the themes to the record's outcome.you_said, "
                  "then run make check.")
        else:
            flags = field_flags(extra)
            for key, value in flags.items():
                setattr(args, key, value)
            action = new_action(args, project, interactive, ask, known=set(flags))
            _done([project.records / f"{args.id}.yaml"], project,
                  f"check the new action ({action.get('status', 'added')}) at the end of its outcome.actions; "
                  "then run make check.")
    except AnswerError as exc:
        print(f"said-and-done new {args.kind}: {exc}", file=sys.stderr)
        return 2
    except (KeyboardInterrupt, EOFError):  # Ctrl+C, or Ctrl+D at a question
        print("\nStopped: nothing was written.", file=sys.stderr)
        return 130
    return 0


def _done(paths, project, next_step: str) -> None:
    for path in paths:
        print(f"Wrote {path.relative_to(project.root)}")
    print(f"Next: {next_step}")


def refresh_editor_schema(project) -> bool:
    """Write the editor schema if it is not what the schema and reference data make now; whether it was."""
    reference = {kinds: list(table.items()) for kinds, table in project.reference.items()}
    text = render(editor_schema(project.schema, reference))
    path = editor_schema_path(project.data_path)
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8", newline="\n")
    return True


def write_editor_schema(settings_path) -> int:
    try:
        project = read_project(settings_path)
    except AnswerError as exc:
        print(f"said-and-done editor-schema: {exc}", file=sys.stderr)
        return 2
    shown = editor_schema_path(project.data_path).relative_to(project.root)
    if refresh_editor_schema(project):
        print(f"Wrote {shown}: commit it, so everyone's editor offers the current slugs.")
    else:
        print(f"{shown} is up to date.")
    return 0
