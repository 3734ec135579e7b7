"""Writes /coordination/, the pages partners read to avoid clashing consultations.

/coordination/ shows the soonest clashes of each kind and every short-notice
consultation; /coordination/same-topic/ and /coordination/same-people/ list
every clash, a page at a time, so the pages stay usable on a large register.
"""

from __future__ import annotations

from pelican.generators import Generator

from said_and_done.page_writer import write_page
from said_and_done.timing import timed

from said_and_done.pagination import paginate

from .findings import register_overlaps, short_notice
from .options import coordination_options

LISTS = {
    # slug: (heading, what it may mean)
    "same-topic": ("Same topic, same place, same time",
                   "These may be duplicate consultations: residents could be asked about the same thing twice."),
    "same-people": ("Same people, same place, same time",
                    "Different topics, but the same groups of people are asked at once. Consider joint events or one survey."),
}


class CoordinationGenerator(Generator):
    def generate_context(self):
        self.options = coordination_options(self.settings)

    @timed("render/write")
    def generate_output(self, writer):
        register = self.context["register"]
        found = register_overlaps(register)
        members = {"same-topic": [o for o in found if o.same_topic],
                   "same-people": [o for o in found if not o.same_topic]}
        pages = {slug: paginate(items, self.options.page_size, f"coordination/{slug}/")
                 for slug, items in members.items()}

        def write(name, template, **kwargs):
            write_page(self, writer, name, template, **kwargs)

        write("coordination/index.html", "coordination",
              lists=[(slug, *LISTS[slug], pages[slug][0]) for slug in LISTS],
              short_notice=short_notice(register.consultations, self.options.short_notice_days),
              short_notice_days=self.options.short_notice_days)
        for slug, (heading, meaning) in LISTS.items():
            for page in pages[slug]:
                write(page.save_as, "coordination_list", slug=slug, heading=heading, meaning=meaning, page=page)
