"""Jinja filters that format values for people; they never decide what to show."""

from __future__ import annotations

from datetime import date

from markupsafe import Markup

_MONTHS = ("January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def long_date(value: date) -> str:
    """23 November 2026: the GOV.UK style, independent of the machine's locale."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def day_date(value: date) -> str:
    return f"{_DAYS[value.weekday()]} {long_date(value)}"


def paragraphs(text: str) -> Markup:
    """Plain text with blank-line paragraphs, escaped, as <p> elements."""
    parts = [p.strip() for p in str(text).split("\n\n") if p.strip()]
    return Markup("\n").join(Markup("<p>{}</p>").format(" ".join(p.split())) for p in parts)


def days_phrase(days: int) -> str:
    if days == 0:
        return "closes today"
    if days == 1:
        return "1 day left"
    return f"{days} days left"


def percent(value) -> str:
    return f"{value:g}%"


def tel_href(phone: str) -> str:
    return "tel:" + "".join(ch for ch in phone if ch.isdigit() or ch == "+")


def join_names(items, attribute="name") -> str:
    """Names as prose: "A, B and C". When a name holds " and " itself ("Caddonmere and Caddon
    Water"), a comma before the last "and" too, so each name stays whole: "Oakhythe, and
    Caddonmere and Caddon Water"."""
    names = [getattr(i, attribute) for i in items]
    if len(names) <= 1:
        return "".join(names)
    last = ", and " if any(" and " in name for name in names) else " and "
    return ", ".join(names[:-1]) + last + names[-1]


FILTERS = {
    "long_date": long_date,
    "day_date": day_date,
    "paragraphs": paragraphs,
    "days_phrase": days_phrase,
    "percent": percent,
    "tel_href": tel_href,
    "join_names": join_names,
}
