"""The engagement calendar page: consultations open in each month, a year back and a year ahead."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from said_and_done.filters import long_date

MONTHS_EACH_WAY = 12


@dataclass(frozen=True)
class Month:
    first_day: date
    consultations: tuple  # open at some time in the month, by opening date
    current: bool
    past: bool

    @property
    def anchor(self) -> str:
        return self.first_day.strftime("%Y-%m")


def month_year(day: date) -> str:
    """November 2026, whatever the machine's locale."""
    return f"{long_date(day).split(' ', 1)[1]}"


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _first_day(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def calendar_months(consultations, today: date) -> tuple:
    """(next 12 months from this one, the 12 before it newest first), each a list of Month.

    Each consultation is placed in every month its window touches, walking only
    the months it spans, so the work grows with the register, not with months x records.
    Withdrawn consultations are left out: they will not run.
    """
    this_month = _month_index(today)
    first, last = this_month - MONTHS_EACH_WAY, this_month + MONTHS_EACH_WAY - 1
    placed = {i: [] for i in range(first, last + 1)}
    for c in consultations:
        if c.status == "withdrawn":
            continue
        opens, closes = _month_index(c.opens), _month_index(c.closes)
        for i in range(max(opens, first), min(closes, last) + 1):
            placed[i].append(c)
    months = {i: Month(_first_day(i), tuple(sorted(members, key=lambda c: (c.opens, c.id))),
                       i == this_month, i < this_month)
              for i, members in placed.items()}
    ahead = [months[i] for i in range(this_month, last + 1)]
    behind = [months[i] for i in range(this_month - 1, first - 1, -1)]
    return ahead, behind
