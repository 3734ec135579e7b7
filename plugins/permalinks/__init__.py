"""Permalinks: addresses that never break.

A committed manifest (data/published-urls.txt) lists every address ever
published. `make check` and every build fail when one of them would no longer
be a page or a redirect (checks.py). Former consultation ids (`aliases`) and
data/redirects.yaml become redirect pages plus host files for Netlify-style
hosts and nginx, which also carry the security headers (generator.py,
hostfiles.py). `make urls` adds new addresses to the manifest (cli.py).
"""

from pelican import signals

from said_and_done.hooks import register_checks

from .checks import check_built_site, manifest_checks
from .generator import RedirectsGenerator


def get_generators(pelican_object):
    return RedirectsGenerator


def register():
    register_checks.connect(manifest_checks)
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(check_built_site)
