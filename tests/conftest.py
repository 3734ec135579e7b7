"""Shared test fixtures: builds of the real demo and of small fixture sites, in temp folders.

The code behind them, and whatever else tests share, is in the helpers package.
"""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from helpers.budgets import hang_ms
from helpers.site import DEMO_BUILD_DATE, FIXTURES, ROOT, Site, build_site
from helpers.site_checks.server import serve


def pytest_xdist_auto_num_workers(config):
    """`-n auto` (pyproject.toml): one worker more than the cores, at most 4. Many tests wait
    on a browser, a server or a build in another process, so a third worker on two cores
    keeps both busy: the suite took 12 min 32 s against 13 min 55 s with two here. Every
    wait in the suite grows with the load (helpers/budgets.py), and nothing in it is timed."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return min(4, cores + 1)

# Fixtures defined in modules of the helpers package, shared with every test like the ones below.
pytest_plugins = ["helpers.site_checks.fixtures", "helpers.search_words", "helpers.history_repo"]


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Site:
    saved = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        return Site(build_site(tmp_path_factory.mktemp("demo") / "output"))
    finally:
        if saved is not None:
            os.environ["SOURCE_DATE_EPOCH"] = saved


@pytest.fixture(scope="session")
def demo_register():
    """The demo's records, loaded and derived as the build sees them."""
    from said_and_done.domain.records import load_register

    return load_register(ROOT / "data", ROOT / "content" / "outcomes",
                         build_date=date.fromisoformat(DEMO_BUILD_DATE), root=ROOT)


@pytest.fixture
def fixture_project(tmp_path) -> Path:
    """A small project folder: fixture reference data, the real schemas, one valid record."""
    data = tmp_path / "data"
    (data / "consultations").mkdir(parents=True)
    for item in (FIXTURES / "reference").glob("*.yaml"):
        shutil.copy(item, data)
    shutil.copytree(ROOT / "data" / "schema", data / "schema")
    shutil.copy(FIXTURES / "valid" / "2026-test-library-hours.yaml", data / "consultations")
    (tmp_path / "content" / "outcomes").mkdir(parents=True)
    (tmp_path / "content" / "pages").mkdir()
    return tmp_path


@pytest.fixture(scope="session", autouse=True)
def _plugins_connected():
    # make check and every build connect each configured plugin's receivers (its
    # register_checks among them); so do the tests, from the start, so a test that
    # loads records sees the same checks whether or not a build ran before it.
    from pelican.plugins._utils import load_plugins
    from pelican.settings import read_settings

    for plugin in load_plugins(read_settings(str(ROOT / "pelicanconf.py"))):
        plugin.register()


@pytest.fixture(autouse=True)
def _no_source_date_epoch(monkeypatch):
    # Tests pin their own build date; a SOURCE_DATE_EPOCH in the caller's shell must not leak in.
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


CHROMIUM = "/usr/bin/chromium"
# Debian's chromium, run as root in a closed network: no sandbox, and none of the
# background connections it would otherwise try (they are refused here).
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def demo_url(demo_site):
    """The built demo over HTTP on loopback, as a resident's browser would get it."""
    server, url = serve(demo_site.root)
    yield url
    server.shutdown()


class _Patient:
    """The browser, whose every new tab waits for a page, an element or a condition until a
    hang budget runs out (helpers/budgets.py), not Playwright's 30 s for actions and 5 s
    for `expect`: on a loaded machine the search page alone can take longer than 5 s to
    load its index, and a test must not fail for that. Everything else is the browser's."""

    def __init__(self, browser):
        self._browser = browser

    def __getattr__(self, name):
        return getattr(self._browser, name)

    @staticmethod
    def _patient(target):
        from playwright.sync_api import expect

        budget = hang_ms()
        target.set_default_timeout(budget)
        target.set_default_navigation_timeout(budget)
        expect.set_options(timeout=budget)  # global in Playwright: sized afresh for each new tab
        return target

    def new_context(self, **options):
        return self._patient(self._browser.new_context(**options))

    def new_page(self, **options):
        return self._patient(self._browser.new_page(**options))


@pytest.fixture(scope="session")
def browser():
    """Headless Debian chromium driven by Playwright (no browser download), patient under load."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield _Patient(chromium)
        chromium.close()
