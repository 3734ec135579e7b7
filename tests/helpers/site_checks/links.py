"""LinkChecker over a served site: every internal link, asset and #anchor must resolve.

LinkChecker parses HTML (a, link, script, img, form, meta refresh...) and CSS itself;
it is given every page as a starting point, so a page no other page links to (a
redirect for a former id) is checked too. External links are not followed (no
network in tests), and mailto:/tel: links are only syntax-checked.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import tempfile
from pathlib import Path

_CONFIG = """\
[checking]
# Our own loopback server, which says it welcomes LinkChecker; no need to go slowly.
maxrequestspersecond=1000
threads=4
[filtering]
checkextern=0
internlinks=^{base}/
ignore=
  ^mailto:
  ^tel:
[AnchorCheck]
"""


def check_links(base_url: str, urls: list[str], depth: int = -1) -> tuple[list[str], set[str]]:
    """(problems, every URL checked). A problem names the page, line and what is wrong.

    depth -1 follows links to the end; 1 checks the given pages' links without going further.
    """
    with tempfile.NamedTemporaryFile("w", suffix=".ini", delete=False) as config:
        config.write(_CONFIG.format(base=re.escape(base_url)))
    try:
        result = subprocess.run(
            [str(Path(sys.executable).with_name("linkchecker")), "--config", config.name, "--no-status",
             "--verbose", "--output", "csv/utf-8", "--recursion-level", str(depth), "--stdin"],
            input="\n".join(base_url + u for u in urls), capture_output=True, text=True, timeout=900, check=False,
        )
    finally:
        Path(config.name).unlink()
    rows = [line for line in result.stdout.splitlines(keepends=True) if not line.startswith("#")]
    if not rows:
        raise RuntimeError(f"linkchecker did not run (exit {result.returncode}): {result.stderr.strip()[:2000]}")
    problems, checked = [], set()
    for row in csv.DictReader(io.StringIO("".join(rows)), delimiter=";"):
        url = row["url"] or row["urlname"]
        if row["result"] in ("filtered", "ignored") or "URL is ignored" in (row["infostring"] or ""):
            if url.startswith(base_url + "/"):
                problems.append(f"{row['parentname']}: {url} was not checked ({row['result']})")
            continue  # an external or mailto:/tel: link, deliberately not fetched
        checked.add(url.removeprefix(base_url))
        page = (row["parentname"] or "(start)").removeprefix(base_url)
        where = f"{page}:{row['line']}:{row['column']}"
        if row["valid"] != "True":
            problems.append(f"{where}: {row['urlname']} -> {row['result']}")
        elif "anchor" in (row["warningstring"] or "").lower():
            problems.append(f"{where}: {row['urlname']} -> {' '.join(row['warningstring'].split())}")
    return problems, checked
