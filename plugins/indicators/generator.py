"""Writes /indicators/, a page per indicator, and the indicators' open data files;
gives each locality page (plugins/browse) its figures through the shared context."""

from __future__ import annotations

from pelican.generators import Generator

from said_and_done.api import PageBatch, keep_or_write, options_from, schema_folder, timed

from . import export, views

PAGE = "indicators/"


class IndicatorsGenerator(Generator):
    def generate_context(self):
        register = self.context["register"]
        self.indicators = register.derived.get("indicators", [])
        if not self.indicators:
            return
        self.views = [views.indicator_view(i, register.localities) for i in self.indicators]
        # Read by the browse plugin's locality pages ({page address: figures}) and by base.html's footer.
        self.context["locality_indicators"] = {
            f"localities/{slug}/": found for slug in register.localities
            if (found := views.locality_figures(self.indicators, slug))}
        self.context["indicators_page"] = PAGE
        self.context.setdefault("open_data_extras", []).append(export.data_page_entry())

    @timed("render/write")
    def generate_output(self, writer):
        if not self.indicators:
            return
        register = self.context["register"]
        with PageBatch(self, writer) as pages:
            pages.add(PAGE + "index.html", "indicators", indicators=self.views)
            for view in self.views:
                pages.add(view.url + "index.html", "indicator", indicator=view)
        said = options_from(self.settings)
        made_from = [export.as_dict(i) for i in self.indicators]
        keep_or_write(self.settings, export.JSON_FILE, [made_from, said.partnership, register.build_date],
                      lambda: export.json_text(self.indicators, said.partnership, register.build_date,
                                               said.public_url + "/data/#indicators"))
        # The schema the file was checked against, byte for byte, beside the record schemas.
        schema = (schema_folder(said.data_path) / "indicators.schema.json").read_bytes()
        keep_or_write(self.settings, export.SCHEMA_FILE, schema, lambda: schema)
        keep_or_write(self.settings, export.CSV_FILE, made_from,
                      lambda: export.csv_text(self.indicators, register.localities))
