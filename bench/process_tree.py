"""Wall time and peak memory of a command together with every process it starts.

A build forks a second renderer and runs Pagefind while it still holds the register,
so their memory adds up; a child's ru_maxrss is only the largest single process.
Here the proportional set size (PSS: pages two processes share count half to each)
of the whole process tree is sampled while the command runs. Used by build.py and
search_index.py.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time


def _children() -> dict:
    """parent pid -> child pids, from /proc."""
    tree = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        tree.setdefault(ppid, []).append(int(name))
    return tree


def _pss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run_tree(cmd, env=None, cwd=None, every: float = 0.05) -> tuple[float, float]:
    """Run a command; return (wall seconds, peak MB of it and its descendants together)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as stderr:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
        peak = 0.0
        done = threading.Event()

        def sample():
            nonlocal peak
            while not done.is_set():
                began = time.perf_counter()
                tree, pids, total = _children(), [proc.pid], 0.0
                while pids:
                    pid = pids.pop()
                    total += _pss_mb(pid)
                    pids.extend(tree.get(pid, []))
                peak = max(peak, total)
                # Reading PSS walks every page of the process: on a 100,000-record build
                # (over 1 GB) a sample took tens of milliseconds, and sampling every 0.1 s
                # took half a core from the build being timed. Wait at least 19 times as
                # long as the sample took, so sampling costs at most 5 % of one core.
                done.wait(max(every, 19 * (time.perf_counter() - began)))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        code = proc.wait()
        done.set()
        sampler.join()
        wall = time.perf_counter() - start
        stderr.seek(0)
        err = stderr.read().decode("utf-8", "replace")
    if code != 0:
        # The build's warnings (clashes, on a large register) would bury the error.
        said = "\n".join(line for line in err.splitlines() if not line.startswith("WARNING"))
        raise SystemExit(f"{' '.join(map(str, cmd))} failed (exit code {code}):\n{said[-3000:]}")
    return wall, peak
