"""The Pelican generator for open data: change history, the data files and the /data/ page."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from pelican.generators import Generator

from said_and_done.api import BuildCache, options_from, schema_folder, timed, version_of

from . import export, page
from .history import history_of
from .options import open_data_options
from .publish import EXPORT_SCHEMA, publish

logger = logging.getLogger(__name__)

DATA_PAGE = "data/"


def file_size(size: int) -> str:
    """1.2 MB, 34 KB, 512 bytes: how GOV.UK writes file sizes."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    if size >= 1_000:
        return f"{round(size / 1_000)} KB"
    return f"{size} bytes"


class OpenDataGenerator(Generator):
    """Runs after the said_and_done generator, whose validated register it reads from the shared context."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.env.filters["file_size"] = file_size

    def generate_context(self):
        register = self.context.get("register")
        if register is None:
            raise RuntimeError("the open_data plugin needs the said_and_done plugin listed before it in PLUGINS")
        self.options = open_data_options(self.settings)
        self.said = options_from(self.settings)
        self.register = register
        # Read from git, and given to each consultation, by add_history before any page was rendered.
        self.history = history_of(register)
        # Templates of every generator show the footer link and the per-consultation JSON link.
        self.context["open_data_page"] = DATA_PAGE

    @timed("exports")
    def generate_output(self, writer):
        pub = export.Publication(
            # Addresses in the files are full and permanent, whatever SITEURL this build used,
            # so a downloaded file still points at the live pages.
            site_url=self.said.public_url,
            publisher=self.said.partnership,
            licence_name=self.options.licence_name,
            licence_url=self.options.licence_url,
            build_date=self.register.build_date,
        )
        cache_path = self.settings.get("CACHE_PATH")
        # Packed: the build holds every consultation's open data until the cache is saved.
        kept = BuildCache(Path(cache_path) if cache_path else None, "open-data",
                          version_of(sorted(Path(__file__).parent.glob("*.py")), ()), packed=True)
        published = publish(self.register, pub, Path(self.output_path), schema_folder(self.said.data_path),
                            settings=self.settings, kept=kept)
        kept.save()
        export_schema = json.loads(EXPORT_SCHEMA.read_text(encoding="utf-8"))
        writer.write_file(
            DATA_PAGE + "index.html", self.get_template("open_data"), self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            licence={"name": self.options.licence_name, "url": self.options.licence_url},
            history=self.history,
            history_limit=self.options.history_limit,
            **published,
            **page.describe(export_schema),
        )
