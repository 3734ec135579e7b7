"""Every kind of mistake staff can make gives one clear error naming file, line and field,
and a failed build leaves the published output exactly as it was."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from helpers.fixture_project import write_settings
from helpers.site import FIXTURES, ROOT
from said_and_done import cli
from said_and_done.domain.problems import RecordErrors
from said_and_done.domain.records import load_register

INVALID = sorted((FIXTURES / "invalid").glob("*.yaml"))
BUILD_DATE = date(2026, 11, 23)


def expectations(fixture: Path) -> dict:
    head = fixture.read_bytes().decode("latin-1")
    found = dict(re.findall(r"^# (target|expect-line|expect-field|expect-message): (.*)$", head, re.M))
    line, column = found["expect-line"].split(":")
    return {
        "target": found.get("target", "2026-test-library-hours.yaml"),
        "line": int(line),
        "column": int(column),
        "field": found["expect-field"],
        "message": found["expect-message"],
    }


def install(fixture: Path, project: Path, target: str) -> None:
    consultations = project / "data" / "consultations"
    (consultations / "2026-test-library-hours.yaml").unlink()
    shutil.copy(fixture, consultations / target)


def test_there_is_a_fixture_for_every_kind_the_issue_names():
    names = {f.stem for f in INVALID}
    required = {
        "yaml-syntax", "duplicate-key", "unknown-key", "wrong-type", "invalid-date", "impossible-date",
        "date-order", "unknown-organisation", "unknown-locality", "unknown-topic", "unknown-audience",
        "unknown-method", "unknown-related", "file-name", "not-adopted-without-reason", "yaml-boolean",
        "not-utf8",
    }
    assert required <= names
    assert len(INVALID) >= 25


def test_the_valid_fixture_is_valid(fixture_project):
    register = load_register(fixture_project / "data", build_date=BUILD_DATE)
    assert [c.id for c in register.consultations] == ["2026-test-library-hours"]


@pytest.mark.parametrize("fixture", INVALID, ids=[f.stem for f in INVALID])
def test_each_mistake_gives_exactly_one_clear_error(fixture, fixture_project):
    expect = expectations(fixture)
    install(fixture, fixture_project, expect["target"])
    with pytest.raises(RecordErrors) as caught:
        load_register(fixture_project / "data", build_date=BUILD_DATE, root=fixture_project)
    errors = caught.value.errors
    assert len(errors) == 1, "\n".join(map(str, errors))
    error = errors[0]
    assert error.file == f"data/consultations/{expect['target']}"
    assert (error.line, error.column) == (expect["line"], expect["column"])
    assert error.field == expect["field"]
    assert expect["message"] in error.message
    assert "expected" in error.message  # every message says what was expected
    assert str(error).startswith(f"{error.file}:{error.line}:{error.column}: {error.field}: ")


@pytest.mark.parametrize("fixture", INVALID, ids=[f.stem for f in INVALID])
def test_a_failed_build_leaves_the_output_untouched(fixture, fixture_project, capsys):
    expect = expectations(fixture)
    settings = write_settings(fixture_project)
    output = fixture_project / "output"
    output.mkdir()
    (output / "index.html").write_text("the site as published yesterday", encoding="utf-8")

    install(fixture, fixture_project, expect["target"])
    assert cli.main(["build", "--settings", str(settings), "--output", str(output)]) == 1

    stderr = capsys.readouterr().err
    assert f"data/consultations/{expect['target']}:{expect['line']}:{expect['column']}: {expect['field']}: " in stderr
    assert "1 error(s) - nothing was published" in stderr
    assert [p.name for p in output.iterdir()] == ["index.html"]
    assert (output / "index.html").read_text(encoding="utf-8") == "the site as published yesterday"
    # Nothing left beside it but the lock the build held (publish.lock).
    assert sorted(p.name for p in fixture_project.iterdir() if p.name.startswith(".")) == [".output.lock"]


def test_a_good_build_replaces_the_output_whole(fixture_project, capsys):
    settings = write_settings(fixture_project)
    output = fixture_project / "output"
    output.mkdir()
    (output / "stale.html").write_text("a page that no longer exists", encoding="utf-8")
    assert cli.main(["build", "--settings", str(settings), "--output", str(output)]) == 0
    assert not (output / "stale.html").exists()
    assert (output / "consultations" / "2026-test-library-hours" / "index.html").is_file()
    # The folder it was (an older version's, or plain Pelican's) is now the symlink to the
    # build. No staging or retired folder is left behind: only the build output points to,
    # the record of what was built (the next build reads it to keep unchanged pages), the lock,
    # and the folder of links to the pages Pagefind reads, kept for the next build's index.
    assert output.is_symlink() and output.resolve().name.startswith(".output.site-")
    beside = sorted(p.name for p in fixture_project.iterdir() if p.name.startswith("."))
    assert beside == sorted([".output.lock", ".output.said-and-done.json", ".output.search-input",
                             output.resolve().name])


def test_check_reports_every_problem_at_once(fixture_project, capsys):
    consultations = fixture_project / "data" / "consultations"
    text = (consultations / "2026-test-library-hours.yaml").read_text(encoding="utf-8")
    bad = text.replace("level: consult", "level: consultation").replace("responses: 120", "responses: lots")
    (consultations / "2026-test-library-hours.yaml").write_text(bad, encoding="utf-8")
    (consultations / "2026-second.yaml").write_text(text.replace("  opens: 2026-02-01", "  opens: 2026-02-31"), encoding="utf-8")
    settings = write_settings(fixture_project)

    assert cli.main(["check", "--settings", str(settings)]) == 1
    err = capsys.readouterr().err
    assert "3 error(s)" in err
    assert "data/consultations/2026-test-library-hours.yaml:9:1: level: " in err
    assert "data/consultations/2026-test-library-hours.yaml:23:1: responses: " in err
    assert "data/consultations/2026-second.yaml:14:3: dates.opens: " in err


def test_check_passes_a_valid_project_and_says_what_it_checked(fixture_project, capsys):
    settings = write_settings(fixture_project)
    assert cli.main(["check", "--settings", str(settings)]) == 0
    assert "Checked 1 consultation records and 0 write-ups against 2026-11-23: no errors" in capsys.readouterr().out


def test_a_file_that_is_not_yaml_is_reported(fixture_project):
    (fixture_project / "data" / "consultations" / "notes.txt").write_text("remember to add the hours", encoding="utf-8")
    with pytest.raises(RecordErrors) as caught:
        load_register(fixture_project / "data", build_date=BUILD_DATE, root=fixture_project)
    [error] = caught.value.errors
    assert error.file == "data/consultations/notes.txt" and "ending .yaml" in error.message


def test_a_broken_reference_file_is_reported_with_its_line(fixture_project):
    path = fixture_project / "data" / "organisations.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("type: nhs", "type: hospital"), encoding="utf-8")
    with pytest.raises(RecordErrors) as caught:
        load_register(fixture_project / "data", build_date=BUILD_DATE, root=fixture_project)
    [error] = caught.value.errors
    assert (error.file, error.line, error.field) == ("data/organisations.yaml", 7, "test-nhs.type")  # by slug, not [2]
    assert "found 'hospital'" in error.message


def test_a_duplicate_slug_in_reference_data_is_reported(fixture_project):
    path = fixture_project / "data" / "topics.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "- slug: libraries\n  name: Libraries again\n", encoding="utf-8")
    with pytest.raises(RecordErrors) as caught:
        load_register(fixture_project / "data", build_date=BUILD_DATE, root=fixture_project)
    [error] = caught.value.errors
    assert (error.file, error.line, error.field) == ("data/topics.yaml", 5, "libraries.slug")  # by slug, not [3]
    assert "(first on line 1)" in error.message


WRITEUP_CASES = {
    "unknown-id": ("Title: Results\nConsultation: 2026-test-library-hour\n\nText.\n", 2,
                   "found '2026-test-library-hour' (did you mean '2026-test-library-hours'?)"),
    "missing-id": ("Title: Results\n\nText.\n", 1, "expected a 'Consultation: <id>' line"),
}


@pytest.mark.parametrize("case", WRITEUP_CASES)
def test_write_up_mistakes_are_reported(case, fixture_project):
    text, line, message = WRITEUP_CASES[case]
    (fixture_project / "content" / "outcomes" / "results.md").write_text(text, encoding="utf-8")
    with pytest.raises(RecordErrors) as caught:
        load_register(fixture_project / "data", fixture_project / "content" / "outcomes",
                      build_date=BUILD_DATE, root=fixture_project)
    [error] = caught.value.errors
    assert (error.file, error.line, error.field) == ("content/outcomes/results.md", line, "Consultation")
    assert message in error.message


def test_two_write_ups_for_one_consultation_is_an_error(fixture_project):
    outcomes = fixture_project / "content" / "outcomes"
    for name in ("a.md", "b.md"):
        (outcomes / name).write_text("Consultation: 2026-test-library-hours\n\nText.\n", encoding="utf-8")
    with pytest.raises(RecordErrors) as caught:
        load_register(fixture_project / "data", outcomes, build_date=BUILD_DATE, root=fixture_project)
    [error] = caught.value.errors
    assert error.file == "content/outcomes/b.md" and "the first is content/outcomes/a.md" in error.message


def test_a_write_up_for_a_record_without_outcome_is_an_error(fixture_project):
    record = fixture_project / "data" / "consultations" / "2026-test-library-hours.yaml"
    record.write_text(record.read_text(encoding="utf-8").split("outcome:")[0], encoding="utf-8")
    (fixture_project / "content" / "outcomes" / "r.md").write_text("Consultation: 2026-test-library-hours\n\nx\n", encoding="utf-8")
    with pytest.raises(RecordErrors) as caught:
        load_register(fixture_project / "data", fixture_project / "content" / "outcomes",
                      build_date=BUILD_DATE, root=fixture_project)
    [error] = caught.value.errors
    assert "add outcome" in error.message


def test_settings_typos_stop_the_build(fixture_project, capsys):
    settings = write_settings(fixture_project)
    settings.write_text(settings.read_text() + "SAID_AND_DONE['bulid_date'] = '2026-01-01'\n")
    assert cli.main(["check", "--settings", str(settings)]) == 2
    assert "unknown setting(s) bulid_date" in capsys.readouterr().err


def test_plugins_can_add_checks_that_run_in_check_and_build(fixture_project, capsys):
    from said_and_done.domain.problems import ERROR
    from said_and_done.hooks import register_checks

    def no_libraries(register):
        return [register.problem(c.id, ("topics", 0), "expected no library consultations in this test, found one", ERROR)
                for c in register.consultations if any(t.slug == "libraries" for t in c.topics)]

    register_checks.connect(no_libraries)
    try:
        settings = write_settings(fixture_project)
        assert cli.main(["check", "--settings", str(settings)]) == 1
        assert "data/consultations/2026-test-library-hours.yaml:8:10: topics[1]: expected no library" in capsys.readouterr().err
        output = fixture_project / "output"
        assert cli.main(["build", "--settings", str(settings), "--output", str(output)]) == 1
        assert not output.exists()
    finally:
        register_checks.disconnect(no_libraries)


def test_a_plugin_that_fails_to_register_does_not_publish_an_empty_site(fixture_project, capsys):
    # Pelican only logs a plugin's failure to register and builds on without it.
    plugins = fixture_project / "more_plugins" / "broken_plugin"
    plugins.mkdir(parents=True)
    (plugins / "__init__.py").write_text("def register():\n    raise RuntimeError('broken on purpose')\n")
    settings = write_settings(fixture_project)
    settings.write_text(settings.read_text()
                        + f"PLUGIN_PATHS = PLUGIN_PATHS + [{str(plugins.parent)!r}]\nPLUGINS = PLUGINS + ['broken_plugin']\n")
    output = fixture_project / "output"
    output.mkdir()
    (output / "index.html").write_text("yesterday", encoding="utf-8")
    with pytest.raises(RuntimeError, match="logged 1 error"):
        cli.main(["build", "--settings", str(settings), "--output", str(output)])
    assert (output / "index.html").read_text(encoding="utf-8") == "yesterday"
    # Nothing left beside it but the lock the build held (publish.lock) and the folder of links to
    # the pages Pagefind read (plugins/search/input_folder.py), which the next build updates.
    assert sorted(p.name for p in fixture_project.iterdir() if p.name.startswith(".")) == [
        ".output.lock", ".output.search-input"]


SCHEMA_FIXTURES = [f for f in INVALID if f.stem not in {
    # mistakes found before or after the schema: parsing, file names, cross-references, date order
    "yaml-syntax", "duplicate-key", "not-utf8", "empty-file", "file-name", "date-order", "unknown-organisation",
    "unknown-locality", "unknown-topic", "unknown-audience", "unknown-method", "unknown-related",
    "unknown-action-lead", "published-before-closing", "review-not-on-hold", "breakdown-over-total",
    "breakdown-unknown-slug",
    # across fields, in domain/plans.py: extension and decision dates, the law named, proposal ids
    "extended-before-closes", "decision-before-closing", "statutory-without-basis", "duplicate-proposal-id",
    # after closing: checks on numbers and references the schema cannot make (results_checks.py)
    "split-percent-not-100", "split-counts-over-responses", "withheld-and-results", "unknown-decision-body",
    # found by a plugin's register_checks receiver, on a record the schema accepts
    "personal-data-in-said"}]


@pytest.mark.parametrize("fixture", SCHEMA_FIXTURES, ids=[f.stem for f in SCHEMA_FIXTURES])
def test_the_fast_and_the_explaining_validators_agree(fixture):
    # jsonschema-rs decides quickly; Python jsonschema explains. They must never disagree.
    from said_and_done.domain.schema_check import fast_validator_for, validator_for
    from said_and_done.domain.yaml_source import load_yaml

    schema = str(ROOT / "data" / "schema" / "consultation.schema.json")
    source, problems = load_yaml(fixture, fixture.name)
    assert problems == []
    assert not fast_validator_for(schema).is_valid(source.data)
    assert list(validator_for(schema).iter_errors(source.data))


def test_both_validators_accept_every_demo_record():
    from said_and_done.domain.schema_check import fast_validator_for, validator_for
    from said_and_done.domain.yaml_source import load_yaml

    schema = str(ROOT / "data" / "schema" / "consultation.schema.json")
    for path in sorted((ROOT / "data" / "consultations").glob("*.yaml")):
        source, _ = load_yaml(path, path.name)
        assert fast_validator_for(schema).is_valid(source.data), path.name
        assert not list(validator_for(schema).iter_errors(source.data)), path.name


def test_errors_logged_by_unrelated_libraries_do_not_stop_a_build(fixture_project, capsys):
    import logging

    from pelican import signals

    def noisy(pelican_object):
        logging.getLogger("asyncio").error("Task was destroyed but it is pending!")

    signals.initialized.connect(noisy)
    try:
        settings = write_settings(fixture_project)
        assert cli.main(["build", "--settings", str(settings), "--output", str(fixture_project / "output")]) == 0
    finally:
        signals.initialized.disconnect(noisy)


def test_a_build_lists_the_first_warnings_and_says_how_many_more(tmp_path, caplog, monkeypatch, demo_register):
    # Tens of thousands of clash warnings on a large register would bury the build's own
    # messages; the build shows the first few and `make check` lists every one.
    from pelican.log import LimitFilter

    from helpers.site import build_site
    from said_and_done.site import generator

    monkeypatch.setattr(generator, "WARNINGS_SHOWN", 5)
    # Pelican logs a message only once a process: forget the demo builds before this one.
    monkeypatch.setattr(LimitFilter, "_raised_messages", set())
    warnings = [str(w) for w in demo_register.warnings]
    assert len(warnings) > 5, "the demo should have more warnings than are shown"
    with caplog.at_level("WARNING", logger="said_and_done.site.generator"):
        build_site(tmp_path / "output")
    logged = [r.getMessage() for r in caplog.records if r.name == "said_and_done.site.generator"]
    assert logged == warnings[:5] + [f"... and {len(warnings) - 5} more warning(s) not shown here; "
                                     "`make check` lists every one"]
