"""Search relevance: how many of the queries residents type find their page in the first three.

    .venv/bin/python bench/search_relevance.py                   # builds the demo into a temp folder
    .venv/bin/python bench/search_relevance.py --output /tmp/out # an output already built
    .venv/bin/python bench/search_relevance.py --latency 10000   # time to results at 10,000 records
    .venv/bin/python bench/search_relevance.py --latency 10000 --code /work/other  # another checkout's code

Runs every query of tests/fixtures/search/relevance.yaml through the built site's /search/
page in headless Debian chromium (Playwright) and prints the share that pass and each
failure with what came first instead. The issue's target is 90 %.

--latency N builds N synthetic records (bench/synthetic.py; the search plugin only) and
times, in the browser, each of a few queries from the moment the form is submitted to the
moment the page has shown its results (the status line is written last), the first one
with the index not yet fetched, and from the last key typed (the page waits 300 ms for
typing to pause, which is printed apart). The issue's target: results within 400 ms of
the search starting at 10,000 records.
Figures, never pass/fail: tests/test_search_relevance.py is the test.
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
from helpers.project_settings import write_settings  # noqa: E402
from helpers.search_relevance import load_cases, report, run_all, share  # noqa: E402
from helpers.site_checks.server import served  # noqa: E402

sys.path.insert(0, str(HERE))
from synthetic import write_project  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TARGET = 0.9
LATENCY_TARGET_MS = 400
# Words the synthetic register uses (bench/synthetic.py), a misspelling, an everyday word, nothing.
LATENCY_QUERIES = ["library", "bus routes", "street lighting", "Ashford", "libary", "bins", "parking",
                   "xylophonic", "play areas", "GP appointments"]
# In the page: submit the form with `query` and resolve with the milliseconds until the
# status line (written once the results are shown) changes.
TIME_ONE = """async (query) => {
  const root = document.querySelector("[data-search]");
  const input = root.querySelector("input[name='q']");
  const status = root.querySelector("[data-status]");
  status.textContent = "";
  input.value = query;
  const done = new Promise((resolve) => new MutationObserver((_, observer) => {
    if (status.textContent) { observer.disconnect(); resolve(performance.now()); }
  }).observe(status, { childList: true, characterData: true, subtree: true }));
  const start = performance.now();
  root.querySelector("form").requestSubmit();
  return (await done) - start;
}"""


def build_demo(output: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    built = subprocess.run([sys.executable, "-m", "said_and_done", "build", "--settings", "pelicanconf.py",
                            "--output", str(output)], cwd=ROOT, env=env, capture_output=True, text=True)
    if built.returncode != 0:  # the demo's warnings are not this benchmark's business; a failure is
        raise SystemExit(f"The demo did not build:\n{built.stderr[-3000:]}")


def measure(output: Path) -> list:
    from playwright.sync_api import sync_playwright

    with served(output) as base, sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            return run_all(chromium.new_page(), base, load_cases())
        finally:
            chromium.close()


def latency(n: int, code: Path) -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="search-latency-") as tmp:
        project = write_project(Path(tmp) / "project", n)
        write_settings(project, "SAID_AND_DONE = {**SAID_AND_DONE, 'data_path': 'data'}",
                       'PLUGINS = ["said_and_done", "search"]', theme=code / "theme", plugins=code / "plugins")
        output = Path(tmp) / "output"
        env = {**os.environ, "PYTHONPATH": str(code / "plugins"), "SOURCE_DATE_EPOCH": "1795392000"}
        subprocess.run([sys.executable, "-m", "said_and_done", "build", "--settings", str(project / "pelicanconf.py"),
                        "--output", str(output)], cwd=project, env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with served(output) as base, sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = chromium.new_page()
                page.goto(f"{base}/search/")
                page.wait_for_selector("[data-search-ready]:not([hidden])")
                times = [(q, page.evaluate(TIME_ONE, q)) for q in LATENCY_QUERIES]
            finally:
                chromium.close()
    print(f"Search latency at {n:,} records ({code}): from submitting to results shown")
    for query, ms in times:
        print(f"  {query!r:20} {ms:7.0f} ms")
    warm = sorted(ms for _, ms in times[1:])
    median = warm[len(warm) // 2]
    print(f"  first (index fetched) {times[0][1]:.0f} ms; then median {median:.0f} ms, slowest {warm[-1]:.0f} ms")
    slowest = max(ms for _, ms in times)
    print(f"  slowest, the first included: {slowest:.0f} ms   target <= {LATENCY_TARGET_MS} ms -> "
          f"{'met' if slowest <= LATENCY_TARGET_MS else 'NOT met'}")
    print(f"  (typing, the page first waits 300 ms for a pause: {300 + slowest:.0f} ms from the last key)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, help="a built site to search (default: build the demo)")
    parser.add_argument("--latency", type=int, metavar="N", help="time searches over N synthetic records instead")
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout whose plugins and theme build it")
    args = parser.parse_args()
    if args.latency:
        latency(args.latency, args.code.resolve())
        return
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
