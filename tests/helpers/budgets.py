"""How long a test waits for something before calling it a hang.

These budgets time nothing (timing targets live in the benchmarks): they only stop a
test that would otherwise wait for ever. So they are generous, and they grow with the
machine's load: on a 2-core machine running other suites (a load average of 10 to 25)
a page that loads in a second alone can take a minute, and a wait sized for an idle
machine would fail a test that is right. The load is read when a wait is sized, so a
machine that gets busier mid-run gets longer budgets from then on.
"""

from __future__ import annotations

import os


def load_factor() -> float:
    """Runnable processes per core over the last minute, at least 1 (an idle machine)."""
    try:
        load = os.getloadavg()[0]
    except OSError:  # not every system can say; then assume an idle one
        return 1.0
    return max(1.0, load / (os.cpu_count() or 1))


def hang(seconds: float = 60.0) -> float:
    """`seconds` on an idle machine, longer under load: the time after which a wait is a hang."""
    return seconds * load_factor()


def hang_ms(seconds: float = 60.0) -> float:
    """hang() in milliseconds, as Playwright takes its timeouts."""
    return hang(seconds) * 1000
