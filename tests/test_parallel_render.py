"""Pages rendered on several cores are the same bytes as pages rendered on one."""

from __future__ import annotations

import logging
import os
import time
from collections import Counter

import pytest

from helpers.reproducible import files, unstable
from helpers.site import ROOT
from said_and_done import cli
from said_and_done.build import parallel
from said_and_done.hooks import BuildFailed


def wait_for(path, seconds: float = 30) -> None:
    """Until path exists (another process's sign), or seconds have passed (a hang, not a measurement)."""
    deadline = time.monotonic() + seconds
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.001)


def shared_with_a_copy(parent: int, marker):
    """Called with each item, so that this process and a copy certainly both work, however
    the machine schedules them: a copy (taking items from the back) waits for this process
    to have started an item, and this process (from the front; run_all does its first
    item before it forks) waits after its first item for a copy to have started one."""
    started = marker.with_name(marker.name + "-here")

    def handshake(n):
        if os.getpid() != parent:
            marker.touch()
            wait_for(started)
        else:
            started.touch()
            if n > 0:
                wait_for(marker)
    return handshake


def test_every_job_runs_once_across_the_processes(tmp_path, monkeypatch):
    monkeypatch.setenv("SAID_AND_DONE_WORKERS", "2")
    monkeypatch.setattr(parallel, "MIN_PAGES", 0)
    parent = os.getpid()
    handshake = shared_with_a_copy(parent, tmp_path / "copy-started")

    def run(job):
        handshake(job)
        # Each job leaves a file naming the process that ran it.
        (tmp_path / f"{job}.txt").write_text(str(os.getpid()))

    parallel.run_all(list(range(40)), run)
    ran = {int(p.stem): int(p.read_text()) for p in tmp_path.glob("*.txt")}
    assert sorted(ran) == list(range(40))
    assert parent in ran.values() and len(set(ran.values())) >= 2, "the work was not shared with a second process"


def test_map_all_gives_every_answer_in_order_from_both_processes(tmp_path, monkeypatch):
    monkeypatch.setenv("SAID_AND_DONE_WORKERS", "3")
    monkeypatch.setattr(parallel, "MIN_ITEMS", 0)
    parent = os.getpid()
    handshake = shared_with_a_copy(parent, tmp_path / "copy-started")

    def work(n):
        handshake(n)
        return n, os.getpid(), "x" * 500  # large answers (past a pipe's 64 KB) must not block a copy

    answers = parallel.map_all(list(range(1001)), work)
    assert [n for n, _, _ in answers] == list(range(1001))
    workers = {pid for _, pid, _ in answers}
    assert parent in workers and len(workers) >= 2, "the work was not shared with another process"


def test_a_copy_that_copied_too_much_memory_hands_over_to_a_fresh_one(tmp_path, monkeypatch):
    # A copy that lived through the whole list would copy most of the memory it shares
    # (parallel.COPIED_SHARE). With no memory to spare, each copy does one item and
    # exits, and every item is still done once, with its answer in its place.
    monkeypatch.setenv("SAID_AND_DONE_WORKERS", "2")
    monkeypatch.setattr(parallel, "MIN_ITEMS", 0)
    monkeypatch.setattr(parallel, "MIN_PAGES", 0)
    monkeypatch.setattr(parallel, "MIN_LEFT", 1)
    monkeypatch.setattr(parallel, "COPIED_AT_LEAST", 0)
    monkeypatch.setattr(parallel, "COPIED_SHARE", 0)
    monkeypatch.setattr(parallel, "COPIED_CHECK", 0)
    parent = os.getpid()

    def slow(n):
        time.sleep(0.002)
        return n, os.getpid()

    answers = parallel.map_all(list(range(200)), slow)
    assert [n for n, _ in answers] == list(range(200))
    by_copy = Counter(pid for _, pid in answers if pid != parent)
    assert len(by_copy) >= 3 and set(by_copy.values()) == {1}, f"copies and what each did: {by_copy}"

    def run(job):
        time.sleep(0.002)
        (tmp_path / f"{job}.txt").write_text(str(os.getpid()))

    parallel.run_all(list(range(200)), run)
    ran = {int(p.stem): int(p.read_text()) for p in tmp_path.glob("*.txt")}
    assert sorted(ran) == list(range(200))
    by_copy = Counter(pid for pid in ran.values() if pid != parent)
    assert len(by_copy) >= 3 and set(by_copy.values()) == {1}, f"copies and what each did: {by_copy}"


def test_a_copy_within_its_memory_works_to_the_end(tmp_path, monkeypatch):
    # The usual case (a 10,000-record site): one copy, never made again.
    monkeypatch.setenv("SAID_AND_DONE_WORKERS", "2")
    monkeypatch.setattr(parallel, "MIN_ITEMS", 0)
    monkeypatch.setattr(parallel, "COPIED_CHECK", 0)
    parent = os.getpid()
    handshake = shared_with_a_copy(parent, tmp_path / "copy-started")

    def work(n):
        handshake(n)
        return os.getpid()

    pids = parallel.map_all(list(range(300)), work)
    assert len(set(pids) - {parent}) == 1 and parent in pids


def test_work_running_beside_takes_a_core_while_it_runs(tmp_path, monkeypatch):
    # The search index runs in a process of its own beside the renderers; while it runs
    # the renderers use one process fewer (never fewer than one), then all again.
    monkeypatch.setenv("SAID_AND_DONE_WORKERS", "3")
    monkeypatch.setattr(parallel, "MIN_ITEMS", 0)
    parent = os.getpid()
    state = {"running": True}

    def running():
        return state["running"]

    def most_at_once(beside) -> int:
        """The most processes that worked at the same time (each item's pid and when it ran)."""
        def work(n):
            began = time.monotonic()
            time.sleep(0.003)
            return os.getpid(), began, time.monotonic()
        spans = parallel.map_all(list(range(120)), work, beside)
        return max(len({pid for pid, began, ended in spans if began <= t < ended}) for _, t, _ in spans)

    assert most_at_once([running]) <= 2
    assert most_at_once([running, running]) == 1
    assert most_at_once([]) <= 3

    # A core comes back as soon as the work beside ends, in the middle of a list.
    copy_started = tmp_path / "copy-started"

    def work(n):
        if os.getpid() != parent:
            copy_started.touch()
        elif n == 40:
            state["running"] = False
        elif n > 40:  # the copy forked now must have started before this process goes on
            wait_for(copy_started)
        return os.getpid()

    state["running"] = True
    monkeypatch.setenv("SAID_AND_DONE_WORKERS", "2")
    pids = parallel.map_all(list(range(400)), work, [running])
    first_copy = next(i for i, pid in enumerate(pids) if pid != parent)
    assert first_copy > 40, "a copy worked while the work beside took the only other core"


def test_map_all_fails_when_a_copy_fails(tmp_path, monkeypatch):
    monkeypatch.setenv("SAID_AND_DONE_WORKERS", "2")
    monkeypatch.setattr(parallel, "MIN_ITEMS", 0)
    parent = os.getpid()
    handshake = shared_with_a_copy(parent, tmp_path / "copy-started")

    def work(n):
        handshake(n)
        if os.getpid() != parent:
            raise ValueError("cannot describe this page")
        return n

    with pytest.raises(BuildFailed, match="1 of the processes"):
        parallel.map_all(list(range(40)), work)


def test_a_failing_job_in_another_process_fails_the_whole_run(tmp_path, monkeypatch):
    monkeypatch.setenv("SAID_AND_DONE_WORKERS", "2")
    monkeypatch.setattr(parallel, "MIN_PAGES", 0)
    parent = os.getpid()
    handshake = shared_with_a_copy(parent, tmp_path / "copy-started")

    def run(job):
        handshake(job)
        if os.getpid() != parent:
            raise ValueError("a template error in the forked copy")

    with pytest.raises(BuildFailed, match="rendering pages failed"):
        parallel.run_all(list(range(40)), run)


def test_an_error_logged_in_another_process_fails_the_whole_run(tmp_path, monkeypatch):
    monkeypatch.setenv("SAID_AND_DONE_WORKERS", "2")
    monkeypatch.setattr(parallel, "MIN_PAGES", 0)
    parent = os.getpid()
    handshake = shared_with_a_copy(parent, tmp_path / "copy-started")

    def run(job):
        handshake(job)
        if os.getpid() != parent:
            logging.getLogger("pelican.writers").error("a page could not be written")

    with pytest.raises(BuildFailed):
        parallel.run_all(list(range(40)), run)


def test_one_process_runs_everything_below_the_threshold(tmp_path, monkeypatch):
    monkeypatch.setenv("SAID_AND_DONE_WORKERS", "2")
    monkeypatch.setattr(parallel, "MIN_PAGES", 1000)
    pids = set()
    parallel.run_all(list(range(10)), lambda job: pids.add(os.getpid()))
    assert pids == {os.getpid()}


def test_the_demo_built_on_two_processes_is_byte_identical_to_one(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "MIN_PAGES", 0)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795435200")  # the demo's pinned day
    outputs = {}
    for workers in ("1", "2"):
        monkeypatch.setenv("SAID_AND_DONE_WORKERS", workers)
        outputs[workers] = tmp_path / f"workers-{workers}"
        assert cli.build(ROOT / "pelicanconf.py", outputs[workers], clean=True) == 0
    one, two = files(outputs["1"]), files(outputs["2"])
    assert sorted(r for r in one if not unstable(r)) == sorted(r for r in two if not unstable(r))
    differ = [rel for rel in one if not unstable(rel) and one[rel].read_bytes() != two[rel].read_bytes()]
    assert differ == []
    assert sum(1 for rel in one if rel.endswith(".html")) > parallel.MIN_PAGES + 100


def test_outputs_made_on_every_core_are_the_files_keys_and_announcements_of_one(tmp_path, monkeypatch):
    """keep_or_write_each (a consultation's own feed and calendar) against keep_or_write one by one."""
    from said_and_done.build import files

    monkeypatch.setattr(parallel, "MIN_PAGES", 0)
    outputs = [(f"c{i}/updates.ics", ["made from", i], lambda i=i: f"BEGIN:{i}\n{os.getpid()}".split("\n")[0])
               for i in range(30)]
    seen = {}
    for workers, how in (("1", "one by one"), ("2", "each")):
        monkeypatch.setenv("SAID_AND_DONE_WORKERS", workers)
        out = tmp_path / how
        store, said = _Store(), []
        monkeypatch.setattr(files, "state_of", lambda settings, store=store: _State(store))
        monkeypatch.setattr(files, "announce_file", lambda settings, name, said=said: said.append(name))
        settings = {"OUTPUT_PATH": str(out)}
        if how == "each":
            assert files.keep_or_write_each(settings, outputs) == 30
        else:
            for name, made_from, make in outputs:
                files.keep_or_write(settings, name, made_from, make)
        seen[how] = (files_of(out), store.recorded, said)
    assert seen["each"] == seen["one by one"]
    assert len(seen["each"][0]) == 30


def files_of(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


class _Store:
    fingerprint = "f"

    def __init__(self):
        self.recorded = []

    def reuse(self, name, key):
        return False

    def record(self, name, key):
        self.recorded.append((name, key))


class _State:
    def __init__(self, store):
        self.store, self.beside = store, []
