"""What the other Said & Done plugins may use: the core's published interface.

Satellite plugins (plugins/*/ beside this one) import from here and from nowhere
else in said_and_done; an import-linter contract in pyproject.toml holds them to
it, so the rooms behind it (domain/, build/, site/) can change without breaking them.
Names are grouped by what a plugin does with them.
"""

from __future__ import annotations

# Keys and caches kept between builds.
from .build.cache import BuildCache, findings_per_record
from .build.digest import consultation_digest, digest_of

# Writing pages and files: kept from the last build when their key is unchanged.
from .build.files import (
    announce_file,
    keep_folder,
    keep_folder_as_before,
    keep_or_write,
    keep_or_write_each,
    output_key,
    wrote_folder,
)

# Calendars: an icalendar component's bytes, as its to_ical() writes them, folded quickly.
from .build.ical import ical_bytes
from .build.page_writer import PageBatch, write_page

# The build in progress, found from its settings: its output store, timings, work beside it;
# and writing a file Pelican is not told of (a redirect: not content).
from .build.state import no_longer_beside as no_longer_running_beside
from .build.state import output_store as current_output
from .build.state import phase, plugin_state, record_figure, report_progress, timed
from .build.state import run_beside as running_beside
from .build.writer import held as unannounced

# "We will" actions in progress that have gone without an update for too long.
from .domain.actions import STALE_AFTER_DAYS
from .domain.actions import stale as stale_actions

# The register's vocabulary: statuses, decisions, levels, the reference files;
# problems found in records, and reading staff-written files with their line numbers;
# personal data in published text (records, write-ups, pages, commit messages), found in
# the text readers see (visible_text), and text made safe to print (without_controls).
from .domain.derive import STATUS_ORDER, STATUSES, status_label, status_meaning, status_of

# The installed engine's own files: the theme for THEME, the schemas records follow, its version.
from .domain.engine_files import engine_version, schema_folder, schema_path, theme_path
from .domain.limits import printable, without_controls
from .domain.markup import render_markdown
from .domain.model import ACTION_STATUSES, DECISIONS, FORMATS, LEVELS

# One consultation's dated news, oldest first: its follow feed and calendar, and its page history.
from .domain.news import news as consultation_news
from .domain.personal_data import CODE_FILES as PERSONAL_DATA_CODE
from .domain.personal_data import CONTACT_KINDS, Finding, find_personal_data, reviewed_keys
from .domain.personal_data import EMAIL as EMAIL_ADDRESS
from .domain.personal_data import KINDS as PERSONAL_DATA_KINDS
from .domain.plain_text import VisibleText, visible_text
from .domain.plans import TYPES as CONSULTATION_TYPES
from .domain.problems import ERROR, WARNING, Problem, RecordErrors, field_name
from .domain.records import REFERENCE_FILES, display_path
from .domain.references import entry_field as reference_field
from .domain.schema_check import check as schema_check
from .domain.stores import version_of
from .domain.yaml_source import load_yaml, parse_yaml, read_text

# Signals to connect to in a plugin's register(), and the error that stops a build.
from .hooks import (
    BuildFailed,
    consultation_derived,
    pages_written,
    record_checks,
    register_checks,
    register_derived,
    unkeyed_inputs,
)
from .site.charts import BarChart, bar_chart
from .site.charts import Row as ChartRow
from .site.components import SUBJECT_FOLDERS, ConsultationCard, StatusTag, consultation_cards, status_tag, where
from .site.filters import join_names, long_date

# Settings, view models (each page component's in site/components.py), paging and
# formatting shared by every page.
from .site.generator import load as load_records
from .site.options import SettingsError, merged_settings, options_from, page_size_setting
from .site.pagination import paginate, register_own_names
from .site.views import Section, forthcoming, open_now, register_order, register_pages, section

__all__ = [
    "display_path",
    "ACTION_STATUSES", "CONSULTATION_TYPES", "CONTACT_KINDS", "DECISIONS", "EMAIL_ADDRESS", "ERROR", "FORMATS", "LEVELS", "PERSONAL_DATA_CODE",
    "PERSONAL_DATA_KINDS", "REFERENCE_FILES", "STALE_AFTER_DAYS", "STATUSES", "STATUS_ORDER", "SUBJECT_FOLDERS",
    "WARNING", "BarChart", "BuildCache", "ChartRow", "bar_chart", "BuildFailed", "ConsultationCard", "Finding", "PageBatch", "Problem", "RecordErrors", "Section",
    "SettingsError", "StatusTag", "announce_file", "consultation_cards", "consultation_derived",
    "consultation_digest", "current_output", "digest_of", "engine_version", "field_name", "find_personal_data", "findings_per_record",
    "forthcoming", "join_names", "keep_folder", "keep_folder_as_before", "keep_or_write", "keep_or_write_each", "load_records", "load_yaml", "long_date",
    "merged_settings", "no_longer_running_beside", "open_now", "options_from", "output_key", "page_size_setting", "reference_field",
    "pages_written", "paginate", "parse_yaml", "phase", "plugin_state", "printable", "read_text", "record_checks",
    "record_figure", "report_progress", "register_checks", "register_own_names", "register_derived", "register_order", "register_pages", "render_markdown",
    "reviewed_keys", "running_beside", "schema_check", "schema_folder", "schema_path", "section", "stale_actions", "status_label", "status_meaning", "status_of",
    "status_tag", "theme_path", "timed", "unannounced", "unkeyed_inputs", "version_of", "VisibleText", "visible_text", "where",
    "without_controls", "write_page", "wrote_folder",
    "consultation_news", "ical_bytes",
]
