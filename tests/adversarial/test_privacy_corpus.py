"""The personal-data detector on the labelled corpus (tests/fixtures/privacy/, helpers/privacy_corpus.py).

Every line of personal data, however it is written or hidden (entities, Markdown, HTML
comments, mailto: links, full-width or invisible characters, spelled out), must be found
as its kind in the text as published; fewer than 5% of clean lines (short strings with
numbers, council minutes with budgets, references, 0800 lines and grid references, and
the demo's own records, write-ups and pages) may be flagged. The figures are printed
(`pytest -s`); bench/privacy_rates.py prints them in full.
"""

from __future__ import annotations

from helpers.privacy_corpus import SHORT_KINDS, clean_texts, labelled, measure, positives
from said_and_done.domain.personal_data import KINDS, find_personal_data


def test_the_corpus_is_big_and_varied_enough():
    items = positives()
    assert len(items) >= 180 and {kind for kind, _ in items} == set(SHORT_KINDS)
    assert set(SHORT_KINDS.values()) == set(KINDS)
    assert len({text for _, text in items}) == len(items), "a positive is listed twice"
    assert len(labelled("minutes.txt")) >= 300
    sources = {item.source.split(" ")[1] for item in clean_texts(find_personal_data) if item.source.startswith("demo")}
    assert sources == {"record", "write-up", "page"}


def test_every_positive_is_found_and_fewer_than_5_percent_of_clean_lines_are_flagged():
    rates = measure(find_personal_data)
    print("\n" + rates.report("personal-data corpus:"))
    assert rates.missed == []
    assert rates.detection == 1.0
    assert rates.false_positive_rate < 0.05, rates.false_positives
    assert rates.clean >= 2000  # the demo's text is in it, not only the fixtures


def test_a_detector_that_misses_a_kind_is_caught():
    # The measure itself must be able to fail: leave out NHS numbers and the rate drops.
    def without_nhs(text):
        return [f for f in find_personal_data(text) if f.kind != "NHS number"]
    rates = measure(without_nhs)
    assert rates.detection < 1.0 and {kind for kind, _ in rates.missed} == {"NHS number"}
