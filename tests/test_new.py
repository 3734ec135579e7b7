"""`new consultation|outcome|action`: records made from answers, end to end in a copy of the demo.

Each command runs as staff run it (`python -m said_and_done new ...` in the project), and
what it writes must pass `check` unchanged and build. Without a terminal a missing flag
is an error naming every one; names and slugs are matched in any case, with "did you
mean" on a near miss; dates are checked as given; nothing is ever written over.
"""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft7Validator, Draft202012Validator

from helpers.incremental_project import build, make_project
from said_and_done.domain.yaml_source import load_yaml

RECORD = "2027-northgate-town-centre-parking"
FLAGS = ["--title", "Northgate town centre parking",
         "--summary", "We want to change parking in Northgate town centre. Tell us what you think.",
         "--lead", "Moorland homes", "--partners", "brackenmoor council", "--localities", "Kestlebury",
         "--topics", "Transport and roads", "--level", "consult", "--audiences", "all residents, BUSINESSES",
         "--methods", "survey", "--announced", "2026-12-01", "--opens", "2027-01-11", "--closes", "2027-02-20",
         "--feedback-due", "2027-04-30", "--contact-name", "Parking team",
         "--contact-email", "parking@brackenmoor.example"]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("new") / "project"
    make_project(folder)
    return folder


def run(project: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(project / "plugins")}
    return subprocess.run([sys.executable, "-m", "said_and_done", *args], cwd=project, env=env, input=stdin,
                          capture_output=True, text=True, timeout=300)


def checked(project: Path) -> str:
    done = run(project, "check", "--settings", "pelicanconf.py")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "(editor schema)" not in done.stdout + done.stderr
    return done.stdout + done.stderr


def with_flag(flags: list, name: str, value: str | None) -> list:
    i = flags.index(name)
    return flags[:i] + flags[i + 2:] if value is None else [*flags[:i + 1], value, *flags[i + 2:]]


def test_new_consultation_from_flags_passes_check_and_builds(project, tmp_path):
    done = run(project, "new", "consultation", *FLAGS)
    assert done.returncode == 0, done.stderr
    path = project / "data" / "consultations" / f"{RECORD}.yaml"
    assert f"Wrote data/consultations/{RECORD}.yaml" in done.stdout and "make check" in done.stdout
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../consultation.editor.schema.json\n")
    data = yaml.safe_load(text)
    assert data["lead_organisation"] == "moorland-homes"  # "Moorland homes", in any case
    assert data["partners"] == ["brackenmoor-council"]
    assert data["audiences"] == ["all-residents", "businesses"]
    assert str(data["dates"]["closes"]) == "2027-02-20"
    assert "# how_to_take_part:" in text  # optional fields, commented
    assert RECORD in checked(project)  # named in a warning (it overlaps others), with no error
    editor = json.loads((project / "data" / "consultation.editor.schema.json").read_text(encoding="utf-8"))
    source, problems = load_yaml(path, "record")
    assert not problems and not list(Draft7Validator(editor).iter_errors(source.data))
    output = tmp_path / "output"
    built = build(project, output)
    assert built.returncode == 0, built.stderr[-3000:]
    page = (output / "consultations" / RECORD / "index.html").read_text(encoding="utf-8")
    assert "Northgate town centre parking" in page


def test_optional_fields_pass_the_schema_once_uncommented(project):
    path = project / "data" / "consultations" / f"{RECORD}.yaml"
    if not path.exists():
        assert run(project, "new", "consultation", *FLAGS).returncode == 0
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("# how_to_take_part:"))
    uncommented = lines[:start] + [line[2:] for line in lines[start:] if line.startswith("# ")]
    data = yaml.safe_load("\n".join(uncommented))
    assert {"how_to_take_part", "documents", "alternative_formats", "related"} <= set(data)
    data = json.loads(json.dumps(data, default=str))  # dates as written, YYYY-MM-DD
    schema = json.loads((project / "data" / "schema" / "consultation.schema.json").read_text(encoding="utf-8"))
    assert not [e.message for e in Draft202012Validator(schema).iter_errors(data)]


def test_missing_flags_are_all_named_and_nothing_is_written(project):
    before = sorted((project / "data" / "consultations").iterdir())
    done = run(project, "new", "consultation", "--title", "Only a title")
    assert done.returncode == 2
    for flag in ("--summary", "--lead", "--localities", "--topics", "--level", "--audiences", "--methods",
                 "--announced", "--opens", "--closes", "--feedback-due", "--contact-name", "--contact-email"):
        assert flag in done.stderr
    assert "--title" not in done.stderr.split("give", 1)[1] and "--partners" not in done.stderr
    assert sorted((project / "data" / "consultations").iterdir()) == before


def test_an_existing_file_is_never_written_over(project):
    path = project / "data" / "consultations" / f"{RECORD}.yaml"
    if not path.exists():
        assert run(project, "new", "consultation", *FLAGS).returncode == 0
    path.write_text(path.read_text(encoding="utf-8") + "# staff's own note\n", encoding="utf-8")
    kept = path.read_bytes()
    done = run(project, "new", "consultation", *FLAGS)
    assert done.returncode == 2 and "nothing was written" in done.stderr and f"{RECORD}.yaml" in done.stderr
    assert path.read_bytes() == kept


@pytest.mark.parametrize(("flag", "value", "said"), [
    ("--localities", "Harlstw", "did you mean Harlstow (harlstow)?"),
    ("--lead", "Moorland Homs", "did you mean Moorland Homes (moorland-homes)?"),
    ("--closes", "2027-02-30", "--closes: expected a date written YYYY-MM-DD, like 2026-03-31, found '2027-02-30'"),
    ("--closes", "20/02/2027", "--closes: expected a date written YYYY-MM-DD"),
    ("--closes", "2027-01-01", "--closes: expected a date on or after opens (2027-01-11), found 2027-01-01"),
    ("--level", "shout", "--level: expected one of inform, consult"),
    ("--contact-email", "parking at brackenmoor", "--contact-email: expected an email address"),
])
def test_a_wrong_answer_is_named_with_what_was_expected(project, flag, value, said):
    done = run(project, "new", "consultation", *with_flag(FLAGS, flag, value), "--id", "2027-never-written")
    assert done.returncode == 2
    assert said in done.stderr
    assert not (project / "data" / "consultations" / "2027-never-written.yaml").exists()


@pytest.mark.parametrize("cid", ["page", "index", "Not An Id"])
def test_an_id_the_site_uses_or_a_bad_one_is_refused(project, cid):
    done = run(project, "new", "consultation", *FLAGS, "--id", cid)
    assert done.returncode == 2 and "--id: expected" in done.stderr
    assert not (project / "data" / "consultations" / f"{cid}.yaml").exists()


def test_new_outcome_adds_the_outcome_block_and_a_write_up_that_pass_check(project):
    cid = "2026-kestlebury-allotment-rules"  # closed, no outcome yet
    record = project / "data" / "consultations" / f"{cid}.yaml"
    before = record.read_text(encoding="utf-8")
    missing = run(project, "new", "outcome", cid)
    assert missing.returncode == 2 and "--published" in missing.stderr and "--summary" in missing.stderr
    early = run(project, "new", "outcome", cid, "--published", "2026-08-01", "--summary", "x")
    assert early.returncode == 2 and "on or after closes (2026-08-23)" in early.stderr
    done = run(project, "new", "outcome", cid, "--published", "2026-11-02",
               "--summary", "Most plot holders backed half plots. We will bring in the new rules in April.")
    assert done.returncode == 0, done.stderr
    assert record.read_text(encoding="utf-8").startswith(before)  # what was there is kept as it was
    assert yaml.safe_load(record.read_text(encoding="utf-8"))["outcome"]["published"].isoformat() == "2026-11-02"
    writeup = (project / "content" / "outcomes" / f"{cid}.md").read_text(encoding="utf-8")
    assert writeup.startswith(f"Title: New rules and rents for Kestlebury allotments: what we heard and what we "
                              f"did\nConsultation: {cid}\nDate: 2026-11-02\n")
    again = run(project, "new", "outcome", cid)
    assert again.returncode == 2 and "already there" in again.stderr
    checked(project)


def test_new_outcome_has_a_section_for_each_theme_in_the_record(project):
    cid = "2025-quillbrook-college-travel"  # an outcome with themes, no write-up yet
    themes = [t["theme"] for t in yaml.safe_load(
        (project / "data" / "consultations" / f"{cid}.yaml").read_text(encoding="utf-8"))["outcome"]["you_said"]]
    assert themes
    done = run(project, "new", "outcome", cid)
    assert done.returncode == 0, done.stderr
    writeup = (project / "content" / "outcomes" / f"{cid}.md").read_text(encoding="utf-8")
    assert [line[4:] for line in writeup.splitlines() if line.startswith("### ")] == themes
    checked(project)


def test_new_outcome_of_an_unknown_id_suggests_the_nearest(project):
    done = run(project, "new", "outcome", "2025-quillbrook-colege-travel")
    assert done.returncode == 2 and "did you mean 2025-quillbrook-college-travel" in done.stderr


def test_new_action_goes_into_the_outcome_and_passes_check(project):
    cid = "2025-kestlebury-market-square-parking"  # actions, then evaluation after the outcome
    record = project / "data" / "consultations" / f"{cid}.yaml"
    before = yaml.safe_load(record.read_text(encoding="utf-8"))
    missing = run(project, "new", "action", cid)
    assert missing.returncode == 2
    assert all(flag in missing.stderr for flag in ("--we-will", "--due", "--updated"))
    unknown = run(project, "new", "action", cid, "--we-wil", "x")
    assert unknown.returncode == 2 and "--we-wil" in unknown.stderr
    done = run(project, "new", "action", cid, "--we-will", "Paint clearer blue badge bays on Castle Street.",
               "--lead", "Kestlebury Town Council", "--due", "2026-03-31", "--status", "planned",
               "--updated", "2025-10-01")
    assert done.returncode == 0, done.stderr
    dropped = run(project, "new", "action", cid, "--we-will", "Add a second market day.", "--due=2026-06-30", "--lead", "KESTLEBURY-TOWN-COUNCIL",
                  "--status", "dropped", "--updated", "2025-10-01")
    assert dropped.returncode == 2 and "--reason" in dropped.stderr
    done = run(project, "new", "action", cid, "--we-will", "Add a second market day.", "--due=2026-06-30", "--lead", "KESTLEBURY-TOWN-COUNCIL",
               "--status", "dropped", "--updated", "2025-10-01", "--reason", "Traders asked us not to, for now.")
    assert done.returncode == 0, done.stderr
    after = yaml.safe_load(record.read_text(encoding="utf-8"))
    actions = after["outcome"]["actions"]
    assert actions[:-2] == before["outcome"]["actions"]
    assert actions[-2]["we_will"].startswith("Paint clearer") and actions[-2]["lead"] == "kestlebury-town-council"
    assert actions[-1]["status"] == "dropped" and actions[-1]["reason"].startswith("Traders")
    assert after["evaluation"] == before["evaluation"]
    checked(project)


def test_new_action_needs_an_outcome_first(project):
    done = run(project, "new", "action", "2026-kestlebury-town-plan", "--we-will", "x")
    assert done.returncode == 2 and "new outcome 2026-kestlebury-town-plan" in done.stderr


def _terminal(project: Path, args: list, answers: list[str], budget: float = 120) -> tuple[int, str]:
    """Run the command on a real terminal (a pty), answering each prompt as it appears."""
    env = {**os.environ, "PYTHONPATH": str(project / "plugins")}
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(project)
        os.execve(sys.executable, [sys.executable, "-m", "said_and_done", *args], env)
    seen, pending, deadline = b"", list(answers), time.monotonic() + budget
    prompts = 0
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 1)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            # Each prompt ends ": " with no line break after it; answer the ones not yet answered.
            while pending and seen.rstrip(b" ").endswith(b":") and seen.count(b": ") > prompts:
                prompts = seen.count(b": ")
                os.write(fd, (pending.pop(0) + "\n").encode())
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), seen.decode(errors="replace")


def test_new_consultation_in_a_terminal_asks_again_until_an_answer_is_right(project):
    answers = ["Elderholme village hall opening hours", "We want to change the hall's opening hours. Tell us when "
               "you use it.", "brackenmoor council", "", "Elderholm", "Elderholme Vale", "libraries", "consult",
               "older people", "survey", "2027-02-01", "2027-03-01", "2027-02-28", "2027-04-11", "2027-06-30",
               "Halls team", "halls@brackenmoor.example", ""]
    code, screen = _terminal(project, ["new", "consultation"], answers)
    assert code == 0, screen
    assert "did you mean Elderholme Vale" in screen
    assert "expected a date on or after opens (2027-03-01), found 2027-02-28" in screen
    path = project / "data" / "consultations" / "2027-elderholme-village-hall-opening-hours.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["localities"] == ["elderholme"] and str(data["dates"]["closes"]) == "2027-04-11"
    assert "partners" not in data and "phone" not in data["contact"]
    checked(project)
