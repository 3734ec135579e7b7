"""Write a new partnership's repository from skeleton/ and the answers.

The skeleton's files are real files, kept beside the code (said_and_done/skeleton/):
those ending .jinja are rendered with the answers between [[ and ]] (brackets, so the
workflows' ${{ }} and the Makefile's $( ) are left alone) and written without the
suffix; the rest are copied byte for byte. A leading "dot-" in a name becomes "."
(dot-github/ is .github/), so the engine's own tools do not take the skeleton's
workflows for this repository's, and "__year__" becomes the example's year.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import jinja2

from ..domain.engine_files import skeleton_path

SKELETON = skeleton_path()
TEMPLATE_SUFFIX = ".jinja"
# The example consultation is planned: announced today, opening after the 28 days'
# notice the coordination check asks for, so it builds without a warning.
NOTICE, OPEN_FOR, FEEDBACK_AFTER = timedelta(days=35), timedelta(days=42), timedelta(days=56)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|&])")


class FolderNotEmpty(ValueError):
    pass


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(variable_start_string="[[", variable_end_string="]]",
                             block_start_string="[%", block_end_string="%]",
                             comment_start_string="[#", comment_end_string="#]",
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False)
    # Each value is written as its file's own kind of literal, so no answer can end
    # the string it is in: a Python literal, a YAML (JSON) string, escaped Markdown.
    env.filters["py"] = lambda value: json.dumps(value, ensure_ascii=False)  # text or a list of text
    env.filters["yaml"] = lambda value: json.dumps(value, ensure_ascii=False)
    env.filters["md"] = lambda value: _MARKDOWN_SPECIAL.sub(r"\\\1", str(value))
    return env


def example_dates(today: date) -> dict:
    opens = today + NOTICE
    closes = opens + OPEN_FOR
    return {"today": today.isoformat(), "announced": today.isoformat(), "opens": opens.isoformat(),
            "closes": closes.isoformat(), "feedback_due": (closes + FEEDBACK_AFTER).isoformat(),
            "year": str(opens.year)}


def target_name(relative: Path, year: str) -> Path:
    parts = [("." + p[len("dot-"):]) if p.startswith("dot-") else p for p in relative.parts]
    name = Path(*parts).as_posix().replace("__year__", year)
    return Path(name[:-len(TEMPLATE_SUFFIX)] if name.endswith(TEMPLATE_SUFFIX) else name)


def skeleton_files() -> list[Path]:
    return sorted(p for p in SKELETON.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def write_site(folder: Path, answers: dict, today: date | None = None) -> list[Path]:
    """Write every file of the skeleton into folder (new, or empty); the paths written, relative."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise FolderNotEmpty(f"{folder}: expected a new or empty folder, found a file")
    if folder.exists() and any(folder.iterdir()):
        raise FolderNotEmpty(f"{folder}: expected a new or empty folder, found one with files in it; "
                             "init never writes over anything")
    today = today or datetime.now(ZoneInfo(answers["timezone"])).date()
    values = {**answers, **example_dates(today)}
    values["example_file"] = f"{values['year']}-example.yaml"
    env = _environment()
    written = []
    for source in skeleton_files():
        target = target_name(source.relative_to(SKELETON), values["year"])
        (folder / target).parent.mkdir(parents=True, exist_ok=True)
        if source.name.endswith(TEMPLATE_SUFFIX):
            text = env.from_string(source.read_text(encoding="utf-8")).render(values)
            (folder / target).write_text(text, encoding="utf-8", newline="\n")
        else:
            (folder / target).write_bytes(source.read_bytes())
        written.append(target)
    # No content/outcomes/ yet: git keeps no empty folder, and the build needs none until
    # the first write-up (README.md says where it goes).
    return written
