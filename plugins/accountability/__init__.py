"""Accountability: what the partners promised and have not yet done, in public.

/accountability/ lists closed consultations whose results are overdue,
"We will" actions past their due date and not done, actions whose review date
has passed, and actions in progress not updated for a long time, and counts by
organisation. The last are also warnings for staff (a register_checks receiver).
"""

from pelican import signals

from said_and_done.api import register_checks

from .checks import stale_checks
from .generator import AccountabilityGenerator


def get_generators(pelican_object):
    return AccountabilityGenerator


def register():
    register_checks.connect(stale_checks)
    signals.get_generators.connect(get_generators)
