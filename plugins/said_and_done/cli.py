"""Command line for staff and CI: `check` validates, `build` builds atomically, `preview` serves and rebuilds,
`takedown` finds every place a piece of text is published.

    python -m said_and_done check [--settings pelicanconf.py] [--format text|github|json]
    python -m said_and_done build [--settings pelicanconf.py] [--output output] [--clean]
    python -m said_and_done preview [--settings pelicanconf.py] [--output output] [--port 8000]
    python -m said_and_done takedown "TEXT" [--settings pelicanconf.py] [--output output]
    said-and-done init DIR [--name ... --url ... ]   a new partnership's repository (scaffold/)
    python -m said_and_done new consultation|outcome ID|action ID   a record, write-up or action from answers
    python -m said_and_done editor-schema            the schema editors read for completions
    python -m said_and_done actions export|import    every "we will" action as a spreadsheet, and back

Installed, the command is `said-and-done`; from a checkout, `python -m said_and_done`.

A build goes to a fresh folder beside the output; only when everything succeeded
does the output (a symlink) switch to it, in one step, so a mistake or a killed
build never publishes a half-built site (site/run.py, build/publish.py). Pages whose inputs did not change since the last
build are kept, not rendered again, unless --clean.
"""

from __future__ import annotations

import argparse
import logging

from .scaffold.action_sheet import add_arguments as add_actions_arguments
from .scaffold.answers import add_arguments as add_init_arguments
from .scaffold.init import init_site
from .scaffold.new import add_arguments as add_new_arguments
from .site.report import FORMATS
from .site.run import build, check


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="said-and-done", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("check", "build"):
        cmd = sub.add_parser(name)
        cmd.add_argument("--settings", default="pelicanconf.py")
        if name == "check":
            cmd.add_argument("--format", choices=FORMATS, default="text",
                             help="text for people (the default), github for workflow annotations, json for programs")
        if name == "build":
            cmd.add_argument("--output", default=None)
            cmd.add_argument("--timings-file", default=None, help="write seconds per build phase here as JSON")
            cmd.add_argument("--clean", action="store_true",
                             help="build everything afresh, keeping nothing from the last build")
    watch = sub.add_parser("preview", help="build, serve locally, and build again whenever a file is saved")
    watch.add_argument("--settings", default="pelicanconf.py")
    watch.add_argument("--output", default=None)
    watch.add_argument("--port", type=int, default=8000)
    watch.add_argument("--bind", default="127.0.0.1")
    takedown = sub.add_parser("takedown", help="list every place a piece of text is published, and every commit "
                                                "that holds it (docs/takedown.md)")
    takedown.add_argument("text", help="the text to look for, such as a name or an email address")
    takedown.add_argument("--settings", default="pelicanconf.py")
    takedown.add_argument("--output", default=None, help="the built site to search (default: the settings' output)")
    add_init_arguments(sub.add_parser("init", help="write a new partnership's repository into an empty folder",
                                      description=init_site.__doc__))
    add_new_arguments(sub)
    add_actions_arguments(sub)
    args, extra = parser.parse_known_args(argv)
    if extra and not (args.command == "new" and args.kind == "action"):
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    if args.command == "preview":
        from .preview.watch import preview

        return preview(args.settings, args.output, port=args.port, bind=args.bind)
    if args.command == "init":
        return init_site(args)
    if args.command == "new":
        from .scaffold.new import new_command

        return new_command(args, extra)
    if args.command == "actions":
        from .scaffold.action_sheet import actions_command

        return actions_command(args)
    if args.command == "editor-schema":
        from .scaffold.new import write_editor_schema

        return write_editor_schema(args.settings)
    if args.command == "takedown":
        from .site.takedown import takedown

        return takedown(args.text, args.settings, args.output)
    if args.command == "check":
        return check(args.settings, args.format)
    return build(args.settings, args.output, args.timings_file, clean=args.clean)
