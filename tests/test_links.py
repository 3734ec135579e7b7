"""Every internal link, asset and #anchor in the built demo resolves (LinkChecker over HTTP)."""

from __future__ import annotations

from urllib.parse import urlparse

from helpers.site_checks.fixtures import break_page, copy_site
from helpers.site_checks.links import check_links
from helpers.site_checks.server import served


def local_assets(demo_site, pages) -> set[str]:
    """Non-page files that pages point at (feeds, calendars, data, CSS, scripts), read with an HTML parser.

    Only used to prove the link check really fetched them; the check itself is LinkChecker's.
    """
    found = set()
    for page in pages:
        soup = demo_site.soup(page.url)
        for el in soup.find_all(["a", "link", "script", "img"]):
            target = el.get("href") or el.get("src")
            parsed = urlparse(target or "")
            if target and not parsed.scheme and parsed.path.startswith("/") and not parsed.path.endswith("/"):
                found.add(parsed.path)
    return found


def test_every_internal_link_asset_and_anchor_resolves(demo_site, site_pages):
    with served(demo_site.root) as base:
        problems, checked = check_links(base, [p.url for p in site_pages])
    assert not problems, f"{len(problems)} broken link(s):\n" + "\n".join(problems)
    assert {p.url for p in site_pages} <= checked
    assets = local_assets(demo_site, site_pages)
    assert any(a.endswith(".css") for a in assets)
    assert assets <= checked, f"linked but never checked: {sorted(assets - checked)}"


def test_the_check_fails_on_a_broken_link_a_missing_asset_and_a_bad_anchor(demo_site, tmp_path):
    site = copy_site(demo_site, tmp_path)
    break_page(site, "/about/", "</main>", '<p><a href="/consultations/no-such-consultation/">Gone</a></p></main>')
    break_page(site, "/about/", "</head>", '<link rel="alternate" type="application/json" href="/data/missing.json"></head>')
    break_page(site, "/how-we-consult/", "</main>", '<p><a href="/about/#no-such-heading">About</a></p></main>')
    with served(site) as base:
        problems, _ = check_links(base, ["/about/", "/how-we-consult/"], depth=1)
    joined = "\n".join(problems)
    assert "/about/:" in joined and "/consultations/no-such-consultation/ -> 404" in joined
    assert "/data/missing.json -> 404" in joined
    assert "/how-we-consult/:" in joined and "no-such-heading" in joined
