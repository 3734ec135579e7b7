"""The Said & Done plugin's connections to Pelican's signals.

The generator loads the register and writes its pages; other Said & Done plugins
read the loaded register from the shared Pelican context under "register".
"""

import hashlib
from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from markupsafe import Markup
from pelican import signals

from ..domain.limits import printable
from ..domain.markup import sanitise
from .filters import FILTERS
from .generator import ConsultationsGenerator, forget_earlier_sitemaps


def get_generators(pelican_object):
    return ConsultationsGenerator


def add_filters(pelican_object):
    # Every generator's templates (Pelican's pages too) share base.html, which formats dates.
    settings = pelican_object.settings
    settings["JINJA_FILTERS"] = {**settings.get("JINJA_FILTERS", {}), **FILTERS}
    settings["JINJA_ENVIRONMENT"] = {**settings.get("JINJA_ENVIRONMENT", {}), "finalize": printed}


def printed(value):
    """Every value a template prints, without control characters: the pages' last guard behind the
    checks on records, write-ups, pages and settings. Safe HTML stays safe; other values are untouched."""
    if isinstance(value, str):
        cleaned = printable(value)
        if cleaned is not value:
            return Markup(cleaned) if isinstance(value, Markup) else cleaned
    return value


def sanitise_page(content):
    # Pelican pages (about, how we consult) are staff-written Markdown too.
    if getattr(content, "_content", None):
        content._content = sanitise(content._content)


def compile_templates_once(generator):
    """Keep every generator's compiled templates in CACHE_PATH between builds.

    Each of the dozen generators has its own Jinja environment and compiled the theme's
    templates afresh on every build: about 0.7 s of a rebuild that renders a few pages.
    Jinja checks each template's source before using its cached code, and replaces
    cache files atomically, so the two rendering processes may share it. It does not
    check the environment's options (extensions, delimiters), so they name the folder.
    """
    cache_path = generator.settings.get("CACHE_PATH")
    if cache_path:
        # A function (the finalize above) by its name: its repr holds an address that changes every run.
        options = repr(sorted((key, getattr(value, "__qualname__", value))
                              for key, value in generator.settings.get("JINJA_ENVIRONMENT", {}).items()))
        folder = Path(cache_path) / "said-and-done" / f"templates-{hashlib.blake2b(options.encode(), digest_size=8).hexdigest()}"
        folder.mkdir(parents=True, exist_ok=True)
        generator.env.bytecode_cache = FileSystemBytecodeCache(str(folder))


def start_sitemap_afresh(pelican_object):
    # Every Pelican made in this process (a build, the tests' builds, the preview), not only the
    # command line's: a build that failed earlier in the process left pelican-sitemap waiting
    # for its own Pelican, and the next build wrote no sitemap.xml at all.
    forget_earlier_sitemaps()


def register():
    signals.initialized.connect(add_filters)
    signals.initialized.connect(start_sitemap_afresh)
    signals.generator_init.connect(compile_templates_once)
    signals.get_generators.connect(get_generators)
    signals.content_object_init.connect(sanitise_page)
