"""CODEOWNERS from the organisations' owners: each record reviewed by its lead organisation, kept up to date.

`make owners` writes .github/CODEOWNERS and .gitlab/CODEOWNERS; `make check` fails,
naming the file and the first line that differs, when a committed one no longer
matches the organisations, OWNERS or the records.
"""

from __future__ import annotations

import os
import subprocess
import sys
from types import SimpleNamespace

import pytest
import yaml

from helpers.incremental_project import RECORDS, make_project
from helpers.site import DEMO_BUILD_DATE, ROOT
from owners.codeowners import codeowners_text
from owners.options import owners_options
from said_and_done.domain.records import load_register
from said_and_done.site.options import SettingsError

FILES = (".github/CODEOWNERS", ".gitlab/CODEOWNERS")


def _run(project, *args):
    return subprocess.run([sys.executable, "-m", *args, "--settings", "pelicanconf.py"], cwd=project,
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(project / "plugins")})


@pytest.fixture
def project(tmp_path):
    folder = tmp_path / "project"
    make_project(folder)
    from pelican.settings import read_settings

    # Copies of the demo leave the code owners out (helpers/project_settings.py); this one keeps them.
    settings = folder / "pelicanconf.py"
    owners = read_settings(str(ROOT / "pelicanconf.py"))["OWNERS"]
    settings.write_text(settings.read_text(encoding="utf-8") + f"OWNERS = {owners!r}\n", encoding="utf-8")
    for name in FILES:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes((ROOT / name).read_bytes())
    return folder


@pytest.fixture(scope="module")
def demo():
    from datetime import date

    return load_register(ROOT / "data", ROOT / "content" / "outcomes", build_date=date.fromisoformat(DEMO_BUILD_DATE),
                         root=ROOT)


def _owners(lines: list[str]) -> dict[str, list[str]]:
    return {line.split()[0]: line.split()[1:] for line in lines if line and not line.startswith("#")}


def test_the_committed_files_are_what_make_owners_writes(demo):
    from pelican.settings import read_settings

    text = codeowners_text(demo, owners_options(read_settings(str(ROOT / "pelicanconf.py"))))
    for name in FILES:
        assert (ROOT / name).read_text(encoding="utf-8") == text, f"{name}: run make owners"


def test_each_record_and_write_up_belongs_to_its_lead_organisations_owners(demo):
    options = SimpleNamespace(editors=("@p/editors",), files=FILES)
    owners = _owners(codeowners_text(demo, options).splitlines())
    assert owners["*"] == ["@p/editors"]
    assert text_first_line_is_the_catch_all(codeowners_text(demo, options))
    for c in demo.consultations:
        assert owners[f"/{c.source}"] == list(c.lead.owners), c.source
        if c.outcome and c.outcome.writeup:
            assert owners[f"/{c.outcome.writeup.source}"] == list(c.lead.owners)
    assert len(owners) == 1 + len(demo.consultations) + sum(
        1 for c in demo.consultations if c.outcome and c.outcome.writeup)


def text_first_line_is_the_catch_all(text: str) -> bool:
    # The last matching line wins, in GitHub and GitLab: the catch-all must come before the records.
    rules = [line for line in text.splitlines() if line and not line.startswith("#")]
    return rules[0].startswith("* ")


def _consultation(source, owners, writeup=None):
    outcome = SimpleNamespace(writeup=SimpleNamespace(source=writeup)) if writeup else None
    return SimpleNamespace(source=source, lead=SimpleNamespace(owners=owners), outcome=outcome)


def test_an_organisation_without_owners_leaves_its_records_to_the_editors():
    register = SimpleNamespace(consultations=[
        _consultation("data/consultations/2026-b.yaml", ("@p/fire",), "content/outcomes/2026-b.md"),
        _consultation("data/consultations/2026-a.yaml", ()),
    ])
    owners = _owners(codeowners_text(register, SimpleNamespace(editors=("@p/editors",))).splitlines())
    assert owners == {"*": ["@p/editors"], "/data/consultations/2026-a.yaml": ["@p/editors"],
                      "/data/consultations/2026-b.yaml": ["@p/fire"], "/content/outcomes/2026-b.md": ["@p/fire"]}
    # No editors: a record whose organisation has no owners has no line (nobody to name).
    owners = _owners(codeowners_text(register, SimpleNamespace(editors=())).splitlines())
    assert owners == {"/data/consultations/2026-b.yaml": ["@p/fire"], "/content/outcomes/2026-b.md": ["@p/fire"]}


def test_a_stale_file_fails_the_check_and_make_owners_fixes_it(project):
    organisations = project / "data" / "organisations.yaml"
    text = organisations.read_text(encoding="utf-8")
    organisations.write_text(text.replace("@brackenmoor-partnership/council-comms", "@brackenmoor-partnership/comms"),
                             encoding="utf-8")
    stale = _run(project, "said_and_done", "check")
    assert stale.returncode == 1
    first = next(i for i, line in enumerate((project / FILES[0]).read_text(encoding="utf-8").splitlines(), 1)
                 if "council-comms" in line)
    for name in FILES:
        assert (f"{name}:{first}:1: (code owners): expected '/data/consultations/") in stale.stderr
    assert "run make owners and commit it" in stale.stderr
    written = _run(project, "owners", "write")
    assert written.returncode == 0, written.stderr
    assert ".github/CODEOWNERS: written" in written.stdout
    assert "@brackenmoor-partnership/comms" in (project / FILES[1]).read_text(encoding="utf-8")
    assert _run(project, "said_and_done", "check").returncode == 0


def test_a_new_record_or_a_missing_file_is_caught(project):
    source = project / RECORDS / "2026-kestlebury-town-plan.yaml"
    (project / RECORDS / "2026-kestlebury-town-plan-copy.yaml").write_text(
        source.read_text(encoding="utf-8"), encoding="utf-8")
    (project / FILES[1]).unlink()
    result = _run(project, "said_and_done", "check")
    assert result.returncode == 1
    assert ".gitlab/CODEOWNERS:1:1: (code owners): expected the code owners file written by `make owners`, " \
           "found no such file" in result.stderr
    assert "expected '/data/consultations/2026-kestlebury-town-plan-copy.yaml @brackenmoor-partnership/" \
           "kestlebury-town-council'" in result.stderr


def test_owners_with_no_file_written_yet_is_a_warning(project):
    for name in FILES:
        (project / name).unlink()
    result = _run(project, "said_and_done", "check")
    assert result.returncode == 0
    assert ".github/CODEOWNERS:1:1: (code owners): expected the code owners files, found none yet" in result.stderr


def test_no_owners_anywhere_needs_no_file(project):
    organisations = project / "data" / "organisations.yaml"
    data = yaml.safe_load(organisations.read_text(encoding="utf-8"))
    for org in data:
        org.pop("owners", None)
    organisations.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    settings = project / "pelicanconf.py"
    settings.write_text(settings.read_text(encoding="utf-8") + f"\nOWNERS = {{'editors': [], 'files': {list(FILES)!r}}}\n",
                        encoding="utf-8")
    for name in FILES:
        (project / name).unlink()
    assert _run(project, "said_and_done", "check").returncode == 0
    written = _run(project, "owners", "write")
    assert written.returncode == 0 and "nothing to write" in written.stdout
    assert not any((project / name).exists() for name in FILES)


def test_an_owner_that_is_not_a_handle_is_a_record_error_at_its_line(project):
    organisations = project / "data" / "organisations.yaml"
    text = organisations.read_text(encoding="utf-8")
    organisations.write_text(text.replace("['@brackenmoor-partnership/council-comms']", "['council comms team']", 1),
                             encoding="utf-8")
    line = next(i for i, row in enumerate(organisations.read_text(encoding="utf-8").splitlines(), 1)
                if "council comms team" in row)
    result = _run(project, "said_and_done", "check")
    assert result.returncode == 1
    assert f"data/organisations.yaml:{line}:" in result.stderr and "owners[1]" in result.stderr
    assert "a user or team such as @brackenmoor-partnership/council-comms" in result.stderr


@pytest.mark.parametrize("given, message", [
    ({"editors": "@p/editors"}, "OWNERS\\['editors'\\]: expected a list"),
    ({"editors": ["editors team"]}, "OWNERS\\['editors'\\]"),
    ({"files": ["/etc/CODEOWNERS"]}, "OWNERS\\['files'\\]"),
    ({"files": ["../CODEOWNERS"]}, "OWNERS\\['files'\\]"),
    ({"editor": []}, "unknown setting"),
])
def test_settings_mistakes_are_named(given, message):
    with pytest.raises(SettingsError, match=message):
        owners_options({"OWNERS": given})
