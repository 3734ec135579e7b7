"""Writes /search/ and tells the consultation templates what to tag; records what must be indexed."""

from __future__ import annotations

from pathlib import Path

from pelican.generators import Generator

from said_and_done.hooks import BuildFailed

from .facets import entry_for, filter_groups, page_url, searchable_pages
from .indexer import index_site
from .options import search_options

SEARCH_URL = "search/"


class SearchTags:
    """Given to templates as `search`: the data-pagefind-* values of the page being written."""

    def __init__(self, filter_keys):
        self._keys = filter_keys

    def entry(self, consultation, kind):
        return entry_for(consultation, kind, self._keys)


class SearchBuild:
    """One build's search work: filled in while pages are written, carried out once all are."""

    def __init__(self, settings):
        self.options = search_options(settings)
        self.expected_pages = None
        self.folders = ()

    def plan(self, register):
        urls = [page_url(c, kind) for c, kind in searchable_pages(register.consultations)]
        self.expected_pages = len(urls)
        self.folders = tuple(sorted({url.split("/", 1)[0] for url in urls}))

    def run(self, output_path):
        if self.expected_pages is None:
            raise BuildFailed("The search index was not planned: the search plugin's generator did not run.")
        return index_site(Path(output_path), self.folders, self.expected_pages, self.options)


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
