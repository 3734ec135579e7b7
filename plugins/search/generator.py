"""Writes /search/ and tells the consultation templates what to tag; records what must be indexed."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from pelican.generators import Generator

from said_and_done import outputs
from said_and_done.digest import digest_of
from said_and_done.hooks import BuildFailed

from .facets import entry_for, filter_groups, page_url, searchable_pages
from .indexer import PINNED, index_site
from .options import search_options

SEARCH_URL = "search/"


class SearchTags:
    """Given to templates as `search`: the data-pagefind-* values of the page being written."""

    def __init__(self, filter_keys):
        self._keys = filter_keys

    def entry(self, consultation, kind):
        return entry_for(consultation, kind, self._keys)


class SearchBuild:
    """One build's search work: filled in while pages are written, carried out once all are.

    Pagefind is given a folder holding only the searchable pages, linked from where
    their current bytes are: pages kept from the last build are not in the staging
    folder (said_and_done.outputs). The index is kept as published when no
    searchable page changed (its key is made from the pages' own keys).
    """

    def __init__(self, settings):
        self.settings = settings
        self.options = search_options(settings)
        self.pages = None

    def plan(self, register):
        self.pages = [page_url(c, kind) + "index.html" for c, kind in searchable_pages(register.consultations)]

    def run(self, output_path):
        if self.pages is None:
            raise BuildFailed("The search index was not planned: the search plugin's generator did not run.")
        store = outputs.current(self.settings)
        bundle = self.options.bundle_dir + "/"
        key = self._key(store)
        if store.reuse(bundle, key):
            return None
        staging = Path(output_path)
        site = Path(tempfile.mkdtemp(prefix=".search-pages-", dir=staging.parent))
        try:
            for name in self.pages:
                _link(store.read_path(name), site / name)
            entry = index_site(site, staging / self.options.bundle_dir, len(self.pages), self.options)
        finally:
            shutil.rmtree(site, ignore_errors=True)
        store.record(bundle, key)
        return entry

    def _key(self, store):
        """Pagefind's version, the settings and every searchable page's key; None if a page has none."""
        keys = [store.key_of(name) for name in self.pages]
        if None in keys:
            return None
        return digest_of([PINNED, self.options, self.pages, keys])


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
            bundle_dir=options.bundle_dir,
            results_per_page=options.results_per_page,
            excerpt_words=options.excerpt_words,
        )
