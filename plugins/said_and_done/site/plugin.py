"""The Said & Done plugin's connections to Pelican's signals.

The generator loads the register and writes its pages; other Said & Done plugins
read the loaded register from the shared Pelican context under "register".
"""

import hashlib
from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from pelican import signals

from ..domain.markup import sanitise
from .filters import FILTERS
from .generator import ConsultationsGenerator


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
        options = repr(sorted(generator.settings.get("JINJA_ENVIRONMENT", {}).items()))
        folder = Path(cache_path) / "said-and-done" / f"templates-{hashlib.blake2b(options.encode(), digest_size=8).hexdigest()}"
        folder.mkdir(parents=True, exist_ok=True)
        generator.env.bytecode_cache = FileSystemBytecodeCache(str(folder))


def register():
    signals.initialized.connect(add_filters)
    signals.generator_init.connect(compile_templates_once)
    signals.get_generators.connect(get_generators)
    signals.content_object_init.connect(sanitise_page)
