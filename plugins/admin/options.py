"""The browser editor's settings: one ADMIN dict in pelicanconf.py, with checked defaults.

Off unless a partnership turns it on, so a site that does not want an editor at
/admin/ publishes nothing there and needs no npm packages to build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from said_and_done.api import SettingsError, merged_settings

DEFAULTS = {
    "enabled": False,
    # Where edits go. github or gitlab: each save is a commit (or, with
    # "publish_mode": "editorial_workflow", a pull request where the checks run), and
    # staff sign in with the host. local: decap-server on this machine writes the files
    # in the project folder (make edit); only on this machine's own addresses.
    "backend": {"name": "local", "port": 8081},
    # Where `npm ci` put the packages, relative to the project folder.
    "node_modules": "node_modules",
    # Decap needs a folder for uploads even though no field here takes an image.
    "media_folder": "content/uploads",
}

BACKENDS = ("github", "gitlab", "local")
_BACKEND_KEYS = {
    "github": {"name", "repo", "branch", "base_url", "auth_endpoint", "publish_mode"},
    "gitlab": {"name", "repo", "branch", "base_url", "auth_endpoint", "auth_type", "app_id", "publish_mode"},
    "local": {"name", "port"},
}
_REPO = re.compile(r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+$")
_PUBLISH_MODES = ("simple", "editorial_workflow")


@dataclass(frozen=True)
class AdminOptions:
    enabled: bool
    backend: dict
    node_modules: Path
    media_folder: str


def admin_options(settings: dict, root: Path) -> AdminOptions:
    """The ADMIN settings, checked; root is the project folder relative paths start from."""
    merged = merged_settings(settings, "ADMIN", DEFAULTS)
    if not isinstance(merged["enabled"], bool):
        raise SettingsError(f"ADMIN['enabled']: expected True or False, found {merged['enabled']!r}")
    for key in ("node_modules", "media_folder"):
        if not isinstance(merged[key], str) or not merged[key].strip():
            raise SettingsError(f"ADMIN['{key}']: expected a folder name, found {merged[key]!r}")
    return AdminOptions(
        enabled=merged["enabled"],
        backend=_backend(merged["backend"]),
        node_modules=root / merged["node_modules"],
        media_folder=merged["media_folder"].strip("/"),
    )


def _backend(backend) -> dict:
    if not isinstance(backend, dict) or backend.get("name") not in BACKENDS:
        raise SettingsError(f"ADMIN['backend']: expected a dict whose name is one of {', '.join(BACKENDS)}, "
                            f"like {{'name': 'github', 'repo': 'my-council/consultations'}}, found {backend!r}")
    name = backend["name"]
    unknown = sorted(set(backend) - _BACKEND_KEYS[name])
    if unknown:
        raise SettingsError(f"ADMIN['backend']: unknown setting(s) {', '.join(unknown)} for the {name} backend; "
                            f"known: {', '.join(sorted(_BACKEND_KEYS[name]))}")
    if name == "local":
        port = backend.get("port", 8081)
        if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
            raise SettingsError(f"ADMIN['backend']['port']: expected a port number from 1 to 65535, found {port!r}")
        return {"name": "local", "port": port}
    repo = backend.get("repo")
    if not isinstance(repo, str) or not _REPO.match(repo):
        raise SettingsError(f"ADMIN['backend']['repo']: expected the repository as owner/name, "
                            f"like my-council/consultations, found {repo!r}")
    mode = backend.get("publish_mode", "simple")
    if mode not in _PUBLISH_MODES:
        raise SettingsError(f"ADMIN['backend']['publish_mode']: expected one of {', '.join(_PUBLISH_MODES)}, found {mode!r}")
    for key in sorted(set(backend) - {"name", "repo", "publish_mode"}):
        if not isinstance(backend[key], str) or not backend[key].strip():
            raise SettingsError(f"ADMIN['backend']['{key}']: expected text, found {backend[key]!r}")
    return {"branch": "main", **backend}
