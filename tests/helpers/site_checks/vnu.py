"""The Nu Html Checker (vnu.jar from node_modules), run once over many files in one JVM."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

from bs4 import BeautifulSoup

from ..site import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def linked_stylesheets(root: Path, pages: list[Path]) -> list[Path]:
    """The site's own CSS files that pages load (a tool's unused CSS in the output is not ours to fix)."""
    found = set()
    for page in pages:
        for link in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all("link", href=True):
            href = urlparse(link["href"])
            if "stylesheet" in (link.get("rel") or []) and not href.netloc and href.path.startswith("/"):
                path = root / unquote(href.path).lstrip("/")
                if path.is_file():
                    found.add(path)
    return sorted(found)


def vnu_errors(root: Path, pages: list[Path], css: list[Path] = ()) -> list[str]:
    """Every error vnu reports in the given HTML pages and stylesheets, as 'file:line:column: message'."""
    files = [str(p) for p in [*pages, *css]]
    result = subprocess.run(
        ["java", "-Xss4m", "-jar", str(VNU), "--format", "json", "--errors-only", "--exit-zero-always",
         "--also-check-css", "--stdout", *files],
        capture_output=True, text=True, timeout=600, check=False,
    )
    if result.returncode != 0 or not result.stdout.strip():
        raise RuntimeError(f"vnu did not run (exit {result.returncode}): {result.stderr.strip()[:2000]}")
    errors = []
    for m in json.loads(result.stdout)["messages"]:
        if m.get("type") not in ("error", "non-document-error"):
            continue
        path = Path(unquote(urlparse(m.get("url", "")).path))
        try:
            where = path.relative_to(root).as_posix()
        except ValueError:
            where = str(path)
        errors.append(f"{where}:{m.get('lastLine', m.get('firstLine', 0))}:{m.get('firstColumn', 0)}: "
                      f"{m['message']}" + (f"\n    {' '.join(m['extract'].split())[:160]}" if m.get("extract") else ""))
    return errors
