"""Render independent pages on every core, without changing a byte of output.

Pages are independent once the register is loaded and derived: each is one
template rendered with its own arguments into its own file. So the page list is
dealt out between this process and forked copies of it (fork shares the
loaded register and compiled templates without copying or pickling them); each
copy renders its share with the same code into the same staging folder and exits,
and a fresh copy goes on when one has copied too much (COPIED_SHARE). If any fails,
the build fails.

Only where fork exists (Linux, macOS) and there is more than one core, and only
for enough pages to pay for the fork; otherwise everything is rendered here.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import mmap
import multiprocessing
import os
import pickle
import struct
import sys
import tempfile
import time
import traceback

from ..hooks import BuildFailed
from . import memory

# Below this many pages a fork costs more than it saves.
MIN_PAGES = 200
# Below this many items, working out a value each (a page key: about 0.1 ms) is quicker here.
MIN_ITEMS = 2000
# Below this many records, parsing or checking each (2 to 5 ms: YAML with positions, a
# schema, readability) is quicker here than forking a copy and pickling the answers back.
MIN_RECORDS = 100
# A forked copy shares this process's memory until either writes to a page of it, and
# reading an object writes to it (its reference count). One copy rendering half of a
# 100,000-record site had copied most of the 2.4 GB it shared: the two held 5.0 GB. So a
# copy that has copied more than COPIED_SHARE of this process's memory (and at least
# COPIED_AT_LEAST) finishes its item and exits, and a fresh copy goes on. At 10,000
# records no copy reaches it, so none is made again (each fresh copy renders again the
# cards its predecessor had made: chunks of 1,000 pages made rendering a third slower).
# At 0.3 a rebuild of 100,000 records held 3.95 GB while a copy rendered (the build 3.0 GB,
# the copy 0.9 GB more); at 0.2 a copy hands over every 25 s or so instead of 40.
COPIED_SHARE = 0.2
COPIED_AT_LEAST = 256 * 2**20
# How often, in seconds, a copy reads how much it has copied (reading it walks its memory).
COPIED_CHECK = 1.0
# Fewer items than this left: not worth forking another copy for.
MIN_LEFT = 10


def _free_cores(beside) -> int:
    """The cores left to renderers now. beside: work running beside them in a process of
    its own (the search index, search.generator), a callable each, true while it runs.
    Each one running takes a core, so the cores are not oversubscribed; asked again before
    each copy is forked, so a core comes back as soon as the work beside it ends."""
    return max(1, workers() - sum(1 for running in beside if running()))


def workers() -> int:
    configured = os.environ.get("SAID_AND_DONE_WORKERS")
    if configured:
        return max(1, int(configured))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def run_all(jobs: list, run, beside=(), counter=None) -> None:
    """Call run(job) for every job, spread over the cores not taken by the work beside (_free_cores).

    counter (progress.Counter), if given, counts the jobs done, in whichever process did them."""
    if counter is not None:
        run = _counted(run, counter)
    count = workers() if hasattr(os, "fork") else 1
    if count == 1 or len(jobs) < max(MIN_PAGES, 2):
        for job in jobs:
            run(job)
        return
    # The first page is rendered here before forking, so templates are compiled once
    # and shared, not compiled again in every copy.
    run(jobs[0])
    jobs = jobs[1:]
    with _shared_heap():
        _run_shares(jobs, run, count, beside)


class _counted:
    """run(job), counted in this process's own slot of the counter (a forked copy has its own)."""

    def __init__(self, run, counter):
        self.run, self.counter, self.slot = run, counter, 0

    def __call__(self, job):
        self.run(job)
        self.counter.add(self.slot)


def _run_shares(jobs: list, run, count: int, beside=()) -> None:
    _spread(jobs, run, count, beside, answers=False, doing="rendering pages")


def map_all(items: list, work, beside=(), min_items: int | None = None) -> list:
    """[work(item) for item in items], spread over the cores; results must pickle.

    Each forked copy pickles its results to a file of its own, so a large answer cannot
    block a copy. Whatever the copies cache along the way is lost with them, so use this
    for work whose answer is all that matters (page keys, parsed records, each record's
    findings). min_items: below it, everything is worked out here (MIN_ITEMS).
    """
    count = workers() if hasattr(os, "fork") else 1
    if count == 1 or len(items) < max(MIN_ITEMS if min_items is None else min_items, 2):
        return [work(item) for item in items]
    with _shared_heap():
        return _map_shares(items, work, count, beside)


def _map_shares(items: list, work, count: int, beside=()) -> list:
    return _spread(items, work, count, beside, answers=True, doing="sharing the work")


def _spread(items: list, work, count: int, beside, answers: bool, doing: str) -> list | None:
    """work(item) for every item, here and in forked copies. This process takes items from
    the front and the copies from the back (_Claims), so whoever is quicker does more. A
    copy that has copied too much of the memory it shares exits, and a fresh one takes
    over (COPIED_SHARE says why). With answers, each copy pickles its answers to a file of
    its own, and they come back in the order of the items. At most count processes work
    at once, and fewer while work runs beside them (_free_cores)."""
    claims = _Claims(len(items))
    results = [None] * len(items) if answers else None
    running: dict = {}
    free = list(range(count - 1, 0, -1))  # each copy's slot in a progress counter (_counted)
    failed, failure = 0, None
    try:
        while not failed:
            failed += _collect(running, free, results, wait=False)
            while (free and not failed and claims.left() >= MIN_LEFT
                   and len(running) < _free_cores(beside) - 1):
                slot = free.pop()
                answer = tempfile.TemporaryFile() if answers else None  # noqa: SIM115 (closed in _collect)
                budget = max(COPIED_AT_LEAST, COPIED_SHARE * memory.resident())
                gc.freeze()  # what this process made since the last copy, too (_shared_heap)
                sys.stdout.flush()  # or the copy would write what is buffered again
                sys.stderr.flush()
                pid = os.fork()
                if pid == 0:
                    _copy_does(items, claims, work, slot, answer, budget)
                running[pid] = (slot, answer)
            index = claims.front()
            if index is None:
                break
            value = work(items[index])
            if answers:
                results[index] = value
    except BaseException as exc:
        failure = exc
    if failure is not None or failed:
        claims.stop()  # the copies still at work take nothing more
    while running:
        failed += _collect(running, free, results, wait=True)
    if failure is not None:
        raise failure
    if failed:
        raise BuildFailed(f"{failed} of the processes {doing} failed; see the error above.")
    return results


class _Claims:
    """Which items are taken, in memory every forked copy shares: this process takes from
    the front, copies from the back, under a lock (a semaphore the copies share)."""

    def __init__(self, count: int):
        self._memory = mmap.mmap(-1, 16)
        self._lock = multiprocessing.Lock()
        struct.pack_into("qq", self._memory, 0, 0, count)  # the next from the front; one past the last

    def front(self) -> int | None:
        with self._lock:
            first, end = struct.unpack_from("qq", self._memory, 0)
            if first >= end:
                return None
            struct.pack_into("q", self._memory, 0, first + 1)
            return first

    def back(self) -> int | None:
        with self._lock:
            first, end = struct.unpack_from("qq", self._memory, 0)
            if first >= end:
                return None
            struct.pack_into("q", self._memory, 8, end - 1)
            return end - 1

    def stop(self) -> None:
        with self._lock:
            struct.pack_into("q", self._memory, 0, struct.unpack_from("q", self._memory, 8)[0])

    def left(self) -> int:
        first, end = struct.unpack_from("qq", self._memory, 0)
        return max(0, end - first)


def _copy_does(items: list, claims: _Claims, work, slot: int, answer, budget: float) -> None:
    """In a forked copy: take items from the back until none is left or it has copied more
    than budget bytes, pickle (index, answer) pairs to `answer` (if any), and leave without
    running any cleanup; exit code 1 on an exception or a logged error."""
    if isinstance(work, _counted):
        work.slot = slot
    code = 0
    # The build refuses to publish after a logged error (site/run.py, _ErrorCounter); an
    # error logged here would not reach the parent's count, so it fails the copy.
    errors = _ErrorsLogged()
    logging.getLogger().addHandler(errors)
    try:
        done, check = [], time.monotonic() + COPIED_CHECK
        while (index := claims.back()) is not None:
            value = work(items[index])
            if answer is not None:
                done.append((index, value))
            if time.monotonic() >= check:
                if memory.copied() > budget:
                    break
                check = time.monotonic() + COPIED_CHECK
        if answer is not None:
            pickle.dump(done, answer, protocol=pickle.HIGHEST_PROTOCOL)
            answer.flush()
        code = 1 if errors.count else 0
    except BaseException:
        traceback.print_exc()
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _collect(running: dict, free: list, results: list | None, wait: bool) -> int:
    """Take in the copies that have finished (with wait, at least one): their answers, their
    slots back. Returns how many of them failed."""
    failed = 0
    for pid in list(running):
        done, status = os.waitpid(pid, 0 if wait else os.WNOHANG)
        if done == 0:
            continue
        slot, answer = running.pop(pid)
        free.append(slot)
        ok = os.waitstatus_to_exitcode(status) == 0
        if answer is not None:
            with answer:
                if ok and answer.seek(0, os.SEEK_END):
                    answer.seek(0)
                    for index, value in pickle.load(answer):
                        results[index] = value
                else:
                    ok = False  # a copy that ended without its answers
        failed += not ok
        if wait:
            break
    return failed


@contextlib.contextmanager
def _shared_heap():
    """Keep what the build made before forking out of the copies' cycle collections.

    A forked copy shares the parent's memory until either writes to it. The cycle
    collector writes to every object it walks (its header), so a collection in a copy
    copied the pages of every object it walked. Frozen objects are not walked; the
    parent returns them to the collector once the copies are done. Measured at 10,000
    records: an edit's rebuild peaked at 470 MB instead of 679 MB.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


class _ErrorsLogged(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.count = 0

    def emit(self, record):
        self.count += 1


def map_records(items: list, work) -> list:
    """map_all for work on each record (parsing, checks), forked from MIN_RECORDS of them."""
    return map_all(items, work, min_items=MIN_RECORDS)
