"""Wall time per build phase, so `make html` and the benchmark can say where time goes.

Phases: load+validate, derive, render/write, search index, exports. Each build has
its Timings (on its BuildState, state.py); plugins wrap their work in
`with phase(settings, "exports"):` or decorate a generator's generate_output with
`@timed("exports")`; repeated phases add up.
"""

from __future__ import annotations

import functools
import time
from contextlib import contextmanager


class Timings:
    """Seconds per phase of one build, and figures about work done beside the phases."""

    def __init__(self):
        self.seconds: dict[str, float] = {}
        # What work beside the phases did, for the benchmark: the search parts Pagefind
        # indexed in the background, say, whose time the "search index" phase (the wait)
        # does not show.
        self.figures: dict[str, object] = {}

    @contextmanager
    def phase(self, name: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start

    def record(self, name: str, value) -> None:
        """Note a figure (JSON) for the timings file."""
        self.figures[name] = value

    def summary(self) -> str:
        return ", ".join(f"{name} {seconds:.2f} s" for name, seconds in self.seconds.items())


def phase(settings: dict, name: str):
    """Time a step of the build these settings belong to under phase `name`."""
    from .state import state_of

    return state_of(settings).timings.phase(name)


def record(settings: dict, name: str, value) -> None:
    """Note a figure (JSON) for the timings file of the build these settings belong to."""
    from .state import state_of

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
