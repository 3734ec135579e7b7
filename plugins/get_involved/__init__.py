"""Ways to get involved: the standing groups residents can join, beyond single consultations.

data/groups.yaml (optional; schema in data/schema/groups.schema.json) lists citizens'
panels, youth councils, tenant panels, neighbourhood meetings and PACTs, each with the
partner that runs it, the localities it covers, how to join, when it meets and whom to
contact. It is read and checked with the register, by `make check` and every build (a
register_checks receiver: problems name file:line and field). /get-involved/ lists them;
each locality and organisation page (plugins/browse) shows its own; /data/ has them as
JSON and CSV.
"""

from pelican import signals

from said_and_done.api import register_checks

from .generator import GetInvolvedGenerator
from .load import data_file, load


def check_groups(register) -> list:
    """Load data/groups.yaml against the register's organisations and localities; keep it for the pages."""
    groups, problems = load(data_file(register), register.root, register.organisations, register.localities)
    register.derived["groups"] = groups
    return problems


def get_generators(pelican_object):
    return GetInvolvedGenerator


def register():
    register_checks.connect(check_groups)
    signals.get_generators.connect(get_generators)
