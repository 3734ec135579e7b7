"""Tell Pelican about every page the build produces, kept or rendered, in this process.

Pages are written with Pelican's Writer (`writer.write_file`), which sends
`pelican.signals.content_written` for each, so Pelican plugins that listen for
written pages (a sitemap, a minifier, a link checker) see them. Two kinds of page
never reach that call in this process:

- a page kept from the last build (outputs.OutputStore.reuse): not rendered at all;
- a page rendered in a forked copy (parallel.py): the copy's signal reaches only
  the copy's receivers, which end with it.

For those the engine announces the page itself, here, with the signal and the
arguments the Writer would have sent: the page's path in the output being built
(Pelican's OUTPUT_PATH, the staging folder) and the local context the page was (or,
kept, last was) rendered with. A kept page's bytes are where the store says
(OutputStore.read_path). While pages are rendered in forked copies, the signal is
held (`held`), so no page is announced twice, and every page is announced once the
renderers are done, in the order the pages were given.
"""

from __future__ import annotations

import contextlib

from pelican.plugins import signals
from pelican.utils import get_relative_path, path_to_url, sanitised_join


def local_context(context: dict, name: str, relative_urls: bool, kwargs: dict) -> dict:
    """The context Pelican's Writer.write_file (4.12) renders page `name` with."""
    local = context.copy()
    local["localsiteurl"] = local.get("localsiteurl", None)
    if relative_urls:
        relative_url = path_to_url(get_relative_path(name))
        local["SITEURL"] = relative_url
        local["localsiteurl"] = relative_url
    local["output_file"] = name
    local.update(kwargs)
    return local


def listening() -> bool:
    """Whether anything receives content_written (if not, announcing costs nothing)."""
    return bool(signals.content_written.receivers)


def announce(output_path: str, name: str, context: dict, relative_urls: bool, kwargs: dict) -> None:
    """Send content_written for page `name`, as Pelican's Writer does when it writes it."""
    if listening():
        signals.content_written.send(sanitised_join(output_path, name),
                                     context=local_context(context, name, relative_urls, kwargs))


@contextlib.contextmanager
def held():
    """No content_written is sent inside the block, here or in copies forked inside it."""
    signal = signals.content_written
    was = signal.is_muted
    signal.is_muted = True
    try:
        yield
    finally:
        signal.is_muted = was
