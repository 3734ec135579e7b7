"""How our five statuses line up with two other consultation registers.

OpenConsult is a draft open standard for consultation data (discussion draft 1,
published by the Province of British Columbia as bcgov/openconsult). Its
optional StatusCurrentStandardized field takes one of Planned, Active,
Completed or Re-opened.

Consulting with Canadians is the Government of Canada's register on canada.ca.
Its listing shows a Status column (Planned, "Open - accepting input", Closed)
and a separate "What We Heard Report" column saying when a report is available.

Neither has a value for every one of ours, so each row says what we do where
there is no exact match, rather than pretending there is one.
"""

from __future__ import annotations

from dataclasses import dataclass

from said_and_done.api import status_label, status_meaning


@dataclass(frozen=True)
class StatusMapping:
    status: str  # our slug
    openconsult: str  # StatusCurrentStandardized; "" when the draft has no fitting value
    canada: str  # as the Consulting with Canadians listing would show it
    note: str  # plain English: why, and what is lost

    @property
    def label(self) -> str:
        return status_label(self.status)

    @property
    def meaning(self) -> str:
        return status_meaning(self.status)


STATUS_MAPPINGS = [
    StatusMapping("planned", "Planned", "Planned",
                  "The same meaning in all three."),
    StatusMapping("open", "Active", "Open - accepting input",
                  "The same meaning in all three."),
    StatusMapping("closed", "Completed", "Closed (no What We Heard Report yet)",
                  "OpenConsult has no value for \u201cclosed, results not published yet\u201d, so we use Completed: "
                  "the time to take part has ended. Our own label, Closed, is kept in StatusCurrent."),
    StatusMapping("feedback-published", "Completed", "Closed, What We Heard Report available",
                  "Canada shows the published results as a report link beside the Closed status; "
                  "ours is the \u201cYou said, we did\u201d page."),
    StatusMapping("withdrawn", "", "No equivalent",
                  "Neither register has a value for a withdrawn consultation. We leave "
                  "StatusCurrentStandardized empty (it is optional) and put Withdrawn in StatusCurrent."),
]
BY_STATUS = {m.status: m for m in STATUS_MAPPINGS}
