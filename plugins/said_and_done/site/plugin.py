"""The Said & Done plugin's connections to Pelican's signals.

The generator loads the register and writes its pages; other Said & Done plugins
read the loaded register from the shared Pelican context under "register".
"""

import hashlib
from pathlib import Path

from jinja2 import FileSystemBytecodeCache, Template
from pelican import signals

from ..domain.limits import printable
from ..domain.markup import sanitise
from .filters import FILTERS
from .generator import ConsultationsGenerator, forget_earlier_sitemaps
from .rendered_once import RenderedOnce


def get_generators(pelican_object):
    return ConsultationsGenerator


def add_filters(pelican_object):
    # Every generator's templates (Pelican's pages too) share base.html, which formats dates.
    settings = pelican_object.settings
    settings["JINJA_FILTERS"] = {**settings.get("JINJA_FILTERS", {}), **FILTERS}


class PrintableTemplate(Template):
    """A template whose every page comes out without control characters: the pages' last guard
    behind the checks on records, write-ups, pages and settings.

    The guard had been Jinja's finalize, called on each of the 1.6 million values the
    pages of 1,000 records print (about a tenth of rendering); one search of the whole
    page finds the same characters, since escaping neither makes nor removes one.
    """

    def render(self, *args, **kwargs) -> str:
        return printable(super().render(*args, **kwargs))


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
        # A function (a finalize, say) by its name: its repr holds an address that changes every run.
        options = repr(sorted((key, getattr(value, "__qualname__", value))
                              for key, value in generator.settings.get("JINJA_ENVIRONMENT", {}).items()))
        folder = Path(cache_path) / "said-and-done" / f"templates-{hashlib.blake2b(options.encode(), digest_size=8).hexdigest()}"
        folder.mkdir(parents=True, exist_ok=True)
        generator.env.bytecode_cache = FileSystemBytecodeCache(str(folder))


def guard_every_page(generator):
    generator.env.template_class = PrintableTemplate


class BuildValues:
    """`site` in the theme: what plugins put in the build's shared context for the components to
    show the same on every page, read as they fill it in. Only these names, so no component
    reaches the register or anything else of the domain through it."""

    NAMES = ("follow", "subject_pages", "accountability_page")

    def __init__(self, context: dict):
        self._context = context

    def __getitem__(self, name: str):
        if name not in self.NAMES or name not in self._context:
            raise KeyError(name)  # undefined for the template: `site.follow is defined` is false
        return self._context[name]


def share_build_values(generator):
    """What the theme's components show the same on every page: SITEURL, and `site` (BuildValues:
    what plugins put in the build's shared context as they run: site.follow, site.subject_pages).

    So pages import components without `with context`, and Jinja makes each component's module
    once per build, not again for every page that imports it: about 23,000 times for the
    pages of 1,000 records, a tenth of rendering. RELATIVE_URLS is refused (options.py): it
    gave every page a SITEURL of its own.
    """
    generator.env.globals["SITEURL"] = generator.settings.get("SITEURL") or ""
    generator.env.globals["site"] = BuildValues(generator.context)
    # Which is also why a card or an action's item can be made once for every page showing it.
    generator.env.globals["once"] = RenderedOnce()


def read_templates_once(generator):
    # Jinja looked at each template file's time again every time a page imported a component
    # (about 29,000 times for 1,000 records). Nothing changes them during a build, and each
    # build, the preview's too, makes its generators and their environments afresh.
    generator.env.auto_reload = False


def start_sitemap_afresh(pelican_object):
    # Every Pelican made in this process (a build, the tests' builds, the preview), not only the
    # command line's: a build that failed earlier in the process left pelican-sitemap waiting
    # for its own Pelican, and the next build wrote no sitemap.xml at all.
    forget_earlier_sitemaps()


def register():
    signals.initialized.connect(add_filters)
    signals.initialized.connect(start_sitemap_afresh)
    signals.generator_init.connect(compile_templates_once)
    signals.generator_init.connect(guard_every_page)
    signals.generator_init.connect(share_build_values)
    signals.generator_init.connect(read_templates_once)
    signals.get_generators.connect(get_generators)
    signals.content_object_init.connect(sanitise_page)
