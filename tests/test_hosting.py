"""HOSTING: only the chosen host's files are in the site; each carries the redirects, security headers and CORS.

The files are made from redirects and headers here (their format is tested in
test_permalinks.py with real builds); one demo build shows what a GitHub Pages
site gets: a 404 page and no file meant for another host.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from helpers.site import ROOT, build_site
from permalinks.hostfiles import (
    ALL_HOST_FILES,
    APACHE,
    CORS_EXTENSIONS,
    CORS_PATHS,
    HOSTS,
    NETLIFY_HEADERS,
    NETLIFY_REDIRECTS,
    NGINX_CORS,
    S3_MAX_RULES,
    S3_WEBSITE,
    host_files,
)
from permalinks.options import SECURITY_HEADERS, permalinks_options
from permalinks.redirects import Redirect
from said_and_done.site.options import SettingsError

EXPECTED = {
    "github-pages": set(),
    "gitlab-pages": set(),
    "netlify": {NETLIFY_REDIRECTS, NETLIFY_HEADERS},
    "cloudflare-pages": {NETLIFY_REDIRECTS, NETLIFY_HEADERS},
    "nginx": {"_nginx/redirects.map", "_nginx/security-headers.conf", NGINX_CORS},
    "apache": {APACHE},
    "s3": {S3_WEBSITE},
}
MOVED = [Redirect("/consultations/2025-old/", "/consultations/2025-new/", "New", "data/x.yaml"),
         Redirect("/about.html", "https://www.example.gov.uk/about", "About", "data/redirects.yaml")]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    return build_site(tmp_path_factory.mktemp("hosting") / "output")


@pytest.mark.parametrize("hosting", HOSTS)
def test_each_host_gets_its_own_files_and_no_other(hosting):
    files = host_files(hosting, MOVED, SECURITY_HEADERS)
    assert set(files) == EXPECTED[hosting]
    assert set(files) <= set(ALL_HOST_FILES)


def test_hosts_with_headers_send_every_security_header():
    for hosting in ("netlify", "cloudflare-pages", "nginx", "apache"):
        text = "".join(host_files(hosting, MOVED, SECURITY_HEADERS).values())
        for name, value in SECURITY_HEADERS.items():
            assert name in text and value in text, (hosting, name)
        assert "Access-Control-Allow-Origin" in text


def test_only_netlify_forces_a_redirect_over_a_page():
    netlify = host_files("netlify", MOVED, {})[NETLIFY_REDIRECTS].splitlines()
    cloudflare = host_files("cloudflare-pages", MOVED, {})[NETLIFY_REDIRECTS].splitlines()
    assert "/consultations/2025-old/ /consultations/2025-new/ 301!" in netlify
    assert "/consultations/2025-old /consultations/2025-new/ 301!" in netlify
    assert "/consultations/2025-old/ /consultations/2025-new/ 301" in cloudflare
    assert not any(line.endswith("!") for line in cloudflare)


def test_apache_redirects_each_old_address_and_nothing_that_starts_like_it():
    text = host_files("apache", MOVED, SECURITY_HEADERS)[APACHE]
    rules = [line.split() for line in text.splitlines() if line.strip().startswith("RedirectMatch")]
    assert len(rules) == len(MOVED)
    for _, _, pattern, _target in rules:
        assert pattern.startswith("^") and pattern.endswith("$")
    by_target = {target: re.compile(pattern) for _, _, pattern, target in rules}
    moved = by_target["/consultations/2025-new/"]
    assert moved.match("/consultations/2025-old/") and moved.match("/consultations/2025-old")
    assert not moved.match("/consultations/2025-older/")
    assert not by_target["https://www.example.gov.uk/about"].match("/aboutXhtml")  # the dot is literal
    assert "ErrorDocument 404 /404.html" in text


def test_s3_gets_a_website_configuration_with_rules_only_when_they_all_fit():
    config = json.loads(host_files("s3", MOVED, {})[S3_WEBSITE])
    assert config["IndexDocument"] == {"Suffix": "index.html"} and config["ErrorDocument"] == {"Key": "404.html"}
    assert config["RoutingRules"] == [{"Condition": {"KeyPrefixEquals": "consultations/2025-old/"},
                                       "Redirect": {"ReplaceKeyWith": "consultations/2025-new/",
                                                    "HttpRedirectCode": "301"}}]
    many = [Redirect(f"/old-{i}/", "/", "Home", "x") for i in range(S3_MAX_RULES + 1)]
    assert "RoutingRules" not in json.loads(host_files("s3", many, {})[S3_WEBSITE])


def test_a_host_that_is_not_known_stops_the_build():
    with pytest.raises(SettingsError, match="HOSTING: expected one of github-pages.*found 'heroku'"):
        permalinks_options({"PATH": "/site/content", "HOSTING": "heroku"})
    assert permalinks_options({"PATH": "/site/content"}).hosting == "github-pages"


def _splat(pattern: str) -> re.Pattern:
    # _headers paths: a * matches the rest of the address.
    return re.compile("^" + re.escape(pattern).replace(r"\*", ".*") + "$")


def test_every_data_file_feed_and_calendar_of_the_demo_may_be_fetched_by_partners(demo):
    data_files = [p.relative_to(demo).as_posix() for p in demo.rglob("*")
                  if p.is_file() and p.suffix.lstrip(".") in ("json", "csv", "ics", "xml")
                  and not p.relative_to(demo).as_posix().startswith(("pagefind/", "theme/"))]
    assert any(f.endswith(".ics") for f in data_files) and any(f.endswith(".csv") for f in data_files)
    paths = [_splat(p) for p in CORS_PATHS]
    extension = re.compile(r"\.(" + "|".join(CORS_EXTENSIONS) + r")$", re.IGNORECASE)
    for name in data_files:
        if name == "sitemap.xml":
            continue
        assert any(p.match("/" + name) for p in paths), f"/{name} has no CORS rule in _headers"
        assert extension.search(name), f"/{name} has no CORS rule for nginx and Apache"


def test_a_github_pages_site_has_a_404_page_and_no_other_hosts_files(demo):
    assert not [name for name in ALL_HOST_FILES if (demo / name).exists()]
    assert not (demo / "_nginx").exists() and not (demo / "_s3").exists()
    page = (demo / "404.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in page
    assert "<h1>Page not found</h1>" in page
    # Served at any depth, so no link may be relative to where it is.
    hrefs = re.findall(r'(?:href|action|src)="([^"]*)"', page)
    assert hrefs and all(h.startswith(("/", "#", "https://")) for h in hrefs), hrefs
    assert 'action="/search/"' in page and 'href="/consultations/"' in page


def test_the_demo_says_which_host_it_is_for():
    text = (ROOT / "pelicanconf.py").read_text(encoding="utf-8")
    assert re.search(r'^HOSTING = "github-pages"$', text, re.MULTILINE)


@pytest.mark.parametrize("target, needs", [
    ("rsync_upload", "SSH_HOST, SSH_USER and SSH_TARGET_DIR"),
    ("s3_upload", "S3_BUCKET"),
])
def test_an_upload_without_its_settings_stops_before_building(target, needs, tmp_path):
    result = subprocess.run(["make", "-C", str(ROOT), target, f"OUTPUTDIR={tmp_path / 'output'}"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert f"make {target} needs {needs}" in result.stderr
    assert not (tmp_path / "output").exists()  # refused before anything was built


@pytest.mark.parametrize("target, variables, command", [
    ("rsync_upload", ["SSH_HOST=web.example", "SSH_USER=deploy", "SSH_TARGET_DIR=/srv/consult"],
     'rsync -e "ssh -p 22" -P -rvzcL --delete output/ "deploy@web.example:/srv/consult"'),
    ("s3_upload", ["S3_BUCKET=consult-bucket"], 'aws s3 sync output/ "s3://consult-bucket" --delete --exclude "_s3/*"'),
    ("github", [], '.venv/bin/ghp-import -m "Publish the site" -b "gh-pages" -n -p output'),
])
def test_each_upload_publishes_then_copies_the_site(target, variables, command):
    dry = subprocess.run(["make", "-n", "-C", str(ROOT), target, *variables], capture_output=True, text=True,
                         timeout=60)
    assert dry.returncode == 0, dry.stderr
    lines = dry.stdout.splitlines()
    publish = next(i for i, line in enumerate(lines) if "build --settings publishconf.py" in line)
    assert command in lines and lines.index(command) > publish
