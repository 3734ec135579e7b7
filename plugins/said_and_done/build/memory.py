"""How much memory this process holds, and handing back what it has freed.

A build holds the register for its whole length, and some phases make and drop a lot
beside it: writing the open data makes each consultation's JSON and CSV text once
(about 8 KB each, 160 MB at 20,000 records), and the reports, calendars and pages
make large strings. Python frees them, but C's allocator (glibc's malloc) keeps freed
memory in its heap for later use and hands it back to the system only from the top of
the heap, so the process stayed as large as at its busiest: at 20,000 records the
build was 157 MB larger after the open data than before, with nothing of it in use.
That memory counts against the machine while the renderers forked later run beside
it, and at 100,000 records it was most of what took the build over 4 GB.

`give_back()` asks glibc to return every whole free page (`malloc_trim`, which since
glibc 2.8 releases free pages anywhere in the heap, not only at its top). The build
calls it at the end of each phase (timing.Timings.phase). Where the C library is not glibc it
does nothing.
"""

from __future__ import annotations

import ctypes
import os


def _malloc_trim():
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError, TypeError):  # not glibc (musl, macOS; Windows has no CDLL(None))
        return None


_TRIM = _malloc_trim()


def give_back() -> bool:
    """Return the C heap's free pages to the system; True if any were returned."""
    return bool(_TRIM(0)) if _TRIM is not None else False


def resident() -> int:
    """This process's resident memory in bytes (0 where /proc is not there)."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def copied() -> int:
    """How much of its memory this (forked) process no longer shares with its parent, in bytes
    (its private dirty pages; 0 where unknown)."""
    try:
        with open("/proc/self/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Private_Dirty:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0
