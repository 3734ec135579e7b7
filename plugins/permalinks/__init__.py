"""Permalinks: addresses that never break.

A committed manifest (data/published-urls.txt) lists every address ever
published. `make check` and every build fail when one of them would no longer
be a page or a redirect (checks.py). Former consultation ids (`aliases`) and
data/redirects.yaml become redirect pages plus host files for Netlify-style
hosts and nginx, which also carry the security headers (generator.py,
hostfiles.py). `make urls` adds new addresses to the manifest (cli.py). Each build reads the
manifest and data/redirects.yaml once and shares them between the three (inputs.py).
"""

from pelican import signals

from said_and_done.api import register_checks, unkeyed_inputs

from .checks import check_built_site, manifest_checks
from .generator import RedirectsGenerator
from .options import permalinks_options


def get_generators(pelican_object):
    return RedirectsGenerator


def data_files(settings):
    """The list of published addresses and the redirects: read only by this plugin's checks
    (every build) and its redirect pages and host files (made every build), so `make urls`
    after a new record does not make the next build render every page again."""
    options = permalinks_options(settings)
    return [options.manifest, options.redirects]


def register():
    register_checks.connect(manifest_checks)
    unkeyed_inputs.connect(data_files)
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(check_built_site)
