"""A pelicanconf.py for a project folder outside the repository (a fixture, a copy of the demo, a benchmark).

The real settings, with the theme and plugins taken from this repository unless
the project has its own theme, and extra lines appended (a setting to change).
"""

from __future__ import annotations

from pathlib import Path

from .site import ROOT


def write_settings(project: Path, *extra: str, theme: str | Path | None = None,
                   plugins: Path | None = None) -> Path:
    """theme: a folder (relative ones are taken from the project, as Pelican does); the repository's by default.
    plugins: a copy of the plugins folder to build with (the repository's by default); a build must
    then also have it on PYTHONPATH, since `python -m said_and_done` imports it before the settings."""
    settings = project / "pelicanconf.py"
    plugins = Path(plugins or ROOT / "plugins")
    lines = [
        "import sys",
        f"sys.path.insert(0, {str(plugins)!r})",
        f"exec(compile(open({str(ROOT / 'pelicanconf.py')!r}).read(), 'pelicanconf.py', 'exec'))",
        f"THEME = {str(theme or ROOT / 'theme')!r}",
        f"PLUGIN_PATHS = [{str(plugins)!r}]",
        # The CODEOWNERS files describe this repository's records, not a copy's; test_owners.py opts in.
        "OWNERS = {'files': []}",
        *extra,
    ]
    settings.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return settings
