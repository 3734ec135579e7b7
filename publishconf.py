"""Settings for publishing: the demo's settings with the public address."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F401,F403

SITEURL = os.environ.get("SITEURL", "https://register.brackenmoor.example")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
