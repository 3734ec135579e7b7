"""Open data for partners: the register as JSON and CSV, per-consultation JSON,
the published schemas, an OpenConsult-shaped export, the /data/ page that
describes them, and each consultation's change history from git.

Settings: one OPEN_DATA dict in pelicanconf.py (see options.py). List this
plugin after said_and_done in PLUGINS: it reads the validated register from
the shared context.
"""

from pelican import signals

from said_and_done.api import register_checks, register_derived

from .generator import OpenDataGenerator
from .history import add_history
from .options import open_data_options


def get_generators(pelican_object):
    return OpenDataGenerator


def check_settings(register):
    # Runs in `make check` as well as in builds, so a mistyped OPEN_DATA setting
    # is caught before anyone waits for a build. Raises SettingsError; finds no record problems.
    open_data_options(register.settings)
    return []


def register():
    signals.get_generators.connect(get_generators)
    register_checks.connect(check_settings)
    register_derived.connect(add_history)
