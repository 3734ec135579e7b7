"""Caches kept between builds: records and write-ups already parsed and checked, by content hash.

Parsing a record with positions and checking it against the schema costs about
2 ms; rendering a write-up's Markdown 3-5 ms. On a 10,000-record register that is
most of a build, though between two builds staff usually change one file. So a
record that passed parsing and the schema is kept here under the hash of its bytes,
and a write-up's sanitised HTML under the hash of its text. Only files that passed
are kept: a file with a problem is parsed again every time, so its message always
points at the right line.

The cache is one folder per version of the code and schemas that made it (the
name holds their hash), under Pelican's CACHE_PATH: a change to either starts
a new, empty cache. Its entries are spread over BUCKETS files by key, so a build
rewrites only the files holding what changed. Entries not used by a build are
dropped when it is saved, so the cache never holds more than the register does.
"""

from __future__ import annotations

import functools
import os
import pickle
import shutil
import zlib
from pathlib import Path

import zstandard

from ..domain.stores import version_of
from . import parallel

# Files each cache is kept in, chosen by a hash of the key. An edit's rebuild changes
# a few entries, and rewrote every cache whole when each was one file: at 10,000
# records about 100 MB written on every save (0.8 s); now a few of these files.
BUCKETS = 64


def _bucket(key) -> int:
    return zlib.crc32(str(key).encode("utf-8", "surrogatepass")) % BUCKETS


class BuildCache:
    """A dict kept between builds in CACHE_PATH/said-and-done/<name>-<version>/, a file per bucket of keys.

    packed=True keeps each value compressed, in memory and on disk, and unpacks it when
    asked for: for large values a build holds whole until the cache is saved, such as
    each consultation's open data text (about 9 KB as text, 2 KB packed). At 100,000
    records the build held the open data of every consultation at once, 800 MB as text.
    """

    def __init__(self, folder: Path | None, name: str, version: str, packed: bool = False):
        self.folder = None
        self.name = name
        self.packed = packed
        self.entries: dict = {}
        self.used: dict = {}
        self._loaded: list = [{} for _ in range(BUCKETS)]  # what each bucket file held
        if folder is None:
            return
        # Packed and plain entries are never read for each other.
        self.folder = Path(folder) / "said-and-done" / f"{name}-{version}{'z' if packed else ''}"
        for i, held in enumerate(self._loaded):
            try:
                with open(self.folder / f"{i:02d}.pickle", "rb") as f:
                    held.update(pickle.load(f))
            except FileNotFoundError:
                continue
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, ImportError, TypeError):
                held.clear()  # unreadable: its entries are made again, and the file written afresh
            self.entries.update(held)

    def get(self, key: str):
        if key in self.entries:
            value = self.used[key] = self.entries[key]
            return _unpack(value) if self.packed else value
        return None

    def put(self, key: str, value) -> None:
        """Keep value under key (packed, a new value is packed once: put only what get did not give)."""
        self.used[key] = _pack(value) if self.packed else value

    def save(self, prune: bool = True) -> None:
        """Write the entries this build used (with prune=False, also those it did not): only the
        files whose entries changed."""
        # Nothing asked for means nothing was made again (every output was kept): the
        # entries are still those the kept outputs were made from.
        if self.folder is None or not self.used:
            return
        wanted = self.used if prune else {**self.entries, **self.used}
        buckets = [{} for _ in range(BUCKETS)]
        for key, value in wanted.items():
            buckets[_bucket(key)][key] = value
        for i, (bucket, held) in enumerate(zip(buckets, self._loaded, strict=True)):
            if bucket.keys() == held.keys() and all(held[k] is v for k, v in bucket.items()):
                continue
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self.folder / f"{i:02d}.pickle"
            if not bucket:
                path.unlink(missing_ok=True)
                continue
            temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            with open(temporary, "wb") as f:
                pickle.dump(bucket, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        self._loaded = buckets
        # Caches of older code and schemas are of no further use. What follows "<name>-"
        # must be a bare version (hex, with ".pickle" on the one-file caches of older
        # code): "plain-english-*" also matches the plain-english-texts cache.
        for old in self.folder.parent.glob(f"{self.name}-*"):
            if old != self.folder and old.name[len(self.name) + 1:].replace(".pickle", "").isalnum():
                if old.is_dir():
                    shutil.rmtree(old, ignore_errors=True)
                else:
                    old.unlink(missing_ok=True)


# Level 1: about 35 us to pack and 16 us to unpack a consultation's open data (9 KB),
# a quarter of its size; zlib took three times as long for the same size.
_PACKER = zstandard.ZstdCompressor(level=1)
_UNPACKER = zstandard.ZstdDecompressor()


def _pack(value) -> bytes:
    packed = _PACKER.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    # Copied to an object of its own size: compress() makes room for the worst case and
    # shrinks it in place, so each kept value stayed where a value ten times as large had
    # been, and the memory between could not hold the next. 20,000 values of 2 KB kept that
    # way grew the process by 142 MB; copied, by 46 MB.
    return memoryview(packed).tobytes()


def _unpack(packed: bytes):
    return pickle.loads(_UNPACKER.decompress(packed))


def stores_in(folder: Path | None):
    """open_store(name, version) for the register: a BuildCache in folder (kept nothing if None)."""
    return functools.partial(BuildCache, Path(folder) if folder else None)


def findings_per_record(register, name: str, code_folder: Path, libraries, settings_text: str, check) -> list:
    """check(c) for every consultation (in id order), kept between builds per record.

    For register_checks receivers whose findings for a record depend only on that
    record and its write-up (their text and file names), their own code and
    settings: an edited record is checked again, the rest come from the cache.
    """
    cache_path = register.settings.get("CACHE_PATH")
    cache = BuildCache(Path(cache_path) if cache_path else None, name,
                       version_of(sorted(Path(code_folder).glob("*.py")), libraries, settings_text))
    keyed = []
    for c in sorted(register.consultations, key=lambda c: c.id):
        writeup = c.outcome.writeup if c.outcome else None
        key = f"{c.source}|{c.content_hash}|{writeup.source if writeup else ''}|{writeup.content_hash if writeup else ''}"
        keyed.append((c, key, cache.get(key) if c.content_hash else None))
    # The records not in the cache (all of them on a first build) are checked on every core.
    unchecked = [c for c, _, problems in keyed if problems is None]
    checked = dict(zip((c.id for c in unchecked), parallel.map_records(unchecked, check), strict=True))
    found = []
    for c, key, problems in keyed:
        if problems is None:
            problems = checked[c.id]
        cache.put(key, problems)
        found += problems
    cache.save()
    return found
