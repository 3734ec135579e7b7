"""The feeds settings: one FEEDS dict in pelicanconf.py, with checked defaults."""

from __future__ import annotations

from dataclasses import dataclass

from said_and_done.api import SettingsError, merged_settings

DEFAULTS = {
    # Newest entries kept in each feed. Feed readers poll often; 50 covers months
    # of activity while keeping each file small. Every entry stays on the site.
    "entries": 50,
}


@dataclass(frozen=True)
class FeedOptions:
    entries: int


def feed_options(settings: dict) -> FeedOptions:
    merged = merged_settings(settings, "FEEDS", DEFAULTS)
    entries = merged["entries"]
    if isinstance(entries, bool) or not isinstance(entries, int) or not 1 <= entries <= 1000:
        raise SettingsError(f"FEEDS['entries']: expected a whole number from 1 to 1000, found {entries!r}")
    return FeedOptions(entries=entries)
