"""Fixtures the site checks share, registered for every test by conftest.py's `pytest_plugins`
(a test names the ones it uses as arguments, and imports none of them); and the helpers
beside them, which tests do import: viewports, a page, a copy of the site to break.

One browser for the whole session (conftest's `browser`), one served copy of the demo,
and pages that are reused from check to check, because the machine is small.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from . import pages as site_pages_module
from .server import served

DESKTOP = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 640}


@pytest.fixture(scope="session")
def site_pages(demo_site, demo_register):
    """Every .html page of the demo build, with its URL shape."""
    found = site_pages_module.discover(demo_site.root, demo_register)
    assert found, "the demo build has no pages"
    return found


@pytest.fixture(scope="session")
def sample_pages(site_pages):
    """Enough pages of every shape to use every element and class its pages use.

    Not redirect pages (data/redirects.yaml): a browser leaves one at once for its target, so
    a check on it would read the target; test_permalinks.py runs axe and the Nu checker on one
    with the refresh held back."""
    return [p for p in site_pages_module.representatives(site_pages) if not p.is_redirect]


@pytest.fixture(scope="session")
def site_url(demo_site):
    with served(demo_site.root) as url:
        yield url


def new_page(browser, viewport=DESKTOP, **options):
    # bypass_csp: axe is injected as an inline script, which a strict Content-Security-Policy
    # in the pages (rightly) forbids; the pages themselves are not changed.
    context = browser.new_context(viewport=viewport, bypass_csp=True, **options)
    return context.new_page()


@pytest.fixture(scope="session")
def desktop_page(browser):
    page = new_page(browser)
    yield page
    page.context.close()


@pytest.fixture(scope="session")
def narrow_page(browser):
    page = new_page(browser, NARROW)
    yield page
    page.context.close()


@pytest.fixture(scope="session")
def no_js_page(browser):
    page = new_page(browser, java_script_enabled=False)
    yield page
    page.context.close()


def copy_site(demo_site, tmp_path: Path) -> Path:
    """A throw-away copy of the built demo, to break on purpose."""
    copy = tmp_path / "site"
    shutil.copytree(demo_site.root, copy)
    return copy


def break_page(site: Path, url: str, old: str, new: str) -> None:
    """Replace the first `old` in a page of the copy with `new` (and insist it was there)."""
    path = site / url.lstrip("/") / "index.html" if url.endswith("/") else site / url.lstrip("/")
    html = path.read_text(encoding="utf-8")
    assert old in html, f"{old!r} is not in {url}; the injected violation would not be injected"
    path.write_text(html.replace(old, new, 1), encoding="utf-8")
