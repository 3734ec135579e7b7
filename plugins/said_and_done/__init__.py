"""Said & Done: the publishing spine.

Consultation records (YAML in data/) and outcome write-ups (Markdown in
content/outcomes/) become a validated register and one stable page per
consultation. Other Said & Done plugins read the loaded register from the
shared Pelican context under "register".
"""

from pelican import signals

from .filters import FILTERS
from .generator import ConsultationsGenerator
from .markup import sanitise


def get_generators(pelican_object):
    return ConsultationsGenerator


def add_filters(pelican_object):
    # Every generator's templates (Pelican's pages too) share base.html, which formats dates.
    settings = pelican_object.settings
    settings["JINJA_FILTERS"] = {**settings.get("JINJA_FILTERS", {}), **FILTERS}


def sanitise_page(content):
    # Pelican pages (about, how we consult) are staff-written Markdown too.
    if getattr(content, "_content", None):
        content._content = sanitise(content._content)


def register():
    signals.initialized.connect(add_filters)
    signals.get_generators.connect(get_generators)
    signals.content_object_init.connect(sanitise_page)
