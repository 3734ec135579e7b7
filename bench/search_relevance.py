"""Search relevance: how many of the queries residents type find their page in the first three.

    .venv/bin/python bench/search_relevance.py                   # builds the demo into a temp folder
    .venv/bin/python bench/search_relevance.py --output /tmp/out # an output already built

Runs every query of tests/fixtures/search/relevance.yaml through the built site's /search/
page in headless Debian chromium (Playwright) and prints the share that pass and each
failure with what came first instead. The issue's target is 90 %. Figures, never
pass/fail: tests/test_search_relevance.py is the test.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))
from helpers.search_relevance import load_cases, report, run_all, share  # noqa: E402
from helpers.site_checks.server import served  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TARGET = 0.9


def build_demo(output: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    subprocess.run([sys.executable, "-m", "said_and_done", "build", "--settings", "pelicanconf.py",
                    "--output", str(output)], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def measure(output: Path) -> list:
    from playwright.sync_api import sync_playwright

    with served(output) as base, sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            return run_all(chromium.new_page(), base, load_cases())
        finally:
            chromium.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, help="a built site to search (default: build the demo)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        output = args.output
        if output is None:
            output = Path(tmp) / "output"
            build_demo(output)
        outcomes = measure(output)
    print(report(outcomes))
    print(f"Target: {TARGET:.0%} -> {'met' if share(outcomes) >= TARGET else 'NOT met'}")


if __name__ == "__main__":
    main()
