"""The caches kept between builds (said_and_done.build.cache.BuildCache): what is kept, what is
written again after an edit, and what is thrown away."""

from __future__ import annotations

from said_and_done.build.cache import BUCKETS, BuildCache, _bucket


def files(folder):
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}


def test_entries_come_back_in_the_next_build(tmp_path):
    first = BuildCache(tmp_path, "records", "v1")
    for n in range(500):
        first.put(f"key-{n}", {"n": n})
    first.save()
    again = BuildCache(tmp_path, "records", "v1")
    assert again.get("key-7") == {"n": 7} and again.get("key-499") == {"n": 499}
    assert again.get("missing") is None
    assert len(again.entries) == 500


def test_an_edit_rewrites_only_the_file_holding_it(tmp_path):
    cache = BuildCache(tmp_path, "records", "v1")
    for n in range(500):
        cache.put(f"key-{n}", n)
    cache.save()
    folder = tmp_path / "said-and-done" / "records-v1"
    before = files(folder)
    assert len(before) == BUCKETS  # 500 keys fill every file

    rebuild = BuildCache(tmp_path, "records", "v1")
    for n in range(500):
        rebuild.get(f"key-{n}")
    rebuild.put("key-42", "edited")
    rebuild.save()
    after = files(folder)
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {f"{_bucket('key-42'):02d}.pickle"}
    assert BuildCache(tmp_path, "records", "v1").get("key-42") == "edited"

    untouched = BuildCache(tmp_path, "records", "v1")
    for n in range(500):
        untouched.get(f"key-{n}")
    untouched.save()
    assert files(folder) == after  # nothing changed, nothing written


def test_entries_a_build_did_not_use_are_dropped_unless_asked_to_keep_them(tmp_path):
    cache = BuildCache(tmp_path, "records", "v1")
    cache.put("stays", 1)
    cache.put("goes", 2)
    cache.save()
    pruned = BuildCache(tmp_path, "records", "v1")
    pruned.get("stays")
    pruned.put("new", 3)
    pruned.save()
    assert set(BuildCache(tmp_path, "records", "v1").entries) == {"stays", "new"}
    kept = BuildCache(tmp_path, "records", "v1")
    kept.put("more", 4)
    kept.save(prune=False)
    assert set(BuildCache(tmp_path, "records", "v1").entries) == {"stays", "new", "more"}


def test_an_unreadable_file_is_made_again_not_trusted(tmp_path):
    cache = BuildCache(tmp_path, "records", "v1")
    cache.put("a", 1)
    cache.save()
    (tmp_path / "said-and-done" / "records-v1" / f"{_bucket('a'):02d}.pickle").write_bytes(b"not a pickle")
    again = BuildCache(tmp_path, "records", "v1")
    assert again.get("a") is None
    again.put("a", 1)
    again.save()
    assert BuildCache(tmp_path, "records", "v1").get("a") == 1


def test_a_new_version_replaces_the_old_cache_but_not_another_cache(tmp_path):
    for name, version in (("plain-english", "v1"), ("plain-english-texts", "v1")):
        cache = BuildCache(tmp_path, name, version)
        cache.put("a", 1)
        cache.save()
    stale = tmp_path / "said-and-done" / "plain-english-0123abcd.pickle"  # a cache from older code
    stale.write_bytes(b"")
    newer = BuildCache(tmp_path, "plain-english", "v2")
    assert newer.get("a") is None
    newer.put("a", 2)
    newer.save()
    assert sorted(p.name for p in (tmp_path / "said-and-done").iterdir()) == ["plain-english-texts-v1",
                                                                             "plain-english-v2"]


def test_without_a_cache_folder_nothing_is_kept(tmp_path):
    cache = BuildCache(None, "records", "v1")
    cache.put("a", 1)
    cache.save()
    assert BuildCache(None, "records", "v1").get("a") is None
    assert list(tmp_path.iterdir()) == []


def test_a_packed_cache_holds_its_values_compressed_and_gives_them_back_whole(tmp_path):
    # Each consultation's open data (JSON and CSV text, about 9 KB) is held until the cache is
    # saved: packed, a build holds a quarter of it.
    text = "".join(f'{{"id":"consultation-{n}","title":"Bus routes in ward {n % 40}","status":"closed"}}'
                   for n in range(120))
    cache = BuildCache(tmp_path, "open-data", "v1", packed=True)
    for n in range(200):
        cache.put(f"key-{n}", (f"{n}:{text}", [("a,b\r\n", 1)]))
    held = sum(len(v) for v in cache.used.values())
    assert all(isinstance(v, bytes) for v in cache.used.values())
    assert held * 4 < 200 * len(text), held
    cache.save()
    again = BuildCache(tmp_path, "open-data", "v1", packed=True)
    assert again.get("key-7") == (f"7:{text}", [("a,b\r\n", 1)])
    # A cache kept plain under the same name and version is another folder: never read as packed.
    assert BuildCache(tmp_path, "open-data", "v1").get("key-7") is None
    folder = tmp_path / "said-and-done" / "open-data-v1z"
    before = files(folder)
    for n in range(200):
        again.get(f"key-{n}")
    again.save()
    assert files(folder) == before  # what get gave back is kept as it was: nothing written again
