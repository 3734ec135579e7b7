"""The repository, the demo's build settings, and a built site to read: what most tests start from."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
DEMO_BUILD_DATE = "2026-11-23"
DEMO_PUBLIC_URL = "https://register.brackenmoor.example"


def build_site(output: Path, content: Path = ROOT / "content", data: Path = ROOT / "data", pelican_settings=None,
               **options):
    """Build a site with Pelican's own API, as `make html` does, into `output`.

    options go into SAID_AND_DONE; pelican_settings overrides other Pelican settings
    (another plugin's dict, for one: pelican_settings={"BROWSE": {"page_size": 2}}).
    """
    from pelican import Pelican
    from pelican.settings import read_settings

    said = {"data_path": str(data), "build_date": DEMO_BUILD_DATE, "partnership": "Brackenmoor Partnership",
            "public_url": DEMO_PUBLIC_URL}
    said.update(options)
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(content),
        "OUTPUT_PATH": str(output),
        "THEME": str(ROOT / "theme"),
        "PLUGIN_PATHS": [str(ROOT / "plugins")],
        "SAID_AND_DONE": said,
        # The CODEOWNERS files describe the repository's own records; test_owners.py checks them.
        "OWNERS": {"files": []},
        **(pelican_settings or {}),
    })
    Pelican(settings).run()
    return output


class Site:
    """A built site, with helpers to read its pages."""

    def __init__(self, root: Path):
        self.root = root

    def path(self, url: str) -> Path:
        url = url.lstrip("/")
        return self.root / (url + "index.html" if url.endswith("/") or not url else url)

    def html(self, url: str) -> str:
        return self.path(url).read_text(encoding="utf-8")

    def soup(self, url: str) -> BeautifulSoup:
        return BeautifulSoup(self.html(url), "html.parser")

    def main_text(self, url: str) -> str:
        return " ".join(self.soup(url).find("main").get_text(" ").split())


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())


def list_pages(site, url: str) -> list:
    """Every page of a list as (url, soup), following each page's Next link from the first."""
    pages = []
    while url is not None:
        soup = site.soup(url)
        pages.append((url, soup))
        following = soup.select_one("nav.pagination a[rel=next]")
        url = following["href"].lstrip("/") if following else None
    return pages
