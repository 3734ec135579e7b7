"""Adversarial redirects and ids: each is refused with a clear message, fast."""

from __future__ import annotations

import time

import pytest

from permalinks.checks import made_in_advance, reserved_ids
from permalinks.manifest import valid_url_path
from permalinks.redirects import Redirect, check_redirects, path_problem

UNSAFE = {
    "/../../x/": "'..' segments", "/./": "'..' segments", "/a/../b/": "'..' segments", "/a/.": "'..' segments",
    "/a//b/": "single slashes", "//evil.example/": "single slashes", "/a\\b/": "backslash",
    "/a\n": "control characters", "/a\tb/": "control characters", "/a\x00/": "control characters",
    "/a\x7f/": "control characters", "https://x.example/\r\n": "control characters",
}
MADE = ["/calendar.ics", "/sitemap.xml", "/robots.txt", "/feeds/consultations.atom.xml", "/theme/css/main.css",
        "/pagefind/pagefind.js", "/data/consultations.json", "/schema/consultation.schema.json", "/_redirects"]
LONG = ["/" + "a" * n + bad for n in (24, 34, 1000, 5000) for bad in (" ", "!", "?")]


@pytest.mark.parametrize("path", UNSAFE)
def test_an_unsafe_path_is_refused_with_the_rule_it_broke(path):
    start = time.perf_counter()
    assert UNSAFE[path] in path_problem(path)
    assert time.perf_counter() - start < 0.1


@pytest.mark.parametrize("source", MADE)
def test_a_redirect_over_a_file_the_build_makes_is_refused(source):
    r = Redirect(source, "https://elsewhere.example/", "x", "data/redirects.yaml", 0)
    [(_, key, message)] = check_redirects([r], [], set(), made_in_advance({}))
    assert key == "from" and "which is a file this site makes" in message


@pytest.mark.parametrize("url", LONG)
def test_a_long_bad_address_is_refused_at_once(url):
    start = time.perf_counter()
    assert not valid_url_path(url)
    assert time.perf_counter() - start < 0.1


def test_the_paths_the_old_pattern_took_are_still_taken():
    for url in ["/", "/a", "/a/", "/a/b", "/a/b/", "/a.json", "/a~b%20/c+d-e_f.g/"]:
        assert valid_url_path(url), url


def test_reserved_ids_come_from_the_pagination():
    assert {"page", "index"} <= reserved_ids()
