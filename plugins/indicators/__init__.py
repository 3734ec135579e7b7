"""Indicators: the measures the partnership tracks, on pages of their own.

data/indicators.yaml (optional; schema in data/schema/indicators.schema.json) is read
and checked with the register, by `make check` and every build (a register_checks
receiver: problems name file:line and field). /indicators/ lists each indicator with
its latest figure and trend in words; /indicators/<id>/ draws a line chart at build
time (chart.py: geometry in Python, components/line_chart.html draws it) followed by
the same figures as a table. Locality pages show their figures beside the area's, and
/data/ has them as JSON and CSV.
"""

from pelican import signals

from said_and_done.api import register_checks

from .generator import IndicatorsGenerator
from .load import data_file, load


def check_indicators(register) -> list:
    """Load data/indicators.yaml against the register's localities; keep it for the pages."""
    indicators, problems = load(data_file(register), register.root, register.localities)
    register.derived["indicators"] = indicators
    return problems


def get_generators(pelican_object):
    return IndicatorsGenerator


def register():
    register_checks.connect(check_indicators)
    signals.get_generators.connect(get_generators)
