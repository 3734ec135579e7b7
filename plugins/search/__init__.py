"""Said & Done search: a Pagefind index built with every site, and the /search/ page.

Settings: the SEARCH dict in pelicanconf.py (see options.py). Every build:
1. once the register is derived (the said_and_done plugin's register_derived
   signal), each consultation and "You said, we did" page is given its filters,
   metadata and sort key (facets.add_entries); the pages print them as
   data-pagefind-* attributes, and mark their main content with data-pagefind-body;
2. /search/ is written, with its filters listed from the same values, the
   addresses of the index's shards (data-bundle, data-extra-bundles) and the
   spelling, synonym and name list its script rewrites queries with (words.py);
3. as soon as the consultation and results pages are written (the said_and_done
   plugin's pages_written signal), Pagefind starts indexing them shard by shard in
   the background while the rest of the site is built, and on Pelican's `finalized`
   signal the build waits for it (generator.SearchBuild): a register of up to
   SEARCH['records_per_shard'] consultations is one shard, output/<bundle_dir>/;
   every locality, organisation and topic is a record of its own in shard 0,
   at its page's address (subjects.py), so "Hollin Bank" finds Oakhythe;
   a larger one adds output/<bundle_dir>/shard-N/, merged by the search page.
   A shard none of whose pages changed since the last build is kept. If indexing
   fails, or Pagefind is not installed, the build fails and the published site
   stays as it was.
"""

from __future__ import annotations

from pelican import signals

from said_and_done.api import consultation_derived, pages_written, phase, plugin_state, register_derived

from .facets import add_entries, add_entries_of
from .generator import SearchBuild, SearchPageGenerator
from .options import search_options


def get_generators(pelican):
    # One SearchBuild per Pelican run, kept with the build's state, found again by the
    # receivers below; a build that stops early leaves nothing behind.
    build = plugin_state(pelican.settings)["search"] = SearchBuild(pelican.settings)
    # A generator class of this run's own, so the generator and the finalized
    # receiver share the build's plan without module-wide state.
    return type("SearchPageGenerator", (SearchPageGenerator,), {"build": build})


def derive_entries(register):
    """register_derived: every page's search entry, worked out before any page is rendered."""
    add_entries(register, search_options(register.settings).filters)


def derive_entries_of(consultation, register):
    """consultation_derived: the preview's first look gives an edited record's pages their search entries too."""
    add_entries_of(consultation, register)


def start_indexing(generator):
    """pages_written: the pages the index reads are final, so Pagefind can start on them."""
    build = plugin_state(generator.settings).get("search")
    if build is not None:
        with phase(generator.settings, "search index"):
            build.plan(generator.context["register"])
            build.start(generator.settings["OUTPUT_PATH"])


def index_search(pelican):
    build = plugin_state(pelican.settings).pop("search", None)
    if build is not None:
        with phase(pelican.settings, "search index"):
            build.finish(pelican.settings["OUTPUT_PATH"])


def register():
    signals.get_generators.connect(get_generators)
    register_derived.connect(derive_entries)
    consultation_derived.connect(derive_entries_of)
    pages_written.connect(start_indexing)
    signals.finalized.connect(index_search)
