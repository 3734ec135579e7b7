"""Writes /localities/, /organisations/, /topics/ and a page (or pages) for each one."""

from __future__ import annotations

from pelican.generators import Generator

from said_and_done.api import PageBatch, timed

from . import views
from .options import browse_options


class BrowseGenerator(Generator):
    def generate_context(self):
        # Runs after the said_and_done generator has loaded the register (PLUGINS order).
        register = self.context["register"]
        self.options = browse_options(self.settings)
        self.views = views.subject_views(register, self.options.page_size)
        # The home page (written by said_and_done) links to every locality.
        self.context["locality_links"] = views.locality_links(self.views["locality"])
        # Consultation pages link their localities, organisations and topics here when browse is on.
        self.context["subject_pages"] = True

    @timed("render/write")
    def generate_output(self, writer):
        with PageBatch(self, writer) as pages:
            self._add_pages(pages.add)

    def _add_pages(self, write):
        register = self.context["register"]
        locality_views = self.views["locality"]
        write("localities/index.html", "localities", localities=[v.card for v in locality_views],
              wards=views.wards_a_to_z(v.subject for v in locality_views),
              area_wide=views.area_wide_now_and_next(register.consultations))
        write("organisations/index.html", "organisations",
              groups=views.organisations_by_type([v.card for v in self.views["organisation"]]))
        write("topics/index.html", "topics", topics=[v.card for v in self.views["topic"]])
        write("audiences/index.html", "audiences", audiences=[v.card for v in self.views["audience"]])
        subscriptions = self.context.get("subscriptions", {})
        # Other plugins' sections, by page address: indicators (locality pages) and ways to get involved.
        indicators = self.context.get("locality_indicators", {})
        groups = self.context.get("groups_here", {})
        for kind_views in self.views.values():
            for view in kind_views:
                # Each page is given only what it shows (SubjectView.front and .heading), so
                # it is re-rendered only when that changes, not on every edit to the subject.
                front = view.front()
                for page in view.results_pages:
                    write(page.save_as, "subject", view=front if page.is_first else view.heading, page=page,
                          subscriptions_here=subscriptions.get(view.url, []),
                          indicators_here=indicators.get(view.url, []) if page.is_first else [],
                          groups_here=groups.get(view.url, []) if page.is_first else [])
                # Written even when short, so the addresses are always there to link to.
                for page in view.actions_pages:
                    write(page.save_as, "subject_actions", view=view.heading, page=page)
                for listing in view.register_pages:
                    write(listing.page.save_as, "register", listing=listing, subject=view.heading)
