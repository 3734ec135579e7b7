"""Wall time per build phase, so `make html` and the benchmark can say where time goes.

Phases: load+validate, derive, render/write, search index, exports. Each build has
its Timings (on its BuildState, state.py); plugins wrap their work in
`with phase(settings, "exports"):` or decorate a generator's generate_output with
`@timed("exports")` (both in state.py); repeated phases add up.
"""

from __future__ import annotations

import time
from contextlib import contextmanager

from . import memory


class Timings:
    """Seconds per phase of one build, and figures about work done beside the phases."""

    def __init__(self, progress=None):
        self.seconds: dict[str, float] = {}
        # Told as each phase starts and ends (progress.py), when the build shows its progress.
        self.progress = progress
        # What work beside the phases did, for the benchmark: the search parts Pagefind
        # indexed in the background, say, whose time the "search index" phase (the wait)
        # does not show.
        self.figures: dict[str, object] = {}

    @contextmanager
    def phase(self, name: str):
        start = time.perf_counter()
        if self.progress is not None:
            self.progress.phase_started(name)
        try:
            yield
        finally:
            # What a phase made and dropped goes back to the system before the next one,
            # and before renderers are forked beside this process (memory.py says why).
            memory.give_back()
            seconds = time.perf_counter() - start
            self.seconds[name] = self.seconds.get(name, 0.0) + seconds
            if self.progress is not None:
                self.progress.phase_ended(name, seconds)

    def record(self, name: str, value) -> None:
        """Note a figure (JSON) for the timings file."""
        self.figures[name] = value

    def summary(self) -> str:
        return ", ".join(f"{name} {seconds:.2f} s" for name, seconds in self.seconds.items())
