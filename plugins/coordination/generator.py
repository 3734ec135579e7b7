"""Writes /coordination/, the page partners read to avoid clashing consultations."""

from __future__ import annotations

from pelican.generators import Generator

from .findings import current_overlaps, short_notice
from .options import coordination_options


class CoordinationGenerator(Generator):
    def generate_context(self):
        self.options = coordination_options(self.settings)

    def generate_output(self, writer):
        register = self.context["register"]
        found = current_overlaps(register.consultations, register.build_date)
        writer.write_file(
            "coordination/index.html", self.get_template("coordination"), self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            same_topic=[o for o in found if o.same_topic],
            same_people=[o for o in found if not o.same_topic],
            short_notice=short_notice(register.consultations, self.options.short_notice_days),
            short_notice_days=self.options.short_notice_days,
        )
