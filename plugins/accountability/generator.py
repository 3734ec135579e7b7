"""Writes /accountability/: every late result and late "We will" action, and counts by organisation."""

from __future__ import annotations

from pelican.generators import Generator

from .views import accountability


class AccountabilityGenerator(Generator):
    def generate_output(self, writer):
        register = self.context["register"]
        writer.write_file("accountability/index.html", self.get_template("accountability"), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"], record=accountability(register))
