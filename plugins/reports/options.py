"""The reports settings: one REPORTS dict in pelicanconf.py, with checked defaults."""

from __future__ import annotations

from said_and_done.api import SettingsError, merged_settings

from .figures import YEAR_STARTS

DEFAULTS = {
    # Councils and the NHS report April to March; "january" gives calendar years.
    "year_starts": "april",
}


def start_month(settings: dict) -> int:
    """The month (1 to 12) each reporting year begins in."""
    value = merged_settings(settings, "REPORTS", DEFAULTS)["year_starts"]
    if value not in YEAR_STARTS:
        raise SettingsError(f"REPORTS['year_starts']: expected one of {', '.join(map(repr, YEAR_STARTS))} "
                            f"(April to March, or calendar years), found {value!r}")
    return YEAR_STARTS[value]
