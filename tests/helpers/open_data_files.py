"""Building the demo (or a project) with open data settings, and reading the files it publishes."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from .site import DEMO_BUILD_DATE, ROOT, Site


def build(output: Path, project: Path | None = None, open_data: dict | None = None, **said) -> Site:
    """Build with Pelican's API, as helpers.site.build_site does, but able to set OPEN_DATA too."""
    from pelican import Pelican
    from pelican.settings import read_settings

    content = (project / "content") if project else ROOT / "content"
    data = (project / "data") if project else ROOT / "data"
    override = {
        "PATH": str(content),
        "OUTPUT_PATH": str(output),
        "THEME": str(ROOT / "theme"),
        "PLUGIN_PATHS": [str(ROOT / "plugins")],
        "SAID_AND_DONE": {"data_path": str(data), "build_date": DEMO_BUILD_DATE,
                          "partnership": "Brackenmoor Partnership", **said},
    }
    if open_data is not None:
        override["OPEN_DATA"] = open_data
    Pelican(read_settings(str(ROOT / "pelicanconf.py"), override=override)).run()
    return Site(output)


def read_json(site: Site, path: str) -> dict:
    return json.loads((site.root / path).read_text(encoding="utf-8"))


def read_csv(site: Site, path: str) -> list:
    with open(site.root / path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))
