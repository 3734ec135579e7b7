"""The browse settings: one BROWSE dict in pelicanconf.py, with checked defaults."""

from __future__ import annotations

from dataclasses import dataclass

from said_and_done.api import merged_settings, page_size_setting

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
    size = page_size_setting(merged, "BROWSE")
    return BrowseOptions(page_size=size)
