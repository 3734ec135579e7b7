"""Pelican hears of every page: sitemap.xml (the third-party pelican-sitemap plugin) lists them all.

pelican-sitemap lists exactly the pages Pelican's `content_written` signal reports. The
build keeps unchanged pages from the last build and renders the rest on several
cores, so the signal only reaches it for every page if the build sends it for kept
pages and for pages rendered in forked copies too (said_and_done/build/writer.py).
Checked after a cold build, after an incremental build (one record edited, the other
pages kept) and with pages rendered on two processes.

Public pages are every HTML file in the output, less any marked `noindex` (a redirect
from an old address, plugins/permalinks). A withdrawn consultation keeps its public
page, so it is listed; the site has no /admin/ pages.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pelican.plugins import signals

from helpers.incremental_project import built, make_project, records, retitle
from helpers.site import DEMO_PUBLIC_URL, ROOT
from said_and_done import cli
from said_and_done.build import parallel

LOC = "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"
WITHDRAWN = "2025-harlstow-bus-station-move"


def listed(output: Path) -> list[str]:
    """The addresses sitemap.xml lists, from the site root (pelicanconf's SITEURL is empty)."""
    tree = ET.parse(output / "sitemap.xml")
    return [loc.text.removeprefix("/") for loc in tree.iter(LOC)]


def public_pages(output: Path) -> set[str]:
    pages = set()
    for path in output.rglob("*.html"):
        if '<meta name="robots" content="noindex">' in path.read_text(encoding="utf-8"):
            continue
        rel = path.relative_to(output).as_posix()
        pages.add(rel.removesuffix("index.html"))
    return pages


def assert_sitemap_lists_every_public_page(output: Path) -> None:
    addresses = listed(output)
    assert len(addresses) == len(set(addresses)), "a page is listed twice"
    pages = public_pages(output)
    assert len(pages) > 150
    missing, extra = sorted(pages - set(addresses)), sorted(set(addresses) - pages)
    assert (missing, extra) == ([], []), f"not listed: {missing[:10]} ({len(missing)}); listed, no page: {extra[:10]}"
    assert f"consultations/{WITHDRAWN}/" in addresses, "a withdrawn consultation's page is public"
    assert not (output / "admin").exists()
    robots = (output / "robots.txt").read_text(encoding="utf-8")
    assert f"\nSitemap: {DEMO_PUBLIC_URL}/sitemap.xml\n" in robots


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    project = tmp_path_factory.mktemp("sitemap") / "project"
    make_project(project)
    assert records(project)[WITHDRAWN].get("withdrawn")
    return project


def test_a_cold_build_lists_every_page(project):
    output = project / "output"
    counts = built(project, output)
    assert counts["kept"] == 0
    assert_sitemap_lists_every_public_page(output)


def test_an_incremental_build_lists_the_kept_pages_too(project):
    output = project / "output"
    if not (output / "sitemap.xml").exists():
        built(project, output)
    edited = next(cid for cid, r in records(project).items() if r["localities"] != "all" and cid != WITHDRAWN)
    retitle(project, edited, "Zanzibarred")
    counts = built(project, output)
    assert counts["kept"] > 150, f"the pages were rendered again, not kept: {counts}"
    assert "Zanzibarred" in (output / "consultations" / edited / "index.html").read_text(encoding="utf-8")
    assert_sitemap_lists_every_public_page(output)


def test_pages_rendered_on_two_processes_are_reported_once_each_in_this_one(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "MIN_PAGES", 0)
    monkeypatch.setenv("SAID_AND_DONE_WORKERS", "2")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795435200")  # the demo's pinned day
    heard = []

    def written(path, context):
        heard.append((os.getpid(), path))

    signals.content_written.connect(written)
    try:
        output = tmp_path / "output"
        assert cli.build(ROOT / "pelicanconf.py", output, clean=True) == 0
    finally:
        signals.content_written.disconnect(written)
    assert {pid for pid, _ in heard} == {os.getpid()}
    paths = [path for _, path in heard]
    assert len(paths) == len(set(paths)), "a page was reported twice"
    assert_sitemap_lists_every_public_page(output)


def test_a_build_after_one_that_failed_in_the_same_process_still_writes_its_sitemap(fixture_project, tmp_path):
    """pelican-sitemap keeps the Pelican it writes for for the whole process; a build that failed
    after Pelican started left it waiting for that one, and the next build wrote no sitemap.xml."""
    from helpers.site import build_site

    paths = {"content": fixture_project / "content", "data": fixture_project / "data"}
    with pytest.raises(Exception, match="SITENAME"):
        build_site(tmp_path / "failed" / "output", pelican_settings={"SITENAME": "Register\x07"}, **paths)
    output = build_site(tmp_path / "good" / "output", **paths)
    assert "<loc>" in (output / "sitemap.xml").read_text(encoding="utf-8")
