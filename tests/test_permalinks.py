"""Addresses that never break: the manifest, redirects for old ids and moved pages, host files.

Fixture projects are built with the real cli, as `make html` does, so a failed
promise is seen the way staff see it: a problem naming the manifest's line, and
the published output left as it was.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from helpers.site import ROOT
from permalinks import cli as permalinks_cli
from permalinks.hostfiles import NETLIFY_HEADERS, NETLIFY_REDIRECTS, NGINX_HEADERS, NGINX_REDIRECTS
from permalinks.manifest import HEADER, read_manifest
from permalinks.options import CONTENT_SECURITY_POLICY, permalinks_options
from said_and_done import cli
from said_and_done.site.options import SettingsError

RECORD_ID = "2026-test-library-hours"
PAGE = f"/consultations/{RECORD_ID}/"
RESULTS = f"/consultations/{RECORD_ID}/you-said-we-did/"


def settings_file(project: Path, extra: str = "") -> Path:
    """A pelicanconf.py for a fixture project: the real settings, pointed at the fixture's folders."""
    path = project / "pelicanconf.py"
    path.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT / 'plugins')!r})\n"
        f"exec(compile(open({str(ROOT / 'pelicanconf.py')!r}).read(), 'pelicanconf.py', 'exec'))\n"
        f"THEME = {str(ROOT / 'theme')!r}\n"
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
        "SAID_AND_DONE = {'build_date': '2026-11-23', 'partnership': 'Test Partnership',"
        " 'public_url': 'https://register.test.example'}\n"
        "OWNERS = {'files': []}\n" + extra,
        encoding="utf-8",
    )
    return path


def build(project: Path, capsys=None, hosting: str | None = None) -> tuple[int, str]:
    settings = settings_file(project, f"HOSTING = {hosting!r}\n" if hosting else "")
    code = cli.main(["build", "--settings", str(settings), "--output", str(project / "output")])
    return code, capsys.readouterr().err if capsys else ""


def check(project: Path, capsys) -> tuple[int, str]:
    code = cli.main(["check", "--settings", str(settings_file(project))])
    captured = capsys.readouterr()
    return code, captured.err + captured.out


def record_urls(project: Path, capsys=None) -> str:
    assert permalinks_cli.record(str(settings_file(project)), str(project / "output")) == 0
    return capsys.readouterr().out if capsys else ""


def manifest_path(project: Path) -> Path:
    return project / "data" / "published-urls.txt"


def listed(project: Path) -> list[str]:
    return [line for line in manifest_path(project).read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]


def write_manifest(project: Path, *urls: str) -> None:
    manifest_path(project).write_text(HEADER + "".join(f"{u}\n" for u in sorted(urls)), encoding="utf-8")


def rename_record(project: Path, new_id: str, aliases: bool) -> Path:
    folder = project / "data" / "consultations"
    old = folder / f"{RECORD_ID}.yaml"
    text = old.read_text(encoding="utf-8")
    if aliases:
        text = text.replace("responses: 120\n", f"responses: 120\naliases: [{RECORD_ID}]\n")
    old.unlink()
    new = folder / f"{new_id}.yaml"
    new.write_text(text, encoding="utf-8")
    return new


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


# -- recording: make urls ---------------------------------------------------------------

def test_make_urls_records_every_page_sorted_and_nothing_else(fixture_project, capsys):
    assert build(fixture_project)[0] == 0
    out = record_urls(fixture_project, capsys)
    urls = listed(fixture_project)
    assert urls == sorted(urls)
    assert {"/", "/consultations/", "/you-said-we-did/", PAGE, RESULTS} <= set(urls)
    assert all(u.startswith("/") for u in urls)
    # Stylesheets, scripts, the search index's internals and the host files are not addresses.
    assert not [u for u in urls if u.startswith(("/theme/", "/pagefind/", "/_"))]
    assert manifest_path(fixture_project).read_text(encoding="utf-8").startswith(HEADER)
    assert f"+ {PAGE}" in out and f"{len(urls)} new address(es) added, {len(urls)} in all" in out


def test_make_urls_never_removes_an_address(fixture_project, capsys):
    write_manifest(fixture_project, "/consultations/2025-older-id/", "/about/")
    # Listed addresses must exist, so give them redirects before building.
    (fixture_project / "data" / "redirects.yaml").write_text(
        "- from: /about/\n  to: /\n- from: /consultations/2025-older-id/\n  to: /consultations/\n", encoding="utf-8")
    assert build(fixture_project, capsys)[0] == 0
    record_urls(fixture_project)
    urls = listed(fixture_project)
    assert {"/consultations/2025-older-id/", "/about/", PAGE} <= set(urls)
    record_urls(fixture_project)  # running it again changes nothing
    assert listed(fixture_project) == urls


def test_make_urls_needs_a_built_site(fixture_project, capsys):
    assert permalinks_cli.record(str(settings_file(fixture_project)), str(fixture_project / "output")) == 1
    assert "run make html first" in capsys.readouterr().err
    assert not manifest_path(fixture_project).exists()


# -- a renamed consultation ---------------------------------------------------------------

def test_a_renamed_record_without_an_alias_fails_check_at_the_manifest_line(fixture_project, capsys):
    write_manifest(fixture_project, "/", PAGE, RESULTS)
    rename_record(fixture_project, "2026-test-library-opening-hours", aliases=False)
    code, err = check(fixture_project, capsys)
    assert code == 1
    assert (f"data/published-urls.txt:8:1: {PAGE}: expected consultation '{RECORD_ID}' to still have a page, "
            "found no record with that id and none that lists it in aliases") in err
    assert f"add `aliases: [{RECORD_ID}]` to data/consultations/2026-test-library-opening-hours.yaml" in err
    assert "2 error(s) - nothing was published" in err  # the page and its results page


def test_a_renamed_record_without_an_alias_does_not_publish(fixture_project, capsys):
    output = fixture_project / "output"
    output.mkdir()
    (output / "index.html").write_text("yesterday's site", encoding="utf-8")
    write_manifest(fixture_project, PAGE)
    rename_record(fixture_project, "2026-test-library-opening-hours", aliases=False)
    code, err = build(fixture_project, capsys)
    assert code == 1 and f"data/published-urls.txt:7:1: {PAGE}: " in err
    assert (output / "index.html").read_text(encoding="utf-8") == "yesterday's site"


def test_an_alias_keeps_the_old_addresses_working(fixture_project, capsys):
    write_manifest(fixture_project, "/", PAGE, RESULTS)
    rename_record(fixture_project, "2026-test-library-opening-hours", aliases=True)
    assert check(fixture_project, capsys)[0] == 0
    code, err = build(fixture_project, capsys, hosting="netlify")
    assert code == 0, err
    output = fixture_project / "output"
    new_page = "/consultations/2026-test-library-opening-hours/"
    for old, new in ((PAGE, new_page), (RESULTS, new_page + "you-said-we-did/")):
        soup = soup_of(output / old.lstrip("/") / "index.html")
        assert soup.html["lang"] == "en-GB"
        assert soup.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={new}"
        assert soup.find("link", rel="canonical")["href"] == new
        assert soup.find("h1").get_text() == "This page has moved"
        assert soup.title.get_text().strip()
        assert soup.find("main").find("a", href=new).get_text().endswith("Library opening hours in River Town")
        assert soup.find("script") is None
    redirects = (output / NETLIFY_REDIRECTS).read_text(encoding="utf-8")
    assert f"{PAGE} {new_page} 301!" in redirects.splitlines()
    assert f"{PAGE.rstrip('/')} {new_page} 301!" in redirects.splitlines()
    # Another host: its own file, and the other host's file is gone from the site.
    code, err = build(fixture_project, capsys, hosting="nginx")
    assert code == 0, err
    assert f'"{PAGE}" "{new_page}";' in (output / NGINX_REDIRECTS).read_text(encoding="utf-8").splitlines()
    assert not (output / NETLIFY_REDIRECTS).exists()


def test_an_old_results_address_goes_to_the_page_when_results_are_gone(fixture_project, capsys):
    # The old id's results page was published; the renamed record has no outcome yet.
    write_manifest(fixture_project, PAGE, RESULTS)
    record = rename_record(fixture_project, "2026-test-library-opening-hours", aliases=True)
    record.write_text(record.read_text(encoding="utf-8").split("outcome:")[0], encoding="utf-8")
    code, err = build(fixture_project, capsys)
    assert code == 0, err
    soup = soup_of(fixture_project / "output" / RESULTS.lstrip("/") / "index.html")
    assert soup.find("link", rel="canonical")["href"] == "/consultations/2026-test-library-opening-hours/"


def test_removing_published_results_is_an_error(fixture_project, capsys):
    write_manifest(fixture_project, PAGE, RESULTS)
    path = fixture_project / "data" / "consultations" / f"{RECORD_ID}.yaml"
    path.write_text(path.read_text(encoding="utf-8").split("outcome:")[0], encoding="utf-8")
    code, err = check(fixture_project, capsys)
    assert code == 1
    assert (f"data/published-urls.txt:8:1: {RESULTS}: expected the results page to stay published, found "
            f"data/consultations/{RECORD_ID}.yaml has no published results now (its status is closed)") in err


def test_a_withdrawn_consultation_keeps_its_page_with_a_notice(fixture_project, capsys):
    write_manifest(fixture_project, PAGE)
    path = fixture_project / "data" / "consultations" / f"{RECORD_ID}.yaml"
    text = path.read_text(encoding="utf-8").split("outcome:")[0]
    path.write_text(text + "withdrawn:\n  date: 2026-02-10\n  reason: The library is closing for repairs.\n",
                    encoding="utf-8")
    code, err = build(fixture_project, capsys)
    assert code == 0, err
    banner = soup_of(fixture_project / "output" / PAGE.lstrip("/") / "index.html").select_one(".status-banner")
    assert "Withdrawn" in banner.get_text() and "closing for repairs" in banner.get_text()


# -- pages that are not consultations -----------------------------------------------------

def test_the_build_fails_when_a_listed_page_is_gone(fixture_project, capsys):
    output = fixture_project / "output"
    output.mkdir()
    (output / "index.html").write_text("yesterday's site", encoding="utf-8")
    write_manifest(fixture_project, "/", "/about/", PAGE)
    assert check(fixture_project, capsys)[0] == 0  # only the build knows which pages the content makes
    code, err = build(fixture_project, capsys)
    assert code == 1
    assert ("data/published-urls.txt:8:1: /about/: expected this published address in the built site, "
            "found no page and no redirect") in err
    assert (output / "index.html").read_text(encoding="utf-8") == "yesterday's site"


def test_a_moved_page_redirects_from_data_redirects_yaml(fixture_project, capsys):
    write_manifest(fixture_project, "/", "/about/", "/how-we-consult.html", "/data/old.json")
    (fixture_project / "data" / "redirects.yaml").write_text(
        "# Pages that moved.\n"
        "- from: /about/\n  to: /consultations/\n  title: All consultations\n  reason: The about page was merged.\n"
        "- from: /how-we-consult.html\n  to: https://www.test-council.example/consult\n"
        "- from: /data/old.json\n  to: /consultations/\n", encoding="utf-8")
    code, err = build(fixture_project, capsys, hosting="netlify")
    assert code == 0, err
    output = fixture_project / "output"
    about = soup_of(output / "about" / "index.html")
    assert about.find("main").find("a", href="/consultations/").get_text() == "All consultations"
    external = soup_of(output / "how-we-consult.html")
    assert external.find("link", rel="canonical")["href"] == "https://www.test-council.example/consult"
    # A data file cannot be an HTML page; the host files redirect it.
    assert not (output / "data" / "old.json").exists()
    assert "/data/old.json /consultations/ 301!" in (output / NETLIFY_REDIRECTS).read_text(encoding="utf-8")
    # A sitemap lists every page once, and no address that moved.
    listed = re.findall(r"<loc>([^<]*)</loc>", (output / "sitemap.xml").read_text(encoding="utf-8"))
    pages = {"/" + p.relative_to(output).as_posix().removesuffix("index.html") for p in output.rglob("*.html")
             if '<meta name="robots" content="noindex">' not in p.read_text(encoding="utf-8")}
    assert sorted(listed) == sorted(pages)
    assert "/about/" not in listed and "/consultations/" in listed


REDIRECT_MISTAKES = {
    "current page": ("- from: /consultations/\n  to: /\n", 1, "[1].from",
                     "found '/consultations/', which is a current page"),
    "chain": ("- from: /a/\n  to: /b/\n- from: /b/\n  to: /\n", 2, "[1].to",
              "found '/b/', which itself redirects"),
    "not a path": ("- from: about/\n  to: /\n", 1, "[1].from", "expected an old address on this site starting with /"),
    "twice": ("- from: /a/\n  to: /\n- from: /a/\n  to: /consultations/\n", 3, "[2].from",
              "expected each old address once"),
    "script": ("- from: /a/\n  to: javascript:alert(1)\n", 2, "[1].to", "expected the new address"),
}


@pytest.mark.parametrize("case", REDIRECT_MISTAKES)
def test_mistakes_in_redirects_yaml_are_reported_at_their_line(case, fixture_project, capsys):
    text, line, field, message = REDIRECT_MISTAKES[case]
    (fixture_project / "data" / "redirects.yaml").write_text(text, encoding="utf-8")
    code, err = check(fixture_project, capsys)
    assert code == 1
    [reported] = [row for row in err.splitlines() if "data/redirects.yaml" in row]
    assert reported.strip().startswith(f"data/redirects.yaml:{line}:")
    assert f": {field}: " in reported and message in reported


def test_a_line_that_is_not_an_address_is_reported(fixture_project, capsys):
    manifest_path(fixture_project).write_text("# addresses\n/\nconsultations/x/\n", encoding="utf-8")
    code, err = check(fixture_project, capsys)
    assert code == 1
    assert "data/published-urls.txt:3:1: (published address): expected an address path starting with /" in err


def test_a_line_deleted_since_the_last_commit_is_an_error(fixture_project, capsys):
    def git(*args):
        subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
                       cwd=fixture_project, check=True, capture_output=True)

    write_manifest(fixture_project, "/", "/consultations/", PAGE)
    git("init", "-q")
    git("add", "data/published-urls.txt")
    git("commit", "-q", "-m", "Record published addresses")
    write_manifest(fixture_project, "/", PAGE)
    code, err = check(fixture_project, capsys)
    assert code == 1
    assert ("data/published-urls.txt:8:1: /consultations/: expected every address ever published to stay listed, "
            "found this line deleted since the last commit") in err


# -- host files ---------------------------------------------------------------------------

def test_host_files_carry_the_security_headers(fixture_project, capsys):
    assert build(fixture_project, capsys, hosting="cloudflare-pages")[0] == 0
    output = fixture_project / "output"
    headers = (output / NETLIFY_HEADERS).read_text(encoding="utf-8").splitlines()
    assert "/*" in headers
    assert f"  Content-Security-Policy: {CONTENT_SECURITY_POLICY}" in headers
    assert "  X-Content-Type-Options: nosniff" in headers
    assert "  Referrer-Policy: strict-origin-when-cross-origin" in headers
    assert build(fixture_project, capsys, hosting="nginx")[0] == 0
    nginx = (output / NGINX_HEADERS).read_text(encoding="utf-8").splitlines()
    assert f'add_header Content-Security-Policy "{CONTENT_SECURITY_POLICY}" always;' in nginx
    for directive in ("default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "style-src 'self'",
                      "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'"):
        assert directive in CONTENT_SECURITY_POLICY


def test_headers_can_be_added_and_dropped_in_settings():
    options = permalinks_options({"PATH": "/site/content", "PERMALINKS": {
        "headers": {"Strict-Transport-Security": "max-age=31536000", "Permissions-Policy": None}}})
    assert options.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "Permissions-Policy" not in options.headers
    assert options.headers["X-Content-Type-Options"] == "nosniff"
    assert options.manifest == Path("/site/data/published-urls.txt")


@pytest.mark.parametrize("given, message", [
    ({"manifset": "x"}, "unknown setting(s) manifset"),
    ({"headers": {"X-Test": 'a"b'}}, "without double quotes"),
    ({"headers": {"Bad Name": "x"}}, "expected header names"),
    ({"recorded_extensions": ["json"]}, "lower-case file endings"),
    ({"not_recorded": ["/pagefind/"]}, "no leading /"),
])
def test_settings_mistakes_stop_the_build(given, message):
    with pytest.raises(SettingsError, match=message.replace("(", r"\(").replace(")", r"\)")):
        permalinks_options({"PATH": "/site/content", "PERMALINKS": given})


# -- the demo's own manifest --------------------------------------------------------------

DEMO_MANIFEST = ROOT / "data" / "published-urls.txt"


def test_the_demo_manifest_is_committed_sorted_and_well_formed():
    manifest = read_manifest(DEMO_MANIFEST, "data/published-urls.txt")
    assert manifest.exists and manifest.problems == []
    assert list(manifest.urls) == sorted(manifest.urls)
    assert DEMO_MANIFEST.read_text(encoding="utf-8").startswith(HEADER)


def test_every_address_in_the_demo_manifest_is_in_the_demo_build(demo_site):
    from permalinks.checks import redirected_in
    from permalinks.manifest import exists_in

    manifest = read_manifest(DEMO_MANIFEST, "data/published-urls.txt")
    redirected = redirected_in(demo_site.root)
    missing = [u for u in manifest.urls if u not in redirected and not exists_in(demo_site.root, u)]
    assert missing == []


def test_the_manifest_never_shrank_in_git_history():
    """Each committed version of the manifest holds every address of its parents' versions.

    Compared with each parent, not with the commit before it in date order: work merged from
    branches made at the same time adds addresses the other branch's commits never had.
    """
    relative = DEMO_MANIFEST.relative_to(ROOT).as_posix()
    log = subprocess.run(["git", "log", "--format=%H %P", "--", relative], cwd=ROOT, capture_output=True, text=True)
    if log.returncode != 0:
        pytest.skip("not a git checkout")
    commits = [line.split() for line in log.stdout.splitlines() if line.strip()]
    if not commits:
        pytest.skip("the manifest has no history in this checkout")

    def urls_at(commit: str) -> set[str]:
        shown = subprocess.run(["git", "show", f"{commit}:{relative}"], cwd=ROOT, capture_output=True, text=True)
        return {line for line in shown.stdout.splitlines() if line and not line.startswith("#")}

    for commit, *parents in commits:
        urls = urls_at(commit)
        for parent in parents:
            before = urls_at(parent)
            assert before <= urls, f"{commit[:10]} removed {sorted(before - urls)} (against its parent {parent[:10]})"
    current = set(read_manifest(DEMO_MANIFEST, relative).urls)
    head = urls_at("HEAD")
    assert head <= current, f"the working copy removed {sorted(head - current)}"


# -- the redirect page passes the same checks as every page --------------------------------

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def redirect_page(fixture_project, capsys) -> Path:
    write_manifest(fixture_project, PAGE)
    rename_record(fixture_project, "2026-test-library-opening-hours", aliases=True)
    assert build(fixture_project, capsys)[0] == 0
    return fixture_project / "output" / PAGE.lstrip("/") / "index.html"


def test_the_redirect_page_is_valid_html(redirect_page):
    if not VNU.is_file():
        pytest.fail("node_modules/vnu-jar is missing: run `make test`, which installs it")
    run = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "text", str(redirect_page)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_redirect_page_passes_axe(redirect_page, browser):
    from helpers.site_checks.server import serve

    if not AXE.is_file():
        pytest.fail("node_modules/axe-core is missing: run `make test`, which installs it")
    server, base = serve(redirect_page.parents[2])
    # axe is injected as a script; the new address answers 204 so the refresh leaves the
    # redirect page in place to be checked.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    try:
        page.route("**/consultations/2026-test-library-opening-hours/", lambda route: route.fulfill(status=204))
        # Checked once its refresh has asked for the new address (and stayed, given 204), not
        # after a fixed pause a loaded machine may not have reached the refresh in.
        with page.expect_request("**/consultations/2026-test-library-opening-hours/"):
            page.goto(base + PAGE)
        assert page.url == base + PAGE
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("""() => axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})
            .then(r => r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')))""")
    finally:
        context.close()
        server.shutdown()
    assert violations == []


def test_a_browser_follows_the_redirect_without_script(redirect_page, browser):
    from helpers.site_checks.server import serve

    server, base = serve(redirect_page.parents[2])
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(base + PAGE)
        page.wait_for_url(base + "/consultations/2026-test-library-opening-hours/", timeout=10_000)
        assert page.locator("h1").inner_text() == "Library opening hours in River Town"
    finally:
        context.close()
        server.shutdown()
