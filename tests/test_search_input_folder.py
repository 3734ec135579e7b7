"""The folders of pages Pagefind reads, kept between builds (plugins/search/input_folder.py):
after each update a folder holds exactly the pages and records asked for, each page the
current file itself (its inode), and an update touches only what changed."""

from __future__ import annotations

import os
from pathlib import Path

from search.input_folder import input_root, update


def page(root: Path, name: str, text: str) -> Path:
    """A published file, replaced (a new inode) as the build replaces output files."""
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = path.with_name(path.name + ".new")
    fresh.write_text(text, encoding="utf-8")
    os.replace(fresh, path)
    return path


def held(folder: Path) -> dict:
    return {str(p.relative_to(folder)): (p.read_text(encoding="utf-8"), p.stat().st_ino)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_an_update_changes_only_what_changed(tmp_path):
    site, folder = tmp_path / "site", input_root(tmp_path / "output") / "part-0"
    assert folder.parent.name == ".output.search-input"
    names = [f"consultations/c{i}/index.html" for i in range(4)]
    pages = {name: page(site, name, f"page {i}") for i, name in enumerate(names)}
    update(folder, pages, {"localities/a/index.html": "<main>A</main>"})
    first = held(folder)
    assert {n: text for n, (text, _) in first.items()} == {
        **{n: f"page {i}" for i, n in enumerate(names)}, "localities/a/index.html": "<main>A</main>"}
    assert all(first[n][1] == pages[n].stat().st_ino for n in names)  # links, not copies
    record_inode = first["localities/a/index.html"][1]

    # One page replaced, one gone, one new; the record unchanged.
    pages[names[1]] = page(site, names[1], "page 1, edited")
    del pages[names[3]]
    pages["consultations/c9/index.html"] = page(site, "consultations/c9/index.html", "page 9")
    update(folder, pages, {"localities/a/index.html": "<main>A</main>"})
    second = held(folder)
    assert sorted(second) == sorted([*pages, "localities/a/index.html"])
    assert second[names[1]] == ("page 1, edited", pages[names[1]].stat().st_ino)
    assert second[names[0]] == first[names[0]] and second[names[2]] == first[names[2]]
    assert second["localities/a/index.html"][1] == record_inode  # not written again
    assert not (folder / "consultations" / "c3").exists()  # its folder went with it

    # A page written again with the same bytes keeps its link (Pagefind reads only bytes);
    # one written again with other bytes of the same length is linked afresh.
    linked = held(folder)
    pages[names[0]] = page(site, names[0], "page 0")
    pages[names[2]] = page(site, names[2], "page X")
    update(folder, pages, {"localities/a/index.html": "<main>A</main>"})
    third = held(folder)
    assert third[names[0]] == linked[names[0]] != ("page 0", pages[names[0]].stat().st_ino)
    assert third[names[2]] == ("page X", pages[names[2]].stat().st_ino)

    # A record whose HTML changed is written again.
    update(folder, pages, {"localities/a/index.html": "<main>A, renamed</main>"})
    assert held(folder)["localities/a/index.html"][0] == "<main>A, renamed</main>"


def test_a_folder_left_half_changed_is_made_afresh(tmp_path):
    site, folder = tmp_path / "site", tmp_path / ".output.search-input" / "part-1"
    pages = {"a/index.html": page(site, "a/index.html", "a")}
    update(folder, pages, {})
    # A build killed while changing it: the list of its names is gone, a stray page is there.
    folder.with_name("part-1.json").unlink()
    (folder / "stray").mkdir()
    (folder / "stray" / "index.html").write_text("old", encoding="utf-8")
    update(folder, pages, {})
    assert sorted(held(folder)) == ["a/index.html"]
