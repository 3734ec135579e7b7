"""Writes /search/ and tells the consultation templates what to tag; records what must be indexed."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pelican.generators import Generator

from said_and_done.api import (
    BuildFailed,
    current_output,
    digest_of,
    keep_folder,
    keep_folder_as_before,
    keep_or_write,
    no_longer_running_beside,
    record_figure,
    report_progress,
    running_beside,
    wrote_folder,
)

from .a_to_z import a_to_z
from .delta import (
    DELTA_FILE,
    changes,
    delta_folder,
    delta_json,
    forget_indexed,
    indexed_key,
    mark_indexed,
    part_pages,
    split,
    stale_entries,
    weight,
)
from .facets import entry_for, filter_groups, page_url, searchable_pages, shard_count, shard_folder, shard_of
from .indexer import PINNED, SearchIndexError, check_index, failure, find_pagefind, pagefind_command, pagefind_env
from .input_folder import input_root, update
from .options import search_options
from .subjects import subject_records
from .words import search_words

SEARCH_URL = "search/"
# The spelling, synonym and name list the search page rewrites queries with (words.py):
# a script module of its own (its data as JSON), since the site's pages carry no inline
# script, and a .json file outside /data/ would read as open data for partners.
WORDS_FILE = SEARCH_URL + "words.js"
RUNNER = Path(__file__).with_name("run_shards.py")

logger = logging.getLogger(__name__)


class SearchTags:
    """Given to templates as `search`: the data-pagefind-* values of the page being written."""

    def __init__(self, filter_keys):
        self._keys = filter_keys

    def entry(self, consultation, kind):
        return entry_for(consultation, kind, self._keys)


class SearchBuild:
    """One build's search work: planned once the register is loaded, started as soon as
    the pages it indexes are written, checked once every page is.

    The searchable pages are split into shards by consultation id (facets.shard_of;
    how many: facets.shard_count, from SEARCH['records_per_shard']), each indexed by
    its own Pagefind run, one after another, so memory is bounded by the shard size
    (Pagefind already uses both cores: two runs at once were no faster). Shard 0 is
    output/pagefind/, shard N output/pagefind/shard-N/; /search/ lists them and merges
    them in the browser (search.js). Pagefind is given a folder holding only one shard's
    pages, linked from where their current bytes are (pages kept from the last build
    are not in the staging folder: said_and_done.build.outputs). A shard whose pages are all
    what they were is kept as published (outputs.OutputStore.reuse).

    The runs start when the said_and_done plugin says its pages are written
    (hooks.pages_written), in a background process (run_shards.py), so Pagefind works
    while the other plugins render their lists and exports; `finish`, on Pelican's
    finalized signal, waits for it and checks every shard. Pagefind reads only the
    consultation and "You said, we did" pages, which nothing after them changes.
    """

    def __init__(self, settings):
        self.settings = settings
        self.options = search_options(settings)
        self.shards = None  # one list of page files per shard
        # Places, organisations and topics (subjects.py): page file -> the HTML Pagefind
        # reads for it, indexed with shard 0 (a few hundred at most, so one shard holds them).
        self.records = {}
        self._jobs = None  # the shards being indexed, once started
        self._runner = None
        self._said = None  # the runner's report, a file

    def plan(self, register):
        if self.shards is not None:
            return
        count = shard_count(len(register.consultations), self.options.records_per_shard)
        self.shards = [[] for _ in range(count)]
        for c, kind in searchable_pages(register.consultations):
            self.shards[shard_of(c.id, count)].append(page_url(c, kind) + "index.html")
        if any(self.shards):  # no consultations: no index at all (finish)
            self.records = {r.file: r.html() for r in subject_records(register)}

    @property
    def folders(self) -> list:
        return [shard_folder(self.options.bundle_dir, i) for i in range(len(self.shards or [None]))]

    @property
    def bundles(self) -> list:
        """The folders that will hold an index: a shard with no pages gets none."""
        return [folder for i, (pages, folder) in enumerate(zip(self.shards or [[]], self.folders, strict=False))
                if pages or (i == 0 and self.records)]

    def start(self, output_path):
        """Start indexing every shard whose pages changed since the last build, in the background:
        whole, or (a few changed pages) only those pages, into the delta (delta.py)."""
        if self._jobs is not None:
            return
        if self.shards is None:
            raise BuildFailed("The search index was not planned: the search plugin's generator did not run.")
        store = current_output(self.settings)
        staging = Path(output_path)
        self._jobs = []
        # Kept beside the output between builds (input_folder.py): an edit changes a few links.
        root = input_root(store.final)
        if not any(self.shards):
            return  # no consultations: no index at all (finish)
        whole, bases = self._sort_parts(store, root)
        # Before anything is written beside the output: a build without Pagefind leaves nothing.
        binary = find_pagefind() if whole or bases else None
        delta = self._plan_delta(store, root, bases)
        if not whole and delta is None:
            return
        root.mkdir(parents=True, exist_ok=True)
        store.on_close(self.stop)  # a build that fails later stops Pagefind before its folder goes
        if delta is not None:
            self._jobs.append(delta)
        for part in sorted(whole, key=lambda p: p.number):
            forget_indexed(part.site)  # the folder is about to change: no longer a base
            self._jobs.append(_Job(part.folder, part.key, len(part.pages) + len(part.records), part.site))
            update(part.site, {name: store.read_path(name) for name in part.pages}, part.records)
        if not self._jobs:
            return
        plan = [{"cwd": str(job.site), "timeout": self.options.timeout_seconds,
                 "command": pagefind_command(binary, job.site, staging / job.folder, self.options)}
                for job in self._jobs]
        plan_file = root / "plan.json"  # beside the parts' folders, not in one Pagefind reads
        plan_file.write_text(json.dumps(plan), encoding="utf-8")
        # Read after the runner ends and closed by stop(), so not a with block.
        self._said = tempfile.TemporaryFile(mode="w+", encoding="utf-8")  # noqa: SIM115
        try:
            # In a process group of its own, so stop() ends the runner and its Pagefind together.
            self._runner = subprocess.Popen([sys.executable, str(RUNNER), str(plan_file), str(os.getpid())],
                                            env=pagefind_env(), stdout=self._said, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        except OSError as exc:
            self.stop()
            raise SearchIndexError(f"The search index could not be started: {exc}") from exc
        running_beside(self.settings, self._running)

    def _sort_parts(self, store, root) -> tuple:
        """(parts to index whole, bases): each part whose pages changed is indexed whole
        again, or kept as it was with its changed pages left to the delta (delta.py)."""
        whole, candidates = [], {}
        for i, (pages, folder) in enumerate(zip(self.shards, self.folders, strict=True)):
            records = self.records if i == 0 else {}
            if not pages and not records:
                continue  # a part no consultation hashes to (a small register, many parts) has no index
            key = self._key(store, pages, records)
            if keep_folder(self.settings, folder, key):
                continue
            part = _Part(i, folder, key, pages, records, root / f"part-{i}")
            base = self._base(store, part)
            if base is None:
                whole.append(part)
            else:
                candidates[i] = (part, base)
        kept, compacted = split([base for _, base in candidates.values()], self.options.delta_pages)
        whole += [candidates[base.part][0] for base in compacted]
        bases = []
        for base in kept:
            # Pagefind adds its files to a bundle folder and leaves other files there alone,
            # so part 0's folder can stay beside the other parts and the delta written into it.
            if keep_folder_as_before(self.settings, base.folder) is None:  # touched since: index it whole
                whole.append(candidates[base.part][0])
            else:
                bases.append(base)
        return whole, bases

    def _base(self, store, part):
        """How `part` differs from the index made of it last time, if that index can stay (delta.py)."""
        if not self.options.delta_pages or store.current is None:
            return None
        made_from = indexed_key(part.site)
        if made_from is None or made_from != store.previous_key(part.folder):
            return None
        return changes(part.number, part.folder, part.site,
                       {name: store.read_path(name) for name in part.pages}, part.records)

    def _plan_delta(self, store, root, bases):
        """Write /pagefind/delta/delta.json for the pages that differ from the kept parts, and
        the job indexing them, if any; None when the delta folder is kept as it was."""
        folder = delta_folder(self.options.bundle_dir)
        pages = {name: store.read_path(name) for base in bases for name in base.pages}
        records = {name: self.records[name] for base in bases for name in base.records}
        stale = {}
        for base in bases:
            stale.update(stale_entries(base, store.current / base.folder, store.previous_key(base.folder)))
        key = digest_of([PINNED, self.options, sorted(pages), [store.key_of(name) or _bytes_hash(path)
                                                               for name, path in sorted(pages.items())],
                         sorted(records.items()), sorted(stale.items())])
        if keep_folder(self.settings, folder, key):
            return None
        target = Path(self.settings["OUTPUT_PATH"]) / folder
        target.mkdir(parents=True, exist_ok=True)
        base_pages = [part_pages(store.current / base.folder) for base in bases]
        ranked = weight(sum(base_pages) / len(base_pages), len(pages) + len(records)) if bases else 1.0
        (target / DELTA_FILE).write_text(delta_json(bool(pages or records), stale, ranked), encoding="utf-8")
        record_figure(self.settings, "search delta", {"pages": len(pages) + len(records), "stale": len(stale)})
        if not pages and not records:
            wrote_folder(self.settings, folder, key)
            return None
        site = root / "delta"
        update(site, pages, records)
        return _Job(folder, key, len(pages) + len(records), site, delta=True)

    def _running(self) -> bool:
        return self._runner is not None and self._runner.poll() is None

    def finish(self, output_path):
        """Wait for the shards started by `start` (starting them now if nothing did) and check each."""
        if self.shards is None:
            raise BuildFailed("The search index was not planned: the search plugin's generator did not run.")
        if not any(self.shards):
            # Pagefind refuses to build an empty index; /search/ then says search is unavailable.
            logger.warning("No consultations yet, so there is nothing to search: the search index was not built.")
            return []
        self.start(output_path)
        try:
            indexed = []  # (pages, seconds) of each part Pagefind indexed, for the benchmark
            if self._runner is not None:
                self._wait_for_runner()
                self._said.seek(0)
                lines = self._said.read().splitlines()
                results = [json.loads(line) for line in lines if line.startswith("{")]
                for job, result in zip(self._jobs, results, strict=False):  # fewer results: checked below
                    if result["timed_out"] or result["returncode"] != 0:
                        raise failure(job.site, result["returncode"], result["said"], result["timed_out"],
                                      self.options)
                if len(results) < len(self._jobs) or self._runner.returncode != 0:
                    said = "\n".join(line for line in lines if not line.startswith("{"))[-2000:]
                    raise SearchIndexError(f"The search index was not finished (exit code "
                                           f"{self._runner.returncode}):\n{said}")
                indexed = [{"pages": job.pages, "seconds": result["seconds"], **({"delta": True} if job.delta else {})}
                           for job, result in zip(self._jobs, results, strict=True)]
            record_figure(self.settings, "search parts", {"parts": len(self.bundles), "indexed": indexed})
            entries = []
            for job in self._jobs:
                entries.append(check_index(Path(output_path) / job.folder, job.pages))
                wrote_folder(self.settings, job.folder, job.key)
                if not job.delta:
                    mark_indexed(job.site, job.key)  # a base for the deltas of later builds
            return entries
        finally:
            self.stop()

    def _wait_for_runner(self):
        """Wait for the runner, telling the build's progress how many parts it has indexed (a line each)."""
        while True:
            try:
                self._runner.wait(timeout=0.2)
                return
            except subprocess.TimeoutExpired:
                # pread, not seek and read: the runner writes through the same file offset.
                said = os.pread(self._said.fileno(), 1 << 20, 0)
                done = sum(1 for line in said.splitlines() if line.startswith(b"{"))
                report_progress(self.settings, "search index", done, len(self._jobs))

    def stop(self):
        """Stop Pagefind if it still runs."""
        no_longer_running_beside(self.settings, self._running)
        if self._runner is not None and self._runner.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self._runner.pid, signal.SIGKILL)
            self._runner.wait()
        if self._said is not None:
            self._said.close()
            self._said = None

    def _key(self, store, pages, records):
        """Pagefind's version, the settings and what every page is: the key it was rendered
        from (which fixes its bytes, and costs nothing to ask), or else a hash of its bytes;
        and the place, organisation and topic records as written."""
        return digest_of([PINNED, self.options, pages,
                          [store.key_of(name) or _bytes_hash(store.read_path(name)) for name in pages],
                          sorted(records.items())])


@dataclass(frozen=True)
class _Job:
    """One shard to index: its folder in the output, its key, its page count, and the
    folder of links to its pages that Pagefind reads."""

    folder: str
    key: str
    pages: int
    site: Path
    delta: bool = False


@dataclass
class _Part:
    """One part of the index with changed pages: its number, bundle folder, key, pages
    (names), place/organisation/topic records (name -> HTML) and input folder."""

    number: int
    folder: str
    key: str
    pages: list
    records: dict
    site: Path


def _bytes_hash(path: Path) -> str:
    return "sha1:" + hashlib.sha1(path.read_bytes()).hexdigest()


class SearchPageGenerator(Generator):
    """Writes search/index.html. `build` is set per build by the plugin's get_generators receiver."""

    build: SearchBuild = None

    def generate_context(self):
        # Shared with every generator's templates: consultation pages print their tags with it.
        self.context["search"] = SearchTags(self.build.options.filters)
        self.context["search_url"] = SEARCH_URL

    def generate_output(self, writer):
        # Every generator's context is filled in by now, whatever order the plugins load in.
        register = self.context.get("register")
        if register is None:
            raise BuildFailed("The search plugin needs the said_and_done plugin: list both in PLUGINS.")
        self.build.plan(register)
        options = self.build.options
        records = subject_records(register)
        words = search_words(register, records)
        keep_or_write(self.settings, WORDS_FILE, words,
                      lambda: "// Written by the search plugin (plugins/search/words.py): do not edit.\nexport default "
                      + json.dumps(words, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + ";\n")
        writer.write_file(
            SEARCH_URL + "index.html", self.get_template("search"), self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            filter_groups=filter_groups(register, options.filters),
            bundle_dir=(self.build.bundles or [options.bundle_dir + "/"])[0].rstrip("/"),
            # The other parts of the index, merged into the first by the search page.
            extra_bundles=self.build.bundles[1:],
            results_per_page=options.results_per_page,
            excerpt_words=options.excerpt_words,
            words_url=WORDS_FILE,
            # One result per consultation: its results page is left out unless asked for.
            fold_results="type" in options.filters,
            # What the page shows without JavaScript (a_to_z.py says why).
            a_to_z=a_to_z(records),
        )
