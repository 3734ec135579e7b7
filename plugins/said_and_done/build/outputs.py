"""The output of one build: what is kept from the last build, what is new, and the commit.

A build writes into an empty staging folder (Pelican's OUTPUT_PATH). Producers that
know what a file is made from ask `reuse(path, key)` first: when the last build
wrote that path from the same key, and the published file has not been touched
since, the file is kept as it is and nothing is rendered or written. At the end,
`commit` makes a folder holding the whole new build, in which every kept file, and
every file rebuilt with the bytes of the published one, is the published file (a
hard link), so files that did not change keep their inode and mtime and a deploy
(rsync, a bucket sync) uploads only what changed. That folder is either the staging
folder with the rest linked in (a first or clean build, or no spare), or the spare
build (the one before the published one) with only what differs changed. Then it is
published in one step (publish.py: `output` is a symlink to it), and the build it
replaces becomes the next spare.

If anything fails before the switch, the published build is not touched. A first
build, a `--clean` build or a build with no trustworthy record of the last one
renders everything, but still links the files whose bytes did not change.

The record of the last build sits beside the output folder, not in it, so it is
never published: `.<output>.said-and-done.json`, naming the build folder it
describes, the spare and the paths where the two differ, and listing every file
with its size, mtime and (when it has one) the key it was made from. It is trusted
only while `output` points to the folder it names.
"""

from __future__ import annotations

import contextlib
import errno
import filecmp
import json
import os
import shutil
from pathlib import Path

from . import publish

FORMAT = 1


def manifest_path(final: Path) -> Path:
    return final.with_name(f".{final.name}.said-and-done.json")


class OutputStore:
    def __init__(self, staging: Path, final: Path, previous: dict | None, fingerprint: str = "",
                 current: Path | None = None, spare: Path | None = None, spare_differs: set | None = None):
        self.staging = staging
        self.final = final
        # The folder of the published build (what `final` points to), None if there is none
        # (a first build, or a plain Pelican run that does not publish).
        self.current = current
        self._current = str(current)
        # The build before the published one, and the paths where the two differ (outputs.commit).
        self.spare = spare
        self.spare_differs = spare_differs or set()
        self.fingerprint = fingerprint
        # relative path -> [size, mtime_ns, key or None] from the last build's record;
        # empty when nothing can be kept (first or clean build, or the fingerprint changed)
        self.previous = previous or {}
        self.incremental = previous is not None
        self.kept: dict[str, list] = {}  # kept from the last build, as recorded
        self.keys: dict[str, str] = {}  # keys of what this build wrote
        self.folder_keys: dict[str, str] = {}
        self._on_close = []

    # -- for producers ---------------------------------------------------------
    def reuse(self, path: str, key: str | None) -> bool:
        """True when `path` (a file, or a folder ending in '/') is kept unchanged from the last build.

        Kept means: the last build made it from the same key and the published copy
        is as that build left it. The caller then neither renders nor writes it.
        """
        if key is None or not self.previous:
            return False
        if path.endswith("/"):
            return self._reuse_folder(path, key)
        entry = self.previous.get(path)
        if not entry or entry[2] != key or not self._untouched(path, entry):
            return False
        self.kept[path] = entry
        return True

    def record(self, path: str, key: str | None) -> None:
        """Note the key a newly written file (or folder, ending in '/') was made from."""
        if key is None:
            return
        if path.endswith("/"):
            self.folder_keys[path] = key
        else:
            self.keys[path] = key

    def previous_key(self, path: str) -> str | None:
        """The key the last build recorded for path (a file, or a folder ending in '/'), if any."""
        entry = self.previous.get(path)
        return entry[2] if entry else None

    def key_of(self, path: str) -> str | None:
        """The key the current copy of path was made from, written this build or kept; None if unknown."""
        if path in self.keys:
            return self.keys[path]
        entry = self.kept.get(path)
        return entry[2] if entry else None

    def read_path(self, path: str) -> Path:
        """Where the current bytes of an output file are: staged this build, or kept from the last."""
        staged = self.staging / path
        if self.current is not None and (path in self.kept or not staged.exists()):
            return self.current / path
        return staged

    def exists(self, path: str) -> bool:
        """Whether this build has an output file at path, staged or kept."""
        return path in self.kept or (self.staging / path).is_file()

    def all_files(self) -> set:
        """Every file this build has produced so far, staged or kept, as relative paths."""
        return set(self.kept) | set(_files(self.staging))

    def _reuse_folder(self, folder: str, key: str) -> bool:
        marker = self.previous.get(folder)
        if not marker or marker[2] != key:
            return False
        # A folder inside it with its own key (a search index shard) is kept or made on its own.
        nested = tuple(p for p in self.previous if p.endswith("/") and p != folder and p.startswith(folder))
        inside = {p: e for p, e in self.previous.items()
                  if p.startswith(folder) and p != folder and not p.endswith("/") and not p.startswith(nested or ("\0",))}
        if not all(self._untouched(p, e) for p, e in inside.items()):
            return False
        self.kept.update(inside)
        self.folder_keys[folder] = key
        return True

    def _untouched(self, path: str, entry: list) -> bool:
        try:
            # A string join, not a Path: asked for every kept file (60,000 at 10,000
            # records), where building Path objects took half a second.
            st = os.stat(os.path.join(self._current, path))
        except OSError:
            return False
        return st.st_size == entry[0] and st.st_mtime_ns == entry[1]

    # -- for the build command ---------------------------------------------------
    def commit(self) -> dict:
        """Publish the staged build; return counts of files written, unchanged, kept and deleted."""
        same, tree = set(), {}
        staged_files = list(_files(self.staging))
        for rel in staged_files:
            published = None if self.current is None else os.path.join(self._current, rel)
            staged = os.path.join(self.staging, rel)
            if published is not None and os.path.isfile(published) and filecmp.cmp(staged, published, shallow=False):
                same.add(rel)  # the same bytes: the published file is kept, with its inode and mtime
                staged = published
            st = os.stat(staged)
            tree[rel] = [st.st_size, st.st_mtime_ns, self.keys.get(rel)]
        for rel, entry in self.kept.items():
            tree.setdefault(rel, entry)  # a kept path written again after all: the new bytes win
        written = set(staged_files) - same
        deleted = {rel for rel in self.previous.keys() - tree.keys() if not rel.endswith("/")}
        counts = {"written": len(written), "unchanged": len(same), "kept": len(tree) - len(staged_files),
                  "deleted": len(deleted)}
        if self.spare is not None:
            folder = self._update_spare(tree, written, deleted)
        else:
            folder = self._complete_staging(tree.keys() - set(staged_files) | same, same)
        # The build replaced becomes the spare, which the next build updates, when what differs
        # between the two is known: what this build wrote and deleted, against a trusted record.
        spare = {"spare": self.current.name, "spare_differs": sorted(written | deleted)} if (
            self.incremental and self.current is not None and self.current != self.final) else {}
        publish.switch(folder, self.final, lambda name: self._write_manifest(tree, name, spare), keep=bool(spare))
        return counts

    def _complete_staging(self, linked: set, same: set) -> Path:
        """Make the staging folder the whole build: every file kept or rebuilt unchanged becomes a hard
        link to the published one (a directory entry each, no copy). O(files): for a first or clean build."""
        made = set()
        for rel in sorted(linked):
            target = os.path.join(self.staging, rel)
            parent = os.path.dirname(rel)
            if parent and parent not in made:
                os.makedirs(os.path.join(self.staging, parent), exist_ok=True)
                made.add(parent)
            if rel in same:
                os.unlink(target)
            _link(os.path.join(self._current, rel), target)
        return self.staging

    def _update_spare(self, tree: dict, written: set, deleted: set) -> Path:
        """Make the spare (the build before the published one) the whole new build, changing only what
        differs: what differed between it and the published build, and what this build wrote or deleted.

        O(changes), where completing the staging folder and removing the replaced build cost a
        directory entry per file each (removing one takes milliseconds on some disks: seconds a
        build at 1,000 records). The spare is first renamed to a staging name, so a build killed
        while it is changed leaves a folder the next build removes, never a spare it would trust.
        """
        work = publish.claim(self.spare, self.final)
        fix = self.spare_differs | written | deleted
        # Removals first: a file may give way to a folder of the same name, or a folder to a file.
        for rel in sorted(rel for rel in fix if rel not in tree):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(os.path.join(work, rel))
            _remove_empty_parents(work / rel, work)
        for rel in sorted(rel for rel in fix if rel in tree):
            target = os.path.join(work, rel)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            if rel in written:
                os.replace(os.path.join(self.staging, rel), target)
            else:
                temporary = f"{target}.{os.getpid()}.link"
                _link(os.path.join(self._current, rel), temporary)
                os.replace(temporary, target)
        # What is left holds only files rebuilt with the same bytes as the published ones.
        shutil.rmtree(self.staging, ignore_errors=True)
        return work

    def _write_manifest(self, tree: dict, folder: str, spare: dict) -> None:
        tree = {**tree, **{name: [0, 0, key] for name, key in self.folder_keys.items()}}
        path = manifest_path(self.final)
        temporary = path.with_name(path.name + ".tmp")
        with open(temporary, "w", encoding="utf-8") as out:
            out.write(json.dumps({"format": FORMAT, "fingerprint": self.fingerprint, "folder": folder, **spare,
                                  "files": tree}, separators=(",", ":")))
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)

    def on_close(self, stop) -> None:
        """Call stop() when the build ends: work still running in the background that
        writes into the staging folder (the search index) is stopped before it goes."""
        self._on_close.append(stop)

    def close(self) -> None:
        """The build is over, published or not: stop its background work."""
        while self._on_close:
            self._on_close.pop()()


_READ = object()


def open_store(staging: Path, final: Path, fingerprint: str, clean: bool, record=_READ) -> OutputStore:
    """The store for a build from staging into final, trusting the last build's record if it can.

    record: the record as last_record(final) read it, if the caller has (it is large: read once)."""
    current = publish.published_folder(final)
    saved = None if clean or current is None else last_record(final) if record is _READ else record
    if saved is None:
        return OutputStore(staging, final, None, fingerprint, current=current)
    previous = {k: v for k, v in saved["files"].items() if isinstance(v, list) and len(v) == 3}
    if saved.get("fingerprint") != fingerprint:
        # Settings, templates or code changed: nothing is kept unrendered, but the commit
        # still leaves every file whose bytes did not change as it is.
        previous = {k: [v[0], v[1], None] for k, v in previous.items()}
    spare = final.parent / saved["spare"] if isinstance(saved.get("spare"), str) else None
    if spare is None or not spare.name.startswith(f".{final.name}.site-") or not spare.is_dir() or spare == current:
        return OutputStore(staging, final, previous, fingerprint, current=current)
    return OutputStore(staging, final, previous, fingerprint, current=current, spare=spare,
                       spare_differs={str(p) for p in saved.get("spare_differs", [])})


def spare_named(final: Path, record=_READ) -> set:
    """The name of the spare build folder the record of the published build names, if it is trusted:
    what tidying up must leave alone beside the output."""
    saved = last_record(final) if record is _READ else record
    return {saved["spare"]} if saved and isinstance(saved.get("spare"), str) else set()


def last_record(final: Path) -> dict | None:
    """The record of the last build, if it describes the build final publishes; None if not."""
    current = publish.published_folder(final)
    return None if current is None else _trusted_record(final, current)


def _trusted_record(final: Path, current: Path) -> dict | None:
    """The record of the last build, if it describes the published build; None if not, or unreadable."""
    try:
        saved = json.loads(manifest_path(final).read_text(encoding="utf-8"))
        if saved.get("format") == FORMAT and _describes(saved, final, current) and isinstance(saved["files"], dict):
            return saved
    except (OSError, ValueError, KeyError, AttributeError, TypeError):
        pass
    return None


def _describes(saved: dict, final: Path, current: Path) -> bool:
    """Whether the record is of the published build: it names the folder final points to, or,
    written by an older version that published into a real folder, it names none and final is one."""
    if "folder" in saved:
        return current.name == saved["folder"] and current != final
    return current == final


def _files(folder: Path):
    """Relative paths (with /) of every file under folder, in a stable order."""
    base = str(folder)
    for directory, dirs, files in os.walk(base):
        dirs.sort()
        rel_dir = os.path.relpath(directory, base)
        for name in sorted(files):
            yield name if rel_dir == "." else f"{rel_dir}/{name}".replace(os.sep, "/")


def _link(published, staged) -> None:
    """Make staged the published file, by a hard link; by a copy (which keeps the mtime) where
    the file system has no hard links (some network and Windows shares) or the file has too many."""
    try:
        os.link(published, staged)
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise
        shutil.copy2(published, staged)


def _remove_empty_parents(path: Path, top: Path) -> None:
    parent = path.parent
    while parent != top and top in parent.parents:
        try:
            parent.rmdir()
        except OSError:
            return
        parent = parent.parent
