"""The GitHub Actions and GitLab CI files, checked offline: nothing here can reach GitHub or GitLab.

Each file is validated against its published schema (shipped inside
check-jsonschema), the GitHub workflows are audited by zizmor, and the structure a
partnership relies on is read from the YAML: what triggers each, the nightly
schedule in UTC, least privilege, actions pinned to a commit, no racing deploys,
no pinned build date, and only make targets that exist.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers.site import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
GITLAB = ROOT / ".gitlab-ci.yml"
BIN = Path(sys.executable).parent
_PINNED = re.compile(r"^[\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40}$")


def _load(path: Path) -> dict:
    # YAML 1.1 reads the key `on` as True; GitHub reads it as "on".
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


def _steps(workflow: dict):
    for job in workflow["jobs"].values():
        yield from job.get("steps", [])


def _commands(text: str) -> list[str]:
    return re.findall(r"\bmake ([a-z][\w-]*)", text)


@pytest.mark.parametrize("schema, files", [
    ("vendor.github-workflows", sorted(WORKFLOWS.glob("*.yml"))),
    ("vendor.gitlab-ci", [GITLAB]),
])
def test_each_file_matches_its_published_schema(schema, files):
    assert files
    result = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", schema, *map(str, files)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing_even_when_pedantic():
    result = subprocess.run([str(BIN / "zizmor"), "--offline", "--persona=pedantic", "--no-progress",
                             str(WORKFLOWS)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout + result.stderr


def test_every_action_is_pinned_to_a_commit_with_its_version_beside_it():
    for path in WORKFLOWS.glob("*.yml"):
        text = path.read_text(encoding="utf-8")
        uses = re.findall(r"uses:\s*(\S+)(.*)", text)
        assert uses, path
        for action, rest in uses:
            assert _PINNED.match(action), f"{path.name}: {action} is not pinned to a full commit"
            assert re.match(r"\s*# v\d+(\.\d+)*\s*$", rest), f"{path.name}: {action} has no '# vX.Y.Z' comment"


def test_pull_requests_are_checked_with_annotations_and_the_site_attached():
    check = _load(WORKFLOWS / "check.yml")
    assert "pull_request" in check["on"] and "pull_request_target" not in check["on"]
    assert check["permissions"] == {}
    (job,) = check["jobs"].values()
    assert job["permissions"] == {"contents": "read"}
    runs = [s.get("run", "") for s in job["steps"]]
    assert "make check CHECK_FORMAT=github" in runs
    assert runs.index("make check CHECK_FORMAT=github") < runs.index("make html") < runs.index("make linkcheck")
    checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False and checkout["with"]["fetch-depth"] == 0
    setup = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python@"))
    assert setup["with"]["cache"] == "pip"
    upload = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"].rstrip("/") == "output"


def test_publishing_runs_on_main_by_hand_and_every_night_after_uk_midnight():
    publish = _load(WORKFLOWS / "publish.yml")
    on = publish["on"]
    assert on["push"]["branches"] == ["main"] and "workflow_dispatch" in on
    times = sorted((int(c["cron"].split()[1]), int(c["cron"].split()[0])) for c in on["schedule"])
    for cron in on["schedule"]:
        assert cron["cron"].split()[2:] == ["*", "*", "*"]  # every day
    # Shortly after midnight in London in both GMT (00:xx UTC) and BST (23:xx UTC).
    assert any(hour == 0 and minute < 60 for hour, minute in times)
    assert any(hour == 23 for hour, minute in times)
    assert publish["concurrency"]["group"] and publish["concurrency"]["cancel-in-progress"] is False
    assert publish["permissions"] == {}


def test_each_publishing_job_has_only_the_permissions_it_needs():
    jobs = _load(WORKFLOWS / "publish.yml")["jobs"]
    assert jobs["build"]["permissions"] == {"contents": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["deploy"]["needs"] == "build"
    assert [s["uses"].split("@")[0] for s in jobs["deploy"]["steps"]] == ["actions/deploy-pages"]
    upload = next(s for s in jobs["build"]["steps"] if "uses" in s and "upload-pages-artifact" in s["uses"])
    assert upload["with"]["path"].rstrip("/") == "output"
    assert "make publish" in [s.get("run") for s in jobs["build"]["steps"]]
    # The scheduled run switches the schedule back on, with nothing else allowed.
    assert jobs["keep-schedule"]["permissions"] == {"actions": "write"}
    assert jobs["keep-schedule"]["if"] == "github.event_name == 'schedule'"


def test_nothing_pins_the_published_build_date():
    for path in [*WORKFLOWS.glob("*.yml"), GITLAB]:
        assert "SOURCE_DATE_EPOCH" not in yaml.safe_dump(_load(path)), path  # comments may explain why


def test_gitlab_checks_merge_requests_and_publishes_the_default_branch():
    gitlab = _load(GITLAB)
    check, pages = gitlab["check"], gitlab["pages"]
    assert check["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    script = check["script"]
    report = "make -s check CHECK_FORMAT=gitlab > gl-code-quality-report.json || true"
    assert script.index(report) < script.index("make check") < script.index("make html") < script.index("make linkcheck")
    assert check["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert check["artifacts"]["when"] == "always"  # the report is wanted most when the check fails
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert "make publish" in pages["script"] and pages["artifacts"]["paths"] == ["public"]
    assert pages["resource_group"]
    assert gitlab["variables"]["GIT_DEPTH"] == "0"


def test_every_make_target_the_pipelines_run_exists():
    targets = set()
    for path in [*WORKFLOWS.glob("*.yml"), GITLAB]:
        targets.update(_commands(path.read_text(encoding="utf-8")))
    assert {"check", "html", "linkcheck", "publish"} <= targets
    for target in sorted(targets):
        dry = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert dry.returncode == 0 and "No rule to make target" not in dry.stderr, f"make {target}: {dry.stderr}"
