"""Writes /accountability/ and its full lists of late results and late "We will" actions.

/accountability/ shows the counts by organisation and the most overdue of each
list (one page's worth, BROWSE['page_size']); /accountability/results-overdue/,
/accountability/actions-overdue/, /accountability/reviews-due/ and
/accountability/not-updated/ list them all, a page at a time.
"""

from __future__ import annotations

from pelican.generators import Generator

from said_and_done.api import PageBatch, paginate, timed

from .options import evaluation_due_days, stale_after_days
from .options import page_size as list_page_size
from .views import accountability, late_action_card, late_result_card, missing_evaluation_card

LISTS = {
    # slug: (heading, what it is, when there are none)
    "results-overdue": ("Results overdue",
                        "These consultations have closed and the date promised for publishing what people said, "
                        "and what was done, has passed.",
                        "No results are overdue."),
    "actions-overdue": ("\u201cWe will\u201d actions overdue",
                        "Actions the partners promised in a \u201cYou said, we did\u201d result, past their due date "
                        "and not done.",
                        "No promised actions are overdue."),
    # Neither of these is overdue: an action waiting on a condition, or on hold, has no date
    # that has passed; one in progress may be on time but nobody has said so for months.
    "reviews-due": ("\u201cWe will\u201d actions due a review",
                    "Actions waiting on something, or on hold, where the date the partners said they would "
                    "look at them again has passed. They are not overdue.",
                    "No promised actions are past their review date."),
    "not-updated": ("\u201cWe will\u201d actions not updated",
                    "Actions in progress with no update for a long time. They may be on time, but nobody has "
                    "said how they are going.",
                    "Every action in progress has been updated recently."),
    # Not a broken promise to residents, but the partners' own: to look back at each
    # consultation (what worked, who was not reached) once its results are out.
    "evaluations-missing": ("Evaluations missing",
                            "Consultations whose results were published some time ago but which have no evaluation: "
                            "what worked, what to improve, and which groups were and were not reached.",
                            "Every consultation with results published long enough ago has an evaluation."),
}


class AccountabilityGenerator(Generator):
    def generate_context(self):
        # Consultation and results pages link their late promises here (late_promises).
        self.context["accountability_page"] = "accountability/"

    @timed("render/write")
    def generate_output(self, writer):
        register = self.context["register"]
        record = accountability(register, stale_after_days(self.settings), evaluation_due_days(self.settings))
        page_size = list_page_size(self.settings)
        # Each list's components are given cards of plain values (views.py), not the records.
        pages = {"results-overdue": paginate([late_result_card(r) for r in record.late_results], page_size,
                                             "accountability/results-overdue/"),
                 "actions-overdue": paginate([late_action_card(r) for r in record.late_actions], page_size,
                                             "accountability/actions-overdue/"),
                 "reviews-due": paginate([late_action_card(r) for r in record.reviews_due], page_size,
                                         "accountability/reviews-due/"),
                 "not-updated": paginate([late_action_card(r) for r in record.not_updated], page_size,
                                         "accountability/not-updated/"),
                 "evaluations-missing": paginate([missing_evaluation_card(m) for m in record.evaluations_missing],
                                                 page_size, "accountability/evaluations-missing/")}

        # Rendered together on every core, as the other lists are.
        with PageBatch(self, writer) as batch:
            # Given the organisations' counts, not the whole record: the late lists are in `lists`.
            batch.add("accountability/index.html", "accountability", organisations=record.organisations,
                      lists=[(slug, *LISTS[slug], pages[slug][0]) for slug in LISTS])
            for slug, (heading, meaning, empty) in LISTS.items():
                # Written even when empty, so the addresses are always there to link to.
                for page in pages[slug]:
                    batch.add(page.save_as, "accountability_list", slug=slug, heading=heading, meaning=meaning,
                              empty=empty, page=page)
