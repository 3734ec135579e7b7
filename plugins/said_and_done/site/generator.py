"""The Pelican generator that writes the register's pages."""

from __future__ import annotations

import logging

from pelican.generators import Generator

from ..build import digest
from . import views
from ..hooks import pages_written, register_derived
from ..domain.derive import STATUSES
from ..domain.model import DECISIONS, LEVELS
from .options import options_from
from ..build.page_writer import PageBatch
from ..domain.records import load_register
from ..build.cache import stores_in
from ..build.timing import phase

logger = logging.getLogger(__name__)

# A build lists this many warnings; `make check` lists every one. A large register
# can have tens of thousands (clashes), which bury the build's own messages and
# took about a second of every 10,000-record build to log.
WARNINGS_SHOWN = 100


def load(options, settings: dict, render_writeups: bool = True):
    """The register as a build (or `make check`) loads it: kept in CACHE_PATH, each step timed."""
    return load_register(options.data_path, options.outcomes_path, build_date=options.build_date,
                         root=options.root, render_writeups=render_writeups, settings=settings,
                         open_store=stores_in(settings.get("CACHE_PATH")), phase=phase)


class ConsultationsGenerator(Generator):
    """Loads and validates the records, then writes one page per consultation and the lists."""

    def generate_context(self):
        digest.reset()
        options = options_from(self.settings)
        register = load(options, self.settings)
        shown = register.warnings[:WARNINGS_SHOWN]
        for warning in shown:
            logger.warning("%s", warning)
        if len(register.warnings) > len(shown):
            logger.warning("... and %d more warning(s) not shown here; `make check` lists every one",
                           len(register.warnings) - len(shown))
        # The other plugins finish deriving (history, search entries) before anything is rendered.
        register_derived.send(register)
        self.options = options
        self.register = register
        # Shared with templates of every generator and with the other Said & Done plugins.
        self.context.update({
            "register": register,
            "partnership": options.partnership,
            "build_date": register.build_date,
            "STATUSES": STATUSES,
            "LEVELS": LEVELS,
            "DECISIONS": DECISIONS,
        })

    def generate_output(self, writer):
        with phase("render/write"):
            self._write_pages(writer)

    def _write_pages(self, writer):
        consultations = self.register.consultations
        with PageBatch(self, writer) as pages:
            self._add_pages(pages.add, consultations)
        pages_written.send(self)

    def _add_pages(self, write, consultations):
        for c in consultations:
            for name, template, kwargs in consultation_pages(c):
                write(name, template, **kwargs)
        size = self.options.list_page_size
        listings = views.register_pages(consultations, size)
        for listing in listings:
            write(listing.page.save_as, "register", listing=listing)
        for page in views.results_pages(consultations, size):
            write(page.save_as, "outcomes", page=page)
        # The home page shows the first page's worth of each; the register has the rest.
        contents = listings[0].contents
        write("index.html", "home",
              open_now=views.section(views.open_now(consultations), size, contents, "open"),
              forthcoming=views.section(views.forthcoming(consultations), size, contents, "planned"),
              latest_outcomes=views.published_outcomes(consultations)[: self.options.home_latest_outcomes])


def consultation_pages(c) -> list:
    """(file, template, arguments) of the pages that belong to one consultation."""
    pages = [(c.url + "index.html", "consultation", {"consultation": c})]
    if c.has_published_outcome:
        pages.append((c.outcome_url + "index.html", "you_said_we_did",
                      {"consultation": c, "decision_counts": views.decision_counts(c)}))
    return pages
