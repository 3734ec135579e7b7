"""What a page key describes (said_and_done.build.digest): a page is kept only when its key is the same,
so a key must change with anything the page shows, and must not change with how objects happen
to be shared or which process worked it out."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, replace
from datetime import date

import pytest

from said_and_done.build.digest import Undigestable, digest_of
from said_and_done.site.views import register_pages


@dataclass(frozen=True)
class Item:
    title: str
    due: date


class Described:
    """Stands for a view: described by what it was made from, not by what it holds."""

    def __init__(self, made_from, shown):
        self.made_from = made_from
        self.shown = shown

    def digest_inputs(self):
        return self.made_from


def test_equal_content_gives_equal_keys_however_objects_are_shared():
    one = Item("Library hours", date(2026, 11, 1))
    assert digest_of([one, one]) == digest_of([one, copy.copy(one)])
    assert digest_of({"a": [one]}) == digest_of({"a": [Item("Library hours", date(2026, 11, 1))]})


def test_any_change_a_page_could_show_changes_the_key():
    one = Item("Library hours", date(2026, 11, 1))
    assert digest_of(one) != digest_of(replace(one, due=date(2026, 11, 2)))
    assert digest_of(one) != digest_of(replace(one, title="Library hours "))
    assert digest_of([one, one]) != digest_of([one])
    assert digest_of(re.compile("a+")) == digest_of(re.compile("a+")) != digest_of(re.compile("b+"))
    assert digest_of(1 + 2j) != digest_of(1 + 3j)


def test_a_consultation_is_described_by_its_record_not_field_by_field(demo_register):
    first, second = demo_register.consultations[:2]
    assert digest_of(first) == digest_of(copy.copy(first))
    assert digest_of([first, second]) != digest_of([second, first])
    edited = copy.copy(first)
    edited.__dict__.pop("_digest", None)
    edited.content_hash = "another file"
    assert digest_of(edited) != digest_of(first)


def test_reference_data_is_described_by_its_slug(demo_register):
    # Reference data files are in the build fingerprint, which is in every key.
    locality = demo_register.consultations[0].localities[0]
    assert digest_of(locality) == digest_of(replace(locality, name="Renamed"))
    assert digest_of(locality) != digest_of(replace(locality, slug="another"))


def test_an_object_with_digest_inputs_is_described_by_them():
    assert digest_of(Described(("a", 1), shown=[1, 2])) == digest_of(Described(("a", 1), shown=[3]))
    assert digest_of(Described(("a", 1), shown=[])) != digest_of(Described(("a", 2), shown=[]))


def test_what_cannot_be_described_says_so_and_the_page_is_rendered():
    with pytest.raises(Undigestable):
        digest_of([lambda: "a template helper"])
    loop = []
    loop.append(loop)
    with pytest.raises(Undigestable):
        digest_of(loop)


def test_register_pages_described_alike_show_the_same(demo_register):
    # RegisterPage.digest_inputs leaves out the page's links and neighbours' addresses (they
    # follow from its number, count and address) and the consultations in its groups (they
    # are the page's own): pages described alike must still show exactly the same.
    seen = {}
    for base in ("consultations/", "localities/kestlebury/consultations/"):
        for size in (1, 2, 3, 5, 8, 40):
            for listing in register_pages(demo_register.consultations, size, base):
                p = listing.page
                shown = (p.number, p.count, [c.id for c in p.items], p.url, p.previous_url, p.next_url, p.links,
                         p.first_item, p.total_items, listing.contents,
                         [(g.status, g.label, g.count, g.continued, g.year_continued,
                           [(year, [c.url for c in items]) for year, items in g.years]) for g in listing.groups])
                assert seen.setdefault(digest_of(listing), shown) == shown
    count = len(demo_register.consultations)
    assert len(seen) == 2 * sum(-(-count // size) for size in (1, 2, 3, 5, 8, 40))


def test_a_register_page_is_described_by_its_consultations_and_the_shape_of_its_groups(demo_register):
    # RegisterPage.digest_inputs names each consultation once (in its page) and gives only
    # the shape of the groups, which list the same consultations again.
    listing = next(p for p in register_pages(demo_register.consultations, 8)
                   if len(p.groups) > 1 and len(p.groups[0].years) > 1 and len(p.groups[0].years[0][1]) > 1)
    group = listing.groups[0]
    (year, members), (next_year, next_members), *rest = group.years
    changes = [("status", "withdrawn"), ("count", group.count + 1), ("continued", not group.continued),
               ("year_continued", not group.year_continued),
               ("years", [(year[:-4] + str(int(year[-4:]) + 1), members), (next_year, next_members), *rest]),
               # the same years and consultations, one of them a year later
               ("years", [(year, members[:-1]), (next_year, members[-1:] + next_members), *rest])]
    for field, value in changes:
        changed = replace(listing, groups=[replace(group, **{field: value}), *listing.groups[1:]])
        assert digest_of(changed) != digest_of(listing), field
    page = listing.page
    for change in ({"contents": listing.contents[1:]}, {"page": replace(page, items=page.items[::-1])},
                   {"page": replace(page, number=page.number + 1)}, {"page": replace(page, count=page.count + 1)},
                   {"page": replace(page, url="topics/libraries/consultations/")},
                   {"page": replace(page, first_item=page.first_item + 1)},
                   {"page": replace(page, total_items=page.total_items + 1)}):
        assert digest_of(replace(listing, **change)) != digest_of(listing), change


@dataclass(frozen=True, slots=True)
class Card:
    title: str
    tags: tuple = ()


@dataclass(frozen=True, slots=True)
class OtherCard:
    title: str
    tags: tuple = ()


@dataclass(slots=True)
class KeepsItsOwnState:
    title: str
    hidden: str = ""

    def __getstate__(self):  # pickles more than its fields say: the key must follow what it pickles
        return (self.title, self.hidden, "extra")

    def __setstate__(self, state):
        self.title, self.hidden, _ = state


def test_a_slotted_dataclass_is_described_by_its_class_and_every_field():
    # Views are slotted dataclasses described by their fields without pickle's per-object lookups.
    card = Card("Bins", ("waste",))
    assert digest_of(card) == digest_of(Card("Bins", ("waste",)))
    assert len({digest_of(c) for c in (card, Card("Bins"), Card("Bins ", ("waste",)), Card("Bins", ("Waste",)),
                                       OtherCard("Bins", ("waste",)), [card], (card,))}) == 7
    nested = Card("Outer", (Card("Inner", (Item("x", date(2026, 1, 1)),)),))
    changed = Card("Outer", (Card("Inner", (Item("x", date(2026, 1, 2)),)),))
    assert digest_of(nested) != digest_of(changed)


def test_a_dataclass_with_its_own_pickling_is_described_its_own_way():
    assert digest_of(KeepsItsOwnState("a", "b")) != digest_of(KeepsItsOwnState("a", "c"))
