"""Places, organisations, topics, groups of people, ways to get involved and indicators as
search results (search/subjects.py), and the search page's spelling and synonym list
(search/words.py), from the demo's register."""

from __future__ import annotations

import dataclasses

from bs4 import BeautifulSoup

from search.subjects import postcode_districts, subject_records
from search.words import SYNONYMS, names, search_words, vocabulary


def by_url(register):
    return {r.key: r for r in subject_records(register)}


def test_every_subject_group_and_indicator_has_a_record_at_its_page(demo_register, demo_site):
    records = by_url(demo_register)
    groups, indicators = demo_register.derived["groups"], demo_register.derived["indicators"]
    assert groups and indicators, "the demo should have standing groups and indicators to find"
    assert len(records) == (len(demo_register.localities) + len(demo_register.organisations)
                            + len(demo_register.topics) + len(demo_register.audiences)
                            + len(groups) + len(indicators))
    for key, record in records.items():
        page = demo_site.root / record.url / "index.html"
        assert page.is_file(), key
        if record.anchor:  # a standing group's entry on /get-involved/
            assert BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find(id=record.anchor), key
    # One file each for Pagefind, though the groups share a page.
    assert len({r.file for r in records.values()}) == len(records)


def test_audiences_groups_and_indicators_are_result_types_of_their_own(demo_register):
    records = by_url(demo_register)
    young = BeautifulSoup(records["audiences/young-people/"].html(), "html.parser")
    assert young.select_one("[data-pagefind-filter]")["data-pagefind-filter"] == "type:Group of people"
    youth = records["get-involved/#youth-council"]
    assert youth.name == "Brackenmoor Youth Council" and youth.other_names == ("Youth council",)
    soup = BeautifulSoup(youth.html(), "html.parser")
    assert {m["data-pagefind-meta"] for m in soup.select("[data-pagefind-meta]")} == {
        "kind:Way to get involved", "title:Brackenmoor Youth Council", "anchor:youth-council"}
    assert "Run by Brackenmoor Council." in soup.get_text()
    indicator = BeautifulSoup(records["indicators/influence-decisions/"].html(), "html.parser")
    assert indicator.select_one("[data-pagefind-filter]")["data-pagefind-filter"] == "type:Indicator"
    assert "NI4" in indicator.get_text()  # its definition is searchable


def test_a_site_without_groups_or_indicators_has_no_records_for_them(demo_register):
    register = dataclasses.replace(demo_register, derived={})
    assert {r.kind for r in subject_records(register)} == {"locality", "organisation", "topic", "audience"}


def test_a_locality_record_names_its_wards_and_postcode_districts(demo_register):
    oakhythe = by_url(demo_register)["localities/oakhythe/"]
    soup = BeautifulSoup(oakhythe.html(), "html.parser")
    body = soup.select_one("main[data-pagefind-body]")
    assert body.h1.get_text() == "Oakhythe"
    assert "Hollin Bank" in body.get_text() and "BK3" in body.get_text()
    assert soup.select_one("[data-pagefind-filter]")["data-pagefind-filter"] == "type:Place"
    assert {m["data-pagefind-meta"] for m in soup.select("[data-pagefind-meta]")} == {"kind:Place", "title:Oakhythe"}


def test_postcode_districts_come_from_the_registers_own_addresses(demo_register):
    districts = postcode_districts(demo_register)
    assert districts["oakhythe"] == ["BK3"]
    assert districts["quillbrook"] == ["BK9"]
    assert "BK1" in districts["kestlebury"]
    # Each district is in one locality only.
    every = [d for ds in districts.values() for d in ds]
    assert len(every) == len(set(every))


def test_an_organisations_short_name_is_another_name_for_it(demo_register):
    icb = by_url(demo_register)["organisations/brackenmoor-icb/"]
    assert icb.other_names == ("NHS Brackenmoor",)
    assert "Also known as: NHS Brackenmoor." in icb.html()


def test_record_text_is_escaped(demo_register):
    loc = next(iter(demo_register.localities.values()))
    nasty = dataclasses.replace(loc, name='<script>alert("x")</script> & "Co"', wards=("A<b>",))
    register = dataclasses.replace(demo_register, localities={loc.slug: nasty})
    html = subject_records(register)[0].html()
    assert "<script>" not in html and "A<b>" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html
    soup = BeautifulSoup(html, "html.parser")
    assert soup.h1.get_text() == nasty.name
    assert soup.select_one('[data-pagefind-meta^="title:"]')["data-pagefind-meta"] == f"title:{nasty.name}"


def test_names_lead_to_their_pages_and_wards_to_their_locality(demo_register):
    found = names(subject_records(demo_register))
    assert found["hollin bank"] == ["localities/oakhythe/", "Place"]
    assert found["nhs brackenmoor"] == ["organisations/brackenmoor-icb/", "Organisation"]
    assert found["libraries"] == ["topics/libraries/", "Topic"]
    assert found["bk9"] == ["localities/quillbrook/", "Place"]
    assert found["young people"] == ["audiences/young-people/", "Group of people"]
    assert found["youth council"] == ["get-involved/#youth-council", "Way to get involved"]


def test_the_vocabulary_is_the_registers_words_most_used_first(demo_register):
    words = vocabulary(demo_register)
    assert {"library", "kestlebury", "recycling", "oakhythe"} <= set(words)
    assert all(len(w) >= 4 and w == w.casefold() for w in words)
    assert len(words) == len(set(words))
    # Every synonym leads to words the pages use.
    for replacement in SYNONYMS.values():
        assert all(w.casefold() in words for w in replacement.split() if len(w) >= 4), replacement
    assert set(search_words(demo_register, subject_records(demo_register))) == {"synonyms", "vocabulary", "names"}
