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
PLUGINS = ["said_and_done", "open_data", "search", "privacy", "permalinks", "browse", "feeds", "engagement_calendar",
           "accountability", "coordination", "plain_english", "accessibility_statement", "owners", "reports", "admin",
           # Indicators (/indicators/) and standing groups (/get-involved/), from data/indicators.yaml and data/groups.yaml.
           "indicators", "get_involved",
           # Third-party: sitemap.xml of every page Pelican's content_written signal reports
           # (the build sends it for kept pages and those rendered on other cores too).
           "pelican.plugins.sitemap"]

SAID_AND_DONE = {
    "partnership": "Brackenmoor Partnership",
    # The demo is pinned to one day so its statuses read the same for everyone;
    # a real deployment sets None (today). SOURCE_DATE_EPOCH overrides either.
    "build_date": "2026-11-23",
    # Calendar and feed ids are made from this address, so it never changes.
    "public_url": "https://register.brackenmoor.example",
}

# sitemap.xml (pelican-sitemap): pages only. robots.txt also goes through Pelican's Writer,
# so content_written reports it; any file with an extension other than .html is left out.
# Its addresses start with SITEURL (publishconf.py sets the public one); robots.txt names
# the sitemap at SAID_AND_DONE["public_url"].
SITEMAP = {
    "format": "xml",
    "exclude": [r"\.(?!html$)[^./]+$"],
}

# Locality, organisation and topic pages (plugins/browse): results listed per page.
BROWSE = {"page_size": 20}
# Engagement calendar (plugins/engagement_calendar): consultations per page of a month.
CALENDAR = {"month_page_size": 100}
# Atom feeds (plugins/feeds): newest entries kept in each feed.
FEEDS = {"entries": 50}
# Clash and short-notice warnings (plugins/coordination): a planned consultation
# announced fewer days than this before it opens gets a warning.
COORDINATION = {"short_notice_days": 28}

# Who must review changes (plugins/owners): `make owners` writes .github/CODEOWNERS and
# .gitlab/CODEOWNERS giving each record to its lead organisation's `owners`
# (data/organisations.yaml) and everything else to these editors.
OWNERS = {"editors": ["@brackenmoor-partnership/register-editors"]}

# Where the site is published: github-pages (the workflows in .github/ deploy there),
# gitlab-pages, netlify, cloudflare-pages, nginx, apache or s3. Only that host's own
# files (redirects, security and CORS headers) are written into the site; see
# docs/operating.md for what each host can and cannot do.
HOSTING = "github-pages"

# Addresses that never break (plugins/permalinks): the list of every address ever
# published, pages that moved, and the security headers for the host's files.
# Every key is optional; see plugins/permalinks/options.py for the defaults.
PERMALINKS = {
    "manifest": "data/published-urls.txt",
    "redirects": "data/redirects.yaml",
    # The defaults, and sitemap.xml: pelican-sitemap writes it on Pelican's `finalized`,
    # in no set order with this plugin's check of the built site on the same signal,
    # so the check cannot count on finding it. It is made every build from the pages.
    "not_recorded": ["pagefind/", "404.html", "sitemap.xml", "admin/"],
    # Add "Strict-Transport-Security": "max-age=31536000" once the site is only on HTTPS.
    "headers": {},
}

# Open data on /data/ (plugins/open_data). Every key is optional; these are the defaults.
OPEN_DATA = {
    "licence_name": "Open Government Licence v3.0",
    "licence_url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    # "Last updated" and recent changes on each consultation page, from git commit messages.
    "history": True,
    "history_limit": 10,
}

# Plain English warnings in `make check` and builds (plugins/plain_english): summaries,
# outcome summaries, "we did" answers and write-ups. These are the defaults.
PLAIN_ENGLISH = {
    "max_sentence_words": 30,  # a longer sentence is a warning
    "min_reading_ease": 50,  # Flesch reading ease, 0 (very hard) to 100 (very easy)
}

# The accessibility statement on /accessibility/ (plugins/accessibility_statement).
# Each deploying council or partnership sets its own; see plugins/accessibility_statement/options.py.
ACCESSIBILITY_STATEMENT = {
    "contact_email": "accessibility@brackenmoor.example",
    "contact_phone": "01632 960000",
    "contact_hours": "Monday to Friday, 9am to 5pm",
    "response_days": 10,
    "region": "great-britain",
    # Anything that fails WCAG 2.2 AA goes here, with the criteria it fails and when it
    # will be fixed; the compliance status then becomes "partially compliant".
    "known_issues": [],
    "improvements": [
        "We will test the website with disabled residents, including people who use screen readers "
        "and screen magnifiers, by the end of March 2027.",
    ],
    "prepared_on": "2026-11-23",
    "tested_on": "2026-11-23",
}

# The browser editor at /admin/ (plugins/admin, docs/browser-editor.md): off here, so the
# published demo has no /admin/; `make edit` builds with editconf.py, which turns it on
# with the local backend. A partnership editing on GitHub sets, for example,
# {"enabled": True, "backend": {"name": "github", "repo": "my-council/consultations"}}.
ADMIN = {"enabled": False}

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
