"""Pages built from a small fixture project: escaping, sanitising, and what each status shows."""

from __future__ import annotations

from helpers.site import Site, build_site


def build(project, **options) -> Site:
    return Site(build_site(project / "output", content=project / "content", data=project / "data", **options))


def record(project):
    return project / "data" / "consultations" / "2026-test-library-hours.yaml"


def test_text_from_records_is_escaped_not_run(fixture_project):
    path = record(fixture_project)
    path.write_text(path.read_text(encoding="utf-8").replace(
        "title: Library opening hours in River Town",
        "title: '<script>alert(1)</script> Hours & \"times\"'"), encoding="utf-8")
    site = build(fixture_project)
    html = site.html("consultations/2026-test-library-hours/")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Hours &amp; &#34;times&#34;" in html
    assert site.soup("consultations/2026-test-library-hours/").find("script") is None


def test_write_ups_are_rendered_and_sanitised(fixture_project):
    (fixture_project / "content" / "outcomes" / "hours.md").write_text(
        "Title: How we decided\nConsultation: 2026-test-library-hours\n\n"
        "## Who took part\n\nWe heard from **120** people.\n\n"
        "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n"
        "[a link](javascript:alert(1)) and [a good one](https://www.test-council.example/)\n",
        encoding="utf-8")
    soup = build(fixture_project).soup("consultations/2026-test-library-hours/you-said-we-did/")
    section = soup.select_one("section.writeup")
    assert section.find("h2").get_text() == "How we decided"
    assert section.find("h3").get_text() == "Who took part"  # the write-up's ## nests under the page's h2
    assert section.find("strong").get_text() == "120"
    assert section.find("script") is None and section.find("img") is None
    assert "javascript:" not in str(section) and "onerror" not in str(section)
    hrefs = [a.get("href") for a in section.find_all("a")]
    assert hrefs == [None, "https://www.test-council.example/"]


def test_a_planned_consultation_says_when_it_opens_and_has_no_results(fixture_project):
    site = build(fixture_project, build_date="2026-01-20")
    banner = " ".join(site.soup("consultations/2026-test-library-hours/").select_one(".status-banner").get_text(" ").split())
    assert banner.startswith("Planned Opens on Sunday 1 February 2026")
    assert not site.path("consultations/2026-test-library-hours/you-said-we-did/").exists()
    assert "Coming up" in site.html("")


def test_results_before_their_publication_date_stay_hidden(fixture_project):
    site = build(fixture_project, build_date="2026-05-19")
    assert not site.path("consultations/2026-test-library-hours/you-said-we-did/").exists()
    assert "We are reading your responses; results due by 31 May 2026." in site.main_text("consultations/2026-test-library-hours/")
