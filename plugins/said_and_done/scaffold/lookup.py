"""What `new` reads before it writes: the project's settings, reference data and schema.

Names or slugs are matched without regard to case or spacing ("Moorland homes" is
moorland-homes); a near miss is answered with "did you mean"; the schema is read as
it is when the command runs, so a new level or action status needs no change here.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from pathlib import Path

from ..domain.engine_files import schema_folder
from ..domain.records import REFERENCE_FILES
from ..domain.references import by_slug
from ..domain.schema_check import check as schema_check
from ..domain.yaml_source import load_yaml
from .answers import AnswerError


@dataclass(frozen=True)
class Project:
    root: Path
    data_path: Path
    outcomes_path: Path
    schema: dict
    reference: dict  # file name -> {slug: name}

    @property
    def records(self) -> Path:
        return self.data_path / "consultations"


def read_project(settings_path) -> Project:
    """The data folder, write-ups folder, record schema and reference data the settings name."""
    from pelican.settings import read_settings

    from ..site.options import options_from

    options = options_from(read_settings(str(settings_path)))
    folder = schema_folder(options.data_path)
    schema = json.loads((folder / "consultation.schema.json").read_text(encoding="utf-8"))
    return Project(options.root, options.data_path, options.outcomes_path, schema,
                   read_reference(options.data_path, folder, options.root))


def read_reference(data_path: Path, folder: Path, root: Path) -> dict:
    reference = {}
    for name in REFERENCE_FILES:
        path = data_path / f"{name}.yaml"
        display = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
        if not path.is_file():
            raise AnswerError(f"{display}: expected the reference file, found no such file")
        source, problems = load_yaml(path, display)
        problems = problems or by_slug(schema_check(source, folder / f"{name}.schema.json"), source.data)
        if problems:
            raise AnswerError(f"{problems[0]} (make check lists every problem; fix them first)")
        reference[name] = {item["slug"]: item["name"] for item in source.data}
    return reference


def _plain(text: str) -> str:
    return " ".join(text.replace("-", " ").split()).casefold()


def one_of(typed: str, table: dict, what: str) -> str:
    """The slug meant by typed, a slug or a name in table (slug -> name), in any case."""
    wanted = _plain(typed)
    if not wanted:
        raise AnswerError(f"expected {what}, found nothing")
    for slug, name in table.items():
        if wanted in (_plain(slug), _plain(name)):
            return slug
    by_key = {_plain(slug): slug for slug in table} | {_plain(name): slug for slug, name in table.items()}
    near = difflib.get_close_matches(wanted, list(by_key), n=1, cutoff=0.6)
    hint = f"; did you mean {table[by_key[near[0]]]} ({by_key[near[0]]})?" if near else (
        f"; expected one of: {', '.join(sorted(table))}" if len(table) <= 12 else "")
    raise AnswerError(f"expected {what}, found '{typed.strip()}'{hint}")


def some_of(typed: str, table: dict, what: str, at_least_one: bool = True) -> list[str]:
    """Slugs from a comma-separated list of slugs or names, each once, in the order typed."""
    slugs = []
    for part in (typed or "").split(","):
        if part.strip():
            slug = one_of(part, table, what)
            if slug not in slugs:
                slugs.append(slug)
    if at_least_one and not slugs:
        raise AnswerError(f"expected at least one {what}, separated by commas, found nothing")
    return slugs
