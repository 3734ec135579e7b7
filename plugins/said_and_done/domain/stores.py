"""What the register keeps between builds, and the keys it keeps it under.

The register does no writing of its own: whoever loads it may hand it a way to open
a store (`open_store(name, version)`, returning an object with get, put and save),
and the build gives it one kept on disk (said_and_done.build.cache.BuildCache).
Without one, a store lasts as long as the load, as in tests and one-off checks.

Keys are hashes of content, and a store's version is a hash of the code, schemas
and library versions its entries depend on, so an entry can never be used by code
that would have made it differently.
"""

from __future__ import annotations

import contextlib
import hashlib
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def version_of(files, libraries, extra: str = "") -> str:
    """A short hash of the code files, library versions and settings a cache's entries depend on."""
    h = hashlib.blake2b(extra.encode("utf-8"), digest_size=12)
    for path in files:
        h.update(Path(path).name.encode() + b"\0" + Path(path).read_bytes())
    for library in libraries:
        with contextlib.suppress(metadata.PackageNotFoundError):
            h.update(f"{library}={metadata.version(library)}".encode())
    return h.hexdigest()


def one_at_a_time(items: list, work) -> list:
    """[work(item) for item in items]: how the register works on many records unless whoever
    loads it hands it another way (`map_records`; the build's spreads them over the cores)."""
    return [work(item) for item in items]


class MemoryStore:
    """A store that keeps nothing beyond this load."""

    def __init__(self, name: str = "", version: str = ""):
        self.name = name
        self.entries: dict = {}

    def get(self, key: str):
        return self.entries.get(key)

    def put(self, key: str, value) -> None:
        self.entries[key] = value

    def save(self, prune: bool = True) -> None:
        """Nothing to write."""


# The code and libraries a parsed record or a rendered write-up depends on.
_RECORD_CODE = ("yaml_source.py", "limits.py", "schema_check.py", "records.py", "markup.py", "stores.py", "problems.py")
_RECORD_LIBRARIES = ("pyyaml", "jsonschema", "jsonschema-rs", "markdown", "nh3")


def records_version(schema_path: Path) -> str:
    """The version of the records store: this package's parsing code, the schemas and libraries."""
    schemas = sorted(Path(schema_path).glob("*.json")) if Path(schema_path).is_dir() else []
    return version_of([HERE / n for n in _RECORD_CODE] + schemas, _RECORD_LIBRARIES)


def positions_version() -> str:
    """The version of the positions store: where a field is found depends on the YAML reader only."""
    return version_of([HERE / "yaml_source.py"], ("pyyaml",))
