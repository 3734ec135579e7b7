"""Signals other Said & Done plugins connect to in their register().

register_checks: sent once the register is loaded and derived, by `make check`
and by every build alike. Receivers take the Register and return a list of
Problem (use register.problem(...) to point at a record's line; a receiver's
own settings are in register.settings, the Pelican settings); any error
among them stops the build and leaves the output untouched, warnings are listed.
"""

from blinker import signal

register_checks = signal("said_and_done.register_checks")


class BuildFailed(Exception):
    """Raise from a plugin's build step (a signal receiver, a generator) to stop the build.

    The message is shown to staff as it is, without a traceback, and the existing
    output is left untouched; so say what went wrong and how to put it right.
    """
