"""Writes a redirect page at every old address, and the host files (_redirects, _headers, nginx)."""

from __future__ import annotations

from pathlib import Path

from pelican.generators import Generator

from said_and_done.api import current_output, RecordErrors, timed

from .checks import redirect_problem, site_redirects
from .hostfiles import host_files
from .manifest import read_manifest
from .options import permalinks_options
from .redirects import redirect_pages


class RedirectsGenerator(Generator):
    """Runs after the said_and_done generator (PLUGINS order), whose register it reads."""

    def generate_context(self):
        self.options = permalinks_options(self.settings)

    @timed("render/write")
    def generate_output(self, writer):
        register = self.context["register"]
        manifest = read_manifest(self.options.manifest, self.options.manifest_display)
        aliases, listed, problems = site_redirects(register, self.settings, set(manifest.urls))
        if problems:  # make check and the register checks report these first; here for safety
            raise RecordErrors(problems)
        redirects = aliases + listed
        output = Path(self.output_path)
        template = self.get_template("redirect")
        for name, redirect in redirect_pages(redirects):
            if current_output(self.settings).exists(name):
                raise RecordErrors([redirect_problem(self.options, redirect, "from", (
                    f"expected an old address with no page, found a page at {redirect.source}; "
                    "remove this redirect or move the page"))])
            writer.write_file(name, template, self.context, relative_urls=self.settings["RELATIVE_URLS"],
                              redirect=redirect)
        for name, text in host_files(redirects, self.options.headers).items():
            path = output / name
            path.parent.mkdir(parents=True, exist_ok=True)
            # Plain text with exact bytes, not a page: written directly, not through a template.
            path.write_text(text, encoding="utf-8", newline="\n")
