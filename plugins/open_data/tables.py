"""The CSV files: their columns, what each column means, and safe cells.

Rows are cut from the exported dicts (export.consultation), so every CSV value
is the same value the JSON carries. Each column is declared once with its
description, which /data/ lists, so the documentation cannot drift from the files.

Spreadsheet programs run a cell that starts with =, +, - or @ as a formula,
which lets a crafted record attack whoever opens the file. Such cells get a
leading apostrophe: spreadsheets show the text as typed, and the change is
explained on /data/.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

from said_and_done.api import printable

from . import plans

# Tab and carriage return can also start a formula in some programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "; "


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    value: Callable  # (row source) -> value


def cell(value) -> str:
    """A CSV cell: empty for nothing, true/false, ISO dates, lists joined with '; ', formulas defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)  # shortest exact form; never starts with = + @ (counts are not negative)
    text = LIST_SEPARATOR.join(cell(v) for v in value) if isinstance(value, (list, tuple)) else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cells(source, columns) -> list:
    """One CSV row's cells for a row source."""
    return [cell(c.value(source)) for c in columns]


@dataclass(frozen=True)
class Dataset:
    """One CSV file: where it goes, what it holds, its columns, and its rows for each consultation."""

    path: str  # under the output folder, for example data/actions.csv
    title: str
    description: str
    columns: list
    rows: Callable  # (exported consultation dict, register Consultation) -> iterable of row sources


class CsvFile:
    """A CSV file written a consultation's rows at a time: UTF-8, a header row, RFC 4180 line endings."""

    def __init__(self, path, columns: list):
        self.columns = columns
        self.rows = 0
        # Written row by row as the register is walked, closed by close(): not a with block.
        self._file = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115
        self._file.write(csv_text([[c.name for c in columns]]))

    def write_text(self, text: str, rows: int) -> None:
        """Rows already made into CSV text by csv_text (and kept between builds)."""
        self._file.write(text)
        self.rows += rows

    def close(self) -> None:
        self._file.close()


def csv_text(rows: list) -> str:
    """Rows of cells as CSV text, RFC 4180 line endings. Kept per consultation between builds:
    writing 100,000 rows through the csv module again on every build took a second at 10,000
    records, for rows that had not changed."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    # No control character is published, whatever got past the checks (tab and line ends may stay).
    return printable(buffer.getvalue())


def _slugs(items):
    return [i["slug"] for i in items]


def _names(items):
    return [i["name"] for i in items]


# -- /data/consultations.csv: one row per consultation ----------------------------
CONSULTATION_COLUMNS = [
    Column("id", "The consultation's permanent id. Its page is /consultations/<id>/.", lambda c: c["id"]),
    Column("url", "Address of the consultation's page.", lambda c: c["url"]),
    Column("title", "Plain-English title.", lambda c: c["title"]),
    Column("summary", "What is being asked and why.", lambda c: c["summary"]),
    Column("status", "Status on the build date: planned, open, closed, feedback-published or withdrawn.",
           lambda c: c["status"]),
    Column("status_label", "The status as residents see it, for example Results published.", lambda c: c["status_label"]),
    Column("feedback_overdue", "true when the consultation has closed, the date promised for results has passed "
                               "and no results are published.", lambda c: c["feedback_overdue"]),
    Column("lead_organisation", "Slug of the organisation running it.", lambda c: c["lead_organisation"]["slug"]),
    Column("lead_organisation_name", "Name of the organisation running it.", lambda c: c["lead_organisation"]["name"]),
    Column("partners", "Slugs of partner organisations.", lambda c: _slugs(c["partners"])),
    Column("partner_names", "Names of partner organisations, in the same order.", lambda c: _names(c["partners"])),
    Column("area_wide", "true when it covers every locality.", lambda c: c["area_wide"]),
    Column("localities", "Slugs of the localities it covers (every locality when area-wide).",
           lambda c: _slugs(c["localities"])),
    Column("locality_names", "Names of those localities, in the same order.", lambda c: _names(c["localities"])),
    Column("topics", "Topic slugs.", lambda c: _slugs(c["topics"])),
    Column("topic_names", "Topic names, in the same order.", lambda c: _names(c["topics"])),
    Column("level", "Engagement level: inform, consult, involve, collaborate or empower.", lambda c: c["level"]),
    Column("level_label", "The engagement level as residents see it.", lambda c: c["level_label"]),
    Column("audiences", "Slugs of who it is for.", lambda c: _slugs(c["audiences"])),
    Column("audience_names", "Names of who it is for, in the same order.", lambda c: _names(c["audiences"])),
    Column("methods", "Slugs of the ways to take part.", lambda c: _slugs(c["methods"])),
    Column("method_names", "Names of the ways to take part, in the same order.", lambda c: _names(c["methods"])),
    Column("announced", "Date it was first published on the register.", lambda c: c["dates"]["announced"]),
    Column("opens", "Date it opens.", lambda c: c["dates"]["opens"]),
    Column("closes", "Date it closes (the last day to take part).", lambda c: c["dates"]["closes"]),
    Column("feedback_due", "Date by which we promise to publish what we heard and what we did.",
           lambda c: c["dates"]["feedback_due"]),
    Column("take_part_online", "Web address to take part online.", lambda c: c["how_to_take_part"]["online"]),
    Column("take_part_email", "Email address for responses.", lambda c: c["how_to_take_part"]["email"]),
    Column("take_part_phone", "Phone number for responses.", lambda c: c["how_to_take_part"]["phone"]),
    Column("take_part_address", "Postal address for paper responses.", lambda c: c["how_to_take_part"]["address"]),
    Column("events", "How many events are listed (the JSON has their dates and places).",
           lambda c: len(c["how_to_take_part"]["events"])),
    Column("documents", "How many documents are listed (the JSON and the OpenConsult documents file have them).",
           lambda c: len(c["documents"])),
    Column("alternative_formats", "Other formats the information is available in.",
           lambda c: _names(c["alternative_formats"]["available"])),
    Column("languages", "Languages the material is available in.", lambda c: c["alternative_formats"]["languages"]),
    Column("contact_name", "Team or role to contact.", lambda c: c["contact"]["name"]),
    Column("contact_email", "Contact email address.", lambda c: c["contact"]["email"]),
    Column("contact_phone", "Contact phone number.", lambda c: c["contact"]["phone"]),
    Column("responses", "Number of responses received, when published.", lambda c: c["responses"]),
    Column("related", "Ids of related consultations.", lambda c: [r["id"] for r in c["related"]]),
    Column("aliases", "Former ids of this consultation; their addresses lead here.", lambda c: c["aliases"]),
    Column("withdrawn_date", "Date it was withdrawn, if it was.", lambda c: (c["withdrawn"] or {}).get("date")),
    Column("withdrawn_reason", "Why it was withdrawn.", lambda c: (c["withdrawn"] or {}).get("reason")),
    Column("results_published", "Date the results were published (empty until they are).",
           lambda c: (c["outcome"] or {}).get("published") if (c["outcome"] or {}).get("url") else None),
    Column("results_url", "Address of the \u201cYou said, we did\u201d page.", lambda c: (c["outcome"] or {}).get("url")),
    Column("results_summary", "What we heard and what we decided.", lambda c: (c["outcome"] or {}).get("summary")),
    Column("decision_by", "Who made the decision, and when.", lambda c: (c["outcome"] or {}).get("decision_by")),
    Column("results_withheld", "Why the results are not published yet (empty when they are given).",
           lambda c: ((c["outcome"] or {}).get("withheld") or {}).get("reason")),
    Column("results_expected", "When withheld results are now expected.",
           lambda c: ((c["outcome"] or {}).get("withheld") or {}).get("expected")),
    Column("decision_who", "Who decides, in words (a body, a joint committee of partners, or the organisations).",
           lambda c: (c["decision"] or {}).get("who")),
    Column("decision_organisations", "Slugs of the organisations that decide.",
           lambda c: _slugs((c["decision"] or {}).get("by", []))),
    Column("decision_due", "When the decision was promised.", lambda c: (c["decision"] or {}).get("due")),
    Column("decision_taken", "When the decision was made.", lambda c: (c["decision"] or {}).get("taken")),
    Column("decision_late", "true when the decision was made after the date promised, or is still not made after it.",
           lambda c: (c["decision"] or {}).get("late")),
    Column("decision_notice", "Address of the decision notice or minutes.", lambda c: (c["decision"] or {}).get("notice")),
    Column("challenge_latest", "The latest step of any legal challenge, for example Judicial review lodged.",
           lambda c: (c["decision"]["challenge"][-1]["text"] if c["decision"] and c["decision"]["challenge"] else None)),
    Column("challenge_latest_date", "The date of that step.",
           lambda c: (c["decision"]["challenge"][-1]["date"] if c["decision"] and c["decision"]["challenge"] else None)),
    Column("results_updates", "How many dated updates since the results (each is in the JSON files).",
           lambda c: len(c["outcome"]["updates"]) if c["outcome"] else None),
    Column("results_documents", "How many reports and minutes are listed with the results (the JSON has them).",
           lambda c: len(c["outcome"]["documents"]) if c["outcome"] else None),
    Column("themes", "How many \u201cYou said\u201d themes there are (one row each in you-said-we-did.csv).",
           lambda c: len(c["outcome"]["you_said"]) if (c["outcome"] or {}).get("url") else None),
    Column("actions", "How many \u201cWe will\u201d actions there are (one row each in actions.csv).",
           lambda c: len(c["outcome"]["actions"]) if (c["outcome"] or {}).get("url") else None),
    Column("actions_overdue", "How many of those actions are overdue on the build date.",
           lambda c: sum(a["overdue"] for a in c["outcome"]["actions"]) if (c["outcome"] or {}).get("url") else None),
    Column("last_updated", "Date of the latest change to the record or its write-up (empty when not known).",
           lambda c: c["last_updated"]),
]
CONSULTATION_COLUMNS += [Column(*column) for column in plans.COLUMNS]  # scope, extension, results plan

# -- /data/you-said-we-did.csv: one row per theme -----------------------------------
# Sources are (consultation dict, 1-based number, theme dict).
THEME_COLUMNS = [
    Column("consultation_id", "Id of the consultation.", lambda s: s[0]["id"]),
    Column("consultation_title", "Title of the consultation.", lambda s: s[0]["title"]),
    Column("results_url", "Address of its \u201cYou said, we did\u201d page.", lambda s: s[0]["outcome"]["url"]),
    Column("results_published", "Date the results were published.", lambda s: s[0]["outcome"]["published"]),
    Column("theme_number", "Position of the theme on the page, from 1.", lambda s: s[1]),
    Column("theme", "Short name for what people raised.", lambda s: s[2]["theme"]),
    Column("you_said", "What people said.", lambda s: s[2]["said"]),
    Column("count", "How many people said it (empty when not given).", lambda s: s[2]["count"]),
    Column("percent", "What share of respondents said it, as a percentage (empty when not given).",
           lambda s: s[2]["percent"]),
    Column("we_did", "What we did about it.", lambda s: s[2]["we_did"]),
    Column("decision", "adopted, partly-adopted, not-adopted, under-review or no-change-needed.",
           lambda s: s[2]["decision"]),
    Column("decision_label", "The decision as residents see it.", lambda s: s[2]["decision_label"]),
    Column("reason", "Why not, or why only in part (always given for not-adopted and partly-adopted).",
           lambda s: s[2]["reason"]),
    Column("asked", "The question we asked, when the theme answers one.", lambda s: s[2]["asked"]),
    Column("proposal", "The id of the proposal the theme answers.", lambda s: s[2]["proposal"]),
    Column("split_as", "count or percent: how support, oppose and neither are given (empty when there is no split).",
           lambda s: (s[2]["split"] or {}).get("as")),
    Column("support", "Those in support (empty when not given or not published).",
           lambda s: (s[2]["split"] or {}).get("support")),
    Column("oppose", "Those against (empty when not given or not published).",
           lambda s: (s[2]["split"] or {}).get("oppose")),
    Column("neither", "Those neither for nor against (empty when not given or not published).",
           lambda s: (s[2]["split"] or {}).get("neither")),
]

# -- /data/actions.csv: one row per "We will" action --------------------------------
ACTION_COLUMNS = [
    Column("consultation_id", "Id of the consultation.", lambda s: s[0]["id"]),
    Column("consultation_title", "Title of the consultation.", lambda s: s[0]["title"]),
    Column("results_url", "Address of its \u201cYou said, we did\u201d page.", lambda s: s[0]["outcome"]["url"]),
    Column("action_number", "Position of the action on the page, from 1.", lambda s: s[1]),
    Column("we_will", "What we will do.", lambda s: s[2]["we_will"]),
    Column("lead", "Slug of the organisation responsible.", lambda s: s[2]["lead"]["slug"]),
    Column("lead_name", "Name of the organisation responsible.", lambda s: s[2]["lead"]["name"]),
    # "due" keeps its name (not due_date) so readers of format 1.0 still find it; it is
    # empty when the action waits on a condition instead.
    Column("due", "Date it is due (empty when it is due on a condition: see due_condition).",
           lambda s: s[2]["due"]),
    Column("due_condition", "What it waits for, when it has no due date, for example national guidance is "
           "published.", lambda s: s[2]["due_condition"]),
    Column("review_date", "Date we said we would look at it again: for one on hold, or one due on a condition.",
           lambda s: s[2]["review"]),
    Column("status", "planned, in-progress, on-hold, done or dropped.", lambda s: s[2]["status"]),
    Column("status_label", "The status as residents see it.", lambda s: s[2]["status_label"]),
    Column("overdue", "true when it is planned or in progress and its due date has passed on the build date "
           "(never for one due on a condition or on hold).", lambda s: s[2]["overdue"]),
    Column("review_due", "true when it is on hold or waiting on a condition and its review date has passed.",
           lambda s: s[2]["review_due"]),
    Column("progress", "How far it has got, as a percentage (empty when not given).", lambda s: s[2]["progress"]),
    Column("updated", "Date its status was last checked.", lambda s: s[2]["updated"]),
    Column("last_update", "Date of its newest dated update (empty when it has none).",
           lambda s: s[2]["last_update"]),
    Column("last_update_note", "What that update said.",
           lambda s: s[2]["updates"][-1]["note"] if s[2]["updates"] else None),
    Column("updates", "How many dated updates it has (each is in the JSON files).", lambda s: len(s[2]["updates"])),
    Column("reason", "Why it was dropped, or why it is on hold (always given for both).", lambda s: s[2]["reason"]),
]


def themes(c: dict):
    for number, theme in enumerate(c["outcome"]["you_said"] if c["outcome"] else [], start=1):
        yield c, number, theme


def actions(c: dict):
    for number, action in enumerate(c["outcome"]["actions"] if c["outcome"] else [], start=1):
        yield c, number, action


DATASETS = [
    Dataset("data/consultations.csv", "Consultations (CSV)",
            "Every consultation, one row each: the main facts, with lists joined by semicolons.",
            CONSULTATION_COLUMNS, lambda c, _: [c]),
    Dataset("data/you-said-we-did.csv", "You said, we did (CSV)",
            "One row for each theme in published results: what people said, what we did, the decision and the reason.",
            THEME_COLUMNS, lambda c, _: themes(c)),
    Dataset("data/actions.csv", "We will: actions (CSV)",
            "One row for each \u201cWe will\u201d action in published results: who leads it, when it is due, "
            "how it is going and whether it is overdue.",
            ACTION_COLUMNS, lambda c, _: actions(c)),
]
