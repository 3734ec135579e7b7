"""What one build holds while it runs, in one object passed down with the settings.

A build's state (its output store, its timings, the work running beside it, the
memo of the shared context's digest, and what plugins keep for the build) lives in
a BuildState that `site/run.py` places in the Pelican settings before Pelican runs,
under KEY. Pelican hands the same settings dict to every generator, signal receiver
and writer, so each finds the build it belongs to with `state_of(settings)`, and
nothing of one build outlives it in a module: two builds in one process (the
preview, the tests) never see each other's state.

A plain `pelican` run, not through `said_and_done build`, gets a state on first use
whose store keeps nothing and writes everything, so producers need no special case.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from .outputs import OutputStore
from .timing import Timings

# The settings key the build's state is kept under. Left out of the build fingerprint
# and of every page key (build/fingerprint.py, page_writer.py): it says how this
# build runs, not what a page shows.
KEY = "SAID_AND_DONE_BUILD"


@dataclass(eq=False)
class BuildState:
    store: OutputStore
    timings: Timings = field(default_factory=Timings)
    # Work running beside the renderers in a process of its own (the search index): a
    # callable each, true while it runs; each takes a core from the renderers (parallel.py).
    beside: list = field(default_factory=list)
    # The digest of the context every page shares, with what it was worked out from (page_writer.py).
    context_digest: tuple | None = None
    # What a plugin keeps for the length of the build, under the plugin's name.
    plugins: dict = field(default_factory=dict)


def begin(settings: dict, store: OutputStore, progress=None) -> BuildState:
    """Start a build's state in its settings; progress (progress.py) is told how the build goes."""
    state = settings[KEY] = BuildState(store, Timings(progress))
    return state


def state_of(settings: dict) -> BuildState:
    """The state of the build these settings belong to."""
    state = settings.get(KEY)
    if state is None:
        staging = Path(settings["OUTPUT_PATH"]).resolve()
        state = begin(settings, OutputStore(staging, staging, previous=None))
    return state


def output_store(settings: dict) -> OutputStore:
    """The output store of the build these settings belong to (outputs.py)."""
    return state_of(settings).store


def plugin_state(settings: dict) -> dict:
    """What plugins keep for the length of the build these settings belong to, by plugin name."""
    return state_of(settings).plugins


def run_beside(settings: dict, running) -> None:
    """Count running() (true while some background process runs) against the build's cores."""
    state_of(settings).beside.append(running)


def no_longer_beside(settings: dict, running) -> None:
    beside = state_of(settings).beside
    if running in beside:
        beside.remove(running)


def phase(settings: dict, name: str):
    """Time a step of the build these settings belong to under phase `name`."""
    return state_of(settings).timings.phase(name)


def report_progress(settings: dict, name: str, done: int, total: int | None = None) -> None:
    """Say how far phase `name` of the build these settings belong to is (progress.py), if it shows progress."""
    progress = state_of(settings).timings.progress
    if progress is not None:
        progress.count(name, done, total)


def progress_counter(settings: dict, name: str, total: int):
    """A count for phase `name` that forked renderers add to (progress.Counter), or None."""
    progress = state_of(settings).timings.progress
    return progress.counter(name, total) if progress is not None else None


def record_figure(settings: dict, name: str, value) -> None:
    """Note a figure (JSON) for the timings file of the build these settings belong to."""
    state_of(settings).timings.record(name, value)


def timed(name: str):
    """Decorator: count a generator's generate_output (any method of an object with .settings) under `name`."""
    def wrap(method):
        @functools.wraps(method)
        def timed_method(self, *args, **kwargs):
            with phase(self.settings, name):
                return method(self, *args, **kwargs)
        return timed_method
    return wrap
