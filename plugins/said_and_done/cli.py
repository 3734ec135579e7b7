"""Command line for staff and CI: `check` validates, `build` builds atomically, `preview` serves and rebuilds,
`takedown` finds every place a piece of text is published.

    python -m said_and_done check [--settings pelicanconf.py] [--format text|github|json]
    python -m said_and_done build [--settings pelicanconf.py] [--output output] [--clean]
    python -m said_and_done preview [--settings pelicanconf.py] [--output output] [--port 8000]
    python -m said_and_done takedown "TEXT" [--settings pelicanconf.py] [--output output]

A build goes to a fresh folder beside the output; only when everything succeeded
are the files that changed moved into the output, so a mistake never publishes a
half-built site (site/run.py). Pages whose inputs did not change since the last
build are kept, not rendered again, unless --clean.
"""

from __future__ import annotations

import argparse
import logging

from .site.report import FORMATS
from .site.run import build, check


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="said_and_done", description=__doc__.splitlines()[0])
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
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    if args.command == "preview":
        from .preview.watch import preview

        return preview(args.settings, args.output, port=args.port, bind=args.bind)
    if args.command == "takedown":
        from .site.takedown import takedown

        return takedown(args.text, args.settings, args.output)
    if args.command == "check":
        return check(args.settings, args.format)
    return build(args.settings, args.output, args.timings_file, clean=args.clean)
