"""Wall time per build phase, so `make html` and the benchmark can say where time goes.

Phases: load+validate, derive, render/write, search index, exports. Plugins wrap
their work in `with phase("exports"):`; repeated phases add up.
"""

from __future__ import annotations

import time
from contextlib import contextmanager

TIMINGS: dict[str, float] = {}
# What work beside the phases did, for the benchmark: the search parts Pagefind indexed
# in the background, say, whose time the "search index" phase (the wait) does not show.
FIGURES: dict[str, object] = {}


@contextmanager
def phase(name: str):
    start = time.perf_counter()
    try:
        yield
    finally:
        TIMINGS[name] = TIMINGS.get(name, 0.0) + time.perf_counter() - start


def reset() -> None:
    TIMINGS.clear()
    FIGURES.clear()


def record(name: str, value) -> None:
    """Note a figure (JSON) for the timings file."""
    FIGURES[name] = value


def summary() -> str:
    return ", ".join(f"{name} {seconds:.2f} s" for name, seconds in TIMINGS.items())


def timed(name: str):
    """Decorator: count a generator's generate_output (or any function) under phase `name`."""
    def wrap(function):
        def timed_function(*args, **kwargs):
            with phase(name):
                return function(*args, **kwargs)
        timed_function.__name__ = function.__name__
        timed_function.__doc__ = function.__doc__
        return timed_function
    return wrap
