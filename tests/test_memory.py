"""build/memory.py: a build hands back to the system the memory a phase made and dropped."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from said_and_done.build import memory

PLUGINS = Path(__file__).resolve().parents[1] / "plugins"
# What these measure is glibc's heap, read from /proc; memory.py finds malloc_trim or does nothing.
glibc_and_proc = pytest.mark.skipif(memory._TRIM is None or not Path("/proc/self/statm").exists(),
                                    reason="glibc and /proc only")


@glibc_and_proc
def test_memory_freed_below_a_live_object_goes_back_to_the_system():
    # In a fresh process, so the heap holds only this: 100 MB of 4 KB strings (malloc's heap,
    # not Python's small-object arenas), then one small string allocated after them, which
    # keeps the heap's top where it is, so free() alone returns nothing.
    script = textwrap.dedent("""
        import sys
        sys.path.insert(0, sys.argv[1])
        from said_and_done.build import memory
        MB = 2 ** 20
        made = [("x" * 4000) + str(i) for i in range(25_000)]
        pin = "pin" * 200 + str(len(made))
        before = memory.resident()
        del made
        freed = memory.resident()
        memory.give_back()
        after = memory.resident()
        print(before // MB, freed // MB, after // MB, len(pin))
    """)
    out = subprocess.run([sys.executable, "-c", script, str(PLUGINS)], capture_output=True, text=True, check=True)
    before, freed, after, _ = map(int, out.stdout.split())
    assert freed > before - 20, "free() alone gave the memory back: nothing for give_back to show"
    assert after < freed - 80, (before, freed, after)


def test_give_back_and_the_measures_never_fail_where_they_cannot_measure(monkeypatch):
    monkeypatch.setattr(memory, "_TRIM", None)
    assert memory.give_back() is False
    assert memory.resident() >= 0 and memory.copied() >= 0


@glibc_and_proc
def test_values_a_packed_cache_keeps_take_their_own_size_not_the_size_they_were_made_from():
    # The open data cache keeps each consultation's text packed (about 9 KB made, 2 KB kept).
    # Kept where the 9 KB had been, 20,000 of them grew the process three times their size.
    script = textwrap.dedent("""
        import random, sys
        sys.path.insert(0, sys.argv[1])
        from said_and_done.build import memory
        from said_and_done.build.cache import _pack
        rng = random.Random(1)
        words = ["".join(rng.choice("abcdefghij") for _ in range(6)) for _ in range(3000)]
        texts = [" ".join(rng.choice(words) for _ in range(700)) for _ in range(50)]
        base = memory.resident()
        kept = []
        for n in range(20_000):
            text = texts[n % 50] + str(n)
            kept.append(_pack((f'{{"id":{n},"t":"{text}"}}', [(text[:2000], 3), (text[2000:3500], 1)])))
        print(sum(map(len, kept)), memory.resident() - base)
    """)
    out = subprocess.run([sys.executable, "-c", script, str(PLUGINS)], capture_output=True, text=True, check=True)
    kept, grown = map(int, out.stdout.split())
    assert kept > 30 * 2**20
    assert grown < 1.6 * kept, (kept, grown)
