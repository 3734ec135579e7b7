"""What a built search index holds, read back from Pagefind's files: one entry per page.

An incremental build may leave a part of the index as it was and index the pages edited
since into a small delta (plugins/search/delta.py), listing the part's old entries as
stale. What residents can find is then every part's entries but the stale ones, plus the
delta's: `entries` reads exactly that, so it can be compared with a clean build's.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

SIGNATURE = b"pagefind_dcd"


def fragments(bundle: Path) -> dict:
    """Pagefind id -> the page's entry (url, content, filters, meta, anchors) in one bundle folder."""
    found = {}
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(SIGNATURE), path
        found[path.name.removesuffix(".pf_fragment")] = json.loads(data[len(SIGNATURE):])
    return found


def delta_of(output: Path, bundle_dir: str = "pagefind") -> dict:
    """The delta the index has (delta.json), or an empty one."""
    path = output / bundle_dir / "delta" / "delta.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {"bundle": False, "stale": {}}


def has_delta(output: Path, bundle_dir: str = "pagefind") -> bool:
    delta = delta_of(output, bundle_dir)
    return bool(delta["bundle"] or delta["stale"])


def entries(output: Path, bundle_dir: str = "pagefind") -> list:
    """Every entry a search can find, as sorted canonical JSON: the parts' entries that are
    not stale, and the delta's."""
    delta = delta_of(output, bundle_dir)
    stale = delta["stale"]
    root = output / bundle_dir
    parts = {"0": root, **{p.name.removeprefix("shard-"): p for p in root.glob("shard-*") if p.is_dir()}}
    found = []
    for number, folder in parts.items():
        for pid, page in fragments(folder).items():
            if stale.get(pid, {}).get("part") != number:
                found.append(json.dumps(page, sort_keys=True))
    if delta["bundle"]:
        found += [json.dumps(page, sort_keys=True) for page in fragments(root / "delta").values()]
    return sorted(found)
