"""The one keep-or-write step for every output that is not a templated page.

A feed, a calendar, a data file or a folder of search index is made from something
(its consultations, its title, the shard's pages). `keep_or_write` works out its key
from that and the build fingerprint, keeps last build's copy when the key is the
one that copy was made from and the copy is untouched (outputs.OutputStore.reuse),
and otherwise writes what `make()` returns. Either way Pelican's content_written is
sent for the file (writer.py), so a Pelican plugin that listens for written files
hears of it. Templated pages have the same step in page_writer.py (write_page,
PageBatch); folders written by another program use `folder_key` and `keep_folder`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from . import parallel
from .digest import Undigestable, digest_of
from .state import state_of
from .writer import announce

logger = logging.getLogger(__name__)


def output_key(settings: dict, name: str, made_from) -> str | None:
    """The key of output `name` made from `made_from` in this build; None if it cannot be described."""
    try:
        return digest_of([state_of(settings).store.fingerprint, name, made_from])
    except Undigestable as exc:
        logger.debug("%s is made every build: %s", name, exc)
        return None


def keep_or_write(settings: dict, name: str, made_from, make) -> bool:
    """Write make()'s bytes (or text, as UTF-8) to output file `name`, unless last build's copy was
    made from the same inputs; True when written. `name` is relative to the output folder."""
    store = state_of(settings).store
    key = output_key(settings, name, made_from)
    if store.reuse(name, key):
        announce_file(settings, name)
        return False
    content = make()
    path = Path(settings["OUTPUT_PATH"]) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    store.record(name, key)
    announce_file(settings, name)
    return True


def keep_or_write_each(settings: dict, outputs: list) -> int:
    """keep_or_write for many outputs, (name, made_from, make) each, with the ones to make
    made on every core (parallel.run_all), for outputs that each take a while to make (each
    consultation's own feed and calendar: a quarter of a cold build's time on one core).
    The same files, keys and content_written, in the same order, as one keep_or_write each;
    returns how many were written."""
    state = state_of(settings)
    keys, todo = {}, []
    for name, made_from, make in outputs:
        key = output_key(settings, name, made_from)
        if not state.store.reuse(name, key):
            keys[name] = key
            todo.append((name, make))
    folder = Path(settings["OUTPUT_PATH"])

    def write(job):
        name, make = job
        content = make()
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)

    parallel.run_all(todo, write, state.beside)
    for name, _, _ in outputs:
        if name in keys:
            state.store.record(name, keys[name])
        announce_file(settings, name)
    return len(todo)


def keep_folder(settings: dict, folder: str, key: str | None) -> bool:
    """Whether last build's folder (ending in '/') was made from key and is untouched; kept if so."""
    return state_of(settings).store.reuse(folder, key)


def keep_folder_as_before(settings: dict, folder: str) -> str | None:
    """Keep last build's folder (ending in '/') whatever it was made from, if it is untouched;
    the key it was made from, or None when it cannot be kept. For a producer that knows the
    folder is still right beside what else it writes (a search index part with a delta)."""
    store = state_of(settings).store
    key = store.previous_key(folder)
    return key if key is not None and store.reuse(folder, key) else None


def wrote_folder(settings: dict, folder: str, key: str | None) -> None:
    """Note the key a folder written this build (by another program, say) was made from."""
    state_of(settings).store.record(folder, key)


def announce_file(settings: dict, name: str) -> None:
    """Send content_written for an output file written (or kept) other than through Pelican's Writer."""
    announce(settings["OUTPUT_PATH"], name, {}, False, {})
