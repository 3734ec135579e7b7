"""Status is derived from dates and outcome against the build date, never typed."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from said_and_done.domain.records import load_register
from said_and_done.site.options import SettingsError, build_date_from, options_from

# The fixture record: announced 2026-01-05, opens 2026-02-01, closes 2026-03-15,
# feedback due 2026-05-31, results published 2026-05-20, one action due 2026-06-30.
CASES = [
    ("2026-01-31", "planned", False),
    ("2026-02-01", "open", False),
    ("2026-03-15", "open", False),
    ("2026-03-16", "closed", False),
    ("2026-05-19", "closed", False),
    ("2026-05-20", "feedback-published", False),
]


@pytest.mark.parametrize("day, status, overdue", CASES)
def test_status_follows_the_dates(fixture_project, day, status, overdue):
    register = load_register(fixture_project / "data", build_date=date.fromisoformat(day))
    [c] = register.consultations
    assert (c.status, c.feedback_overdue) == (status, overdue)


def _without_outcome(project):
    record = project / "data" / "consultations" / "2026-test-library-hours.yaml"
    record.write_text(record.read_text(encoding="utf-8").split("outcome:")[0], encoding="utf-8")
    return record


def test_feedback_overdue_after_the_promised_date_is_a_warning(fixture_project):
    _without_outcome(fixture_project)
    on_time = load_register(fixture_project / "data", build_date=date(2026, 5, 31))
    assert not on_time.consultations[0].feedback_overdue and on_time.warnings == []

    late = load_register(fixture_project / "data", build_date=date(2026, 6, 1), root=fixture_project)
    c = late.consultations[0]
    assert (c.status, c.feedback_overdue) == ("closed", True)
    [warning] = late.warnings
    assert not warning.is_error
    assert (warning.file, warning.field) == ("data/consultations/2026-test-library-hours.yaml", "dates.feedback_due")
    assert warning.line == 16 and "2026-05-31" in warning.message


def test_results_dated_in_the_future_are_not_shown_yet(fixture_project):
    register = load_register(fixture_project / "data", build_date=date(2026, 5, 19))
    assert register.consultations[0].status == "closed"


def test_withdrawn_is_explicit_and_wins(fixture_project):
    record = _without_outcome(fixture_project)
    record.write_text(record.read_text(encoding="utf-8")
                      + "withdrawn:\n  date: 2026-02-10\n  reason: The library building was sold.\n", encoding="utf-8")
    c = load_register(fixture_project / "data", build_date=date(2026, 2, 20)).consultations[0]
    assert c.status == "withdrawn"
    assert c.withdrawn["reason"] == "The library building was sold."


def test_actions_are_overdue_only_when_past_due_and_not_finished(fixture_project):
    record = fixture_project / "data" / "consultations" / "2026-test-library-hours.yaml"
    before = load_register(fixture_project / "data", build_date=date(2026, 6, 30)).consultations[0]
    after = load_register(fixture_project / "data", build_date=date(2026, 7, 1)).consultations[0]
    assert [a.overdue for a in before.outcome.actions] == [False]
    assert [a.overdue for a in after.outcome.actions] == [True]
    record.write_text(record.read_text(encoding="utf-8").replace("status: in-progress", "status: done"), encoding="utf-8")
    done = load_register(fixture_project / "data", build_date=date(2026, 7, 1)).consultations[0]
    assert [a.overdue for a in done.outcome.actions] == [False]


def test_days_left_counts_down_to_closing(fixture_project):
    c = load_register(fixture_project / "data", build_date=date(2026, 3, 10)).consultations[0]
    assert c.days_left == 5


def test_source_date_epoch_overrides_the_setting():
    assert build_date_from("2026-01-01", {"SOURCE_DATE_EPOCH": "1790000000"}) == date(2026, 9, 21)
    assert build_date_from("2026-01-01", {}) == date(2026, 1, 1)
    assert build_date_from(None, {}) == datetime.now(UTC).date()


def test_bad_build_dates_are_refused():
    with pytest.raises(SettingsError, match="SOURCE_DATE_EPOCH"):
        build_date_from(None, {"SOURCE_DATE_EPOCH": "yesterday"})
    with pytest.raises(SettingsError, match="build_date"):
        build_date_from("23/11/2026", {})


def test_settings_have_checked_defaults(tmp_path):
    options = options_from({"PATH": str(tmp_path / "content")}, environ={})
    assert options.data_path == tmp_path / "data"
    assert options.outcomes_path == tmp_path / "content" / "outcomes"
    with pytest.raises(SettingsError, match="home_latest_outcomes"):
        options_from({"PATH": "c", "SAID_AND_DONE": {"home_latest_outcomes": "five"}}, environ={})


def test_relative_urls_are_refused_saying_what_to_write():
    # The theme's components link by the build's SITEURL, not one per page (site/plugin.py).
    with pytest.raises(SettingsError, match=r"RELATIVE_URLS: expected False \(.*SITEURL.*\), found True"):
        options_from({"PATH": "c", "RELATIVE_URLS": True}, environ={})
    assert options_from({"PATH": "c", "RELATIVE_URLS": False}, environ={}).list_page_size
