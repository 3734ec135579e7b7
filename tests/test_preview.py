"""`make preview`: serves the site, builds again when a file is saved, never publishes a broken build.

Each test runs the preview as staff do (`python -m said_and_done preview`) on a copy of the
demo project, on a free port, and reads the served pages over HTTP.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from helpers.budgets import hang
from helpers.incremental_project import RECORDS, make_project, retitle
from said_and_done.preview.resident import first_look_folder

# Seconds to wait on an idle machine for a build the preview starts by itself; longer
# under load (helpers/budgets.py). A hang budget, not a timing.
SETTLE = 60
SERVING = re.compile(r"Serving .* at http://127\.0\.0\.1:(\d+)/")


def wait_for(condition, what: str, timeout: float = SETTLE):
    timeout = hang(timeout)  # sized now, from the load now
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.1)
    pytest.fail(f"waited {timeout:.0f} s for {what}")


class Preview:
    def __init__(self, project: Path, process: subprocess.Popen, log: Path):
        self.project, self.process, self.log, self.port = project, process, log, None

    def get(self, url: str) -> str | None:
        """The page, or None when nothing listens on the port. A slow answer is waited for
        (the preview opens its port before it says "Serving", so a request queues, never
        fails, while the server starts); only a hang fails the test."""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{url}", timeout=hang(30)) as response:
                return response.read().decode("utf-8")
        except urllib.error.HTTPError:
            return None
        except urllib.error.URLError as error:
            if isinstance(error.reason, ConnectionRefusedError):
                return None
            raise
        except ConnectionError:
            return None

    def said(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def wait_to_say(self, text: str, after: int = 0) -> str:
        """Wait until the preview prints text (counting only what it printed after `after` characters)."""
        return wait_for(lambda: text in self.said()[after:] and self.said(), f"the preview to say {text!r}:\n{self.said()[-3000:]}")


@pytest.fixture
def preview(tmp_path):
    project = tmp_path / "project"
    make_project(project)
    log = tmp_path / "preview.log"
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["PYTHONPATH"] = str(project / "plugins")
    # Port 0: the preview takes a free port and says which, so no other test's server can
    # take it between our choosing it and the preview opening it.
    with open(log, "w", encoding="utf-8") as out:
        process = subprocess.Popen([sys.executable, "-m", "said_and_done", "preview", "--settings", "pelicanconf.py",
                                    "--output", str(project / "output"), "--port", "0"],
                                   cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT)
    running = Preview(project, process, log)
    try:
        # "Serving" is the preview's word that its site answers and its watcher is watching.
        running.port = int(SERVING.search(running.wait_to_say("Serving ")).group(1))
        assert running.get("/"), "the preview said it was serving, but its site did not answer"
        yield running
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=hang(30))


def first_record(project: Path) -> str:
    return sorted(p.stem for p in (project / RECORDS).glob("*.yaml"))[0]


def test_a_saved_record_is_built_and_served(preview):
    consultation = first_record(preview.project)
    assert "Zigzagging" not in preview.get(f"/consultations/{consultation}/")
    before = len(preview.said())
    retitle(preview.project, consultation, "Zigzagging")
    wait_for(lambda: "Zigzagging" in (preview.get(f"/consultations/{consultation}/") or ""), "the edit to be served")
    said = preview.wait_to_say("published.", before)[before:]
    assert f"Changed: {RECORDS / consultation}.yaml. Built in " in said


def test_a_mistake_is_listed_with_its_line_and_the_served_site_stays_as_it_was(preview):
    consultation = first_record(preview.project)
    path = preview.project / RECORDS / f"{consultation}.yaml"
    good = path.read_text(encoding="utf-8")
    page = preview.get(f"/consultations/{consultation}/")
    before = len(preview.said())
    path.write_text(good.replace("lead_organisation: ", "lead_organisation: nobody-", 1), encoding="utf-8")
    said = preview.wait_to_say("NOT published", before)[before:]
    line = next(n for n, text in enumerate(good.splitlines(), 1) if text.startswith("lead_organisation: "))
    assert f"{RECORDS / consultation}.yaml:{line}:1: lead_organisation: expected a known organisation slug" in said
    assert preview.get(f"/consultations/{consultation}/") == page
    # Put right, it builds and serves again; the preview kept running throughout.
    before = len(preview.said())
    path.write_text(good.replace("title: ", "title: Mended ", 1), encoding="utf-8")
    preview.wait_to_say("published.", before)
    assert "Mended" in preview.get(f"/consultations/{consultation}/")
    assert preview.process.poll() is None


def test_a_change_to_plugin_code_restarts_the_preview_with_it(preview):
    before = len(preview.said())
    plugin = preview.project / "plugins" / "said_and_done" / "site" / "filters.py"
    plugin.write_text(plugin.read_text(encoding="utf-8") + "\n# a comment, so the file changed\n", encoding="utf-8")
    said = preview.wait_to_say("Serving ", before)[before:]
    assert "restarting the preview" in said and "First build done" in said
    assert f"http://127.0.0.1:{preview.port}/" in said  # the same address as before the restart
    assert preview.get("/"), "the preview said it was serving again, but its site did not answer"


def test_stopping_the_preview_stops_its_web_server(preview):
    assert preview.get("/") is not None
    preview.process.terminate()
    assert preview.process.wait(timeout=hang(30)) == 0
    assert "Preview stopped." in preview.said()
    wait_for(lambda: preview.get("/") is None, "the web server to stop", timeout=10)


def test_a_saved_record_shows_at_once_while_the_rest_of_the_site_is_built(preview):
    consultation = first_record(preview.project)
    before = len(preview.said())
    retitle(preview.project, consultation, "Zigzagging")
    said = preview.wait_to_say("published.", before)[before:]
    # The resident build rendered the record's page before the full build began.
    assert said.index("First look in ") < said.index("Built in ")
    look = next(line for line in said.splitlines() if line.startswith("First look in "))
    assert f"http://127.0.0.1:{preview.port}/consultations/{consultation}/" in look.split()
    assert "Zigzagging" in preview.get(f"/consultations/{consultation}/")
    # Once the full build has published, its pages are the ones served.
    assert not first_look_folder(preview.project / "output").exists()


def test_a_first_look_is_taken_back_when_the_full_build_fails(preview):
    # An alias in two records: each is sound alone (a first look is shown), the build refuses the pair.
    a, b = sorted(p.stem for p in (preview.project / RECORDS).glob("*.yaml"))[:2]
    page = preview.get(f"/consultations/{a}/")
    before = len(preview.said())
    for consultation in (a, b):
        path = preview.project / RECORDS / f"{consultation}.yaml"
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\naliases: [2019-gone-consultation]\n",
                        encoding="utf-8")
    said = preview.wait_to_say("NOT published", before)[before:]
    assert "First look in " in said
    assert "expected each former id to belong to one consultation" in said
    assert preview.get(f"/consultations/{a}/") == page
    assert not first_look_folder(preview.project / "output").exists()
