"""What a build says while it runs: progress per phase, and one summary line at the end.

A large register takes minutes to build, and a build that prints nothing for minutes
looks stuck. On a terminal, a build still running after about two seconds shows each
phase as it goes (records checked, pages rendered n of N, search parts indexed n of N)
with rich; a quicker build shows nothing but its summary. When the output is not a
terminal (CI, a log file) each phase gets one plain line with its time once it is over,
so a log says where the time went. Phases run in a fixed order (PIPELINE), but some are
entered several times (every generator renders, several write exports): a phase's line
is printed when the build starts a later one, with the time of all its runs added up.

Counts come from the processes that do the work: pages are rendered by this process and
forked copies of it (parallel.py), so each process adds to its own slot of a small shared
memory block, and the display adds the slots up.
"""

from __future__ import annotations

import contextlib
import logging
import mmap
import os
import struct
import sys
import threading
import time

# The order phases start in a build (timing.py). "exports" runs beside "render/write".
PIPELINE = {"load+validate": 0, "derive": 1, "render/write": 2, "exports": 2, "search index": 3, "publish": 4}
# What each phase is called on screen.
LABELS = {"load+validate": "Checking records", "derive": "Working out statuses and clashes",
          "render/write": "Rendering pages", "exports": "Writing feeds and open data",
          "search index": "Indexing for search", "publish": "Publishing"}
# A build quicker than this shows no progress on a terminal: it would only flicker.
SHOW_AFTER = 2.0
SLOTS = 64  # processes that may count at once (one per core)


class Counter:
    """A count that forked copies of this process add to: one 8-byte slot per process."""

    def __init__(self, total: int):
        self.total = total
        self._memory = mmap.mmap(-1, 8 * SLOTS)  # anonymous and shared: a fork writes to the same pages

    def add(self, slot: int, amount: int = 1) -> None:
        offset = 8 * (slot % SLOTS)
        (value,) = struct.unpack_from("q", self._memory, offset)
        struct.pack_into("q", self._memory, offset, value + amount)

    @property
    def done(self) -> int:
        return sum(struct.unpack_from(f"{SLOTS}q", self._memory, 0))


class Progress:
    """The build's progress, told to a terminal (rich) or as plain lines (not a terminal)."""

    def __init__(self, stream=None, interactive: bool | None = None, show_after: float = SHOW_AFTER):
        self.stream = stream or sys.stderr
        if interactive is None:
            interactive = _is_terminal(self.stream)
        self.interactive = interactive
        self.show_after = show_after
        self.started = time.perf_counter()
        self.seconds: dict[str, float] = {}
        self.counts: dict[str, tuple[int, int | None]] = {}
        self.counters: dict[str, Counter] = {}
        self._told: set[str] = set()
        self._depth = 0
        self._running: dict[str, int] = {}  # phase -> how many of its runs are under way
        self._live = None
        self._lock = threading.Lock()
        self._timer = None
        self._pid = os.getpid()  # a forked renderer never draws the display
        if interactive:
            self._timer = threading.Timer(show_after, self._show)
            self._timer.daemon = True
            self._timer.start()

    # Called by Timings (timing.py) as phases start and end.
    def phase_started(self, name: str) -> None:
        if self._depth == 0:
            rank = PIPELINE.get(name)
            if rank is not None:
                self._tell_before(rank)
        self._depth += 1
        self._running[name] = self._running.get(name, 0) + 1

    def phase_ended(self, name: str, seconds: float) -> None:
        self._depth -= 1
        self._running[name] -= 1
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds

    def count(self, name: str, done: int, total: int | None = None) -> None:
        """How far phase `name` is: done of total (records checked, search parts indexed...)."""
        self.counts[name] = (done, total)

    def counter(self, name: str, total: int) -> Counter:
        """A count for phase `name` that forked renderers add to (parallel.run_all); a phase
        entered again (each generator renders its own pages) adds its total to the same count."""
        counter = self.counters.get(name)
        if counter is None:
            counter = self.counters[name] = Counter(0)
        counter.total += total
        return counter

    def _tell_before(self, rank: int) -> None:
        """Plain lines for the phases that come before `rank` and are over."""
        for name in list(self.seconds):
            if PIPELINE.get(name, rank) < rank:
                self._tell(name)

    def _describe(self, name: str) -> str:
        label = LABELS.get(name, name)
        done, total = self._figures(name)
        if done is None:
            return label
        return f"{label}: {done:,} of {total:,}" if total is not None else f"{label}: {done:,}"

    def _figures(self, name: str) -> tuple[int | None, int | None]:
        if name in self.counters:
            counter = self.counters[name]
            return counter.done, counter.total
        return self.counts.get(name, (None, None))

    def _tell(self, name: str) -> None:
        if name in self._told or self.interactive:
            return
        self._told.add(name)
        print(f"{self._describe(name)} ({self.seconds[name]:.1f} s)", file=self.stream, flush=True)

    def _show(self) -> None:
        """Start the live display: the build has run long enough to be worth watching."""
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, SpinnerColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as RichProgress

        with self._lock:
            if self._live is not None or os.getpid() != self._pid:
                return
            console = Console(file=self.stream)
            live = RichProgress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                MofNCompleteColumn(), TimeElapsedColumn(), console=console, transient=False,
                                redirect_stdout=False, redirect_stderr=self.stream is sys.stderr)
            live.start()
            self._live = (live, {})
            # Warnings logged while the bars show go above them, not through them: the log's
            # handlers write to the stderr they were given, so they are pointed at rich's for now.
            self._handlers = _point_handlers(self.stream, sys.stderr)
            self._poller = threading.Thread(target=self._refresh, daemon=True)
            self._poller.start()

    def _refresh(self) -> None:
        live, tasks = self._live
        while self._live is not None:
            # The build changes these dicts from its own thread: a look that meets a change
            # ("changed size during iteration") is simply taken again at the next tick.
            with contextlib.suppress(RuntimeError):
                self._update(live, tasks)
            time.sleep(0.1)

    def _update(self, live, tasks) -> None:
        # In the order the phases started (dicts keep it), each as soon as it starts.
        for name in dict.fromkeys([*self._running, *self.seconds, *self.counts, *self.counters]):
            done, total = self._figures(name)
            if not self._running.get(name):  # over (for now): shown complete, its clock stopped
                total = done = done or 1
            if name not in tasks:
                tasks[name] = live.add_task(LABELS.get(name, name), total=total)
            live.update(tasks[name], completed=done or 0, total=total)

    def finish(self) -> None:
        """Stop the display, or print the lines of the phases not told yet."""
        if self._timer is not None:
            self._timer.cancel()
        with self._lock:
            live = self._live
            self._live = None
        if live is not None:
            self._poller.join(timeout=1)
            self._update(*live)  # the last state, every phase over
            _point_handlers(sys.stderr, self.stream, only=self._handlers)
            live[0].stop()
        for name in list(self.seconds):
            self._tell(name)

    def summary(self, written: int, kept: int, warnings: int) -> str:
        return (f"{written:,} page(s) written, {kept:,} kept, {warnings:,} warning(s), "
                f"{time.perf_counter() - self.started:.1f} s")


def _point_handlers(old, new, only=None) -> list:
    """Point the root logger's handlers that write to `old` (or those in `only`) at `new`."""
    moved = []
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler) and (handler in only if only is not None
                                                           else handler.stream is old) and old is not new:
            handler.setStream(new)
            moved.append(handler)
    return moved


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
