"""Signals other Said & Done plugins connect to in their register().

register_checks: sent once the register is loaded and derived, by `make check`
and by every build alike. Receivers take the Register and return a list of
Problem (use register.problem(...) to point at a record's line, or
register.problems([...]) for many records at once, which finds their lines on every
core; a receiver's own settings are in register.settings, the Pelican settings); any error
among them stops the build and leaves the output untouched, warnings are listed.

unkeyed_inputs: sent with the Pelican settings before a build, after every plugin's
register(). A receiver returns the paths of data files that no kept page depends
on: files only its checks and its made-every-build outputs read (the list of
published addresses, for one). They are left out of the build fingerprint
(fingerprint.py), so changing one does not render every page again.

record_checks: sent with one consultation loaded from an edited record, for the
preview's first look at it (resident.py), with register= the register of the last
build. Receivers whose checks concern one record alone (personal data in what it
quotes) return its Problems, so an error is listed before the page is shown; the
full build that follows runs register_checks as ever.

register_derived: sent by the said_and_done generator with the Register, once it is
loaded, checked and derived and before any generator renders a page. Receivers
finish the derivation their plugin adds (open_data: each consultation's change
history from git; search: each page's search entry) by filling in the register's
objects, and keep what concerns the whole register in register.derived under a
name of their own. Everything a page shows is then in place whatever order the
plugins are listed in, and each is worked out once per build.

consultation_derived: sent with one consultation loaded from an edited record and
derived, for the preview's first look at it (resident.py), with register= the
register of the last build. Receivers of register_derived whose work is per
consultation do the same for this one, so its first-look page shows what the full
build's will.

pages_written: sent by the said_and_done generator, with itself as sender, once
every consultation and "You said, we did" page of the build is final (written to
the staging folder or kept from the last build). Work that only reads those pages
(the search index) can start then, while the other plugins still render.
"""

from pathlib import Path

from blinker import signal

register_checks = signal("said_and_done.register_checks")
unkeyed_inputs = signal("said_and_done.unkeyed_inputs")
register_derived = signal("said_and_done.register_derived")
consultation_derived = signal("said_and_done.consultation_derived")
pages_written = signal("said_and_done.pages_written")
record_checks = signal("said_and_done.record_checks")


def unkeyed_paths(settings: dict) -> set:
    """Every path the plugins' unkeyed_inputs receivers name, resolved."""
    found = set()
    for _, paths in unkeyed_inputs.send(settings):
        found.update(Path(p).resolve() for p in paths or ())
    return found


class BuildFailed(Exception):
    """Raise from a plugin's build step (a signal receiver, a generator) to stop the build.

    The message is shown to staff as it is, without a traceback, and the existing
    output is left untouched; so say what went wrong and how to put it right.
    """
