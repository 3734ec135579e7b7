"""Render independent pages on every core, without changing a byte of output.

Pages are independent once the register is loaded and derived: each is one
template rendered with its own arguments into its own file. So the page list is
dealt out between this process and forked copies of it (fork shares the loaded
register and compiled templates without copying or pickling them); each copy
renders its share with the same code into the same staging folder and exits.
The parent waits for all of them; if any fails, the build fails.

Only where fork exists (Linux, macOS) and there is more than one core, and only
for enough pages to pay for the fork; otherwise everything is rendered here.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import pickle
import sys
import traceback

from ..hooks import BuildFailed

# Below this many pages a fork costs more than it saves.
MIN_PAGES = 200
# Below this many items, working out a value each (a page key: about 0.1 ms) is quicker here.
MIN_ITEMS = 2000
# Below this many records, parsing or checking each (2 to 5 ms: YAML with positions, a
# schema, readability) is quicker here than forking a copy and pickling the answers back.
MIN_RECORDS = 100


def _free_cores(beside) -> int:
    """The cores left to renderers. beside: work running beside them in a process of its
    own (the search index, search.generator), a callable each, true while it runs. Each
    one running takes a core: the cores are not oversubscribed, and memory holds one
    renderer fewer beside it (at 100,000 records, two renderers and Pagefind together
    went over the 4 GB the build may use)."""
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
    count = _free_cores(beside) if hasattr(os, "fork") else 1
    if count == 1 or len(jobs) < max(MIN_PAGES, 2):
        for job in jobs:
            run(job)
        return
    # The first page is rendered here before forking, so templates are compiled once
    # and shared, not compiled again in every copy.
    run(jobs[0])
    jobs = jobs[1:]
    with _shared_heap():
        _run_shares(jobs, run, count)


class _counted:
    """run(job), counted in this process's own slot of the counter (a forked copy has its own)."""

    def __init__(self, run, counter):
        self.run, self.counter, self.slot = run, counter, 0

    def __call__(self, job):
        self.run(job)
        self.counter.add(self.slot)


def _run_shares(jobs: list, run, count: int) -> None:
    shares = [jobs[i::count] for i in range(count)]
    sys.stdout.flush()
    sys.stderr.flush()
    children = []
    for slot, share in enumerate(shares[1:], start=1):
        pid = os.fork()
        if pid == 0:  # the copy: render its share, then leave without running any cleanup
            if isinstance(run, _counted):
                run.slot = slot
            code = 0
            # The build refuses to publish after a logged error (site/run.py, _ErrorCounter); an
            # error logged here would not reach the parent's count, so it fails the copy.
            errors = _ErrorsLogged()
            logging.getLogger().addHandler(errors)
            try:
                for job in share:
                    run(job)
                code = 1 if errors.count else 0
            except BaseException:
                traceback.print_exc()
                code = 1
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        children.append(pid)
    failure = None
    try:
        for job in shares[0]:
            run(job)
    except BaseException as exc:
        failure = exc
    failed = 0
    for pid in children:
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            failed += 1
    if failure is not None:
        raise failure
    if failed:
        raise BuildFailed(f"{failed} of the processes rendering pages failed; see the error above.")


def map_all(items: list, work, beside=(), min_items: int | None = None) -> list:
    """[work(item) for item in items], spread over the cores; results must pickle.

    Each forked copy works out its share and sends the results back through a pipe;
    the parent reads every pipe to the end before waiting, so a large answer cannot
    block a copy. Whatever the copies cache along the way is lost with them, so use
    this for work whose answer is all that matters (page keys, parsed records, each
    record's findings). min_items: below it, everything is worked out here (MIN_ITEMS).
    """
    count = _free_cores(beside) if hasattr(os, "fork") else 1
    if count == 1 or len(items) < max(MIN_ITEMS if min_items is None else min_items, 2):
        return [work(item) for item in items]
    with _shared_heap():
        return _map_shares(items, work, count)


def _map_shares(items: list, work, count: int) -> list:
    shares = [items[i::count] for i in range(count)]
    sys.stdout.flush()
    sys.stderr.flush()
    children = []
    for share in shares[1:]:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            code = 0
            try:
                with os.fdopen(write, "wb") as out:
                    pickle.dump([work(item) for item in share], out, protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException:
                traceback.print_exc()
                code = 1
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        os.close(write)
        children.append((pid, read))
    failure, results = None, [None] * len(shares)
    try:
        results[0] = [work(item) for item in shares[0]]
    except BaseException as exc:
        failure = exc
    failed = 0
    for index, (pid, read) in enumerate(children, start=1):
        with os.fdopen(read, "rb") as answer:
            data = answer.read()
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0 or not data:
            failed += 1
        else:
            results[index] = pickle.loads(data)
    if failure is not None:
        raise failure
    if failed:
        raise BuildFailed(f"{failed} of the processes sharing the work failed; see the error above.")
    merged = [None] * len(items)
    for start, share in enumerate(results):
        merged[start::count] = share
    return merged


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
