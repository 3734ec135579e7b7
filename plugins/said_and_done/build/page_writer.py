"""Writes a templated page, or keeps last build's copy when nothing it is made from changed.

A page's key is the hash of: the build fingerprint (settings, theme, code, reference
data, build date), the page's address and template, everything passed to the template
for this page, and what other plugins put in the shared context for every page (feed
links, locality counts...). The register itself is not in the key: pages get the
records they show as arguments, which are in it. If any argument cannot be
described stably, the page is simply rendered.
"""

from __future__ import annotations

import logging

from . import parallel
from .digest import Undigestable, digest_of
from .state import KEY, progress_counter, state_of
from .writer import announce, held

logger = logging.getLogger(__name__)

# Context entries that are not per-page inputs: the register (pages are passed the
# records they show) and what Pelican's own generators put there, which comes from
# the content folder and settings, both in the fingerprint.
_NOT_INPUTS = {
    "register", "articles", "pages", "hidden_pages", "draft_pages", "hidden_articles", "drafts",
    "draft_articles", "dates", "tags", "categories", "authors", "related_posts", "static_links",
    "static_content", "generated_content", "localsiteurl", "period_archives", "articles_page",
}

def _context_digest(context: dict, settings: dict) -> str:
    # Asked for every page: the digest is worked out again only when an entry was
    # added or replaced (all are in place before the first page is written).
    state = state_of(settings)
    memo = state.context_digest
    if memo and memo[0] is context and memo[1] == len(context) and all(context.get(k) is v for k, v in memo[2]):
        return memo[3]
    extras = {k: v for k, v in context.items() if k not in _NOT_INPUTS and k not in settings and k != KEY}
    value = digest_of(extras)
    state.context_digest = (context, len(context), tuple(extras.items()), value)
    return value


def page_key(generator, name: str, template: str, kwargs: dict) -> str | None:
    store = state_of(generator.settings).store
    try:
        return digest_of([store.fingerprint, name, template, _context_digest(generator.context, generator.settings),
                          kwargs])
    except Undigestable as exc:
        logger.debug("%s is rendered every build: %s", name, exc)
        return None


def render(generator, writer, name: str, template: str, kwargs: dict) -> None:
    """Render `template` to `name` with kwargs and the generator's shared context."""
    writer.write_file(name, generator.get_template(template), generator.context,
                      relative_urls=generator.settings["RELATIVE_URLS"], **kwargs)


def announce_page(generator, writer, name: str, kwargs: dict) -> None:
    """Send Pelican's content_written for a page this process did not write (writer.py)."""
    announce(writer.output_path, name, generator.context, generator.settings["RELATIVE_URLS"], kwargs)


def write_page(generator, writer, name: str, template: str, **kwargs) -> None:
    """Render `template` to `name` with kwargs, unless the last build made it from the same inputs.

    Either way Pelican's content_written is sent for it: by the Writer, or here for a kept page.
    """
    store = state_of(generator.settings).store
    key = page_key(generator, name, template, kwargs)
    if store.reuse(name, key):
        announce_page(generator, writer, name, kwargs)
        return
    render(generator, writer, name, template, kwargs)
    store.record(name, key)


class PageBatch:
    """Pages to write, decided one by one and rendered together on every core (parallel.py).

        with PageBatch(generator, writer) as pages:
            pages.add("a/index.html", "template", item=...)

    When the block ends, every page's key is worked out (on every core: on a large
    register that is seconds of pickling), the pages whose key and file are as the last
    build left them are kept, in the order they were added, and the rest are rendered.
    Then Pelican's content_written is sent here for every page, kept or rendered (in
    this process or a forked copy), in the order they were added (writer.py).
    """

    def __init__(self, generator, writer):
        self.generator = generator
        self.writer = writer
        self.state = state_of(generator.settings)
        self.store = self.state.store
        self.pages = []

    def add(self, name: str, template: str, **kwargs) -> None:
        self.pages.append((name, template, kwargs))

    def _key(self, page) -> str | None:
        name, template, kwargs = page
        return page_key(self.generator, name, template, kwargs)

    def _render(self, job) -> None:
        render(self.generator, self.writer, *job)

    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        if kind is None:
            jobs = []
            for page, key in zip(self.pages, parallel.map_all(self.pages, self._key, self.state.beside), strict=True):
                if not self.store.reuse(page[0], key):
                    self.store.record(page[0], key)
                    jobs.append(page)
            counter = progress_counter(self.generator.settings, "render/write", len(jobs))
            with held():
                parallel.run_all(jobs, self._render, self.state.beside, counter)
            for name, _, kwargs in self.pages:
                announce_page(self.generator, self.writer, name, kwargs)
        return False
