"""Coordination: consultations that clash, and planned ones announced at short notice.

Partners promise not to ask the same people about the same things at the same
time. Clashes and short notice are warnings in `make check` and every build
(a register_checks receiver) and are listed for partners on /coordination/.
"""

from pelican import signals

from said_and_done.api import register_checks

from .checks import coordination_checks
from .generator import CoordinationGenerator


def get_generators(pelican_object):
    return CoordinationGenerator


def register():
    register_checks.connect(coordination_checks)
    signals.get_generators.connect(get_generators)
