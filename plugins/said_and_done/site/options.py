"""The plugin's settings: one SAID_AND_DONE dict in pelicanconf.py, with checked defaults.

A typo in a setting name or a wrong type stops the build with a clear message
rather than being silently ignored.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..domain.limits import control_problem

DEFAULTS = {
    # Folder holding organisations.yaml, localities.yaml, ..., consultations/ and schema/.
    # Relative paths are taken from the project folder (the parent of Pelican's PATH).
    "data_path": "data",
    # Folder under Pelican's PATH holding the Markdown outcome write-ups.
    "outcomes_path": "outcomes",
    # The day statuses are worked out against, as YYYY-MM-DD. None means today where
    # the partnership is (Pelican's TIMEZONE), not the build machine's clock: a hosted
    # runner keeps UTC, which is yesterday in London for the first hour of a BST day.
    # The SOURCE_DATE_EPOCH environment variable, when set, overrides both.
    "build_date": None,
    # Name of the partnership, shown in page titles and the header.
    "partnership": "Our partnership",
    # Number of outcomes listed on the home page.
    "home_latest_outcomes": 5,
    # Consultations on each page of the whole register (/consultations/) and of the
    # results list (/you-said-we-did/); later pages are at page/2/, page/3/, ...
    "list_page_size": 20,
    # The register's permanent public address, like https://consult.example.gov.uk.
    # Calendar UIDs, feed ids and the links in feeds and calendars are built from it,
    # so subscribers' apps recognise each consultation: set it once, never change it.
    # None means SITEURL when that is a full address, else http://localhost.
    "public_url": None,
}


class SettingsError(ValueError):
    pass


_FULL_URL = re.compile(r"^https?://[^/\s]+(/\S*)?$")


def merged_settings(settings: dict, name: str, defaults: dict, error=SettingsError) -> dict:
    """A plugin's one settings dict laid over its defaults.

    Every Said & Done plugin keeps its settings in one dict in pelicanconf.py; a
    dict of the wrong kind or an unknown key (a typo) stops the build with a clear
    message instead of being silently ignored. Checking each value's type stays
    with the plugin that knows what it means.
    """
    given = settings.get(name, {}) or {}
    if not isinstance(given, dict):
        raise error(f"{name}: expected a dict of settings, found {given!r}")
    unknown = sorted(set(given) - set(defaults))
    if unknown:
        raise error(f"{name}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(defaults)}")
    return {**defaults, **given}


def page_size_setting(merged: dict, name: str, key: str = "page_size") -> int:
    """How many items a page of a list holds: a whole number from 1 to 500 (True is not 1)."""
    size = merged[key]
    if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= 500:
        raise SettingsError(f"{name}['{key}']: expected a whole number from 1 to 500, found {size!r}")
    return size


@dataclass(frozen=True)
class Options:
    data_path: Path
    outcomes_path: Path
    build_date: date
    partnership: str
    home_latest_outcomes: int
    root: Path
    list_page_size: int = 20
    public_url: str = "http://localhost"


def build_date_from(configured, environ=None, timezone: str = "UTC") -> date:
    """The day statuses are worked out against: SOURCE_DATE_EPOCH, else the setting, else today in timezone."""
    environ = os.environ if environ is None else environ
    zone = _zone(timezone)
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=zone).date()
        except ValueError as exc:
            raise SettingsError(f"SOURCE_DATE_EPOCH: expected whole seconds since 1970, found {epoch!r}") from exc
    if configured is None:
        return datetime.now(zone).date()
    if isinstance(configured, date):
        return configured
    try:
        return date.fromisoformat(str(configured))
    except ValueError as exc:
        raise SettingsError(f"SAID_AND_DONE['build_date']: expected YYYY-MM-DD or None, found {configured!r}") from exc


def _zone(name) -> ZoneInfo:
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise SettingsError(f"TIMEZONE: expected a time zone name such as Europe/London, found {name!r}") from exc


def check_settings_text(settings: dict) -> None:
    """No setting's text may hold a control character: SITENAME or a plugin's wording reaches every
    page, feed and calendar, where records and write-ups are checked for the same (domain/limits.py)."""

    def walk(value, name: str, depth: int = 0) -> None:
        if isinstance(value, str):
            problem = control_problem(value)
            if problem:
                found = problem.split("; delete it", 1)[0]
                raise SettingsError(f"{name}: {found}; delete it from the setting (often a \\ escape in a string)")
        elif isinstance(value, dict) and depth < 8:
            for key, item in value.items():
                walk(item, f"{name}[{key!r}]", depth + 1)
        elif isinstance(value, (list, tuple)) and depth < 8:
            for i, item in enumerate(value):
                walk(item, f"{name}[{i}]", depth + 1)

    for key, value in settings.items():
        if key.isupper():
            walk(value, key)


def options_from(settings: dict, environ=None) -> Options:
    merged = merged_settings(settings, "SAID_AND_DONE", DEFAULTS)
    for key in ("data_path", "outcomes_path", "partnership"):
        if not isinstance(merged[key], (str, os.PathLike)):
            raise SettingsError(f"SAID_AND_DONE['{key}']: expected text, found {merged[key]!r}")
    if not isinstance(merged["home_latest_outcomes"], int) or merged["home_latest_outcomes"] < 0:
        raise SettingsError(f"SAID_AND_DONE['home_latest_outcomes']: expected a whole number, found {merged['home_latest_outcomes']!r}")
    size = page_size_setting(merged, "SAID_AND_DONE", "list_page_size")
    if settings.get("RELATIVE_URLS"):
        # The theme's components take SITEURL from the build, not from each page (plugin.py).
        raise SettingsError(f"RELATIVE_URLS: expected False (every page, feed and calendar links to the site by "
                            f"SITEURL, which may be '' for addresses from the root), found {settings['RELATIVE_URLS']!r}")
    public_url = merged["public_url"]
    if public_url is None:
        site_url = settings.get("SITEURL") or ""
        public_url = site_url if _FULL_URL.match(site_url) else "http://localhost"
    elif not isinstance(public_url, str) or not _FULL_URL.match(public_url):
        raise SettingsError(f"SAID_AND_DONE['public_url']: expected a full address like https://consult.example.gov.uk, found {public_url!r}")
    content = Path(settings["PATH"])
    root = content.parent
    return Options(
        data_path=root / merged["data_path"],
        outcomes_path=content / merged["outcomes_path"],
        build_date=build_date_from(merged["build_date"], environ, settings.get("TIMEZONE") or "UTC"),
        partnership=merged["partnership"],
        home_latest_outcomes=merged["home_latest_outcomes"],
        root=root,
        list_page_size=size,
        public_url=public_url.rstrip("/"),
    )
