"""The feeds settings: one FEEDS dict in pelicanconf.py, with checked defaults."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from said_and_done.api import SettingsError, merged_settings

DEFAULTS = {
    # Newest entries kept in each feed. Feed readers poll often; 50 covers months
    # of activity while keeping each file small. Every entry stays on the site.
    "entries": 50,
    # "Get email updates" on consultation, locality and topic pages: see email_signup below.
    "email_signup": None,
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


# -- "Get email updates": the partnership's own mailing service, fed by our feeds ----------
# FEEDS["email_signup"] is unset (no link shown), one address pattern for every page, or
# {page address: sign-up address} for pages set up one by one. A pattern may hold
# {feed_url} (the page's feed, URL-encoded, for services that take it in the link) and
# {slug} (the consultation id, locality or topic slug, for lists named after pages).
PLACEHOLDERS = ("feed_url", "slug")


def email_signup(settings: dict):
    """The checked email_signup setting: None, a pattern (str) or a dict of page -> address."""
    value = merged_settings(settings, "FEEDS", DEFAULTS)["email_signup"]
    if value is None or value == "":
        return None
    if isinstance(value, str):
        _check_address("FEEDS['email_signup']", value)
        try:
            value.format(feed_url="", slug="")
        except (KeyError, IndexError, ValueError) as error:
            raise SettingsError(f"FEEDS['email_signup']: expected an address using only {{feed_url}} and {{slug}}, "
                                f"found {value!r} ({error})") from None
        return value
    if isinstance(value, dict):
        for page, address in value.items():
            if not isinstance(page, str) or not page.endswith("/") or page.startswith("/"):
                raise SettingsError(f"FEEDS['email_signup']: expected page addresses like consultations/<id>/ "
                                    f"or localities/<slug>/ as keys, found {page!r}")
            _check_address(f"FEEDS['email_signup'][{page!r}]", address)
        return dict(value)
    raise SettingsError(f"FEEDS['email_signup']: expected a sign-up address (with {{feed_url}} or {{slug}} if it "
                        f"differs by page) or a dict of page address to sign-up address, found {value!r}")


def _check_address(where: str, value) -> None:
    if not isinstance(value, str) or not value.startswith("https://") or any(ch.isspace() for ch in value):
        raise SettingsError(f"{where}: expected a web address starting https:// with no spaces, found {value!r}")


def signup_address(setting, page: str, feed_url: str, slug: str) -> str:
    """The sign-up address for one page, or "" when none is set for it."""
    if setting is None:
        return ""
    if isinstance(setting, dict):
        return setting.get(page, "")
    return setting.format(feed_url=quote(feed_url, safe=""), slug=quote(slug, safe=""))
