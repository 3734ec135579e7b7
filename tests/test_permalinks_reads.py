"""The permalinks plugin reads its two data files once per build.

data/published-urls.txt (the list of published addresses) and data/redirects.yaml
are each read and parsed once, at the register checks, and what was found is
shared with the redirect pages and the check of the built site (register.derived).
A copy of the demo, with a redirect added, is built as staff build it while every
open of the two files is counted.
"""

from __future__ import annotations

import builtins
import io
import os
import shutil
from collections import Counter
from pathlib import Path

import pytest

from helpers.project_settings import write_settings
from helpers.site import ROOT
from permalinks.manifest import read_manifest, write_manifest
from said_and_done import cli

WATCHED = ("published-urls.txt", "redirects.yaml")
REDIRECTS = ("# Pages that moved.\n"
             "- from: /how-we-consult.html\n  to: /consultations/\n  title: All consultations\n")


@pytest.fixture
def demo_project(tmp_path) -> Path:
    """A copy of the demo's records and pages, with one moved page in data/redirects.yaml (and listed)."""
    project = tmp_path / "demo"
    project.mkdir()
    for folder in ("data", "content"):
        shutil.copytree(ROOT / folder, project / folder)
    redirects = project / "data" / "redirects.yaml"
    demo_redirects = redirects.read_text(encoding="utf-8") if redirects.exists() else ""
    redirects.write_text(REDIRECTS + demo_redirects, encoding="utf-8")
    manifest = project / "data" / "published-urls.txt"
    write_manifest(manifest, [*read_manifest(manifest, "published-urls.txt").urls, "/how-we-consult.html"])
    write_settings(project, "CACHE_PATH = 'cache'")
    return project


@pytest.fixture
def opened(monkeypatch) -> Counter:
    """How many times each watched file is opened, by file name, however it is read."""
    counts = Counter()

    def counting(real):
        def open_(file, *args, **kwargs):
            name = Path(file).name if isinstance(file, (str, Path)) else ""
            if name in WATCHED:
                counts[name] += 1
            return real(file, *args, **kwargs)
        return open_

    # Path.read_text, read_bytes and open call io.open (Python 3.11); open() is builtins.open;
    # the loader opens staff files with os.open, refusing links and pipes (domain/limits.py).
    monkeypatch.setattr(io, "open", counting(io.open))
    monkeypatch.setattr(builtins, "open", counting(builtins.open))
    monkeypatch.setattr(os, "open", counting(os.open))
    return counts


def test_each_data_file_is_read_once_per_build(demo_project, opened, capsys):
    settings = demo_project / "pelicanconf.py"
    code = cli.main(["build", "--settings", str(settings), "--output", str(demo_project / "output")])
    err = capsys.readouterr().err
    assert code == 0, err[-3000:]
    # The redirect was written, so both files were used.
    assert (demo_project / "output" / "how-we-consult.html").is_file()
    assert dict(opened) == {"published-urls.txt": 1, "redirects.yaml": 1}
