"""Engagement calendar: /calendar/ month by month, and .ics calendars to subscribe to.

The partnership's strategies promise an annual engagement calendar; residents
and partners can add the whole register, a locality or an organisation to
their own calendar app.
"""

from pelican import signals

from .generator import CalendarGenerator


def get_generators(pelican_object):
    return CalendarGenerator


def register():
    signals.get_generators.connect(get_generators)
