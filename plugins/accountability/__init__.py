"""Accountability: what the partners promised and have not yet done, in public.

/accountability/ lists closed consultations whose results are overdue,
"We will" actions past their due date and not done, and counts by organisation.
"""

from pelican import signals

from .generator import AccountabilityGenerator


def get_generators(pelican_object):
    return AccountabilityGenerator


def register():
    signals.get_generators.connect(get_generators)
