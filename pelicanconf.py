"""Pelican settings for the Said & Done demo partnership (a fictional one)."""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Our plugins import each other (they share the loaded register), so the plugins
# folder goes on the import path as well as in PLUGIN_PATHS.
if str(HERE / "plugins") not in sys.path:
    sys.path.insert(0, str(HERE / "plugins"))

SITENAME = "Said & Done: Brackenmoor Partnership"
SITEURL = ""
RELATIVE_URLS = False
PATH = "content"
OUTPUT_PATH = "output"
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en-GB"

PLUGIN_PATHS = ["plugins"]
PLUGINS = ["said_and_done", "search", "privacy", "permalinks", "browse", "feeds", "engagement_calendar", "accountability", "coordination"]

SAID_AND_DONE = {
    "partnership": "Brackenmoor Partnership",
    # The demo is pinned to one day so its statuses read the same for everyone;
    # a real deployment sets None (today). SOURCE_DATE_EPOCH overrides either.
    "build_date": "2026-11-23",
    # Calendar and feed ids are made from this address, so it never changes.
    "public_url": "https://register.brackenmoor.example",
}

# Locality, organisation and topic pages (plugins/browse): results listed per page.
BROWSE = {"page_size": 20}
# Atom feeds (plugins/feeds): newest entries kept in each feed.
FEEDS = {"entries": 50}
# Clash and short-notice warnings (plugins/coordination): a planned consultation
# announced fewer days than this before it opens gets a warning.
COORDINATION = {"short_notice_days": 28}

# Search on /search/ (plugins/search), indexed by Pagefind with every build. Every key
# is optional; see plugins/search/options.py for the defaults and what each means.
SEARCH = {
    "results_per_page": 10,
}

THEME = "theme"
THEME_STATIC_DIR = "theme"
JINJA_ENVIRONMENT = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True, "extensions": []}

# Consultations and their outcomes are written by the said_and_done generator.
# Pelican itself only renders the static pages in content/pages/.
ARTICLE_PATHS = []
PAGE_PATHS = ["pages"]
PAGE_EXCLUDES = []
ARTICLE_EXCLUDES = ["outcomes"]
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
STATIC_PATHS = []
DIRECT_TEMPLATES = []
ARCHIVES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
ARTICLE_SAVE_AS = ""
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""

FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

DEFAULT_PAGINATION = False
