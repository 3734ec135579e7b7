"""The open data settings: one OPEN_DATA dict in pelicanconf.py, with checked defaults.

A typo in a setting name or a wrong type stops the build with a clear message,
as the SAID_AND_DONE settings do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from said_and_done.api import SettingsError, merged_settings

DEFAULTS = {
    # The licence every file on /data/ is published under, named on /data/ and
    # in every JSON file. Most UK public bodies publish under the OGL.
    "licence_name": "Open Government Licence v3.0",
    "licence_url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    # Show "last updated" and a short history of changes on each consultation
    # page, read from git. Commit messages on records become public when True.
    "history": True,
    # Most changes listed per consultation (the newest); "last updated" still
    # counts them all.
    "history_limit": 10,
}

_URL = re.compile(r"^https?://\S+$")


@dataclass(frozen=True)
class OpenDataOptions:
    licence_name: str
    licence_url: str
    history: bool
    history_limit: int


def open_data_options(settings: dict) -> OpenDataOptions:
    merged = merged_settings(settings, "OPEN_DATA", DEFAULTS)
    name = merged["licence_name"]
    if not isinstance(name, str) or not name.strip():
        raise SettingsError(f"OPEN_DATA['licence_name']: expected the licence's name as text, found {name!r}")
    url = merged["licence_url"]
    if not isinstance(url, str) or not _URL.match(url):
        raise SettingsError(f"OPEN_DATA['licence_url']: expected a web address starting https://, found {url!r}")
    if not isinstance(merged["history"], bool):
        raise SettingsError(f"OPEN_DATA['history']: expected True or False, found {merged['history']!r}")
    limit = merged["history_limit"]
    # bool is an int in Python; True is not a sensible number of entries.
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise SettingsError(f"OPEN_DATA['history_limit']: expected a whole number of 1 or more, found {limit!r}")
    return OpenDataOptions(licence_name=name.strip(), licence_url=url, history=merged["history"], history_limit=limit)
