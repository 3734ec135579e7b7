"""Writes /coordination/, the pages partners read to avoid clashing consultations.

/coordination/ shows the soonest clashes of each kind and every short-notice
consultation; /coordination/same-topic/ and /coordination/same-people/ list
every clash, a page at a time, so the pages stay usable on a large register.
"""

from __future__ import annotations

from pelican.generators import Generator

from said_and_done.api import PageBatch, paginate, timed

from .components import overlap_card, short_notice_card
from .findings import register_overlaps, short_notice
from .options import coordination_options

LISTS = {
    # slug: (heading, what it may mean)
    "same-topic": ("Same topic, same place, same time",
                   "These may be duplicate consultations: residents could be asked about the same thing twice."),
    "same-people": ("Same people, same place, same time",
                    "Different topics, but the same groups of people are asked at once. Consider joint events or one survey."),
}

SHORT_NOTICE = ("Planned consultations announced less than {days} days before they open. Short notice leaves "
                "partners no time to avoid a clash, and residents and community groups little time to prepare.")


class CoordinationGenerator(Generator):
    def generate_context(self):
        self.options = coordination_options(self.settings)

    @timed("render/write")
    def generate_output(self, writer):
        register = self.context["register"]
        found = register_overlaps(register)
        # The cards components are given (components.py), one for each clash, made once.
        members = {"same-topic": [overlap_card(o) for o in found if o.same_topic],
                   "same-people": [overlap_card(o) for o in found if not o.same_topic]}
        pages = {slug: paginate(items, self.options.page_size, f"coordination/{slug}/")
                 for slug, items in members.items()}

        # Planned consultations only, but a large register plans hundreds: paged like the pairs.
        notices = paginate([short_notice_card(s) for s in short_notice(register.consultations,
                                                                      self.options.short_notice_days)],
                           self.options.page_size, "coordination/short-notice/")
        meaning = SHORT_NOTICE.format(days=self.options.short_notice_days)
        # Rendered together on every core: at 10,000 records 1,182 pages, 7 of a cold build's 274 profiled
        # seconds when they were rendered one at a time.
        with PageBatch(self, writer) as batch:
            batch.add("coordination/index.html", "coordination",
                      lists=[(slug, *LISTS[slug], pages[slug][0]) for slug in LISTS],
                      short_notice=notices[0], short_notice_meaning=meaning)
            for slug, (heading, meaning_of_list) in LISTS.items():
                for page in pages[slug]:
                    batch.add(page.save_as, "coordination_list", slug=slug, heading=heading, meaning=meaning_of_list,
                              page=page)
            for page in notices:
                batch.add(page.save_as, "coordination_short_notice", page=page, short_notice_meaning=meaning)
