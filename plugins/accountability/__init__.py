"""Accountability: what the partners promised and have not yet done, in public.

/accountability/ lists closed consultations whose results are overdue,
"We will" actions past their due date and not done, actions whose review date
has passed, and actions in progress not updated for a long time, and counts by
organisation, and consultations whose results were published long ago with no
evaluation ("evaluations missing"). The last two are also warnings for staff
(register_checks receivers).
"""

from pelican import signals

from said_and_done.api import register_checks

from .checks import evaluation_checks, stale_checks
from .generator import AccountabilityGenerator


def get_generators(pelican_object):
    return AccountabilityGenerator


def register():
    register_checks.connect(stale_checks)
    register_checks.connect(evaluation_checks)
    signals.get_generators.connect(get_generators)
