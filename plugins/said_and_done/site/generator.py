"""The Pelican generator that writes the register's pages."""

from __future__ import annotations

import logging
import sys
from datetime import datetime, time
from pathlib import Path

from pelican.generators import Generator

from ..build import parallel
from ..build.cache import stores_in
from ..build.fingerprint import build_fingerprint
from ..build.page_writer import PageBatch
from ..build.state import record_figure, report_progress, state_of
from ..domain.derive import STATUSES
from ..domain.limits import first_control_line
from ..domain.model import DECISIONS, LEVELS
from ..domain.problems import Problem, RecordErrors
from ..domain.records import load_register
from ..domain.yaml_source import read_text
from ..hooks import pages_written, register_derived, unkeyed_paths
from . import charts, components, views
from .options import check_settings_text, options_from
from .plans_view import plans_view

logger = logging.getLogger(__name__)

# A build lists this many warnings; `make check` lists every one. A large register
# can have tens of thousands (clashes), which bury the build's own messages and
# took about a second of every 10,000-record build to log.
WARNINGS_SHOWN = 100

# The sitemap (the third-party pelican-sitemap plugin, listed in PLUGINS) lists every
# page Pelican hears of through content_written; robots.txt points crawlers at it.
SITEMAP_PLUGIN = "pelican.plugins.sitemap"


def load(options, settings: dict, render_writeups: bool = True):
    """The register as a build (or `make check`) loads it: kept in CACHE_PATH, each step timed.

    The settings' text and Pelican's own pages (about, accessibility) are checked here too,
    so `make check` and every build list their mistakes with the records'.
    """
    check_settings_text(settings)
    pages = page_problems(settings, options.root)
    try:
        register = load_register(options.data_path, options.outcomes_path, build_date=options.build_date,
                                 root=options.root, render_writeups=render_writeups, settings=settings,
                                 open_store=stores_in(settings.get("CACHE_PATH")),
                                 phase=state_of(settings).timings.phase,
                                 checked=lambda n: report_progress(settings, "load+validate", n),
                                 map_records=parallel.map_records)
    except RecordErrors as exc:
        raise RecordErrors(pages + exc.problems) from None
    if pages:
        raise RecordErrors(pages + register.warnings)
    return register


PAGE_SUFFIXES = (".md", ".markdown", ".mkd", ".html", ".htm", ".rst")


def page_problems(settings: dict, root) -> list:
    """Pelican's pages (content/pages/*.md): readable UTF-8 text, without control characters.

    Pelican reads them itself, after the register is loaded, and would publish a control
    character as it is; write-ups get the same check when they are loaded (domain/records.py).
    """
    content = Path(settings["PATH"])
    problems = []
    for folder in settings.get("PAGE_PATHS", []):
        top = content / folder
        if not top.is_dir():
            continue
        for path in sorted(p for p in top.rglob("*") if p.suffix.lower() in PAGE_SUFFIXES):
            display = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
            text, found = read_text(path, display)
            problems += found
            control = first_control_line(text) if text is not None else None
            if control:
                problems.append(Problem(display, control[0], control[1], "(text)", control[2]))
    return problems


def _fingerprint_a_plain_pelican_run(settings: dict, options) -> None:
    """Give a build run by Pelican itself (not site/run.py) the fingerprint run.build gives.

    Caches kept between builds (open data, search entries, checks) key what they keep
    by the build fingerprint, which covers the build date, settings and templates.
    Without one, `pelican -s publishconf.py` run on a new day reused yesterday's
    statuses: a consultation that opened today was still published as planned.
    """
    store = state_of(settings).store
    if not store.fingerprint:
        store.fingerprint = build_fingerprint(settings, options.data_path, options.outcomes_path,
                                              options.build_date, unkeyed_paths(settings))


class ConsultationsGenerator(Generator):
    """Loads and validates the records, then writes one page per consultation and the lists."""

    def generate_context(self):
        options = options_from(self.settings)
        _fingerprint_a_plain_pelican_run(self.settings, options)
        register = load(options, self.settings)
        record_figure(self.settings, "warnings", len(register.warnings))
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
        _date_the_sitemap(register.build_date)

    def generate_output(self, writer):
        with state_of(self.settings).timings.phase("render/write"):
            self._write_pages(writer)
            self._write_robots(writer)

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
              latest_outcomes=components.consultation_cards(
                  views.published_outcomes(consultations)[: self.options.home_latest_outcomes]))

    def _write_robots(self, writer):
        """robots.txt, through Pelican's Writer like every page, naming the sitemap at the public address."""
        lines = ["User-agent: *", "Allow: /"]
        # Paths other plugins keep crawlers out of, put in the context before any output (the admin plugin's /admin/).
        lines += [f"Disallow: {path}" for path in sorted(self.context.get("robots_disallow", ()))]
        if SITEMAP_PLUGIN in self.settings.get("PLUGINS", ()):
            lines += ["", f"Sitemap: {self.options.public_url}/sitemap.xml"]
        writer.write_file("robots.txt", _Text("\n".join(lines) + "\n"), self.context)


class _Text:
    """A fixed text in the shape of a template, for Writer.write_file (robots.txt: no theme template)."""

    def __init__(self, text: str):
        self.text = text

    def render(self, context) -> str:
        return self.text


def forget_earlier_sitemaps() -> None:
    """Start pelican-sitemap afresh for a build in a process that built before.

    It keeps its list of pages and the Pelican it writes for in one object for the
    whole process, and lets go of them only once it has written a sitemap; after a
    build that failed, the next build in the same process (a test, `cli.build`) got no
    sitemap, or one listing the failed build's pages as well.
    """
    sitemap = sys.modules.get(SITEMAP_PLUGIN + ".sitemap")
    if sitemap is not None:
        sitemap.generator.page_queue = []
        sitemap.generator._main_pelican = None


def _date_the_sitemap(build_date) -> None:
    """pelican-sitemap dates a page with no date of its own (every page here) by the clock
    when it was imported, so two builds of the same site would differ in every <lastmod>
    and an unchanged site would publish a new sitemap.xml each build. Date them by the
    build date instead, as the pages' statuses are."""
    sitemap = sys.modules.get(SITEMAP_PLUGIN + ".sitemap")
    if sitemap is not None:
        sitemap.generator.now = datetime.combine(build_date, time())


def consultation_pages(c) -> list:
    """(file, template, arguments) of the pages that belong to one consultation."""
    # The status tag, the names it links and related consultations' cards are what its components are given.
    pages = [(c.url + "index.html", "consultation",
              {"consultation": c, "status": components.status_tag(c),
               "banner": components.status_banner(c), "late": components.late_promises(c),
               "subjects": components.consultation_subjects(c),
               "plan_view": plans_view(c),  # components/plans.html: scope, extension, results plan
               "related": components.consultation_cards(c.related),
               "charts": tuple(charts.breakdown_chart(f"responses-{b.kind}", b) for b in c.responses_by)})]
    if c.has_published_outcome:
        pages.append((c.outcome_url + "index.html", "you_said_we_did",
                      {"consultation": c, "decision_counts": views.decision_counts(c),
                       "decisions": components.decision_tags(c.outcome),
                       "action_facts": components.action_facts(c.outcome),
                       "late": components.late_promises(c)}))
    return pages
