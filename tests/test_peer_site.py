"""The peer benchmark's Hugo site (bench/hugo_site.py) is valid input holding the same records.

bench/peer.py times Said & Done against Hugo + Pagefind; a comparison is only fair if the
Hugo site has every record, with its taxonomies and words, and Hugo builds it. The Hugo run
is skipped where hugo is not installed; no timings are asserted here.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

from helpers.site import ROOT


def _bench_module(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


synthetic = _bench_module("synthetic")
hugo_site = _bench_module("hugo_site")

N = 40


@pytest.fixture(scope="module")
def peer(tmp_path_factory):
    project = tmp_path_factory.mktemp("peer")
    synthetic.write_project(project, N)
    site = hugo_site.write_hugo_site(project, project / "hugo")
    return project, site


def _front_matter(page: Path) -> tuple[dict, str]:
    text = page.read_text(encoding="utf-8")
    assert text.startswith("---\n"), page
    matter, body = text[4:].split("\n---\n", 1)
    return yaml.safe_load(matter), body


def test_config_has_the_three_taxonomies_and_pages_of_20(peer):
    _, site = peer
    config = tomllib.loads((site / "config.toml").read_text(encoding="utf-8"))
    assert config["taxonomies"] == {"locality": "localities", "topic": "topics", "organisation": "organisations"}
    assert config["paginate"] == 20


def test_every_record_is_a_page_with_its_taxonomies_and_words(peer):
    project, site = peer
    names = hugo_site.reference_names(project)
    records = sorted((project / "data" / "consultations").glob("*.yaml"))
    pages = sorted(p for p in (site / "content" / "consultations").glob("*.md") if p.name != "_index.md")
    assert [p.stem for p in pages] == [r.stem for r in records]
    for record, page in zip(records, pages, strict=True):
        data = yaml.safe_load(record.read_text(encoding="utf-8"))
        matter, body = _front_matter(page)
        assert matter["title"] == data["title"]
        assert matter["date"] == str(data["dates"]["opens"])
        assert matter["topics"] == [names["topics"][s] for s in data["topics"]]
        assert matter["organisations"][0] == names["organisations"][data["lead_organisation"]]
        if data["localities"] != "all":
            assert matter["localities"] == [names["localities"][s] for s in data["localities"]]
        assert data["summary"] in body
        for theme in (data.get("outcome") or {}).get("you_said", []):
            assert theme["said"] in body


def test_an_edit_rewrites_that_page_alone(peer, tmp_path):
    project, site = peer
    project = shutil.copytree(project, tmp_path / "project")
    site = project / "hugo"
    pages = site / "content" / "consultations"
    before = {p.name: p.read_text(encoding="utf-8") for p in pages.glob("*.md")}
    record = sorted((project / "data" / "consultations").glob("*.yaml"))[3]
    record.write_text(record.read_text(encoding="utf-8").replace("title: ", "title: Edited ", 1), encoding="utf-8")
    page = hugo_site.update_page(project, site, record)
    assert _front_matter(page)[0]["title"].startswith("Edited ")
    after = {p.name: p.read_text(encoding="utf-8") for p in pages.glob("*.md")}
    assert [name for name in before if before[name] != after[name]] == [page.name]


@pytest.mark.skipif(shutil.which("hugo") is None, reason="hugo is not installed (apt-get install hugo)")
def test_hugo_builds_the_site_with_paged_taxonomies_and_searchable_pages(peer, tmp_path):
    _, site = peer
    public = tmp_path / "public"
    run = subprocess.run(["hugo", "--quiet", "--source", str(site), "--destination", str(public)],
                         capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr
    singles = [p for p in (public / "consultations").glob("*/index.html")]
    assert len(singles) == N
    assert all("data-pagefind-body" in p.read_text(encoding="utf-8") for p in singles)
    # 40 records are more than one page of 20 in the register.
    assert (public / "consultations" / "page" / "2" / "index.html").is_file()
    for taxonomy in ("localities", "topics", "organisations"):
        terms = [p for p in (public / taxonomy).iterdir() if p.is_dir() and p.name != "page"]
        assert terms, taxonomy
    home = (public / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in home
