"""Atom feeds: writing every feed whole with ElementTree against entries written once (feeds/atom.py).

    python bench/feeds.py

150 feeds (75 scopes, two feeds each, as at 1,000 synthetic records) of 50 entries drawn
from 1,000 consultations, so each entry is in several feeds. Prints CPU seconds for
three rounds of each, taken in turn; figures, not a test.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))
from feeds.atom import Entry, Feed, _entry_bytes, _whole, atom_bytes  # noqa: E402


def main() -> None:
    rng = random.Random(1)
    pool = [Entry(id=f"https://example.org/consultations/{i}/", title=f"Consultation {i} on the library's opening hours",
                  link=f"https://example.org/consultations/{i}/", updated=date(2024, 1, 1) + timedelta(rng.randrange(900)),
                  summary="We want to hear what you think about changes. " * 6, author="Oakton Borough Council",
                  categories=("Libraries", "Oakton")) for i in range(1000)]
    feeds = [Feed("https://example.org/f.xml", "T", "S", "https://example.org/", "P", tuple(rng.sample(pool, 50)),
                  date(2026, 1, 1)) for _ in range(150)]
    for _ in range(3):
        start = time.process_time()
        whole = [_whole(f) for f in feeds]
        old = time.process_time() - start
        _entry_bytes.cache_clear()  # each build starts with none
        start = time.process_time()
        once = [atom_bytes(f) for f in feeds]
        new = time.process_time() - start
        assert once == whole
        print(f"150 feeds of 50 entries from 1,000: written whole {old:.2f} s CPU, entries written once {new:.2f} s CPU")


if __name__ == "__main__":
    main()
