"""The permalinks settings: one PERMALINKS dict in pelicanconf.py, with checked defaults.

A typo in a setting name or a wrong type stops the build with a clear message,
as the SAID_AND_DONE settings do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from said_and_done.api import SettingsError, merged_settings

from .hostfiles import HOSTS

# The Content-Security-Policy every page is served with. Pages have no inline
# script or style (tests/test_xss.py checks every page), so nothing needs
# 'unsafe-inline'; 'wasm-unsafe-eval' lets the Pagefind search run its WebAssembly.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    # Browsers must not guess a file's type: a .txt or .json never runs as script.
    "X-Content-Type-Options": "nosniff",
    # Partners' sites see which page a resident came from, never the full address elsewhere.
    "Referrer-Policy": "strict-origin-when-cross-origin",
    # For browsers without CSP frame-ancestors: no one frames the register to mislead.
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}

DEFAULTS = {
    # Every address ever published, one a line; relative to the project folder.
    "manifest": "data/published-urls.txt",
    # Pages that moved (not consultations: those use a record's aliases); optional.
    "redirects": "data/redirects.yaml",
    # Files that are addresses partners may link to, by ending. Pages (.html) are
    # recorded as their folder address, /consultations/<id>/.
    "recorded_extensions": [".html", ".atom", ".csv", ".ics", ".json", ".rss", ".xml"],
    # Folders and files in the output that are never recorded: the search index's
    # internals change with every build. The theme's static folder and the host
    # files this plugin writes are never recorded either.
    "not_recorded": ["pagefind/", "404.html"],
    # Headers added to SECURITY_HEADERS for the host files; a value of None drops one.
    "headers": {},
}

# Header names are HTTP tokens; values must fit inside nginx's double quotes and on
# one line of a _headers file.
_HEADER_NAME = re.compile(r"^[A-Za-z0-9-]+$")
_HEADER_VALUE = re.compile(r'^[^"\\\x00-\x1f\x7f]+$')
_EXTENSION = re.compile(r"^\.[a-z0-9]+$")


@dataclass(frozen=True)
class PermalinksOptions:
    manifest: Path
    manifest_display: str
    redirects: Path
    redirects_display: str
    recorded_extensions: tuple
    not_recorded: tuple
    headers: dict
    hosting: str = "github-pages"


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def permalinks_options(settings: dict) -> PermalinksOptions:
    merged = merged_settings(settings, "PERMALINKS", DEFAULTS)
    for key in ("manifest", "redirects"):
        if not isinstance(merged[key], str) or not merged[key].strip():
            raise SettingsError(f"PERMALINKS['{key}']: expected a file path as text, found {merged[key]!r}")
    extensions = merged["recorded_extensions"]
    if not isinstance(extensions, (list, tuple)) or not all(isinstance(e, str) and _EXTENSION.match(e) for e in extensions):
        raise SettingsError("PERMALINKS['recorded_extensions']: expected a list of lower-case file endings like "
                            f"'.json', found {extensions!r}")
    skipped = merged["not_recorded"]
    if not isinstance(skipped, (list, tuple)) or not all(isinstance(p, str) and p and not p.startswith("/") for p in skipped):
        raise SettingsError("PERMALINKS['not_recorded']: expected a list of output paths like 'pagefind/' "
                            f"(no leading /), found {skipped!r}")
    extra = merged["headers"]
    if not isinstance(extra, dict):
        raise SettingsError(f"PERMALINKS['headers']: expected a dict of header name to value, found {extra!r}")
    headers = dict(SECURITY_HEADERS)
    for name, value in extra.items():
        if not isinstance(name, str) or not _HEADER_NAME.match(name):
            raise SettingsError(f"PERMALINKS['headers']: expected header names like 'Strict-Transport-Security', found {name!r}")
        if value is None:
            headers.pop(name, None)
        elif isinstance(value, str) and _HEADER_VALUE.match(value):
            headers[name] = value
        else:
            raise SettingsError(f"PERMALINKS['headers']['{name}']: expected one line of text without double quotes "
                                f"or backslashes, or None to drop it, found {value!r}")
    # Which host the site is published on (the top-level HOSTING setting): only its files are written.
    hosting = settings.get("HOSTING", "github-pages")
    if hosting not in HOSTS:
        raise SettingsError(f"HOSTING: expected one of {', '.join(HOSTS)}, found {hosting!r}")
    root = Path(settings["PATH"]).parent
    manifest = root / merged["manifest"]
    redirects = root / merged["redirects"]
    return PermalinksOptions(
        manifest=manifest,
        manifest_display=_relative(manifest, root),
        redirects=redirects,
        redirects_display=_relative(redirects, root),
        recorded_extensions=tuple(extensions),
        not_recorded=tuple(skipped),
        headers=headers,
        hosting=hosting,
    )
