"""Said & Done: the publishing spine, as a Pelican plugin.

Consultation records (YAML in data/) and outcome write-ups (Markdown in
content/outcomes/) become a validated register and one stable page per
consultation. The code is in rooms by role (docs/architecture.md):

    domain/    records, schema, load, validate, model, derive: no Pelican, no writing
    build/     caches, page keys, fingerprints, parallel render, timings, the output folder
    site/      Pelican glue: settings, the generator, view models, filters, running a build
    preview/   `make preview`: the watcher, the resident first-look build, the local server
    cli.py     the command line on top
    api.py     what the other plugins may use; hooks.py the signals they connect to

Importing this package imports nothing of the rooms: Pelican calls register().
"""


def register():
    from .site.plugin import register as connect

    connect()
