"""Writes /search/ and tells the consultation templates what to tag; records what must be indexed."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
from pathlib import Path

from pelican.generators import Generator

from said_and_done import outputs
from said_and_done.digest import digest_of
from said_and_done.hooks import BuildFailed

from .facets import entry_for, filter_groups, page_url, searchable_pages, shard_count, shard_folder, shard_of
from .indexer import PINNED, index_site
from .options import search_options

SEARCH_URL = "search/"

logger = logging.getLogger(__name__)


class SearchTags:
    """Given to templates as `search`: the data-pagefind-* values of the page being written."""

    def __init__(self, filter_keys):
        self._keys = filter_keys

    def entry(self, consultation, kind):
        return entry_for(consultation, kind, self._keys)


class SearchBuild:
    """One build's search work: filled in while pages are written, carried out once all are.

    The searchable pages are split into shards by consultation id (facets.shard_of;
    how many: facets.shard_count, from SEARCH['records_per_shard']), each indexed by
    its own Pagefind run, one after another, so memory is bounded by the shard size
    (Pagefind already uses both cores: two runs at once were no faster). Shard 0 is
    output/pagefind/, shard N output/pagefind/shard-N/; /search/ lists them and merges
    them in the browser (search.js). Pagefind is given a folder holding only one shard's
    pages, linked from where their current bytes are (pages kept from the last build
    are not in the staging folder: said_and_done.outputs). A shard whose pages are all
    what they were is kept as published (outputs.OutputStore.reuse).
    """

    def __init__(self, settings):
        self.settings = settings
        self.options = search_options(settings)
        self.shards = None  # one list of page files per shard

    def plan(self, register):
        count = shard_count(len(register.consultations), self.options.records_per_shard)
        self.shards = [[] for _ in range(count)]
        for c, kind in searchable_pages(register.consultations):
            self.shards[shard_of(c.id, count)].append(page_url(c, kind) + "index.html")

    @property
    def folders(self) -> list:
        return [shard_folder(self.options.bundle_dir, i) for i in range(len(self.shards or [None]))]

    @property
    def bundles(self) -> list:
        """The folders that will hold an index: a shard with no pages gets none."""
        return [folder for pages, folder in zip(self.shards or [[]], self.folders) if pages]

    def run(self, output_path):
        if self.shards is None:
            raise BuildFailed("The search index was not planned: the search plugin's generator did not run.")
        store = outputs.current(self.settings)
        entries = []
        if not any(self.shards):
            # Pagefind refuses to build an empty index; /search/ then says search is unavailable.
            logger.warning("No consultations yet, so there is nothing to search: the search index was not built.")
            return entries
        # Pagefind adds its files to a bundle folder and leaves other files there alone,
        # so part 0's folder can hold the other parts (pagefind/shard-N/).
        for pages, folder in zip(self.shards, self.folders):
            if not pages:
                continue  # a part no consultation hashes to (a small register, many parts) has no index
            key = self._key(store, pages)
            if store.reuse(folder, key):
                continue
            entries.append(self._index(store, Path(output_path), pages, folder))
            store.record(folder, key)
        return entries

    def _index(self, store, staging: Path, pages: list, folder: str):
        site = Path(tempfile.mkdtemp(prefix=".search-pages-", dir=staging.parent))
        try:
            for name in pages:
                _link(store.read_path(name), site / name)
            return index_site(site, staging / folder, len(pages), self.options)
        finally:
            shutil.rmtree(site, ignore_errors=True)

    def _key(self, store, pages):
        """Pagefind's version, the settings and what every page is: the key it was rendered
        from (which fixes its bytes, and costs nothing to ask), or else a hash of its bytes."""
        return digest_of([PINNED, self.options, pages,
                          [store.key_of(name) or _bytes_hash(store.read_path(name)) for name in pages]])


def _bytes_hash(path: Path) -> str:
    return "sha1:" + hashlib.sha1(path.read_bytes()).hexdigest()


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another file system: copy
        shutil.copyfile(source, target)


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
        writer.write_file(
            SEARCH_URL + "index.html", self.get_template("search"), self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            filter_groups=filter_groups(register, options.filters),
            bundle_dir=(self.build.bundles or [options.bundle_dir + "/"])[0].rstrip("/"),
            # The other parts of the index, merged into the first by the search page.
            extra_bundles=self.build.bundles[1:],
            results_per_page=options.results_per_page,
            excerpt_words=options.excerpt_words,
        )
