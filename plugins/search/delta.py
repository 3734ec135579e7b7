"""An edit indexed on its own: the pages changed since their part of the index was made.

Pagefind cannot change an index in place, and its time grows with the pages it reads
(about 1 ms a page here: a part of 1,700 pages takes 2 to 4 s, 100 pages 0.15 s). So
an edit no longer indexes its whole part again. The part stays as it was (its *base*),
and the pages that differ from what it indexed, in every such part, are indexed
together into a small bundle of their own, the *delta*, /pagefind/delta/, which the
search page merges like another part. Each base page the delta replaces or that is no
longer built is *stale*: `delta.json` beside the delta lists its Pagefind id (its
fragment's name), with its part and filter values, and the search page drops those
results and takes them out of the filter counts (search.js, Fresh), so results and
counts are those of a whole index.

The delta holds every difference from the bases, worked out afresh each build (not
added up), so it stays as small as the edits since the parts were made. Once it
would hold more than SEARCH['delta_pages'] pages, the parts with most changes are
indexed whole again until the rest fits (a *compaction*); a clean build, a change of
settings, theme, code or build date, and `delta_pages: 0` (publishconf.py: the
published site) index every part whole, with an empty delta.

What a part's base is: its input folder beside the output (input_folder.py), which
holds links to the very files Pagefind read for it and is left alone while the part
is kept, with a marker naming the key the part was indexed from (`part-N.indexed`),
written once Pagefind has indexed it and removed before the folder changes. The part
is trusted as a base only while the published part folder is the one made from that
key, untouched (outputs.OutputStore.reuse).

A delta's results are ranked within the delta: a word's weight depends on how many
pages hold it, and the delta is small, so an edited page can rank a little differently
until its part is indexed whole again. Which pages are found, and the counts, are the
same (tests/test_search_delta.py compares them with a clean build's in a browser).
"""

from __future__ import annotations

import contextlib
import gzip
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from .input_folder import same_bytes, same_file

# Pagefind 1.5's fragment files: gzip, then this signature, then the page's JSON.
FRAGMENT_SIGNATURE = b"pagefind_dcd"
DELTA_FILE = "delta.json"


def delta_folder(bundle_dir: str) -> str:
    """The delta's bundle, inside part 0's folder like the other parts."""
    return f"{bundle_dir}/delta/"


def marker(site: Path) -> Path:
    """Beside a part's input folder: the key of the index made from it."""
    return site.with_name(site.name + ".indexed")


def indexed_key(site: Path) -> str | None:
    try:
        return marker(site).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def forget_indexed(site: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        marker(site).unlink()


def mark_indexed(site: Path, key: str) -> None:
    marker(site).write_text(key, encoding="utf-8")


def url_of(name: str) -> str:
    """The address Pagefind gives an indexed file: from the site root, without index.html."""
    return "/" + (name[: -len("index.html")] if name.endswith("index.html") else name)


@dataclass
class PartChanges:
    """How one part's pages differ from its base."""

    part: int
    folder: str  # the part's bundle folder in the output
    site: Path  # its input folder: the base
    pages: list = field(default_factory=list)  # page names now different or new
    records: list = field(default_factory=list)  # record names now different or new
    removed: list = field(default_factory=list)  # names in the base no longer in the part

    @property
    def size(self) -> int:
        return len(self.pages) + len(self.records)

    @property
    def stale(self) -> list:
        """Names whose base entry must no longer be found."""
        return sorted({*self.pages, *self.records, *self.removed})


def changes(part: int, folder: str, site: Path, pages: dict, records: dict) -> PartChanges | None:
    """How `pages` (name -> the file with its current bytes) and `records` (name -> HTML)
    differ from the base in `site`; None when the folder is no complete base."""
    listing = site.with_name(site.name + ".json")
    try:
        held = set(json.loads(listing.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None
    found = PartChanges(part, folder, site)
    found.pages = sorted(name for name, path in pages.items() if name not in held or not same_file(path, site / name))
    found.records = sorted(name for name, html in records.items()
                           if name not in held or not same_bytes(site / name, html.encode("utf-8")))
    found.removed = sorted(held - pages.keys() - records.keys())
    return found


def stale_entries(part: PartChanges, bundle: Path, made_from: str) -> dict:
    """Pagefind id -> {"part", "filters"} of each stale base entry, from the part's published
    fragments (made from the key `made_from`)."""
    entries = _entries(part.site, bundle, made_from)
    found = {}
    for name in part.stale:
        entry = entries.get(url_of(name))
        if entry is not None:
            found[entry[0]] = {"part": str(part.part), "filters": entry[1]}
    return found


def _entries(site: Path, bundle: Path, made_from: str) -> dict:
    """Address -> [Pagefind id, filters] of every entry in a published part. Fragments are
    named by a hash, so all are read (about 0.1 s for 1,700), once per index of the part:
    kept beside its base as part-N.entries.json, with the key the part was made from."""
    cache = site.with_name(site.name + ".entries.json")
    with contextlib.suppress(OSError, ValueError, TypeError, KeyError):
        kept = json.loads(cache.read_text(encoding="utf-8"))
        if kept["key"] == made_from:
            return kept["entries"]
    entries = {}
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        if not data.startswith(FRAGMENT_SIGNATURE):
            raise ValueError(f"{path} is not a Pagefind 1.5 fragment")
        page = json.loads(data[len(FRAGMENT_SIGNATURE):])
        entries[page.get("url")] = [path.name.removesuffix(".pf_fragment"), page.get("filters", {})]
    cache.write_text(json.dumps({"key": made_from, "entries": entries}, sort_keys=True), encoding="utf-8")
    return entries


def delta_json(bundle: bool, stale: dict, weight: float = 1.0) -> str:
    """What the search page reads from /pagefind/delta/delta.json."""
    return json.dumps({"bundle": bundle, "stale": stale, "weight": weight}, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")) + "\n"


def part_pages(bundle: Path) -> int:
    """How many pages a published part of the index holds (its pagefind-entry.json)."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in entry.get("languages", {}).values())


def weight(base_pages: float, delta_pages: int) -> float:
    """How much more a match in the delta counts than Pagefind would give it there.

    Pagefind ranks with BM25 within each bundle: a word's weight grows with how few of the
    bundle's pages hold it, ln((N - n + 0.5) / (n + 0.5) + 1). In a delta of a few pages
    every word is in a large share of them, so an edited page would rank far below where
    its part ranks it. Scaled by the weight of a word in one page of a part against one
    page of the delta, a distinctive word counts as it does in its part, and a common one
    about as much (within a factor of two in the cases worked through in the docs); the
    rest of the ranking is Pagefind's own. Used as the delta's `indexWeight`.
    """
    def one_page(pages):
        return math.log((pages - 0.5) / 1.5 + 1)

    if delta_pages < 1 or base_pages <= delta_pages:
        return 1.0
    return round(one_page(base_pages) / one_page(delta_pages), 3)


def split(candidates: list, limit: int) -> tuple:
    """(kept as bases, indexed whole): the parts with most changes are indexed whole until
    the rest, all in one delta, holds no more than `limit` pages."""
    kept = sorted(candidates, key=lambda c: (-c.size, c.part))
    whole = []
    while kept and sum(c.size for c in kept) > limit:
        whole.append(kept.pop(0))
    return sorted(kept, key=lambda c: c.part), sorted(whole, key=lambda c: c.part)
