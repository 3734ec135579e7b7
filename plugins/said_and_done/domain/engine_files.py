"""Where the engine's own files are: its theme, its record schemas, init's skeleton, its version.

Installed (pip install said-and-done), the theme and the schemas are inside the
package, in said_and_done/theme/ and said_and_done/schema/ (pyproject.toml maps them
there from theme/ and data/schema/). Run from a checkout of the engine's repository
they are those folders themselves, so editing a template or a schema there takes
effect at once, with nothing to install.
"""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

DISTRIBUTION = "said-and-done"
PACKAGE = Path(__file__).resolve().parents[1]
# plugins/said_and_done/ in a checkout: the repository is two folders up.
CHECKOUT = PACKAGE.parents[1]


def _shipped_or_checkout(inside: str, in_checkout: str) -> Path:
    shipped = PACKAGE / inside
    return shipped if shipped.is_dir() else CHECKOUT / in_checkout


def theme_path() -> Path:
    """The engine's Pelican theme (templates/, static/): THEME in a partnership's pelicanconf.py."""
    return _shipped_or_checkout("theme", "theme")


def schema_path() -> Path:
    """The engine's JSON Schemas for records, reference data and redirects."""
    return _shipped_or_checkout("schema", "data/schema")


def schema_folder(data_path: Path) -> Path:
    """The schemas a data folder's files are checked against.

    A data folder with its own schema/ (the engine's repository, where the schemas are
    edited; test fixtures copied from it) uses those. A partnership's has none: its
    records follow the installed engine's schemas, so upgrading the engine (changing its
    pin) brings the schemas that engine's code reads, never a stale copy.
    """
    own = Path(data_path) / "schema"
    return own if own.is_dir() else schema_path()


def skeleton_path() -> Path:
    """The files `said-and-done init` writes into a new partnership's repository (scaffold/)."""
    return PACKAGE / "skeleton"


def engine_version() -> str:
    """This engine's version: the installed distribution's, else the checkout's pyproject.toml."""
    pyproject = CHECKOUT / "pyproject.toml"
    if not (PACKAGE / "theme").is_dir() and pyproject.is_file():
        # A checkout: its pyproject.toml is the truth even when an older copy is installed too.
        return tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]
    return metadata.version(DISTRIBUTION)
