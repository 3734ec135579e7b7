"""The owners settings: one OWNERS dict in pelicanconf.py, with checked defaults."""

from __future__ import annotations

import re
from dataclasses import dataclass

from said_and_done.api import SettingsError, merged_settings

DEFAULTS = {
    # Users or teams who own everything no organisation owns: reference data, pages,
    # settings, the theme; and the records of an organisation with no owners of its own.
    "editors": [],
    # Where the files are written, relative to the project folder: GitHub reads
    # .github/CODEOWNERS, GitLab .gitlab/CODEOWNERS.
    "files": [".github/CODEOWNERS", ".gitlab/CODEOWNERS"],
}
# The same handles the organisations schema accepts: @user, @org/team, @group/subgroup, or an email.
HANDLE = re.compile(r"^(?:@[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*|[^@\s/]+@[^@\s/]+)$")
_FILE = re.compile(r"^(?!/)(?!.*\.\.)[A-Za-z0-9._/-]+$")


@dataclass(frozen=True)
class OwnersOptions:
    editors: tuple
    files: tuple


def owners_options(settings: dict) -> OwnersOptions:
    merged = merged_settings(settings, "OWNERS", DEFAULTS)
    editors = merged["editors"]
    if not isinstance(editors, (list, tuple)) or not all(isinstance(e, str) and HANDLE.match(e) for e in editors):
        raise SettingsError("OWNERS['editors']: expected a list of users or teams like '@partnership/editors', "
                            f"found {editors!r}")
    files = merged["files"]
    if not isinstance(files, (list, tuple)) or not all(isinstance(f, str) and _FILE.match(f) for f in files):
        raise SettingsError("OWNERS['files']: expected a list of paths in the project like '.github/CODEOWNERS', "
                            f"found {files!r}")
    return OwnersOptions(tuple(editors), tuple(files))
