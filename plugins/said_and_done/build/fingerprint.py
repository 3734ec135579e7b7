"""One hash of everything every page depends on besides its own records.

Settings, the theme (templates and static files), the code of every plugin,
the versions of the libraries that shape output, the reference data and other
files in the data folder, the Pelican pages, and the build date. When any of
these changes, no page is kept unrendered from the last build and no cached
record is trusted. Consultation records and write-ups are left out on purpose:
each page's own key covers the records it shows.
"""

from __future__ import annotations

import hashlib
import os
import stat
from importlib import metadata
from pathlib import Path

from ..domain.engine_files import skeleton_path
from .digest import _dumps
from .state import KEY as STATE_KEY

# Libraries whose upgrade can change output bytes. said-and-done is the engine itself when
# installed (a partnership's site): its plugins are not in PLUGIN_PATHS to be hashed below,
# so its version stands for them, and changing the pin renders every page afresh.
LIBRARIES = ("pelican", "jinja2", "markupsafe", "markdown", "nh3", "pyyaml", "jsonschema",
             "jsonschema-rs", "icalendar", "feedgenerator", "textstat", "pagefind-bin", "said-and-done")

# Settings that say where things are, not what is written: where this build writes,
# and the folders whose files are hashed below (so the project can move).
# The build's own state (state.py) says how this build runs, not what it writes.
_WHERE = {"OUTPUT_PATH", "CACHE_PATH", "PATH", "THEME", "PLUGIN_PATHS", STATE_KEY}


def _versions() -> dict:
    found = {}
    for name in LIBRARIES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def _plain(value, root: str = ""):
    """Settings as plain data: functions and modules by name, and paths inside the project
    relative to it, so the text is the same wherever the project folder is."""
    if isinstance(value, dict):
        return {str(k): _plain(v, root) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_plain(v, root) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if isinstance(value, str) and root and (value == root or value.startswith(root + os.sep)):
        return "<project>" + value[len(root):]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if callable(value) or hasattr(value, "__name__"):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', getattr(value, '__name__', ''))}"
    return repr(value) if " at 0x" not in repr(value) else type(value).__qualname__


def _hash_tree(h, folder: Path, skip: set) -> None:
    if not folder.is_dir():
        return
    folder = folder.resolve()
    skip = {Path(p).resolve() for p in skip}
    for directory, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith(".")
                         and Path(directory, d) not in skip)
        for name in sorted(files):
            path = Path(directory, name)
            if name.endswith(".pyc") or path in skip:
                continue
            h.update(str(path.relative_to(folder)).encode() + b"\0")
            if not stat.S_ISREG(os.lstat(path).st_mode):
                # A link, pipe or device is hashed by name only: never followed, never waited on
                # (the loader refuses one among the records by name).
                h.update(b"\0not an ordinary file\0")
                continue
            h.update(path.read_bytes())
            h.update(b"\0")


def build_fingerprint(settings: dict, data_path: Path, outcomes_path: Path | None, build_date,
                      unkeyed: set = frozenset()) -> str:
    """The hash; unkeyed are data files no kept page depends on (hooks.unkeyed_inputs)."""
    h = hashlib.blake2b(digest_size=20)
    root = str(Path(settings["PATH"]).resolve().parent)
    h.update(_dumps({k: _plain(v, root) for k, v in sorted(settings.items()) if k not in _WHERE}).encode())
    h.update(_dumps(_versions()).encode())
    h.update(str(build_date).encode())
    h.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    for name in ("THEME",):
        h.update(b"theme\0")
        _hash_tree(h, Path(settings[name]), set())
    for folder in settings.get("PLUGIN_PATHS", []):
        h.update(b"plugins\0")
        # The skeleton is what `said-and-done init` writes for a new partnership; no build reads it.
        _hash_tree(h, Path(folder) if Path(folder).is_absolute() else Path(settings.get("PATH", ".")).parent / folder,
                   {skeleton_path()})
    h.update(b"data\0")
    _hash_tree(h, Path(data_path), {Path(data_path) / "consultations", *unkeyed})
    h.update(b"content\0")
    _hash_tree(h, Path(settings["PATH"]), {Path(outcomes_path)} if outcomes_path else set())
    return h.hexdigest()
