"""Browse: find consultations by place, partner and topic.

/localities/, /organisations/, /topics/ and /audiences/ with a page for each one: open now,
coming up, results published ("You said, we did"), "We will" actions, and
simple figures. Area-wide consultations show on every locality page.
"""

from pelican import signals

from .generator import BrowseGenerator


def get_generators(pelican_object):
    return BrowseGenerator


def register():
    signals.get_generators.connect(get_generators)
