"""A pelicanconf.py for a project folder outside the repository (a fixture, a copy of the demo, a benchmark).

The real settings, with the theme and plugins taken from this repository unless
the project has its own theme, and extra lines appended (a setting to change).
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def write_settings(project: Path, *extra: str, theme: str | Path | None = None) -> Path:
    """theme: a folder (relative ones are taken from the project, as Pelican does); the repository's by default."""
    settings = project / "pelicanconf.py"
    lines = [
        "import sys",
        f"sys.path.insert(0, {str(ROOT / 'plugins')!r})",
        f"exec(compile(open({str(ROOT / 'pelicanconf.py')!r}).read(), 'pelicanconf.py', 'exec'))",
        f"THEME = {str(theme or ROOT / 'theme')!r}",
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]",
        *extra,
    ]
    settings.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return settings
