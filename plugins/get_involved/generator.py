"""Writes /get-involved/ and the groups' open data files; gives each locality and
organisation page (plugins/browse) its groups through the shared context."""

from __future__ import annotations

from pelican.generators import Generator

from said_and_done.api import keep_or_write, options_from, schema_folder, timed, write_page

from . import export, views

PAGE = "get-involved/"


class GetInvolvedGenerator(Generator):
    def generate_context(self):
        register = self.context["register"]
        self.groups = register.derived.get("groups", [])
        if not self.groups:
            return
        self.cards = [views.card(g, register) for g in self.groups]
        # Read by the browse plugin's locality and organisation pages, and by base.html's footer.
        self.context["groups_here"] = views.groups_by_page(self.groups, register)
        self.context["get_involved_page"] = PAGE
        self.context.setdefault("open_data_extras", []).append(export.data_page_entry())

    @timed("render/write")
    def generate_output(self, writer):
        if not self.groups:
            return
        register = self.context["register"]
        write_page(self, writer, PAGE + "index.html", "get_involved", groups=self.cards)
        said = options_from(self.settings)
        made_from = [export.as_dict(g) for g in self.groups]
        keep_or_write(self.settings, export.JSON_FILE, [made_from, said.partnership, register.build_date],
                      lambda: export.json_text(self.groups, said.partnership, register.build_date,
                                               said.public_url + "/data/#groups"))
        # The schema the file was checked against, byte for byte, beside the record schemas.
        schema = (schema_folder(said.data_path) / "groups.schema.json").read_bytes()
        keep_or_write(self.settings, export.SCHEMA_FILE, schema, lambda: schema)
        keep_or_write(self.settings, export.CSV_FILE, made_from, lambda: export.csv_text(self.groups))
