"""The browser editor at /admin/: Decap CMS, configured from the record schema and the reference data.

Staff who do not write YAML create and update records in a form; each save is a
commit (or a pull request) on GitHub or GitLab, or, with `make edit`, a file written
on this machine by decap-server. Built only when ADMIN["enabled"] is True.
"""

from pelican import signals

from .generator import AdminGenerator


def get_generators(pelican_object):
    return AdminGenerator


def register():
    signals.get_generators.connect(get_generators)
