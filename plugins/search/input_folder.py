"""The folders of pages Pagefind reads, kept beside the output from one build to the next.

Pagefind indexes a folder: for each part of the index it is given one holding only that
part's pages, hard links to where their current bytes are, and the place, organisation
and topic records as HTML (generator.py). These folders had been made afresh for each
part indexed and removed after it: a directory and a link per page, about 1,700 of each
for one part, each way, so a one-record edit at 1,000 records spent 4.5 s of a 24 s
profiled rebuild making and removing them (bench/README.md). Kept between builds, an
edit changes only the links whose page changed.

    .<output>.search-input/part-N/   one part's pages (links) and records
    .<output>.search-input/part-N.json   the names in it, written once it is complete

A link is right when it is the page's current file (the same device and inode: output
files are replaced, never changed in place, and the link holds its inode, so no other
file can take its number) or a file with the same bytes, which is all Pagefind reads. The list is removed before a folder is changed and written
after, so a folder a killed build left half changed has no list and is made afresh.
The build's lock (publish.lock) keeps two builds from changing it at once.
"""

from __future__ import annotations

import contextlib
import filecmp
import json
import os
import shutil
from pathlib import Path


def input_root(final: Path) -> Path:
    """The folder beside the output holding every part's input folder."""
    return final.with_name(f".{final.name}.search-input")


def update(folder: Path, pages: dict, records: dict) -> None:
    """Make `folder` hold exactly `pages` (name -> the file with its current bytes, linked)
    and `records` (name -> HTML), changing only what differs from what it held."""
    listing = folder.with_name(folder.name + ".json")
    try:
        held = set(json.loads(listing.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        held = None
    with contextlib.suppress(FileNotFoundError):
        listing.unlink()
    if held is None:  # never made, or left half changed
        shutil.rmtree(folder, ignore_errors=True)
        held = set()
    for name in sorted(held - pages.keys() - records.keys()):
        _remove(folder, name)
    for name, source in pages.items():
        _link(source, folder / name, name in held)
    for name, html in records.items():
        target = folder / name
        data = html.encode("utf-8")
        if name in held and same_bytes(target, data):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
        target.write_bytes(data)
    listing.write_text(json.dumps(sorted([*pages, *records])), encoding="utf-8")


def same_file(source: Path, target: Path) -> bool:
    """Whether `target` is `source`, or a file with its bytes (a page rendered again
    unchanged, whose staged copy the commit dropped for the published one): reading
    two pages costs far less than replacing a link on this disk."""
    try:
        now, was = source.stat(), target.stat()
    except FileNotFoundError:
        return False
    return (now.st_dev, now.st_ino) == (was.st_dev, was.st_ino) or (
        now.st_size == was.st_size and filecmp.cmp(source, target, shallow=False))


def _link(source: Path, target: Path, held: bool) -> None:
    if held:
        if same_file(source, target):
            return
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except FileExistsError:  # not listed, but there (a record of the same name): replace it
        target.unlink()
        os.link(source, target)
    except OSError:  # another file system: copy
        shutil.copyfile(source, target)


def same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _remove(folder: Path, name: str) -> None:
    """Remove a file, and the folders it leaves empty (each page is index.html in a folder of its own)."""
    path = folder / name
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    parent = path.parent
    while parent != folder:
        try:
            parent.rmdir()
        except OSError:  # not empty, or gone
            return
        parent = parent.parent
