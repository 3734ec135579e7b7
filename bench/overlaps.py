"""How long the clash search takes at 1,000, 10,000 and 100,000 consultations.

    .venv/bin/python bench/overlaps.py [--sizes 1000 10000 100000] [--seed 1]

Makes synthetic consultations in memory (no files), shaped like a large
register: ten years of records, a locality for every 25 of them, 20 area-wide
consultations a year (--area-wide-per-year; they clash with nearly everything
open at the time, so they set how many clashes there are), windows of 4 to 12
weeks, 1-2 topics from 14 and 1-3 audiences from 15. Prints the time the
indexed sweep takes and the clashes it found; for the smallest size it also
times the all-pairs comparison and checks both agree.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))

from coordination.overlaps import Window, overlapping_pairs, overlapping_pairs_brute_force  # noqa: E402

TOPICS = [f"topic-{i}" for i in range(14)]
AUDIENCES = [f"audience-{i}" for i in range(15)]
START = date(2017, 1, 1)
YEARS = 10


def synthetic(n: int, rng: random.Random, area_wide_per_year: int = 20) -> list:
    places = [f"place-{i}" for i in range(max(9, n // 25))]
    area_wide_share = min(1.0, area_wide_per_year * YEARS / n)
    windows = []
    for i in range(n):
        opens = START + timedelta(days=rng.randrange(365 * YEARS))
        windows.append(Window(
            key=f"{opens.year}-consultation-{i}",
            opens=opens,
            closes=opens + timedelta(weeks=rng.randint(4, 12)),
            area_wide=rng.random() < area_wide_share,
            localities=tuple(rng.sample(places, rng.randint(1, 2))),
            topics=tuple(rng.sample(TOPICS, rng.randint(1, 2))),
            audiences=tuple(rng.sample(AUDIENCES, rng.randint(1, 3))),
        ))
    return windows


def timed(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--area-wide-per-year", type=int, default=20)
    args = parser.parse_args(argv)
    print(f"{'records':>9} {'localities':>10} {'clashes':>9} {'sweep s':>8}")
    for n in args.sizes:
        windows = synthetic(n, random.Random(args.seed), args.area_wide_per_year)
        pairs, seconds = timed(overlapping_pairs, windows)
        print(f"{n:>9,} {max(9, n // 25):>10,} {len(pairs):>9,} {seconds:>8.3f}")
    smallest = min(args.sizes)
    windows = synthetic(smallest, random.Random(args.seed), args.area_wide_per_year)
    brute, seconds = timed(overlapping_pairs_brute_force, windows)
    agree = "agrees" if brute == overlapping_pairs(windows) else "DISAGREES"
    print(f"all-pairs at {smallest:,}: {seconds:.3f} s ({agree} with the sweep); "
          f"it grows with the square of the records, about {seconds * (100_000 / smallest) ** 2 / 60:,.0f} min at 100,000")
    return 0


if __name__ == "__main__":
    sys.exit(main())
