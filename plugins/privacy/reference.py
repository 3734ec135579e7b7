"""The personal-data check on the reference data (organisations, localities, topics, audiences,
methods): their names, descriptions and wards are published on their own pages and in the
data files. Organisations publish no contact details here, so nothing is exempt.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from said_and_done.api import (
    ERROR,
    REFERENCE_FILES,
    Problem,
    find_personal_data,
    load_yaml,
    options_from,
    reference_field,
)


def strings_in(path: tuple, value):
    """(path, text) for every string in a value read from YAML or a model object's fields (dicts,
    lists and tuples of them); check.py walks a record's blocks with it too."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings_in((*path, key), item)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from strings_in((*path, index), item)


def reference_problems(register, root: Path) -> list[Problem]:
    problems = []
    for name in REFERENCE_FILES:
        items = getattr(register, name, {}) or {}
        # The usual case: nothing found in the loaded objects, and the file is not read again.
        if not any(find_personal_data(text) for item in items.values() for _, text in strings_in((), asdict(item))):
            continue
        settings = register.settings or {}
        folder = options_from(settings).data_path if settings.get("PATH") else Path(root) / "data"
        path = folder / f"{name}.yaml"
        try:
            display = path.relative_to(root).as_posix()
        except ValueError:
            display = path.as_posix()
        source, _ = load_yaml(path, display)
        for where, text in strings_in((), source.data):
            if where and where[-1] == "slug":
                continue
            for finding in find_personal_data(text):
                line, column = source.where(where)
                problems.append(Problem(display, line, column, reference_field(source.data, where),
                                        f"expected no personal data in the {name} the site publishes, found "
                                        f"{finding.described}; remove or anonymise it", ERROR))
    return problems
