"""Owners: who must review a change to each record, as CODEOWNERS files GitHub and GitLab enforce.

Each organisation in data/organisations.yaml may list `owners` (users or teams);
OWNERS["editors"] in pelicanconf.py names the partnership's editors. `make owners`
(python -m owners write) writes .github/CODEOWNERS and .gitlab/CODEOWNERS so each
record and its write-up is owned by its lead organisation's owners, and everything
else (reference data, pages, settings) by the editors. With "require review from
code owners" on the main branch, a partner's records cannot change without them.
`make check` and every build fail, naming the file and line, when a committed file is
out of date (a register_checks receiver).
"""

from said_and_done.api import register_checks

from .codeowners import codeowners_checks


def register():
    register_checks.connect(codeowners_checks)
