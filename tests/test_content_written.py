"""Pelican hears of every file the site's generators write, kept or written, not just the pages.

A Pelican plugin that listens for `content_written` (a sitemap, a minifier, a link
checker, a cache purger) must see the whole site. Pages go through page_writer.py
and the other outputs (feeds, calendars, open data files, robots.txt) through the
one keep-or-write step (build/files.py), which announce a kept file as a written one.

Left out, each for its reason: the theme's static files (Pelican's own static
generator copies them and, as in any Pelican site, says nothing); the search index
(pagefind/, written by the Pagefind program after the pages it indexes); the host
files (_headers, _redirects, _nginx/: server configuration, not site content; 404.html, the host's
page for a missing address); redirect pages at old addresses (data/redirects.yaml: a
pointer, not content, so sitemaps leave them out); and
sitemap.xml itself (pelican-sitemap writes it from what it heard).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pelican.plugins import signals

from helpers.site import ROOT
from said_and_done import cli

NOT_ANNOUNCED = ("theme/", "pagefind/", "_headers", "_redirects", "_nginx/", "sitemap.xml", "404.html")


def build_hearing(output: Path) -> list[str]:
    heard = []

    def written(path, context):
        heard.append(path)

    signals.content_written.connect(written)
    try:
        assert cli.build(ROOT / "pelicanconf.py", output) == 0
    finally:
        signals.content_written.disconnect(written)
    return heard


def relative(heard: list[str], output: Path) -> list[str]:
    """Paths inside the output. A build writes into a staging folder beside the output
    (.output.building-*), and announces files there, as Pelican's Writer does."""
    names = []
    for path in heard:
        parts = Path(path).parts
        base = next(i for i, part in enumerate(parts) if part.startswith(f".{output.name}.building-"))
        names.append(Path(*parts[base + 1:]).as_posix())
    return names


def redirects(output: Path) -> set[str]:
    """The redirect pages data/redirects.yaml asks for, by their file names in the output."""
    entries = yaml.safe_load((ROOT / "data" / "redirects.yaml").read_text(encoding="utf-8")) or []
    return {e["from"].lstrip("/") + ("index.html" if e["from"].endswith("/") else "") for e in entries}


def published(output: Path) -> set[str]:
    return {p.relative_to(output).as_posix() for p in output.rglob("*")
            if p.is_file() and not p.relative_to(output).as_posix().startswith(NOT_ANNOUNCED)} - redirects(output)


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    return tmp_path_factory.mktemp("written") / "output"


@pytest.mark.parametrize("build", ["cold", "again, everything kept"])
def test_every_file_is_announced_once(output, build, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795435200")  # the demo's pinned day
    names = relative(build_hearing(output), output)
    assert len(names) == len(set(names)), "a file was announced twice"
    files = published(output)
    assert any(n.endswith(".atom.xml") for n in files) and any(n.endswith(".ics") for n in files)
    assert any(n.endswith(".json") for n in files) and any(n.endswith(".csv") for n in files)
    missing, extra = sorted(files - set(names)), sorted(set(names) - files)
    assert (missing, extra) == ([], []), f"not announced: {missing[:10]} ({len(missing)}); no such file: {extra[:10]}"
