"""Said & Done search: a Pagefind index built with every site, and the /search/ page.

Settings: the SEARCH dict in pelicanconf.py (see options.py). Every build:
1. consultation and "You said, we did" pages print their filters, metadata and
   sort key (facets.py) as data-pagefind-* attributes, and mark their main
   content with data-pagefind-body;
2. /search/ is written, with its filters listed from the same values and the
   addresses of the index's shards (data-bundle, data-extra-bundles);
3. on Pelican's `finalized` signal, when every page is written, Pagefind indexes
   them shard by shard (generator.SearchBuild): a register of up to
   SEARCH['records_per_shard'] consultations is one shard, output/<bundle_dir>/;
   a larger one adds output/<bundle_dir>/shard-N/, merged by the search page.
   A shard none of whose pages changed since the last build is kept. If indexing
   fails, or Pagefind is not installed, the build fails and the published site
   stays as it was.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from pelican import signals

from said_and_done.timing import phase

from .generator import SearchBuild, SearchPageGenerator

# One SearchBuild per Pelican run, found again by the finalized receiver; weak, so
# a build that stops early leaves nothing behind.
_builds = WeakKeyDictionary()


def get_generators(pelican):
    build = SearchBuild(pelican.settings)
    _builds[pelican] = build
    # A generator class of this run's own, so the generator and the finalized
    # receiver share the build's plan without module-wide state.
    return type("SearchPageGenerator", (SearchPageGenerator,), {"build": build})


def index_search(pelican):
    build = _builds.pop(pelican, None)
    if build is not None:
        with phase("search index"):
            build.run(pelican.settings["OUTPUT_PATH"])


def register():
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(index_search)
