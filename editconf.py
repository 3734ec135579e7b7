"""Settings for `make edit`: the demo's settings with the browser editor at /admin/ on the local backend.

decap-server (started by make edit) writes the files staff save into this folder; the
preview builds again as each one lands, so the change shows on the page at once.
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F401,F403
from pelicanconf import ADMIN  # noqa: E402

ADMIN = {**ADMIN, "enabled": True, "backend": {"name": "local", "port": int(os.environ.get("EDIT_PORT") or 8081)}}
