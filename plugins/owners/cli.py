"""`make owners`: write the CODEOWNERS files from the organisations' owners and the records.

    python -m owners write [--settings pelicanconf.py]

Commit the files it writes. `make check` fails when they are out of date.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from said_and_done.api import RecordErrors, SettingsError, load_records, options_from

from .codeowners import codeowners_text, configured
from .options import owners_options


def write(settings_path: str, out=None, err=None) -> int:
    from pelican.settings import read_settings

    out, err = out or sys.stdout, err or sys.stderr
    try:
        settings = read_settings(settings_path)
        options = owners_options(settings)
        said = options_from(settings)
        # No plugin is connected in this process, so the checks (this one among them) do not run.
        register = load_records(said, settings, render_writeups=False)
    except SettingsError as exc:
        print(f"{settings_path}: {exc}", file=err)
        return 2
    except RecordErrors as exc:
        for p in exc.errors:
            print(f"  {p}", file=err)
        print("Fix the records first (make check lists the same); nothing was written.", file=err)
        return 1
    if not configured(register, options):
        print("No organisation in data/organisations.yaml has owners and OWNERS['editors'] is empty: "
              "nothing to write.", file=out)
        return 0
    text = codeowners_text(register, options)
    for name in options.files:
        path = said.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        changed = not path.exists() or path.read_text(encoding="utf-8") != text
        path.write_text(text, encoding="utf-8", newline="\n")
        print(f"{Path(name).as_posix()}: {'written' if changed else 'already up to date'}", file=out)
    print("Commit the file(s) with the change that needed them.", file=out)
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="owners", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    cmd = sub.add_parser("write", help="write the CODEOWNERS files")
    cmd.add_argument("--settings", default="pelicanconf.py")
    args = parser.parse_args(argv)
    return write(args.settings)
