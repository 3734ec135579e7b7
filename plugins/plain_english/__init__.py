"""Plain English: warn when staff-written text is hard to read.

Residents read summaries and "we did" answers on phones, often in a second
language or with a reading difficulty. `make check` and every build warn (never
stop) when a consultation's summary, its outcome summary, a theme's "we_did" or
a write-up has a very long sentence or a low readability score, naming the file,
line and field, so staff can rewrite it before it is published.
"""

from said_and_done.api import register_checks

from .checks import plain_english_checks


def register():
    register_checks.connect(plain_english_checks)
