"""What a consultation's page asks of residents, or tells them, at each stage: the one place it is chosen.

Templates never pick these words by status: a closed consultation that still said "Tell us
what you think" is what this module is for. Dates are named placeholders ({closes},
{feedback_due}, ...), filled in by the site with its date format (site/components.py), so
the words stay here and the formatting stays with the pages.
"""

from __future__ import annotations

from dataclasses import dataclass

# Where a call to action's link goes: this page's "How to take part", or the results page.
TAKE_PART = "take-part"
RESULTS = "results"


@dataclass(frozen=True)
class CallToAction:
    headline: str  # the stage in a sentence, with the dates that matter
    action: str  # what to do, or what has happened: a link's words when link is set
    next_steps: str = ""  # what happens next
    link: str = ""  # TAKE_PART, RESULTS or "" (nothing to follow)


# Placeholders a call to action may use: {opens_day}, {closes_day} (with the weekday),
# {opens}, {closes}, {feedback_due}, {published}, {withdrawn}, and {days_left}.
_WORDS = {
    "planned": CallToAction("Opens on {opens_day} and closes on {closes}.",
                            "This consultation has not opened yet",
                            "You can tell us what you think from {opens}."),
    "open": CallToAction("Open until {closes_day}: {days_left}.", "Tell us what you think",
                         "Your views can still change what happens.", TAKE_PART),
    # What happens next once closed is the consultation's results_wait (domain/plans.py): results
    # due, or late, worded once for this page and /accountability/ (components/plans.html).
    "closed": CallToAction("Closed on {closes}.", "This consultation has closed"),
    "feedback-published": CallToAction("Results published on {published}.", "Read what we did",
                                       "We have published what people said, what we decided and what we "
                                       "will do next.", RESULTS),
    "withdrawn": CallToAction("Withdrawn on {withdrawn}.", "This consultation was withdrawn",
                              "You do not need to do anything. This is why:"),
}


def call_to_action(c) -> CallToAction:
    """The words for a derived consultation's stage (status_of)."""
    return _WORDS[c.status]
