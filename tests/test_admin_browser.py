"""The browser editor end to end (issue 25): Decap CMS, as shipped in /admin/, on its local
backend (decap-server) in headless Debian chromium, creates a consultation through the form
and updates an action's status on another record; the files it writes must pass `check` and
build, with the change on the page. Everything runs on a copy of the demo in a temporary
folder; every wait is on a condition (a file written, an element shown), never a fixed sleep."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from helpers.budgets import hang
from helpers.project_settings import write_settings
from helpers.site import ROOT, Site, text_of
from helpers.site_checks.server import free_port, served

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (make system-deps)")

DECAP_SERVER = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"
# Generous, and longer under load (helpers/budgets.py): these catch a hang, they time nothing.
# The browser fixture gives every tab (and `expect`) the same kind of budget.
HANG = 120
UPDATED = "2025-moorland-homes-repairs-service"
ACTION = "Launch online repair reporting"
NEW_TITLE = "Opening hours of Harlstow swimming pool"
NEW_ID = "2027-opening-hours-of-harlstow-swimming-pool"


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run([sys.executable, "-m", "said_and_done", *args, "--settings", "pelicanconf.py"],
                          cwd=project, env=env, capture_output=True, text=True, timeout=600)


def until(condition, what: str, timeout: float | None = None):
    """condition()'s first truthy value, checked until timeout (a hang, not a measurement)."""
    timeout = timeout or hang(HANG)
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.1)


def answers(port: int):
    def ask():
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1", data=b'{"action":"info"}',
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return json.load(response)
        except OSError:
            return None
    return ask


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A copy of the demo's records and write-ups, with the editor on, built; and decap-server on it."""
    root = tmp_path_factory.mktemp("cms-project")
    for folder in ("data", "content"):
        shutil.copytree(ROOT / folder, root / folder)
    port = free_port()
    write_settings(root, f"ADMIN = {{'enabled': True, 'backend': {{'name': 'local', 'port': {port}}}, "
                         f"'node_modules': {str(ROOT / 'node_modules')!r}}}")
    built = run(root, "build", "--output", str(root / "output"))
    assert built.returncode == 0, built.stderr
    log = (root.parent / "decap-server.log").open("w")
    server = subprocess.Popen(["node", str(DECAP_SERVER)], cwd=root, stdout=log, stderr=subprocess.STDOUT,
                              env={**os.environ, "PORT": str(port), "MODE": "fs", "GIT_REPO_DIRECTORY": str(root),
                                   "BIND_HOST": "127.0.0.1"})
    try:
        info = until(answers(port), "decap-server to answer")
        assert info["type"] == "local_fs"
        with served(root / "output") as url:
            yield root, url
    finally:
        server.terminate()
        server.wait(timeout=hang(HANG))
        log.close()


@pytest.fixture
def editor(browser, project):
    root, url = project
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url + "/admin/")
    page.get_by_role("button", name="Login").click()
    expect(page.get_by_role("link", name="Write-ups")).to_be_visible()
    yield page, root, errors
    # What the first tab showed last, kept beside the copy in the temporary folder: a failure's first clue.
    page.screenshot(path=str(root.parent / "last-screen.png"), full_page=True)
    context.close()


def within(page, name: str):
    """An object field's box (contact, dates), opened: Decap shows a group's fields folded."""
    box = page.locator(f"[id^='{name}-field-']").first
    box.get_by_role("button", name="Expand").first.click()
    return box


def field(scope, label: str):
    """A form field by its label; Decap adds "(optional)" to the label of one that is not required."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}( \(optional\))?$"))


def choose(page, label: str, *names: str, scope=None):
    """Pick options in a Decap select by typing each name and taking the match offered."""
    box = field(scope or page, label)
    for name in names:
        box.fill(name)
        option = page.get_by_role("option", name=name, exact=True)
        expect(option).to_be_visible()
        option.click()


def publish(page):
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_text("Publish now", exact=True).click()


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_a_consultation_made_and_an_action_updated_in_the_editor_pass_check_and_build(editor, project):
    page, root, errors = editor
    base = page.url.split("#")[0]
    folder = root / "data" / "consultations"
    before = {p.name for p in folder.glob("*.yaml")}

    # A new consultation, every required field through the form.
    page.goto(base + "#/collections/consultations/new")
    page.get_by_label("Title", exact=True).fill(NEW_TITLE)
    page.get_by_label("Summary", exact=True).fill(
        "We want to change when the pool opens. Tell us which hours suit you best.")
    choose(page, "Lead organisation", "Brackenmoor Council")
    choose(page, "Localities", "Harlstow")
    choose(page, "Topics", "Community life and volunteering")
    choose(page, "Level", "consult")
    choose(page, "Audiences", "All residents", "Young people")
    choose(page, "Methods", "Survey")
    dates = within(page, "dates")
    for label, value in (("Announced", "2026-11-20"), ("Opens", "2027-01-11"), ("Closes", "2027-02-21"),
                         ("Feedback due", "2027-04-30")):
        dates.get_by_label(label, exact=True).fill(value)
    contact = within(page, "contact")
    contact.get_by_label("Name", exact=True).fill("Leisure services team")
    field(contact, "Email").fill("leisure@brackenmoor.example")
    publish(page)
    written = until(lambda: {p.name for p in folder.glob("*.yaml")} - before, "the new record to be written")
    assert written == {NEW_ID + ".yaml"}, "the file is named after the year it opens and its title"
    record = load(folder / (NEW_ID + ".yaml"))
    assert record["lead_organisation"] == "brackenmoor-council"
    assert record["localities"] == ["harlstow"]
    assert record["audiences"] == ["all-residents", "young-people"]
    assert {k: str(v) for k, v in record["dates"].items()} == {"announced": "2026-11-20", "opens": "2027-01-11", "closes": "2027-02-21",
                               "feedback_due": "2027-04-30"}

    # An action's status on another record.
    path = folder / (UPDATED + ".yaml")
    title = load(path)["title"]
    # The record opened at its address in a new tab, as from a bookmark (signed in already).
    page = page.context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base + f"#/collections/consultations/entries/{UPDATED}")
    expect(field(page, "Title").first).to_have_value(title)  # the record is loaded
    outcome = within(page, "outcome")
    actions = outcome.locator("[id^='actions-field-']").first
    expect(actions).to_contain_text(ACTION)
    # Each action is a box: a bar (fold button, drag handle, remove), its summary, its fields.
    item = actions.locator("> div").nth(1).locator("> div", has_text=ACTION)
    item.locator("button").first.click()  # unfold it
    choose(page, "Status", "done", scope=item.locator("> div").last)
    publish(page)

    def status():
        # The editor's server writes the file in place, so a read can catch it empty or half
        # written (seen once with the machine loaded): that is "not yet", not a failure.
        try:
            data = load(path)
            return next(a for a in data["outcome"]["actions"] if a["we_will"].startswith(ACTION))["status"]
        except (yaml.YAMLError, TypeError, KeyError, StopIteration):
            return None
    until(lambda: status() == "done", "the action's new status to be written")
    assert errors == []

    # What the editor wrote is a valid register that builds, with the change on the pages.
    checked = run(root, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = run(root, "build", "--output", str(root / "rebuilt"))
    assert built.returncode == 0, built.stderr
    site = Site(root / "rebuilt")
    assert text_of(site.soup(f"consultations/{NEW_ID}/").find("h1")) == NEW_TITLE
    page_of_actions = site.soup(f"consultations/{UPDATED}/you-said-we-did/")
    action = next(li for li in page_of_actions.select("li.action") if ACTION in text_of(li))
    assert action.select_one(".tag--action-done"), text_of(action)
    assert not action.select_one(".tag--action-in-progress")


def test_an_existing_write_up_opens_in_the_editor(editor):
    """The write-ups' "Key: value" header (admin.js's format), read by Decap as shipped."""
    page, root, errors = editor
    base = page.url.split("#")[0]
    writeup = root / "content" / "outcomes" / "2024-budget-2025-26.md"
    header = dict(line.split(": ", 1) for line in writeup.read_text(encoding="utf-8").split("\n\n", 1)[0].splitlines())
    page.goto(base + "#/collections/outcomes/entries/2024-budget-2025-26")
    expect(field(page, "Title")).to_have_value(header["Title"])
    expect(page.get_by_text("This was a hard budget.", exact=False).first).to_be_visible()
    assert errors == []
