"""The published site is dated today where the partnership is, so its statuses follow the clock.

pelicanconf.py pins the demo to 23 November 2026; publishconf.py must not inherit
that, and "today" is the day in TIMEZONE (Europe/London), not the runner's UTC
day: between midnight and 1am in summer the two differ. The clock is frozen here
(time-machine), never in the settings.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from helpers.site import ROOT
from said_and_done.site.options import SettingsError, build_date_from, options_from

LONDON = ZoneInfo("Europe/London")


def london(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


@pytest.mark.parametrize("moment, zone, expected", [
    ("2026-07-01T23:30:00+00:00", "Europe/London", date(2026, 7, 2)),  # 00:30 BST
    ("2026-07-01T23:30:00+00:00", "UTC", date(2026, 7, 1)),
    ("2026-12-01T23:30:00+00:00", "Europe/London", date(2026, 12, 1)),  # GMT: the same day
    ("2026-03-29T00:30:00+00:00", "Europe/London", date(2026, 3, 29)),  # clocks go forward at 01:00 UTC
    ("2026-10-24T23:30:00+00:00", "Europe/London", date(2026, 10, 25)),  # last night of BST
])
def test_today_is_the_day_in_the_partnerships_time_zone(moment, zone, expected):
    with time_machine.travel(datetime.fromisoformat(moment), tick=False):
        assert build_date_from(None, {}, zone) == expected


def test_source_date_epoch_is_read_in_the_same_time_zone():
    epoch = str(int(datetime.fromisoformat("2026-07-01T23:30:00+00:00").timestamp()))
    assert build_date_from(None, {"SOURCE_DATE_EPOCH": epoch}, "Europe/London") == date(2026, 7, 2)
    assert build_date_from("2026-01-01", {"SOURCE_DATE_EPOCH": epoch}, "UTC") == date(2026, 7, 1)


def test_an_unknown_time_zone_is_named():
    with pytest.raises(SettingsError, match="TIMEZONE.*Europe/Londn"):
        build_date_from(None, {}, "Europe/Londn")


def _settings(name, monkeypatch, override=None):
    from pelican.settings import read_settings

    monkeypatch.chdir(ROOT)  # publishconf.py imports pelicanconf from the working folder
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return read_settings(str(ROOT / name), override=override or {})


def test_publishconf_does_not_inherit_the_demos_pinned_date(monkeypatch):
    demo = _settings("pelicanconf.py", monkeypatch)
    published = _settings("publishconf.py", monkeypatch)
    assert demo["SAID_AND_DONE"]["build_date"] == "2026-11-23"
    assert published["SAID_AND_DONE"]["build_date"] is None
    assert published["TIMEZONE"] == "Europe/London"
    with time_machine.travel(datetime.fromisoformat("2027-06-30T23:15:00+00:00"), tick=False):
        assert options_from(published).build_date == date(2027, 7, 1)
    # Everything else the demo sets is kept.
    assert {k: v for k, v in published["SAID_AND_DONE"].items() if k != "build_date"} == \
        {k: v for k, v in demo["SAID_AND_DONE"].items() if k != "build_date"}


def _status_published(monkeypatch, tmp_path, moment: datetime, record: str) -> tuple[str, str]:
    from pelican import Pelican

    output = tmp_path / moment.strftime("%Y%m%d%H%M")
    settings = _settings("publishconf.py", monkeypatch, {"OUTPUT_PATH": str(output)})
    with time_machine.travel(moment, tick=False):
        Pelican(settings).run()
    data = json.loads((output / "data" / "consultations.json").read_text(encoding="utf-8"))
    found = next(c for c in data["consultations"] if c["id"] == record)
    return data["build_date"], found["status"]


def test_a_published_build_follows_the_clock(monkeypatch, tmp_path):
    # The demo's Kestlebury plan opens on 7 December 2026: planned the minute before
    # midnight in London, open the minute after.
    record = "2026-kestlebury-town-plan"
    before = _status_published(monkeypatch, tmp_path, london("2026-12-06T23:59:00"), record)
    after = _status_published(monkeypatch, tmp_path, london("2026-12-07T00:01:00"), record)
    assert before == ("2026-12-06", "planned")
    assert after == ("2026-12-07", "open")
