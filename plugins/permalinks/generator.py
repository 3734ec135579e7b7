"""Writes a redirect page at every old address, and the host files (_redirects, _headers, nginx)."""

from __future__ import annotations

from pathlib import Path

from pelican.generators import Generator

from said_and_done.api import RecordErrors, current_output, plugin_state, timed, unannounced

from .hostfiles import host_files
from .inputs import KEY, inputs_of
from .options import permalinks_options
from .redirects import redirect_pages

NOT_FOUND = "404.html"


class RedirectsGenerator(Generator):
    """Runs after the said_and_done generator (PLUGINS order), whose register it reads."""

    def generate_context(self):
        self.options = permalinks_options(self.settings)

    @timed("render/write")
    def generate_output(self, writer):
        register = self.context["register"]
        found = inputs_of(register)  # as the register checks read them for this build
        plugin_state(self.settings)[KEY] = found  # for check_built_site, on `finalized`
        if found.problems:  # make check and the register checks report these first; here for safety
            raise RecordErrors(list(found.problems))
        redirects = found.redirects
        output = Path(self.output_path)
        template = self.get_template("redirect")
        for name, redirect in redirect_pages(redirects):
            if current_output(self.settings).exists(name):
                raise RecordErrors([found.redirect_problem(redirect, "from", (
                    f"expected an old address with no page, found a page at {redirect.source}; "
                    "remove this redirect or move the page"))])
            # Not announced to Pelican's content_written: a redirect is not content, and a
            # sitemap made from what was written must not list an address that moved.
            with unannounced():
                writer.write_file(name, template, self.context, relative_urls=self.settings["RELATIVE_URLS"],
                                  redirect=redirect)
        # The page hosts show for an address the site does not have. Served at any depth, so its
        # links start from SITEURL, never relative; not announced, as it is not content.
        with unannounced():
            writer.write_file(NOT_FOUND, self.get_template("not_found"), self.context, relative_urls=False)
        for name, text in host_files(self.options.hosting, redirects, self.options.headers).items():
            path = output / name
            path.parent.mkdir(parents=True, exist_ok=True)
            # Plain text with exact bytes, not a page: written directly, not through a template.
            path.write_text(text, encoding="utf-8", newline="\n")
