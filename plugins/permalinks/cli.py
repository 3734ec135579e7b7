"""`make urls`: add the addresses of a built site to the manifest. It never removes one.

    python -m permalinks record [--settings pelicanconf.py] [--output output]

Run after a successful build (make urls builds first), then commit the manifest
with the records that made the new pages. Recording is a deliberate step rather
than part of every build, so a preview build or a build of a branch never
promises addresses that were not published.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from said_and_done.api import SettingsError

from .checks import built_addresses
from .manifest import read_manifest, write_manifest
from .options import permalinks_options


def record(settings_path: str, output: str | None = None, out=None, err=None) -> int:
    from pelican.settings import read_settings

    out, err = out or sys.stdout, err or sys.stderr
    try:
        settings = read_settings(settings_path)
        options = permalinks_options(settings)
    except SettingsError as exc:
        print(f"{settings_path}: {exc}", file=err)
        return 2
    folder = Path(output or settings["OUTPUT_PATH"])
    if not (folder / "index.html").is_file():
        print(f"{folder} holds no built site; run make html first, then make urls", file=err)
        return 1
    manifest = read_manifest(options.manifest, options.manifest_display)
    errors = [p for p in manifest.problems if p.is_error]
    if errors:
        for p in errors:
            print(f"  {p}", file=err)
        print(f"{len(errors)} line(s) in {manifest.display} are not addresses; fix them first (nothing was changed)",
              file=err)
        return 1
    old = set(manifest.urls)
    new = sorted(built_addresses(folder, settings) - old)
    write_manifest(options.manifest, old | set(new))
    for url in new:
        print(f"  + {url}", file=out)
    print(f"{manifest.display}: {len(new)} new address(es) added, {len(old | set(new))} in all. "
          "Commit it with the records.", file=out)
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="permalinks", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    cmd = sub.add_parser("record", help="add the addresses of a built site to the manifest")
    cmd.add_argument("--settings", default="pelicanconf.py")
    cmd.add_argument("--output", default=None)
    args = parser.parse_args(argv)
    return record(args.settings, args.output)
