"""The engagement calendar's settings: one CALENDAR dict in pelicanconf.py, with checked defaults."""

from __future__ import annotations

from dataclasses import dataclass

from said_and_done.api import merged_settings, page_size_setting

DEFAULTS = {
    # Consultations listed on each page of a month before it moves on to page/2/. A
    # county partnership opens a few dozen a month, so a month is one page; a regional
    # register of 100,000 had 1,700 in a month, a 1.9 MB page on a phone.
    "month_page_size": 100,
}


@dataclass(frozen=True)
class CalendarOptions:
    month_page_size: int


def calendar_options(settings: dict) -> CalendarOptions:
    merged = merged_settings(settings, "CALENDAR", DEFAULTS)
    return CalendarOptions(month_page_size=page_size_setting(merged, "CALENDAR", "month_page_size"))
