"""The accountability settings: one ACCOUNTABILITY dict in pelicanconf.py, with checked defaults."""

from __future__ import annotations

from said_and_done.api import STALE_AFTER_DAYS, SettingsError, merged_settings, page_size_setting

# The overdue lists page like the locality, organisation and topic lists (the BROWSE
# plugin's page_size, 20 unless set) unless ACCOUNTABILITY sets its own. Read from the
# settings, not from the browse plugin, so neither plugin depends on the other.
BROWSE_DEFAULT_PAGE_SIZE = 20
DEFAULTS = {
    "page_size": None,
    # An action in progress with no update (no updates entry, no change to updated) for
    # longer than this is listed as "not updated since" and warned about: about six
    # months, so a quarterly check that was missed twice shows.
    "stale_after_days": STALE_AFTER_DAYS,
    # Results published this many days ago with no evaluation (what worked, what to
    # improve, who was and was not reached) are listed as "evaluation missing" and
    # warned about: about three months, time for the team to look back while it remembers.
    "evaluation_due_days": 90,
}


def page_size(settings: dict) -> int:
    merged = merged_settings(settings, "ACCOUNTABILITY", DEFAULTS)
    if merged["page_size"] is not None:
        return page_size_setting(merged, "ACCOUNTABILITY")
    browse = settings.get("BROWSE") or {}
    size = browse.get("page_size", BROWSE_DEFAULT_PAGE_SIZE) if isinstance(browse, dict) else BROWSE_DEFAULT_PAGE_SIZE
    return page_size_setting({"page_size": size}, "BROWSE")


def stale_after_days(settings: dict) -> int:
    days = merged_settings(settings, "ACCOUNTABILITY", DEFAULTS)["stale_after_days"]
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 3660:
        raise SettingsError(f"ACCOUNTABILITY['stale_after_days']: expected a whole number of days from 1 to 3660, "
                            f"found {days!r}")
    return days


def evaluation_due_days(settings: dict) -> int:
    days = merged_settings(settings, "ACCOUNTABILITY", DEFAULTS)["evaluation_due_days"]
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 3660:
        raise SettingsError(f"ACCOUNTABILITY['evaluation_due_days']: expected a whole number of days from 1 to 3660, "
                            f"found {days!r}")
    return days
