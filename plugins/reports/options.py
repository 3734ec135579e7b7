"""The reports settings: one REPORTS dict in pelicanconf.py, with checked defaults."""

from __future__ import annotations

from said_and_done.api import SettingsError, merged_settings

from .figures import YEAR_STARTS

DEFAULTS = {
    # Councils and the NHS report April to March; "january" gives calendar years.
    "year_starts": "april",
    # The consultations named under each figure on a report page; the report's CSV names
    # every one. Listing them all made a year's page 67 MB at 100,000 records.
    "listed_per_figure": 100,
}


def start_month(settings: dict) -> int:
    """The month (1 to 12) each reporting year begins in."""
    value = merged_settings(settings, "REPORTS", DEFAULTS)["year_starts"]
    if value not in YEAR_STARTS:
        raise SettingsError(f"REPORTS['year_starts']: expected one of {', '.join(map(repr, YEAR_STARTS))} "
                            f"(April to March, or calendar years), found {value!r}")
    return YEAR_STARTS[value]


def listed_per_figure(settings: dict) -> int:
    """How many of the consultations behind a figure a report page names (the CSV names every one)."""
    value = merged_settings(settings, "REPORTS", DEFAULTS)["listed_per_figure"]
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise SettingsError(f"REPORTS['listed_per_figure']: expected a whole number of at least 1 (how many "
                            f"consultations a report names under each figure), found {value!r}")
    return value
