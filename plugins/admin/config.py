"""config.yml for Decap CMS: collections made from the schemas and the reference data.

Paths in it are relative to the project folder, which is the repository root the
backend edits (decap-server's folder, or the GitHub or GitLab repository).
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from .widgets import FormFields

CONSULTATIONS = "consultations"
WRITEUP_FORMAT = "said-and-done-writeup"  # registered by admin.js: Pelican's "Key: value" header


def backend_config(backend: dict) -> dict:
    """The backend section, and for the local one the decap-server address it talks to."""
    if backend["name"] == "local":
        # Decap's proxy backend is what local_backend uses; naming it directly means the
        # editor never falls back to a hosted backend when decap-server is not running.
        return {"backend": {"name": "proxy", "proxy_url": f"http://127.0.0.1:{backend['port']}/api/v1",
                            "branch": "main"}}
    settings = dict(backend)
    mode = settings.pop("publish_mode", "simple")
    return {"backend": settings, "publish_mode": mode}


def consultation_collection(schema: dict, reference: dict, folder: str) -> dict:
    return {
        "name": CONSULTATIONS, "label": "Consultations", "label_singular": "Consultation",
        "description": "One record per consultation. A new one is named after the year it opens and its title; "
                       "the name is its permanent address, so it cannot be changed here.",
        "folder": folder, "extension": "yaml", "format": "yaml", "create": True, "delete": False,
        "identifier_field": "title", "editor": {"preview": False},
        "slug": "{{fields.dates.opens | date('YYYY')}}-{{slug}}",
        "summary": "{{title}}",
        "sortable_fields": ["title"],
        "fields": FormFields(schema, reference, CONSULTATIONS).fields(schema),
    }


def writeup_collection(folder: str) -> dict:
    return {
        "name": "outcomes", "label": "Write-ups", "label_singular": "Write-up",
        "description": "What we heard and what we did, in full, for a consultation whose results are published.",
        "folder": folder, "extension": "md", "format": WRITEUP_FORMAT, "create": True, "delete": False,
        "identifier_field": "title", "slug": "{{fields.consultation}}",
        "editor": {"preview": False},
        "fields": [
            {"name": "title", "label": "Title", "widget": "string"},
            {"name": "consultation", "label": "Consultation", "widget": "relation", "collection": CONSULTATIONS,
             "value_field": "{{slug}}", "search_fields": ["title"], "display_fields": ["title"],
             "hint": "The consultation this write-up is for: one write-up each."},
            {"name": "date", "label": "Date", "widget": "datetime", "format": "YYYY-MM-DD",
             "date_format": "YYYY-MM-DD", "time_format": False, "picker_utc": True},
            # No images or embeds: the write-up is sanitised to text, headings, lists and links.
            {"name": "body", "label": "Write-up", "widget": "markdown", "editor_components": [],
             "buttons": ["bold", "italic", "link", "heading-two", "heading-three", "quote",
                         "bulleted-list", "numbered-list"]},
        ],
    }


def admin_config(*, schemas: Path, reference: dict, backend: dict, root: Path, data_path: Path,
                 outcomes_path: Path, media_folder: str) -> dict:
    """The whole config.yml as a dict. reference: {file: [(slug, name), ...]}, for the selects."""
    schema = json.loads((schemas / "consultation.schema.json").read_text(encoding="utf-8"))
    data_folder = _relative(data_path, root)
    return {
        **backend_config(backend),
        "media_folder": media_folder,
        "site_url": "/",
        "collections": [
            consultation_collection(schema, reference, f"{data_folder}/consultations"),
            writeup_collection(_relative(outcomes_path, root)),
            # No collection for the reference files (organisations, localities, ...): each is a
            # list at the top level, which Decap 3.16 cannot edit (its `root` lists are Sveltia's);
            # it shows such a file as an empty list and a save would write over it. They are
            # edited in a text editor, with the editor schema's completions.
        ],
    }


def config_yaml(config: dict) -> str:
    note = ("# Written by the admin plugin on every build from the record schema and the reference data:\n"
            "# change those (or ADMIN in pelicanconf.py), never this file.\n")
    return note + yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=100)


def _relative(path: Path, root: Path) -> str:
    return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
