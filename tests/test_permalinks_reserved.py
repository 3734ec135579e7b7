"""Names the site uses under /consultations/ itself are no consultation's id, and no former id.

A record called page.yaml would take the register's later pages (/consultations/page/2/);
an alias `page` would put a redirect there; an alias that is another record's id, or
another record's alias too, would send one address two ways. Each is an error naming
the files concerned.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers.fixture_project import write_settings
from permalinks.checks import reserved_ids
from said_and_done import cli

RECORD_ID = "2026-test-library-hours"
RECORD = f"data/consultations/{RECORD_ID}.yaml"


def check(project: Path, capsys) -> tuple[int, str]:
    code = cli.main(["check", "--settings", str(write_settings(project))])
    captured = capsys.readouterr()
    return code, captured.err + captured.out


def add_aliases(project: Path, record: str, *aliases: str) -> None:
    path = project / record
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("responses: 120\n", f"responses: 120\naliases: [{', '.join(aliases)}]\n"),
                    encoding="utf-8")


def copy_record(project: Path, new_id: str) -> str:
    target = f"data/consultations/{new_id}.yaml"
    shutil.copy(project / RECORD, project / target)
    return target


def alias_line(project: Path, record: str) -> int:
    lines = (project / record).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.startswith("aliases:"))


@pytest.mark.parametrize("cid", sorted(reserved_ids()))
def test_a_record_named_as_a_reserved_path_is_refused(fixture_project, capsys, cid):
    (fixture_project / RECORD).rename(fixture_project / f"data/consultations/{cid}.yaml")
    code, out = check(fixture_project, capsys)
    assert code == 1
    assert (f"data/consultations/{cid}.yaml:1:1: id: expected an id that is not a path the site uses itself, "
            f"found '{cid}', which would clash with /consultations/{cid}/") in out


@pytest.mark.parametrize("alias", sorted(reserved_ids()))
def test_a_reserved_path_as_a_former_id_is_refused_at_its_line(fixture_project, capsys, alias):
    add_aliases(fixture_project, RECORD, "2025-old-library-hours", alias)
    code, out = check(fixture_project, capsys)
    assert code == 1
    line = alias_line(fixture_project, RECORD)
    assert (f"{RECORD}:{line}:" in out and f"aliases[2]: expected a former id that is not a path the site uses "
            f"itself, found '{alias}': its redirect would stand at /consultations/{alias}/") in out


def test_an_alias_that_is_another_record_s_id_names_both_files(fixture_project, capsys):
    other = copy_record(fixture_project, "2026-test-library-hours-again")
    add_aliases(fixture_project, other, RECORD_ID)
    code, out = check(fixture_project, capsys)
    assert code == 1
    assert (f"{other}:{alias_line(fixture_project, other)}:") in out
    assert (f"expected a former id no longer in use, found '{RECORD_ID}', which is a current consultation "
            f"({RECORD})") in out


def test_an_alias_listed_by_two_records_names_both_files(fixture_project, capsys):
    first = copy_record(fixture_project, "2026-a-library-hours")
    second = copy_record(fixture_project, "2026-b-library-hours")
    add_aliases(fixture_project, first, "2025-old-library-hours")
    add_aliases(fixture_project, second, "2025-old-library-hours")
    code, out = check(fixture_project, capsys)
    assert code == 1
    assert (f"{second}:{alias_line(fixture_project, second)}:") in out
    assert ("expected each former id to belong to one consultation, found '2025-old-library-hours' also listed by "
            f"2026-a-library-hours (in the aliases of {first})") in out


def test_the_site_puts_nothing_under_consultations_but_records_and_reserved_names(demo_site, demo_register):
    """A plugin that starts writing under /consultations/ must reserve the name, or an id could take it."""
    ids = {c.id for c in demo_register.consultations} | {a for c in demo_register.consultations for a in c.aliases}
    reserved = reserved_ids()
    for entry in (demo_site.root / "consultations").iterdir():
        name = entry.name.split(".", 1)[0] if entry.is_file() else entry.name
        assert name in ids or name in reserved, f"/consultations/{entry.name} is neither a record's nor reserved"
    assert (demo_site.root / "consultations" / "page").is_dir()  # the pagination's name is really used
