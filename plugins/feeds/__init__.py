"""Feeds: Atom feeds of new consultations and new results ("You said, we did").

Site-wide (/feeds/consultations.atom.xml, /feeds/outcomes.atom.xml), and for
each locality and organisation beside its page. Residents and partners stay
"in the loop" without checking the site.
"""

from pelican import signals

from .generator import FeedsGenerator


def get_generators(pelican_object):
    return FeedsGenerator


def register():
    signals.get_generators.connect(get_generators)
