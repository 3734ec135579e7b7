"""Privacy: no personal data in what the site publishes.

Every published text of a record, each write-up and each Pelican page, as readers see
it, is searched for email addresses, phone, NHS and National Insurance numbers,
postcodes, dates of birth and named people's home addresses (the core's
find_personal_data, which open_data also uses on commit messages). A hit stops
`make check` and the build with file, line, column and field (check.py, pages.py); a
record can list reviewed public contacts under `personal_data_reviewed`.
"""

from said_and_done.api import record_checks, register_checks

from .check import personal_data_checks, personal_data_in


def register():
    register_checks.connect(personal_data_checks)
    record_checks.connect(personal_data_in)
