"""Safe output: no payload survives as live markup, and every page works under a strict CSP.

Each payload in tests/fixtures/xss/payloads.txt goes into every free-text field
of a record (the list of fields is read from the schema, so a new field cannot
be missed), into the reference data the record names, a write-up, a content
page and a redirect's title. The fixture project is built with every plugin and
every HTML page is parsed: no script but our own same-origin files, no event
attributes, no javascript:/data: URLs, no frames, objects or embeds, no tag our
templates and the sanitiser do not make, no payload written out unescaped.

Then the real demo: no inline script or style anywhere, so the
Content-Security-Policy in _headers holds; a browser loads the pages with that
header and reports no violation.
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from helpers.site import FIXTURES, ROOT, Site, build_site
from said_and_done.domain.markup import ALLOWED_TAGS

PAYLOADS = [line for line in (FIXTURES / "xss" / "payloads.txt").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
SCHEMA = json.loads((ROOT / "data" / "schema" / "consultation.schema.json").read_text(encoding="utf-8"))
# Free text in a record. $defs/phone is left out: its pattern allows digits, spaces,
# + ( ) - only, so it cannot carry markup (tests/test_validation.py proves the pattern).
TEXT_DEFS = {"#/$defs/line", "#/$defs/text", "#/$defs/url", "#/$defs/email"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "cite", "background", "srcset",
                  "xlink:href", "ping", "longdesc", "manifest", "codebase", "archive", "lowsrc", "dynsrc"}
FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "style", "svg", "math",
                  "template", "isindex", "xss", "img", "video", "audio", "source", "marquee"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")


# -- the fields a record can hold text in, from the schema ----------------------------------

def text_fields(node=SCHEMA, path=()):
    """Every path to a free-text value in the consultation schema; list items are '[]'."""
    ref = node.get("$ref")
    if ref in TEXT_DEFS:
        yield path
        return
    if ref:
        yield from text_fields(SCHEMA["$defs"][ref.split("/")[-1]], path)
        return
    for option in node.get("anyOf", []):
        yield from text_fields(option, path)
    for branch in ("then", "else"):  # an action's due: a date, or a condition under when
        if branch in node:
            yield from text_fields(node[branch], path)
    for key, sub in node.get("properties", {}).items():
        yield from text_fields(sub, path + (key,))
    if "items" in node:
        yield from text_fields(node["items"], path + ("[]",))


def filled_fields(value, marker, path=()):
    """Paths in a record whose text carries the marker."""
    if isinstance(value, dict):
        for key, sub in value.items():
            yield from filled_fields(sub, marker, path + (key,))
    elif isinstance(value, list):
        for sub in value:
            yield from filled_fields(sub, marker, path + ("[]",))
    elif isinstance(value, str) and marker in value:
        yield path


def as_url(payload: str) -> str:
    return "https://evil.example/" + re.sub(r"\s", "", payload)


def as_email(payload: str) -> str:
    return re.sub(r"[\s@]", "", payload) + "@evil.example"


def records_for(n: int, p: str) -> dict[str, dict]:
    """Four records carrying payload p: results published (the most fields), withdrawn, open, and withheld."""
    slugs = {"organisation": f"xss-org-{n}", "locality": f"xss-place-{n}", "topic": f"xss-topic-{n}",
             "audience": f"xss-people-{n}", "method": f"xss-method-{n}"}
    base = {
        "title": p, "summary": p, "lead_organisation": slugs["organisation"], "partners": ["test-council"],
        "localities": [slugs["locality"]], "topics": [slugs["topic"]], "level": "consult",
        "audiences": [slugs["audience"]], "methods": [slugs["method"]],
        "dates": {"announced": "2026-01-05", "opens": "2026-02-01", "closes": "2026-03-15", "feedback_due": "2026-05-31"},
        "contact": {"name": p, "email": as_email(p), "phone": "01632 960002"},
    }
    published = {
        **base,
        "how_to_take_part": {"online": as_url(p), "email": as_email(p), "phone": "01632 960001", "address": p,
                             "events": [{"date": "2026-02-10", "time": p, "place": p, "details": p}]},
        "documents": [{"title": p, "url": as_url(p), "format": p, "size": p, "pages": 3}],
        "alternative_formats": {"available": ["easy-read"], "languages": [p], "how_to_request": p},
        "summary_translations": [{"lang": "pl", "language": p, "summary": p}],
        "responses": 12,
        "related": [f"2026-xss-{n:02d}-open"],
        "aliases": [f"2025-xss-{n:02d}-old"],
        "personal_data_reviewed": [{"text": p, "reason": p, "reviewed_by": p, "reviewed_on": "2026-05-01"}],
        "evaluation": {"what_worked": p, "what_to_improve": p, "groups_reached": [slugs["audience"]],
                       "groups_not_reached": ["all-residents"]},
        "outcome": {
            "published": "2026-05-20", "summary": p, "decision_by": p,
            "you_said": [{"theme": p, "said": p, "count": 3, "percent": 5, "we_did": p, "decision": "not-adopted",
                          "reason": p, "asked": p, "split": {"as": "percent", "support": 50, "oppose": 40}}],
            "updates": [{"date": "2026-06-02", "kind": "deferred", "note": p}],
            "documents": [{"title": p, "url": as_url(p), "kind": "report", "format": p}],
            "actions": [{"we_will": p, "lead": slugs["organisation"], "due": "2026-06-30", "status": "dropped",
                         "reason": p, "updated": "2026-06-01"},
                        {"we_will": p, "lead": "test-council", "due": "2026-09-30", "status": "in-progress",
                         "updated": "2026-06-01"},
                        {"we_will": p, "lead": "test-council", "due": {"when": p, "review": "2026-08-01"},
                         "status": "in-progress", "progress": 40,
                         "updates": [{"date": "2026-06-01", "status": "in-progress", "note": p}]},
                        {"we_will": p, "lead": "test-council", "due": "2026-09-30", "status": "on-hold",
                         "reason": p, "review": "2026-12-01", "updated": "2026-06-01"}],
        },
    }
    published["decision"] = {"by": [slugs["organisation"], "test-council"], "body": p, "due": "2026-05-01",
                             "taken": "2026-05-10", "notice": as_url(p), "scrutiny": {"until": "2026-05-20", "result": p},
                             "challenge": [{"date": "2026-06-01", "step": "lodged", "note": p}]}
    withdrawn = {**base, "withdrawn": {"date": "2026-02-10", "reason": p}}
    withheld = {**base, "outcome": {"published": "2026-05-20", "summary": p,
                                    "withheld": {"reason": p, "expected": "2026-12-01"}}}
    open_now = {**base, "dates": {"announced": "2026-10-01", "opens": "2026-11-01", "closes": "2026-12-15",
                                  "feedback_due": "2027-02-28"},
                "how_to_take_part": published["how_to_take_part"] | {
                    "events": [{"date": "2026-12-01", "time": p, "place": p, "details": p}]},
                "documents": published["documents"], "alternative_formats": published["alternative_formats"],
                "summary_translations": published["summary_translations"],
                # Before and during (issue 23): every text field of scope, extension and results plan.
                "scope": {"can_change": [p], "cannot_change": [{"what": p, "because": "law", "detail": p}],
                          "proposals": [{"id": "option-a", "title": p, "description": p, "question": p}]},
                "type": "statutory", "statutory_basis": p, "equality_impact": {"none_because": p},
                "feedback_plan": {"how": p, "decided_by": p, "decision_expected": "2027-03-01"}}
    open_now["dates"] = {**open_now["dates"], "extended": {"to": "2026-12-20", "reason": p, "announced": "2026-12-01"}}
    published["equality_impact"] = {"url": as_url(p), "title": p}
    return {f"2026-xss-{n:02d}": published, f"2026-xss-{n:02d}-withdrawn": withdrawn,
            f"2026-xss-{n:02d}-open": open_now, f"2026-xss-{n:02d}-withheld": withheld}


def reference_for(n: int, p: str) -> dict[str, dict]:
    return {
        "organisations": {"slug": f"xss-org-{n}", "name": p, "short_name": p, "type": "voluntary",
                          "website": as_url(p), "description": p},
        "localities": {"slug": f"xss-place-{n}", "name": p, "description": p, "wards": [p]},
        "topics": {"slug": f"xss-topic-{n}", "name": p, "description": p},
        "audiences": {"slug": f"xss-people-{n}", "name": p, "description": p},
        "methods": {"slug": f"xss-method-{n}", "name": p, "description": p},
    }


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def make_project(root: Path) -> Path:
    data = root / "data"
    (data / "consultations").mkdir(parents=True)
    shutil.copytree(ROOT / "data" / "schema", data / "schema")
    reference = {name: yaml.safe_load((FIXTURES / "reference" / f"{name}.yaml").read_text(encoding="utf-8"))
                 for name in ("organisations", "localities", "topics", "audiences", "methods")}
    outcomes = root / "content" / "outcomes"
    pages = root / "content" / "pages"
    outcomes.mkdir(parents=True)
    pages.mkdir()
    redirects = []
    for n, p in enumerate(PAYLOADS):
        for name, item in reference_for(n, p).items():
            reference[name].append(item)
        for cid, record in records_for(n, p).items():
            (data / "consultations" / f"{cid}.yaml").write_text(dump(record), encoding="utf-8")
        (outcomes / f"xss-{n:02d}.md").write_text(
            f"Title: {p}\nConsultation: 2026-xss-{n:02d}\n\n{p}\n\n## {p}\n\n- {p}\n\n> {p}\n\n"
            f"[{p}]({p}) and <{p}> and `{p}`\n", encoding="utf-8")
        (pages / f"xss-{n:02d}.md").write_text(f"Title: {p}\nSlug: xss-{n:02d}\n\n{p}\n\n[link]({p})\n",
                                               encoding="utf-8")
        redirects.append({"from": f"/moved-{n:02d}/", "to": "/consultations/", "title": p})
    for name, items in reference.items():
        (data / f"{name}.yaml").write_text(dump(items), encoding="utf-8")
    (data / "redirects.yaml").write_text(dump(redirects), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory) -> Site:
    project = make_project(tmp_path_factory.mktemp("xss"))
    return Site(build_site(project / "output", content=project / "content", data=project / "data"))


def html_pages(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


def template_tags() -> set[str]:
    """Every element our templates write, plus what the write-up sanitiser lets through."""
    tags = set()
    for template in (ROOT / "theme" / "templates").rglob("*.html"):
        tags |= {t.lower() for t in re.findall(r"<([a-zA-Z][a-zA-Z0-9-]*)", template.read_text(encoding="utf-8"))}
    return tags | set(ALLOWED_TAGS)


def unsafe_url(value: str) -> bool:
    # Browsers drop whitespace and control characters inside a scheme: "java\tscript:".
    squashed = re.sub(r"[\x00-\x20\x7f]", "", value).lower()
    return squashed.startswith(BAD_SCHEMES)


def script_problems(tag, where: str, root: Path) -> list[str]:
    """A <script> must be one of our own files, same origin, that the build wrote."""
    src = tag.get("src") or ""
    if not src.startswith("/") or src.startswith("//") or tag.get_text().strip():
        return [f"{where}: a script that is not one of our same-origin files: {str(tag)[:120]}"]
    if not (root / urlsplit(src).path.lstrip("/")).is_file():
        return [f"{where}: a script file that the build did not write: {src}"]
    return []


# The only <svg> our templates write: a bar chart (components/bar_chart.html), which draws
# with these elements and nothing else; its attributes are checked as every element's are.
CHART_ELEMENTS = {"title", "desc", "text", "rect"}


def is_our_chart(tag) -> bool:
    return (tag.name.lower() == "svg" and tag.get("class") == ["chart__svg"] and tag.get("role") == "img"
            and all(child.name.lower() in CHART_ELEMENTS for child in tag.find_all(True)))


def element_problems(tag, name: str, where: str, root: Path, allowed_tags: set[str], is_redirect: bool) -> list[str]:
    """What the element itself (its name, and where a script, meta or link points) could run or load."""
    problems = script_problems(tag, where, root) if name == "script" else []
    if name in FORBIDDEN_TAGS and not is_our_chart(tag):
        problems.append(f"{where}: a <{name}> element: {str(tag)[:120]}")
    if name not in allowed_tags:
        problems.append(f"{where}: a <{name}> element our templates never write: {str(tag)[:120]}")
    if name == "meta" and tag.get("http-equiv") is not None:
        target = (tag.get("content") or "").partition("url=")[2]
        if tag["http-equiv"].lower() != "refresh" or not is_redirect or not (
                target.startswith("/") and not target.startswith("//") or target.startswith("https://")):
            problems.append(f"{where}: an unexpected <meta http-equiv>: {tag}")
    if name == "link" and not (tag.get("href", "").startswith("/") or tag.get("rel") == ["canonical"]):
        problems.append(f"{where}: a link to another site's resource: {tag}")
    return problems


def attribute_problems(tag, name: str, where: str) -> list[str]:
    """Event handlers, inline styles and javascript:, vbscript: or data: URLs in the element's attributes."""
    problems = []
    for attribute, value in tag.attrs.items():
        values = value if isinstance(value, list) else [value]
        if attribute.lower().startswith("on"):
            problems.append(f"{where}: an event attribute {attribute} on <{name}>")
        if attribute.lower() == "style":
            problems.append(f"{where}: a style attribute on <{name}>")
        if attribute.lower() in URL_ATTRIBUTES and any(unsafe_url(v) for v in values):
            problems.append(f"{where}: {attribute}={value!r} on <{name}>")
    return problems


def live_markup_problems(page: Path, root: Path, allowed_tags: set[str]) -> list[str]:
    """What in one built page could run script or load something from elsewhere."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    where = page.relative_to(root).as_posix()
    problems = []
    is_redirect = soup.find("meta", attrs={"http-equiv": "refresh"}) is not None
    for tag in soup.find_all(True):
        name = tag.name.lower()
        problems += element_problems(tag, name, where, root, allowed_tags, is_redirect)
        problems += attribute_problems(tag, name, where)
    return problems


# -- the payloads -------------------------------------------------------------------------

def test_there_are_at_least_50_different_payloads():
    assert len(PAYLOADS) >= 50 and len(set(PAYLOADS)) == len(PAYLOADS)


def test_the_payloads_reach_every_text_field_of_a_record():
    schema_fields = set(text_fields())
    assert {("title",), ("outcome", "you_said", "[]", "said"), ("withdrawn", "reason")} <= schema_fields
    marker = PAYLOADS[0]
    filled = set()
    for record in records_for(0, marker).values():
        filled |= set(filled_fields(record, marker))
    assert schema_fields - filled == set(), "add the new text field to records_for()"


def test_every_page_of_the_injected_build_is_free_of_live_markup(xss_site):
    allowed = template_tags()
    pages = html_pages(xss_site.root)
    assert len(pages) > 3 * len(PAYLOADS)
    problems = [p for page in pages for p in live_markup_problems(page, xss_site.root, allowed)]
    assert problems == [], "\n".join(problems[:40])


def test_no_payload_is_written_out_unescaped(xss_site):
    markup = [p for p in PAYLOADS if "<" in p]
    found = []
    for page in html_pages(xss_site.root):
        source = page.read_text(encoding="utf-8")
        found += [(page.relative_to(xss_site.root).as_posix(), p) for p in markup if p in source]
    assert found == [], found[:20]


@pytest.mark.parametrize("n", range(0, len(PAYLOADS), 6))
def test_the_payload_is_shown_as_text_where_it_was_typed(xss_site, n):
    # Proof the injection reached the pages: the title reads exactly as typed, as text.
    payload = PAYLOADS[n]
    for cid in (f"2026-xss-{n:02d}", f"2026-xss-{n:02d}-withdrawn", f"2026-xss-{n:02d}-open"):
        soup = xss_site.soup(f"consultations/{cid}/")
        assert soup.find("h1").get_text() == payload
    results = xss_site.soup(f"consultations/2026-xss-{n:02d}/you-said-we-did/")
    assert payload in results.select_one("li.theme").get_text()
    assert results.select_one("section.writeup") is not None
    redirect = xss_site.soup(f"moved-{n:02d}/")
    assert redirect.find("main").find("a").get_text() == payload


def test_data_files_stay_well_formed(xss_site):
    # Feeds and exports carry the same text: escaped, they still parse, with no script element.
    files = [p for p in sorted(xss_site.root.rglob("*"))
             if p.suffix in (".xml", ".atom", ".rss") or (p.suffix == ".json" and "pagefind" not in p.parts)]
    if not files:
        pytest.skip("this build writes no feeds or data exports")
    for path in files:
        if path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))
        else:
            tree = ET.parse(path)
            assert not [e for e in tree.iter() if e.tag.rsplit("}", 1)[-1].lower() in {"script", "iframe"}], path


def test_the_checks_find_live_markup_when_there_is_some(tmp_path):
    # The checks above can fail: each of these pages has one way to run script.
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "ours.js").write_text("", encoding="utf-8")
    pages = {
        "inline.html": "<script>alert(1)</script>",
        "remote.html": '<script src="//evil.example/x.js"></script>',
        "event.html": '<p onclick="alert(1)">x</p>',
        "scheme.html": '<a href="java&#x09;script:alert(1)">x</a>',
        "data.html": '<a href=" DATA:text/html,x">x</a>',
        "frame.html": '<iframe src="/"></iframe>',
        "style.html": '<p style="color:red">x</p>',
        "refresh.html": '<meta http-equiv="refresh" content="0; url=javascript:alert(1)">',
        "unknown.html": "<blink>x</blink>",
    }
    allowed = template_tags()
    for name, body in pages.items():
        (tmp_path / name).write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
        assert live_markup_problems(tmp_path / name, tmp_path, allowed), name
    (tmp_path / "fine.html").write_text('<html><body><script src="/js/ours.js"></script><a href="/x/">x</a>'
                                        "</body></html>", encoding="utf-8")
    assert live_markup_problems(tmp_path / "fine.html", tmp_path, allowed) == []


# -- a strict CSP works on the real demo --------------------------------------------------

def test_no_page_of_the_demo_has_inline_script_or_style(demo_site):
    problems = []
    pages = html_pages(demo_site.root)
    assert len(pages) > 30
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        where = page.relative_to(demo_site.root).as_posix()
        for script in soup.find_all("script"):
            if not script.get("src") or script.get_text().strip():
                problems.append(f"{where}: inline <script>")
        problems += [f"{where}: <style> element" for _ in soup.find_all("style")]
        for tag in soup.find_all(True):
            if "style" in tag.attrs:
                problems.append(f"{where}: style attribute on <{tag.name}>")
            problems += [f"{where}: {a} on <{tag.name}>" for a in tag.attrs if a.lower().startswith("on")]
            for attribute in URL_ATTRIBUTES & set(tag.attrs):
                if unsafe_url(str(tag[attribute])):
                    problems.append(f"{where}: {attribute}={tag[attribute]!r}")
    assert problems == [], "\n".join(problems[:40])


def headers_for_every_path(root: Path) -> dict[str, str]:
    """The headers the demo's _headers file would give every path (/*) on a Netlify-style host.

    The demo is for GitHub Pages (HOSTING), which writes no _headers, so the file is made
    from the demo's own settings as a build for Netlify would make it.
    """
    from pelican.settings import read_settings

    from permalinks.hostfiles import NETLIFY_HEADERS, host_files
    from permalinks.options import permalinks_options

    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(ROOT / "content")})
    text = host_files("netlify", [], permalinks_options(settings).headers)[NETLIFY_HEADERS]
    headers, applies = {}, False
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line.startswith(" "):
            applies = line.strip() == "/*"
        elif applies:
            name, _, value = line.strip().partition(":")
            headers[name.strip()] = value.strip()
    return headers


@pytest.fixture(scope="module")
def demo_with_headers(demo_site):
    """The demo served on loopback with the headers from its own _headers file."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    headers = headers_for_every_path(demo_site.root)

    class WithHeaders(SimpleHTTPRequestHandler):
        def end_headers(self):
            for name, value in headers.items():
                self.send_header(name, value)
            super().end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(WithHeaders, directory=str(demo_site.root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", headers
    server.shutdown()


def test_the_demo_runs_under_its_content_security_policy_in_a_browser(demo_site, demo_with_headers, browser):
    base, headers = demo_with_headers
    assert "Content-Security-Policy" in headers
    # Not redirect pages (data/redirects.yaml): a browser leaves one at once, racing the next visit;
    # test_permalinks checks one under the same headers.
    urls = sorted({"/" + p.relative_to(demo_site.root).as_posix().removesuffix("index.html")
                   for p in html_pages(demo_site.root)
                   if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")})
    context = browser.new_context()
    page = context.new_page()
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "content security policy" in m.text.lower() else None)
    page.on("pageerror", lambda e: violations.append(f"page error: {e}"))
    try:
        for url in urls:
            response = page.goto(base + url, wait_until="load")
            assert response.headers.get("content-security-policy") == headers["Content-Security-Policy"]
        search = demo_site.root / "search" / "index.html"
        if search.exists():
            # The one script on the site: search, with Pagefind's WebAssembly ('wasm-unsafe-eval').
            page.goto(base + "/search/?q=library", wait_until="networkidle")
            # Until the search has run (its WebAssembly compiled) or said it failed: a CSP
            # refusal shows by then, however slowly a loaded machine got there.
            page.wait_for_function("""() => /^(\\d+ results?|No results) /.test(
                (document.querySelector("[data-status]") || {}).textContent || "")
                || document.querySelector("[data-search-failed]:not([hidden])")""")
    finally:
        context.close()
    assert violations == [], "\n".join(violations[:20])


def test_only_a_bar_chart_of_text_and_bars_passes_as_our_svg():
    ours = '<svg class="chart__svg" role="img"><title>t</title><desc>d</desc><text>a</text><rect/></svg>'
    assert is_our_chart(BeautifulSoup(ours, "html.parser").svg)
    for injected in ('<svg class="chart__svg" role="img"><script>alert(1)</script></svg>',
                     '<svg class="chart__svg" role="img"><foreignObject><img src=x></foreignObject></svg>',
                     '<svg role="img"><rect/></svg>', '<svg class="chart__svg"><rect/></svg>'):
        assert not is_our_chart(BeautifulSoup(injected, "html.parser").svg), injected
