"""Command line for staff and CI: `check` validates, `build` builds atomically, `preview` serves and rebuilds.

    python -m said_and_done check [--settings pelicanconf.py]
    python -m said_and_done build [--settings pelicanconf.py] [--output output] [--clean]
    python -m said_and_done preview [--settings pelicanconf.py] [--output output] [--port 8000]

A build goes to a fresh folder beside the output; only when everything succeeded
does the output (a symlink) switch to it, in one step, so a mistake or a killed
build never publishes a half-built site (site/run.py, build/publish.py). Pages whose inputs did not change since the last
build are kept, not rendered again, unless --clean.
"""

from __future__ import annotations

import argparse
import logging

from .site.run import build, check


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="said_and_done", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("check", "build"):
        cmd = sub.add_parser(name)
        cmd.add_argument("--settings", default="pelicanconf.py")
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
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    if args.command == "preview":
        from .preview.watch import preview

        return preview(args.settings, args.output, port=args.port, bind=args.bind)
    if args.command == "check":
        return check(args.settings)
    return build(args.settings, args.output, args.timings_file, clean=args.clean)
