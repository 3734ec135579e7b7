"""The Nu Html Checker over every built page and the site's own stylesheets: no errors.

vnu runs once, in one JVM, over every .html file of the demo build (redirect pages
included: a build of the demo with a former id adds some) and the CSS pages load.
"""

from __future__ import annotations

import shutil

import pytest

from helpers.site import ROOT, build_site
from helpers.site_checks.fixtures import break_page, copy_site
from helpers.site_checks.vnu import linked_stylesheets, vnu_errors


@pytest.fixture(scope="module")
def renamed_site(tmp_path_factory):
    """The demo with one consultation renamed, so the build writes redirect pages for its former id."""
    tmp = tmp_path_factory.mktemp("renamed")
    data = tmp / "data"
    shutil.copytree(ROOT / "data", data)
    record = data / "consultations" / "2024-budget-2025-26.yaml"
    record.write_text(record.read_text(encoding="utf-8") + "aliases: [2024-budget-consultation]\n", encoding="utf-8")
    return build_site(tmp / "output", data=data)


def redirect_pages(root):
    return [p for p in sorted(root.rglob("*.html")) if 'http-equiv="refresh"' in p.read_text(encoding="utf-8")]


def test_every_page_and_stylesheet_is_valid_html_and_css(demo_site, renamed_site):
    pages = sorted(demo_site.root.rglob("*.html"))
    redirects = redirect_pages(renamed_site)
    assert redirects, "renaming a consultation should have written redirect pages for its former id"
    css = linked_stylesheets(demo_site.root, pages)
    assert any(p.name == "site.css" for p in css)
    errors = vnu_errors(demo_site.root, pages + redirects, css)
    assert not errors, f"{len(errors)} error(s) from the Nu Html Checker:\n" + "\n".join(errors)


def test_the_check_fails_on_a_duplicate_id_a_misnested_element_and_bad_css(demo_site, tmp_path):
    site = copy_site(demo_site, tmp_path)
    break_page(site, "/about/", "<h1>", '<h1 id="main">')  # main already has id="main"
    break_page(site, "/consultations/", "</main>", "<p><div>a block in a paragraph</div></p></main>")
    css = site / "theme" / "css" / "site.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.broken { colour: red; }\n", encoding="utf-8")
    pages = [site / "about" / "index.html", site / "consultations" / "index.html"]
    errors = vnu_errors(site, pages, [css])
    joined = "\n".join(errors)
    assert "about/index.html:" in joined and "Duplicate ID" in joined
    assert "consultations/index.html:" in joined and "No “p” element in scope" in joined
    assert "theme/css/site.css:" in joined and "colour" in joined
