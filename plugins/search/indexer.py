"""Runs Pagefind (the pinned pagefind-bin program) over built pages, into the output.

Each run is given a folder holding one shard's searchable pages (generator.py) and
keeps only what they mark data-pagefind-body (their <main>), so navigation and
footers never reach the index. Afterwards the page count Pagefind reports is checked
against the shard's share of the register (so across shards, against the register),
and a template that lost its data-pagefind-body fails the build instead of quietly
shipping a wrong index.

Why the program and not the Python API's service: pagefind 1.5.2's service hands
its files to background writes and is then stopped (PagefindIndex's exit sends it
SIGTERM; end of input makes it exit at once), so the last files can be lost: in
testing, one run left an empty pagefind-entry.json and another a different
wasm.unknown.pagefind. The program waits for its writes before it exits (twenty
runs in a row here gave complete, identical files). A record-based indexer for very large sites (issue 8:
SearchEntry -> add_custom_record, sharded into several bundles merged in the
browser) must first make that write safe, e.g. by taking the files back with
get_files() and writing them itself. The service also answers at most about ten
requests a second (its reader polls every 0.1 s), so per-record requests need batching.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from said_and_done.api import BuildFailed

PINNED = "pagefind-bin==1.5.2"
HOW_TO_INSTALL = (f"Install it with `.venv/bin/pip install -r requirements.txt` (which pins {PINNED}; "
                  "`make html` does this for you), or point PAGEFIND_BINARY_PATH at a Pagefind 1.5 program.")


class SearchIndexError(BuildFailed):
    """The search index could not be built; the build stops and the old site stays."""


def find_pagefind() -> Path:
    """The Pagefind program to run, or a clear error saying how to install it.

    PAGEFIND_BINARY_PATH (Pagefind's own variable) wins; then the pinned pagefind-bin
    package; then a `pagefind` on the PATH.
    """
    configured = os.environ.get("PAGEFIND_BINARY_PATH")
    if configured:
        path = Path(configured)
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise SearchIndexError(f"PAGEFIND_BINARY_PATH is set to {configured}, but there is no program there, "
                                   f"so the search index cannot be built. {HOW_TO_INSTALL}")
        return path
    try:
        from pagefind_bin import get_executable
        return Path(get_executable())
    except (ImportError, FileNotFoundError):
        pass
    on_path = shutil.which("pagefind")
    if on_path:
        return Path(on_path)
    raise SearchIndexError(f"Pagefind is not installed, so the search index cannot be built. {HOW_TO_INSTALL}")


def pagefind_command(binary: Path, site: Path, output: Path, options) -> list:
    """The one Pagefind command the build runs (bench/search_index.py times the same), from the site folder."""
    return [str(binary), "--site", str(site), "--glob", "**/*.html", "--force-language", options.language,
            "--output-path", str(output), "--quiet"]


def pagefind_env() -> dict:
    """The environment without PAGEFIND_* settings from the shell: nothing but the command's
    arguments may change what is indexed (Pagefind also reads pagefind.yml from its folder,
    which is why it runs from the site folder the build made)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}


def failure(site: Path, returncode: int | None, said: str, timed_out: bool, options) -> SearchIndexError:
    """The error for a Pagefind run over `site` that did not succeed."""
    if timed_out:
        return SearchIndexError(f"Pagefind did not finish indexing {site} within {options.timeout_seconds} seconds "
                                "(SEARCH['timeout_seconds']).")
    if returncode is None:  # it did not start
        return SearchIndexError(f"{said}. {HOW_TO_INSTALL}")
    return SearchIndexError(f"Pagefind could not index {site} (exit code {returncode}):\n{said}")


def check_index(output: Path, expected_pages: int) -> dict:
    """Pagefind's entry file for the index it wrote into `output`, once its page count is
    checked against the shard's share of the register."""
    entry_file = output / "pagefind-entry.json"
    if not entry_file.is_file():
        raise SearchIndexError(f"Pagefind finished but wrote no index into {entry_file.parent}.")
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    indexed = sum(lang["page_count"] for lang in entry.get("languages", {}).values())
    if indexed != expected_pages:
        raise SearchIndexError(
            f"Pagefind indexed {indexed} page(s), but the register has {expected_pages} consultation, "
            "\"You said, we did\", place, organisation and topic page(s) for it. Each consultation and results page, "
            "and no other, must mark its main content with data-pagefind-body "
            "(theme/templates/consultation.html and you_said_we_did.html).")
    return entry
