"""An OpenConsult-shaped export: the register in the draft standard's four CSV datasets.

OpenConsult (discussion draft 1, bcgov/openconsult) defines a core
consultations dataset and optional public events, documents and status
changes datasets, linked by ConsultationId. The column names here are the ones
in the draft's requirements documents. The draft's own sample file spells two
of them differently (ConsultationID, StatusCurrentMapped); we follow the
requirements text, and /data/ says so.

It is "OpenConsult-shaped" because the draft is unfinished and some of our
data has no exact home in it: each column's description says how we fill it.
"""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from said_and_done.api import status_label, status_of

from .statuses import BY_STATUS
from .tables import Column, Dataset

FOLDER = "data/openconsult"

CORE_COLUMNS = [
    Column("ConsultationId", "Required. Our consultation id (the page is /consultations/<id>/).", lambda c: c["id"]),
    Column("Title", "Required. The title.", lambda c: c["title"]),
    Column("StatusCurrent", "Required. Our status label on the build date, for example Results published.",
           lambda c: c["status_label"]),
    Column("OrganizationName", "Required. Name of the lead organisation.", lambda c: c["lead_organisation"]["name"]),
    Column("Description", "Recommended. Our summary.", lambda c: c["summary"]),
    Column("GeographicScope", "Recommended. Names of the localities it covers (all of them when area-wide). "
                              "We have no boundaries to give as GeographicScopeObject.",
           lambda c: [x["name"] for x in c["localities"]]),
    Column("StatusCurrentStandardized", "Optional. Planned, Active or Completed, mapped from our status as the "
                                        "table below shows; empty for withdrawn.",
           lambda c: BY_STATUS[c["status"]].openconsult or None),
    Column("GeographicScopeType", "Optional. Area-wide or Locality.",
           lambda c: "Area-wide" if c["area_wide"] else "Locality"),
]

EVENT_COLUMNS = [
    Column("ConsultationId", "Required. Our consultation id.", lambda s: s[0]["id"]),
    Column("PublicEventStartDate", "Required. Date of the event.", lambda s: s[1]["date"]),
    Column("PublicEventTitle", "Required. Our records give events a place rather than a title, so this is the place.",
           lambda s: s[1]["place"]),
    Column("PublicEventDescription", "Optional. The time (as written, for example 10am to 1pm) and the details.",
           lambda s: ". ".join(x for x in (s[1]["time"], s[1]["details"]) if x) or None),
    Column("PublicEventAddress1", "Optional. The place.", lambda s: s[1]["place"]),
]

DOCUMENT_COLUMNS = [
    Column("ConsultationId", "Required. Our consultation id.", lambda s: s[0]["id"]),
    Column("DocumentName", "Required. The document's title.", lambda s: s[1]["title"]),
    Column("DocumentLink", "Recommended. Its web address.", lambda s: s[1]["url"]),
]

STATUS_CHANGE_COLUMNS = [
    Column("ConsultationId", "Required. Our consultation id.", lambda s: s[0]),
    Column("Status", "Required. Our status label.", lambda s: status_label(s[1])),
    Column("StatusDate", "Required. The date the status began, or is planned to begin (worked out from the "
                         "record's dates; closed begins the day after closing).", lambda s: s[2]),
    Column("StatusMapped", "Recommended. The standardised value, mapped as the table below shows; empty for withdrawn.",
           lambda s: BY_STATUS[s[1]].openconsult or None),
]


def status_changes(c):
    """Each consultation's statuses over time: past ones and those already scheduled.

    The status on each date a change could happen is worked out by the same
    rule as the site's (derive.status_of); a withdrawal takes effect on its
    date. Results not yet published on the build date are left out, as the
    site leaves them out.
    """
    outcome = c.outcome if c.has_published_outcome else None
    before_withdrawal = SimpleNamespace(withdrawn=None, outcome=outcome, opens=c.opens, effective_closes=c.effective_closes)
    candidates = {c.announced, c.opens, c.effective_closes + timedelta(days=1)}
    if outcome:
        candidates.add(outcome.published)
    if c.withdrawn:
        candidates = {d for d in candidates if d < c.withdrawn["date"]} | {c.withdrawn["date"]}
    previous = None
    for day in sorted(candidates):
        status = "withdrawn" if c.withdrawn and day >= c.withdrawn["date"] else status_of(before_withdrawal, day)
        if status != previous:
            yield c.id, status, day.isoformat()
            previous = status


DATASETS = [
    Dataset(f"{FOLDER}/consultations.csv", "OpenConsult core consultations dataset",
            "The core dataset: one row per consultation.", CORE_COLUMNS, lambda c, _: [c]),
    Dataset(f"{FOLDER}/public-events.csv", "OpenConsult public events dataset",
            "One row per event listed under how to take part.", EVENT_COLUMNS,
            lambda c, _: ((c, event) for event in c["how_to_take_part"]["events"])),
    Dataset(f"{FOLDER}/documents.csv", "OpenConsult documents dataset",
            "One row per document.", DOCUMENT_COLUMNS,
            lambda c, _: ((c, document) for document in c["documents"])),
    Dataset(f"{FOLDER}/status-changes.csv", "OpenConsult status changes dataset",
            "One row per status each consultation has had, or is scheduled to have.", STATUS_CHANGE_COLUMNS,
            lambda _, model: status_changes(model)),
]
