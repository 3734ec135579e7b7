"""The Pelican generator that writes /accessibility/."""

from __future__ import annotations

from pelican.generators import Generator

from said_and_done.api import options_from, timed

from .options import statement_options
from .statement import statement_from

STATEMENT_PAGE = "accessibility/"


class AccessibilityStatementGenerator(Generator):
    def generate_context(self):
        self.statement = statement_from(statement_options(self.settings), options_from(self.settings).public_url)
        # Every generator's pages link to the statement from the footer (base.html).
        self.context["accessibility_statement_page"] = STATEMENT_PAGE

    @timed("render/write")
    def generate_output(self, writer):
        writer.write_file(STATEMENT_PAGE + "index.html", self.get_template("accessibility_statement"), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"], statement=self.statement,
                          nav="accessibility")
