"""Reports: the annual picture of engagement, one page per reporting year.

/reports/ lists the years; /reports/<year>/ counts the year's consultations by level,
way of taking part, lead partner, locality and topic, results on time and late,
"We will" actions by partner, evaluations written and missing, and the seldom-heard
groups reached, each as a chart and a table whose figures link to the consultations
behind them, with the same figures as report.csv. REPORTS["year_starts"] chooses
April to March (the default) or calendar years.
"""

from pelican import signals

from .generator import ReportsGenerator


def get_generators(pelican_object):
    return ReportsGenerator


def register():
    signals.get_generators.connect(get_generators)
