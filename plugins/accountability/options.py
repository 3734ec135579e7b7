"""The accountability settings: one ACCOUNTABILITY dict in pelicanconf.py, with checked defaults."""

from __future__ import annotations

from said_and_done.api import merged_settings, page_size_setting

# The overdue lists page like the locality, organisation and topic lists (the BROWSE
# plugin's page_size, 20 unless set) unless ACCOUNTABILITY sets its own. Read from the
# settings, not from the browse plugin, so neither plugin depends on the other.
BROWSE_DEFAULT_PAGE_SIZE = 20
DEFAULTS = {"page_size": None}


def page_size(settings: dict) -> int:
    merged = merged_settings(settings, "ACCOUNTABILITY", DEFAULTS)
    if merged["page_size"] is not None:
        return page_size_setting(merged, "ACCOUNTABILITY")
    browse = settings.get("BROWSE") or {}
    size = browse.get("page_size", BROWSE_DEFAULT_PAGE_SIZE) if isinstance(browse, dict) else BROWSE_DEFAULT_PAGE_SIZE
    return page_size_setting({"page_size": size}, "BROWSE")
