"""Privacy: no personal data in what the site quotes from residents.

Each theme's `said` and every Markdown write-up are scanned for email addresses,
UK phone numbers, full postcodes and National Insurance numbers (detect.py). A
hit stops `make check` and the build with file, line and field (check.py); a
record can list reviewed public contacts under `personal_data_reviewed`.
"""

from said_and_done.api import record_checks, register_checks

from .check import personal_data_checks, personal_data_in


def register():
    register_checks.connect(personal_data_checks)
    record_checks.connect(personal_data_in)
