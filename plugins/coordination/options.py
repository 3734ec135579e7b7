"""The coordination settings: one COORDINATION dict in pelicanconf.py, with checked defaults."""

from __future__ import annotations

from dataclasses import dataclass

from said_and_done.api import SettingsError, merged_settings, page_size_setting

DEFAULTS = {
    # A planned consultation announced fewer days than this before it opens gets a
    # warning. Four weeks is the least that lets partners avoid clashing with it,
    # voluntary groups tell their members, and easy-read, translated or large-print
    # versions be ordered in time; the partnership's strategies promise "adequate
    # notice of planned consultations" and plan a year ahead.
    "short_notice_days": 28,
    # Clashing pairs listed on each page of /coordination/same-topic/ and
    # /coordination/same-people/ (and in each section of /coordination/).
    "page_size": 25,
}


@dataclass(frozen=True)
class CoordinationOptions:
    short_notice_days: int
    page_size: int = 25


def coordination_options(settings: dict) -> CoordinationOptions:
    merged = merged_settings(settings, "COORDINATION", DEFAULTS)
    days = merged["short_notice_days"]
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= 366:
        raise SettingsError(f"COORDINATION['short_notice_days']: expected a whole number of days from 0 to 366, found {days!r}")
    size = page_size_setting(merged, "COORDINATION")
    return CoordinationOptions(short_notice_days=days, page_size=size)
