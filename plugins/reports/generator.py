"""Writes /reports/, /reports/<year>/ and each year's report.csv."""

from __future__ import annotations

from pelican.generators import Generator

from said_and_done.api import LEVELS, keep_or_write, options_from, timed, write_page

from . import views
from .figures import year_reports
from .options import listed_per_figure, start_month

# The lead partner's type as a heading (data/organisations.yaml type), in this order;
# the same words as the organisations page, kept here so no plugin imports another.
PARTNER_TYPES = {
    "council": "Councils",
    "nhs": "NHS",
    "police": "Police",
    "fire": "Fire and rescue",
    "housing": "Housing",
    "voluntary": "Voluntary and community sector",
    "other": "Other partners",
}


class ReportsGenerator(Generator):
    def generate_context(self):
        # Runs after the said_and_done generator has loaded the register (PLUGINS order).
        self.start_month = start_month(self.settings)
        self.listed_per_figure = listed_per_figure(self.settings)
        self.context["reports_page"] = views.FOLDER

    @timed("render/write")
    def generate_output(self, writer):
        register = self.context["register"]
        by_id = register.by_id
        reports = year_reports(register, self.start_month, LEVELS, PARTNER_TYPES)
        public_url = options_from(self.settings).public_url
        pages = [views.report_page(r, by_id, self.listed_per_figure) for r in reports]
        write_page(self, writer, views.FOLDER + "index.html", "reports",
                   reports=[views.report_card(p) for p in pages], calendar=self.start_month == 1)
        for report, page in zip(reports, pages, strict=True):
            write_page(self, writer, page.url + "index.html", "report", report=page, public_url=public_url)
            text = views.report_csv(report)
            keep_or_write(self.settings, page.csv_url, text, lambda text=text: text)
