"""The search plugin's settings: one SEARCH dict in pelicanconf.py, with checked defaults.

A typo in a key or a wrong type stops the build with a clear message, as for
SAID_AND_DONE (the same SettingsError, so `make html` prints it without a traceback).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from said_and_done.api import SettingsError, merged_settings

from .facets import FILTERS

DEFAULTS = {
    # Folder (inside the output) that Pagefind writes its index and scripts into.
    "bundle_dir": "pagefind",
    # Index everything as this one language (ISO 639-1). The site is English with
    # some summaries translated; one index means the search page finds those too.
    "language": "en",
    # Filters shown on /search/, in this order. Drop a key to hide a filter that
    # does not help (a partnership of one organisation needs no organisation filter).
    "filters": list(FILTERS),
    # Results shown at first, and added by each "Show more results".
    "results_per_page": 10,
    # Words of context shown around the matching words in each result.
    "excerpt_words": 30,
    # Longest an indexing run may take before the build gives up, in seconds.
    "timeout_seconds": 600,
    # Consultations per part (shard) of the index. Pagefind's memory grows with the
    # pages it indexes (2.2 GB for 10,000 consultations in one run), so a larger register
    # is indexed in parts, one after another, which the search page merges in the
    # browser; an edit re-indexes only the parts holding a changed page. Measured at
    # 10,000 (bench/search_index.py): 1,000 a part is 10 parts, 240 MB and 3.6 s to
    # index one part again; 2,000 is 490 MB and 8 s; 500 is 130 MB and 1.4 s. Each part
    # is about ten more small files for the browser to fetch, and a search sorted by
    # date asks each part once more, so fewer parts make a faster search page.
    "records_per_shard": 1000,
    # Most pages an edit may leave to the small index of changed pages (delta.py) before
    # the parts holding them are indexed whole again. Pagefind reads about 1,000 pages a
    # second here, so 200 keep an edit's indexing near 0.3 s; 0 indexes every changed
    # part whole (publishconf.py sets it for the published site).
    "delta_pages": 200,
}


class SearchSettingsError(SettingsError):
    pass


@dataclass(frozen=True)
class SearchOptions:
    bundle_dir: str
    language: str
    filters: tuple
    results_per_page: int
    excerpt_words: int
    timeout_seconds: int
    records_per_shard: int
    delta_pages: int


def _whole_number(key, value, low, high):
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise SearchSettingsError(f"SEARCH['{key}']: expected a whole number from {low} to {high}, found {value!r}")
    return value


def search_options(settings: dict) -> SearchOptions:
    merged = merged_settings(settings, "SEARCH", DEFAULTS, SearchSettingsError)

    bundle = merged["bundle_dir"]
    # One plain folder name: it becomes a URL path and must stay inside the output.
    if not isinstance(bundle, str) or not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", bundle):
        raise SearchSettingsError(f"SEARCH['bundle_dir']: expected one folder name of lower-case letters, "
                                  f"digits, '-' or '_', found {bundle!r}")

    language = merged["language"]
    if not isinstance(language, str) or not re.fullmatch(r"[a-z]{2}", language):
        raise SearchSettingsError(f"SEARCH['language']: expected a two-letter ISO 639-1 code such as 'en', found {language!r}")

    filters = merged["filters"]
    if not isinstance(filters, (list, tuple)) or not all(isinstance(f, str) for f in filters):
        raise SearchSettingsError(f"SEARCH['filters']: expected a list of filter names, found {filters!r}")
    bad = [f for f in filters if f not in FILTERS]
    if bad:
        raise SearchSettingsError(f"SEARCH['filters']: unknown filter(s) {', '.join(map(repr, bad))}; known: {', '.join(FILTERS)}")
    if len(set(filters)) != len(filters):
        raise SearchSettingsError(f"SEARCH['filters']: each filter once, found {filters!r}")

    return SearchOptions(
        bundle_dir=bundle,
        language=language,
        filters=tuple(filters),
        results_per_page=_whole_number("results_per_page", merged["results_per_page"], 1, 100),
        excerpt_words=_whole_number("excerpt_words", merged["excerpt_words"], 5, 100),
        timeout_seconds=_whole_number("timeout_seconds", merged["timeout_seconds"], 10, 86400),
        records_per_shard=_whole_number("records_per_shard", merged["records_per_shard"], 1, 10_000_000),
        delta_pages=_whole_number("delta_pages", merged["delta_pages"], 0, 100_000),
    )
