"""Settings for publishing: the demo's settings with the public address, dated today.

pelicanconf.py pins the demo to one day so its pages read the same for everyone;
a published site must follow the clock, or it keeps saying "open" after a
consultation closes. build_date None means today in TIMEZONE (Europe/London), not
the build machine's UTC date; the daily publish must not set SOURCE_DATE_EPOCH.
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F401,F403
from pelicanconf import SAID_AND_DONE  # noqa: E402

# An empty SITEURL (a workflow variable not set) means the demo address, not a site without one.
SITEURL = os.environ.get("SITEURL") or "https://register.brackenmoor.example"
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
SAID_AND_DONE = {**SAID_AND_DONE, "build_date": None}
# The published search index is always whole: an edit is never left to the small index
# of changed pages that previews use, whose ranking is approximate (plugins/search/delta.py).
SEARCH = {**globals().get("SEARCH", {}), "delta_pages": 0}
