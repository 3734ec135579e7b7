"""The accessibility statement at /accessibility/, filled from ACCESSIBILITY_STATEMENT settings.

Public sector websites must publish one (Public Sector Bodies (Websites and Mobile
Applications) (No. 2) Accessibility Regulations 2018): compliance status, content
that is not accessible and why, how to ask for another format or report a problem,
the enforcement procedure, and how and when the site was tested. Each deploying
council sets its own details in pelicanconf.py; every page links to it from the footer.
"""

from pelican import signals

from said_and_done.api import register_checks

from .generator import AccessibilityStatementGenerator
from .options import statement_options


def get_generators(pelican_object):
    return AccessibilityStatementGenerator


def check_settings(register):
    # `make check` reports a missing contact or test date before anyone waits for a
    # build. A register loaded outside Pelican (in tests) has no settings to check.
    if register.settings:
        statement_options(register.settings)
    return []


def register():
    signals.get_generators.connect(get_generators)
    register_checks.connect(check_settings)
