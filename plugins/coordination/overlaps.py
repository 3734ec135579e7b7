"""Find consultations that run at the same time for the same people or place.

Two consultations clash when their open windows overlap (both ends inclusive),
they share a locality (an area-wide one shares every locality) and they share a
topic or an audience. Comparing every pair would be quadratic; instead records
are indexed once by (locality, topic-or-audience) and each bucket is swept in
date order with a heap of the windows still open, so every comparison made is a
clash found: the work is O(n log n + clashes), fast at 100,000 records.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Window:
    """What the sweep needs of a consultation: plain values, so benchmarks can make millions."""

    key: object  # anything hashable and orderable that names the record (its id)
    opens: date
    closes: date
    area_wide: bool
    localities: tuple  # locality slugs; ignored when area_wide
    topics: tuple
    audiences: tuple


def window_of(c) -> Window:
    return Window(c.id, c.opens, c.effective_closes, c.area_wide, tuple(place.slug for place in c.localities),
                  tuple(t.slug for t in c.topics), tuple(a.slug for a in c.audiences))


def overlapping_pairs(windows) -> set:
    """Every clashing pair, as (key, key) with the smaller key first."""
    # Buckets hold plain tuples (opens, key, closes, area_wide) with day numbers, so
    # sorting and the heaps compare integers: this is the hot loop at 100,000 records.
    by_place_and_subject = defaultdict(list)  # (locality, subject) -> local windows
    by_subject = defaultdict(list)            # subject -> every window with it
    subjects_with_area_wide = set()
    for w in windows:
        item = (w.opens.toordinal(), w.key, w.closes.toordinal(), w.area_wide)
        # Topic and audience slugs live in different lists and may be spelt alike.
        subjects = [("topic", t) for t in w.topics]
        subjects += [("audience", a) for a in w.audiences]
        for subject in subjects:
            by_subject[subject].append(item)
        if w.area_wide:
            subjects_with_area_wide.update(subjects)
        else:
            for place in w.localities:
                for subject in subjects:
                    by_place_and_subject[(place, subject)].append(item)
    pairs = set()
    for members in by_place_and_subject.values():
        if len(members) > 1:
            _sweep_local(members, pairs)
    # An area-wide window meets every window sharing the subject, wherever it is.
    for subject in subjects_with_area_wide:
        _sweep_area_wide(by_subject[subject], pairs)
    return pairs


def _sweep_local(members, pairs) -> None:
    """Walk one bucket by opening day, keeping a heap of the windows still open.

    When a window opens, every window left on the heap once those that closed
    before that day are dropped overlaps it: each pairing tried is a clash.
    """
    members.sort()
    still_open = []
    for opens, key, closes, _area_wide in members:
        while still_open and still_open[0][0] < opens:
            heapq.heappop(still_open)
        for _closes, other in still_open:
            pairs.add((other, key) if other < key else (key, other))
        heapq.heappush(still_open, (closes, key))


def _sweep_area_wide(members, pairs) -> None:
    """As _sweep_local over everything sharing a subject, pairing only where one side is area-wide.

    Two local windows in different places must not pair here, so they are kept on
    a heap of their own that only an opening area-wide window looks at.
    """
    members.sort()
    open_local, open_area_wide = [], []
    for opens, key, closes, area_wide in members:
        for still_open in (open_local, open_area_wide):
            while still_open and still_open[0][0] < opens:
                heapq.heappop(still_open)
        for _closes, other in (open_local + open_area_wide if area_wide else open_area_wide):
            pairs.add((other, key) if other < key else (key, other))
        heapq.heappush(open_area_wide if area_wide else open_local, (closes, key))


def overlapping_pairs_brute_force(windows) -> set:
    """The definition, checked pair by pair: for tests and the benchmark only."""
    windows = list(windows)
    pairs = set()
    for i, a in enumerate(windows):
        for b in windows[i + 1:]:
            if clash(a, b):
                pairs.add((a.key, b.key) if a.key < b.key else (b.key, a.key))
    return pairs


def clash(a: Window, b: Window) -> bool:
    if a.opens > b.closes or b.opens > a.closes:
        return False
    if not (a.area_wide or b.area_wide or set(a.localities) & set(b.localities)):
        return False
    return bool(set(a.topics) & set(b.topics) or set(a.audiences) & set(b.audiences))
