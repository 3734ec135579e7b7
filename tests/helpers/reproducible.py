"""A built output folder as files, and the few files two builds of the same input may write differently."""

from __future__ import annotations

import re
from pathlib import Path

# Pagefind 1.5.2 (the search index, plugins/search/) is not deterministic, so part of
# pagefind/ is left out of the byte comparison. Run twice over byte-identical pages,
# it writes its filter index (pagefind/filter/*.pf_filter) with the entries in a
# different order each time (the Rust program's hash maps are seeded at random per
# run), so those files' bytes and content-hashed names differ; so does the
# pagefind.*.pf_meta file that names them, and pagefind-entry.json that names that.
# Everything else Pagefind writes (its word index, fragments, scripts and WebAssembly)
# is compared like every other file, and the filter files are still checked for
# number and unpacked size (test_reproducible.py).
# The same holds in each part of a sharded index (pagefind/shard-N/) and in the delta
# of edited pages (pagefind/delta/, plugins/search/delta.py).
PAGEFIND_UNSTABLE = re.compile(r"pagefind/(?:(?:shard-\d+|delta)/)?(?:filter/|pagefind-entry\.json$|pagefind\..*\.pf_meta$)")


def unstable(relative: str) -> bool:
    return PAGEFIND_UNSTABLE.match(relative) is not None


def files(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}
