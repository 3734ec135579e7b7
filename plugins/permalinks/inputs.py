"""What this plugin reads, read once a build: the manifest, its git history and data/redirects.yaml.

The register checks (manifest_checks) are the first to need them: they read and
parse both files, with their problems, and keep what they found in the register's
`derived` dict (under KEY), which belongs to this build alone. The redirect
pages (generator.py) take it from there and hand it on to the check of the built
site on Pelican's `finalized` (checks.check_built_site), so all three judge the same
text and neither file is read again until the next build.

`finalized` sends only the Pelican object, so the generator leaves the Inputs in the
build's own plugin state (said_and_done's plugin_state, kept in the build's settings)
under the same key, for check_built_site to take; nothing outlives the build.
"""

from __future__ import annotations

from dataclasses import dataclass

from said_and_done.api import Problem, options_from, schema_folder

from .manifest import History, Manifest, manifest_history, read_manifest
from .options import permalinks_options
from .redirects import Redirect, alias_redirects, file_redirects

# The name this plugin keeps its Inputs under, in register.derived and in the build's plugin state.
KEY = "permalinks"


@dataclass(frozen=True)
class Inputs:
    """The manifest and the redirects of one build, parsed, with the problems found reading them."""

    manifest: Manifest
    aliases: list[Redirect]  # from the records' `aliases`
    listed: list[Redirect]  # from data/redirects.yaml
    problems: list[Problem]  # data/redirects.yaml's own: encoding, YAML, schema, an old address twice
    redirects_file: object = None  # data/redirects.yaml parsed (a said_and_done Source), for positions
    history: History | None = None  # what git remembers of the manifest; None outside git

    @property
    def redirects(self) -> list[Redirect]:
        """Every redirect the build writes."""
        return self.aliases + self.listed

    def redirect_problem(self, redirect: Redirect, key: str, message: str) -> Problem:
        """A Problem at the line of data/redirects.yaml (or the record's aliases) that asked for a redirect."""
        if redirect.index is None:
            return Problem(redirect.origin, 1, 1, "aliases", message)
        return self.redirects_file.problem((redirect.index, key), message)


def read_inputs(register) -> Inputs:
    """Read and parse the manifest and data/redirects.yaml named in the register's settings."""
    settings = register.settings
    options = permalinks_options(settings)
    schema_dir = schema_folder(options_from(settings).data_path)
    manifest = read_manifest(options.manifest, options.manifest_display)
    listed, problems, parsed = file_redirects(options.redirects, options.redirects_display, schema_dir)
    history = manifest_history(options.manifest)
    return Inputs(manifest, alias_redirects(register, set(manifest.urls)), listed, problems, parsed, history)


def inputs_of(register) -> Inputs:
    """This build's Inputs: read at the first call for the register, then kept on it."""
    found = register.derived.get(KEY)
    if found is None:
        found = register.derived[KEY] = read_inputs(register)
    return found
