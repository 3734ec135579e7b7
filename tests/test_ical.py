"""Calendars folded by said_and_done.build.ical are byte for byte what the icalendar library writes,
whatever the text: ASCII or not, escapes at the fold, characters of two, three and four octets."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Event
from icalendar.parser.string import _foldline

from said_and_done.api import ical_bytes
from said_and_done.build.ical import fold  # the folding alone: not in the published interface

# Characters that decide where a line is cut: escapes, and one of each width in UTF-8.
TRICKY = st.sampled_from(["\\", "^", ";", ",", ":", "a", " ", "é", "—", "✓", "𝄞", "\\,", "\\n", "^^",
                          # the last and first code point of each width in UTF-8
                          "\x7f", "\x80", "\u07ff", "\u0800", "\uffff", "\U00010000"])
LINE = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=400),
    st.lists(TRICKY, max_size=300).map("".join),
    st.lists(st.sampled_from(["a", "\\"]), min_size=60, max_size=400).map("".join),
)


@settings(max_examples=600, deadline=None)
@given(LINE)
def test_a_line_is_folded_where_the_library_folds_it(line):
    assert fold(line) == _foldline(line)


def test_lines_at_each_length_around_a_fold_are_folded_as_the_library_does():
    # Every length across three folds, with an escape or a wide character at every place a cut can fall.
    for length in range(1, 230):
        for odd in ("\\", "^", "é", "✓", "𝄞", "\x7f", "\x80", "\u07ff", "\u0800", "\uffff", "\U00010000"):
            for at in {0, 72, 73, 74, 75, length - 1}:
                line = "x" * length
                if 0 <= at < length:
                    line = line[:at] + odd + line[at + 1:]
                assert fold(line) == _foldline(line), (length, odd, at)


TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
# A name or address is not escaped by the library (it refuses a line break in one); the build's are printable().
ONE_LINE = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=300)


@settings(max_examples=150, deadline=None)
@given(ONE_LINE, TEXT, st.lists(ONE_LINE, max_size=4), st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 1, 1)))
def test_a_calendar_is_the_bytes_the_library_writes(name, description, summaries, day):
    cal = Calendar()
    cal.add("prodid", "-//Said & Done//Test//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("description", description)
    cal.add("refresh-interval", timedelta(days=1), parameters={"VALUE": "DURATION"})
    for n, summary in enumerate(summaries):
        event = Event()
        event.add("uid", f"{n}-{summary[:20]}@example.org")
        event.add("dtstart", day)
        event.add("summary", summary)
        event.add("url", f"https://example.org/{summary}")
        cal.add_component(event)
    assert ical_bytes(cal) == cal.to_ical()
    for event in cal.subcomponents:
        assert ical_bytes(event) == event.to_ical()
