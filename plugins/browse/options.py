"""The browse settings: one BROWSE dict in pelicanconf.py, with checked defaults."""

from __future__ import annotations

from dataclasses import dataclass

from said_and_done.options import SettingsError, merged_settings

DEFAULTS = {
    # Results listed on each page of a locality, organisation or topic before the
    # list moves on to page/2/. Twenty keeps a page quick on a phone on 3G.
    "page_size": 20,
}


@dataclass(frozen=True)
class BrowseOptions:
    page_size: int


def browse_options(settings: dict) -> BrowseOptions:
    merged = merged_settings(settings, "BROWSE", DEFAULTS)
    size = merged["page_size"]
    if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= 500:
        raise SettingsError(f"BROWSE['page_size']: expected a whole number from 1 to 500, found {size!r}")
    return BrowseOptions(page_size=size)
