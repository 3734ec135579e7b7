"""Locality, organisation and topic pages, their indexes, the home page links, and pagination."""

from __future__ import annotations

import math
import re
from collections import Counter
from datetime import date
from itertools import pairwise

import pytest

from browse.options import browse_options
from browse.stats import percent_of
from helpers.site import Site, build_site, list_pages
from said_and_done.domain.derive import STATUS_ORDER
from said_and_done.site.filters import days_phrase
from said_and_done.site.options import SettingsError
from said_and_done.site.pagination import paginate


def consultation_links(soup) -> list:
    """Consultation ids linked from cards, in page order."""
    scope = soup.find("main") or soup
    ids = []
    for card in scope.select("li.card"):
        link = card.select_one(".card__title a")
        match = re.fullmatch(r"/consultations/([a-z0-9-]+)/", link["href"])
        if match:
            ids.append(match.group(1))
    return ids


def section(soup, heading_id):
    """The elements after the h2 with this id, up to the next h2."""
    from bs4 import BeautifulSoup

    h2 = soup.find(id=heading_id)
    parts = []
    for sibling in h2.find_next_siblings():
        if sibling.name == "h2":
            break
        parts.append(str(sibling))
    return BeautifulSoup("".join(parts), "html.parser")


def in_locality(register, slug):
    return [c for c in register.consultations if c.area_wide or slug in {locality.slug for locality in c.localities}]


# -- locality pages -------------------------------------------------------------

def test_every_area_wide_consultation_is_on_every_locality_page_marked_area_wide(demo_site, demo_register):
    area_wide = [c for c in demo_register.consultations if c.area_wide]
    assert area_wide, "the demo has area-wide consultations"
    for slug in demo_register.localities:
        soup = demo_site.soup(f"/localities/{slug}/")
        # Consultation cards only: the page's ways to get involved are cards too.
        links = [(card, card.select_one(".card__title a")["href"]) for card in soup.find("main").select("li.card")]
        cards = {re.fullmatch(r"/consultations/([a-z0-9-]+)/", href).group(1): card
                 for card, href in links if href.startswith("/consultations/")}
        for c in area_wide:
            assert c.id in cards, (slug, c.id)
            assert "Area-wide" in [t.get_text() for t in cards[c.id].select(".tag--area-wide")], (slug, c.id)
        # ... and nothing that belongs elsewhere, and no local one marked area-wide.
        assert set(cards) == {c.id for c in in_locality(demo_register, slug)}
        assert all(not cards[c.id].select(".tag--area-wide") for c in in_locality(demo_register, slug) if not c.area_wide)


def test_locality_sections_hold_the_right_consultations_in_order(demo_site, demo_register):
    today = demo_register.build_date
    for slug in demo_register.localities:
        mine = in_locality(demo_register, slug)
        soup = demo_site.soup(f"/localities/{slug}/")
        open_now = sorted((c for c in mine if c.status == "open"), key=lambda c: (c.effective_closes, c.id))
        assert consultation_links(section(soup, "open-now")) == [c.id for c in open_now]
        for c in open_now:
            assert f"({days_phrase((c.effective_closes - today).days)})" in section(soup, "open-now").get_text(), c.id
        coming = sorted((c for c in mine if c.status == "planned"), key=lambda c: (c.opens, c.id))
        assert consultation_links(section(soup, "coming-up")) == [c.id for c in coming]
        results = sorted((c for c in mine if c.status == "feedback-published"),
                         key=lambda c: (c.outcome.published, c.id), reverse=True)
        assert consultation_links(section(soup, "results")) == [c.id for c in results]
        for c in results:
            assert soup.find("a", href=f"/{c.outcome_url}"), (slug, c.id)


def test_locality_page_lists_its_wards_and_actions(demo_site, demo_register):
    overdue_seen = 0
    for slug, locality in demo_register.localities.items():
        text = demo_site.main_text(f"/localities/{slug}/")
        for ward in locality.wards:
            assert ward in text, (slug, ward)
        we_will = section(demo_site.soup(f"/localities/{slug}/"), "we-will").get_text(" ")
        for c in in_locality(demo_register, slug):
            if not c.has_published_outcome:
                continue
            for a in c.outcome.actions:
                shown = " ".join(a.we_will.split()) in " ".join(we_will.split())
                # Overdue, under-way, waiting and on-hold actions are listed; done and dropped ones are not.
                assert shown == (a.status in ("planned", "in-progress", "on-hold")), (slug, a.we_will)
                overdue_seen += a.overdue
    assert overdue_seen, "the demo has an overdue action somewhere"


def test_locality_figures_match_the_records(demo_site, demo_register):
    for slug in demo_register.localities:
        mine = in_locality(demo_register, slug)
        figures = section(demo_site.soup(f"/localities/{slug}/"), "figures")
        rows = {row.dt.get_text(strip=True): " ".join(row.dd.get_text(" ").split()) for row in figures.select(".summary-list__row")}
        open_now = sum(c.status == "open" for c in mine)
        planned = sum(c.status == "planned" for c in mine)
        assert rows["Consultations"] == f"{len(mine)} ({open_now} open now, {planned} coming up)"
        reported = [c.responses for c in mine if c.responses is not None]
        assert rows["Responses received"].startswith(f"{sum(reported):,} from {len(reported)}")
        themes = [t for c in mine if c.has_published_outcome for t in c.outcome.themes]
        adopted = sum(t.decision == "adopted" for t in themes)
        assert f"Adopted: {adopted} ({percent_of(adopted, len(themes))}%)" in rows["What we did with what people said"]
        assert f"Of {len(themes)} themes" in rows["What we did with what people said"]
        actions = [a for c in mine if c.has_published_outcome for a in c.outcome.actions]
        done = sum(a.status == "done" for a in actions)
        overdue = sum(a.overdue for a in actions)
        under_way = sum(a.status in ("planned", "in-progress") and not a.overdue for a in actions)
        on_hold = sum(a.status == "on-hold" for a in actions)
        held = f"{on_hold} on hold, " if on_hold else ""
        assert rows["\u201cWe will\u201d actions"] == f"{done} done, {under_way} under way, {held}{overdue} overdue"
        published = [c for c in mine if c.has_published_outcome]
        on_time = sum(c.outcome.published <= c.feedback_due for c in published)
        assert rows["Results published by the date promised"] == f"{on_time} of {len(published)}"


def test_percentages_round_half_up():
    assert [percent_of(n, 8) for n in (1, 3, 4)] == [13, 38, 50]
    assert percent_of(1, 3) == 33 and percent_of(2, 3) == 67 and percent_of(0, 0) == 0


def test_localities_index_finds_the_locality_for_every_ward(demo_site, demo_register):
    soup = demo_site.soup("/localities/")
    wards_section = soup.find(id="wards")
    entries = {}
    for li in soup.select("ul.list--wards li"):
        ward = li.get_text(" ").split(":")[0].strip()
        entries.setdefault(ward, set()).add(li.a["href"])
    for slug, locality in demo_register.localities.items():
        assert soup.find("a", href=f"/localities/{slug}/", string=locality.name)
        for ward in locality.wards:
            assert f"/localities/{slug}/" in entries[ward], ward
    assert wards_section is not None
    letters = [a.get_text(" ").split()[-1] for a in soup.select("ul.letters a")]
    assert letters == sorted(letters) and letters == [h3.get_text() for h3 in soup.select("h3[id^=wards-]")]


def test_home_page_links_every_locality_and_the_browse_pages(demo_site, demo_register):
    soup = demo_site.soup("/")
    for slug, locality in demo_register.localities.items():
        assert soup.find("a", href=f"/localities/{slug}/", string=locality.name), slug
    for url in ("/topics/", "/organisations/", "/calendar/", "/localities/#wards"):
        assert soup.find("main").find("a", href=url), url
    nav = soup.find("nav", attrs={"aria-label": "Main"})
    assert nav.find("a", href="/localities/") and nav.find("a", href="/calendar/")


# -- organisation and topic pages -----------------------------------------------

def test_organisation_pages_list_what_it_leads_or_partners(demo_site, demo_register):
    partnered = 0
    for slug, organisation in demo_register.organisations.items():
        soup = demo_site.soup(f"/organisations/{slug}/")
        assert soup.h1.get_text(strip=True) == organisation.name
        expected = {c.id for c in demo_register.consultations if organisation in c.organisations}
        assert set(consultation_links(soup)) == expected, slug
        partnered += sum(1 for c in demo_register.consultations if organisation in c.partners)
        # Actions it leads, from anyone's consultation.
        actions = section(soup, "we-will").get_text(" ")
        for c in demo_register.consultations:
            for a in (c.outcome.actions if c.has_published_outcome else []):
                if a.lead == organisation and a.overdue:
                    assert " ".join(a.we_will.split()) in " ".join(actions.split())
    assert partnered, "the demo has partner organisations"
    index = demo_site.soup("/organisations/")
    for slug, organisation in demo_register.organisations.items():
        assert index.find("a", href=f"/organisations/{slug}/", string=organisation.name)


def test_topic_pages_list_consultations_on_the_topic(demo_site, demo_register):
    index = demo_site.soup("/topics/")
    names = [a.get_text() for a in index.select("main h2 a")]
    assert names == sorted(names, key=str.casefold)
    for slug, topic in demo_register.topics.items():
        soup = demo_site.soup(f"/topics/{slug}/")
        expected = {c.id for c in demo_register.consultations if topic in c.topics}
        assert set(consultation_links(soup)) == expected, slug
        assert index.find("a", href=f"/topics/{slug}/", string=topic.name)


def test_subject_pages_have_one_h1_and_headings_in_order(demo_site, demo_register):
    for url in ["/localities/", "/organisations/", "/topics/"] + [f"/localities/{s}/" for s in demo_register.localities]:
        levels = [int(h.name[1]) for h in demo_site.soup(url).find("main").find_all(re.compile(r"^h[1-6]$"))]
        assert levels.count(1) == 1 and levels[0] == 1, url
        assert all(b - a <= 1 for a, b in pairwise(levels)), (url, levels)


# -- pagination -------------------------------------------------------------------

def test_paginate_splits_and_links():
    pages = paginate(range(45), 20, "topics/libraries/")
    assert [len(p.items) for p in pages] == [20, 20, 5]
    assert [p.url for p in pages] == ["topics/libraries/", "topics/libraries/page/2/", "topics/libraries/page/3/"]
    assert pages[0].previous_url is None and pages[0].next_url == "topics/libraries/page/2/"
    assert pages[2].previous_url == "topics/libraries/page/2/" and pages[2].next_url is None
    assert (pages[1].first_item, pages[1].last_item, pages[1].total_items) == (21, 40, 45)
    assert paginate([], 20, "x/")[0].items == [] and len(paginate([], 20, "x/")) == 1
    many = paginate(range(100), 10, "x/")
    assert [link.number for link in many[4].links] == [1, None, 4, 5, 6, None, 10]
    assert [link.number for link in many[2].links] == [1, 2, 3, 4, None, 10]
    # A gap of one page shows the page rather than an ellipsis.
    assert [link.number for link in many[3].links] == [1, 2, 3, 4, 5, None, 10]
    assert [link.number for link in many[0].links] == [1, 2, None, 10]
    assert [link.number for link in many[9].links] == [1, None, 9, 10]
    assert [link.number for link in paginate(range(3), 10, "x/")[0].links] == [1]
    assert [link.number for link in paginate(range(20), 10, "x/")[1].links] == [1, 2]


@pytest.fixture(scope="module")
def small_pages_site(tmp_path_factory):
    return Site(build_site(tmp_path_factory.mktemp("pages") / "output", pelican_settings={"BROWSE": {"page_size": 2}}))


def test_long_lists_paginate_with_stable_urls(small_pages_site, demo_register):
    site = small_pages_site
    slug = "kestlebury"
    results = sorted((c for c in in_locality(demo_register, slug) if c.status == "feedback-published"),
                     key=lambda c: (c.outcome.published, c.id), reverse=True)
    count = math.ceil(len(results) / 2)
    assert count >= 3, "the test needs a locality with several pages of results"
    seen = []
    for number in range(1, count + 1):
        url = f"/localities/{slug}/" if number == 1 else f"/localities/{slug}/page/{number}/"
        soup = site.soup(url)
        seen += consultation_links(section(soup, "results"))
        nav = soup.find("nav", class_="pagination")
        current = nav.find("a", attrs={"aria-current": "page"})
        assert current.get_text() == str(number) and current["href"] == url
        assert (nav.find("a", rel="prev") is None) == (number == 1)
        assert (nav.find("a", rel="next") is None) == (number == count)
        if number > 1:
            assert nav.find("a", rel="prev")["href"] == (f"/localities/{slug}/" if number == 2 else
                                                        f"/localities/{slug}/page/{number - 1}/")
            assert soup.find("a", href=f"/localities/{slug}/", string=re.compile("Back to"))
            assert not soup.find(id="open-now"), "later pages carry on the results list only"
    assert seen == [c.id for c in results]
    assert not site.path(f"/localities/{slug}/page/1/").exists()
    assert not site.path(f"/localities/{slug}/page/{count + 1}/").exists()


def test_bad_browse_settings_are_refused_clearly():
    assert browse_options({}).page_size == 20
    with pytest.raises(SettingsError, match=r"BROWSE: unknown setting\(s\) pagesize"):
        browse_options({"BROWSE": {"pagesize": 5}})
    with pytest.raises(SettingsError, match=r"BROWSE\['page_size'\]: expected a whole number from 1 to 500, found 0"):
        browse_options({"BROWSE": {"page_size": 0}})


def _not_done(register, slug):
    pairs = [(c, a) for c in in_locality(register, slug) if c.has_published_outcome for a in c.outcome.actions]
    overdue = sorted((p for p in pairs if p[1].overdue), key=lambda p: (p[1].due, p[0].id))
    # Not overdue and not finished: under way, waiting on a condition or on hold. With no due
    # date, the review date orders it; with neither, it comes last.
    under_way = sorted((p for p in pairs if p[1].status in ("planned", "in-progress", "on-hold") and not p[1].overdue),
                       key=lambda p: (p[1].due or p[1].review or date.max, p[0].id))
    return overdue, under_way


def test_every_subject_has_a_page_of_what_was_promised(demo_site, demo_register):
    for slug in demo_register.localities:
        overdue, under_way = _not_done(demo_register, slug)
        soup = demo_site.soup(f"/localities/{slug}/we-will/")
        listed = [" ".join(h.get_text(" ").split()) for h in soup.find("main").select(".action__what")]
        assert listed == [" ".join(a.we_will.split()) for _c, a in overdue + under_way], slug
        if overdue or under_way:
            assert demo_site.soup(f"/localities/{slug}/").find("a", href=f"/localities/{slug}/we-will/")
    for kind, table in (("organisations", demo_register.organisations), ("topics", demo_register.topics)):
        for slug in table:
            assert demo_site.path(f"/{kind}/{slug}/we-will/").exists()


def test_promised_actions_paginate_and_the_subject_page_shows_the_soonest(small_pages_site, demo_register):
    site = small_pages_site
    slug = max(demo_register.localities, key=lambda s: sum(map(len, _not_done(demo_register, s))))
    overdue, under_way = _not_done(demo_register, slug)
    assert len(under_way) > 2, "the test needs a locality with more actions under way than fit a page"
    front = section(site.soup(f"/localities/{slug}/"), "we-will")
    shown = [" ".join(h.get_text(" ").split()) for h in front.select(".action__what")]
    assert shown == [" ".join(a.we_will.split()) for _c, a in overdue[:2] + under_way[:2]]
    count = math.ceil((len(overdue) + len(under_way)) / 2)
    seen = []
    for number in range(1, count + 1):
        url = f"/localities/{slug}/we-will/" + ("" if number == 1 else f"page/{number}/")
        soup = site.soup(url)
        seen += [" ".join(h.get_text(" ").split()) for h in soup.find("main").select(".action__what")]
        assert soup.find("nav", class_="pagination").find("a", attrs={"aria-current": "page"})["href"] == url
    assert seen == [" ".join(a.we_will.split()) for _c, a in overdue + under_way]
    assert not site.path(f"/localities/{slug}/we-will/page/{count + 1}/").exists()


# Each list on a subject's first page, the order it is shown in, and the register status it is.
FRONT_LISTS = (
    ("open-now", "open", lambda c: (c.effective_closes, c.id)),
    ("coming-up", "planned", lambda c: (c.opens, c.id)),
    ("awaiting-results", "closed", lambda c: (not c.feedback_overdue, c.feedback_due, c.id)),
)


def test_a_subject_page_shows_a_page_of_each_list_and_links_to_the_rest(small_pages_site, demo_register):
    """No list on a locality's page grows with the register: the first page_size, then a link to all."""
    site = small_pages_site
    cut = Counter()
    for slug in demo_register.localities:
        mine = in_locality(demo_register, slug)
        soup = site.soup(f"/localities/{slug}/")
        pages = list_pages(site, f"localities/{slug}/consultations/")
        begins = {}  # status -> the page of every consultation here where it begins
        for url, page in pages:
            for group in page.find_all("section"):
                begins.setdefault(group["aria-labelledby"], url)
        for heading, status, order in FRONT_LISTS:
            expected = sorted((c for c in mine if c.status == status), key=order)
            part = section(soup, heading) if soup.find(id=heading) else None
            assert (consultation_links(part) if part else []) == [c.id for c in expected[:2]], (slug, heading)
            more = part.find("a", string=re.compile("^See all")) if part else None
            if len(expected) > 2:
                assert more["href"] == f"/{begins[status]}#{status}", (slug, heading)
                assert more.get_text().startswith(f"See all {len(expected)} consultations"), more.get_text()
                assert site.soup(begins[status]).find(id=status), "the link lands on the list's heading"
                cut[heading] += 1
            else:
                assert more is None, (slug, heading)
    assert cut["open-now"] and cut["awaiting-results"], "the demo at 2 a page cuts these lists somewhere"


def test_every_consultation_of_a_subject_is_listed_once_on_its_pages_by_stage(small_pages_site, demo_register):
    site = small_pages_site
    by_url = {f"/{c.url}": c for c in demo_register.consultations}
    for kind, subjects, mine in (
            ("localities", demo_register.localities, lambda slug: in_locality(demo_register, slug)),
            ("topics", demo_register.topics,
             lambda slug: [c for c in demo_register.consultations if slug in {t.slug for t in c.topics}]),
            ("audiences", demo_register.audiences,
             lambda slug: [c for c in demo_register.consultations if slug in {a.slug for a in c.audiences}])):
        for slug in subjects:
            first = site.soup(f"/{kind}/{slug}/")
            assert first.find("a", href=f"/{kind}/{slug}/consultations/"), (kind, slug)
            listed = []
            for url, page in list_pages(site, f"{kind}/{slug}/consultations/"):
                for group in page.find_all("section"):
                    for a in group.select(".card__title a"):
                        assert by_url[a["href"]].status == group["aria-labelledby"], (url, a["href"])
                        listed.append(by_url[a["href"]])
            assert sorted(c.id for c in listed) == sorted(c.id for c in mine(slug)), (kind, slug)
            order = [(STATUS_ORDER.index(c.status), -c.opens.toordinal()) for c in listed]
            assert order == sorted(order), (kind, slug)


def test_each_subject_lists_its_consultations_once_in_register_order(demo_register):
    # Their "every consultation" pages are paginated without a sort of their own.
    from browse.views import group
    from said_and_done.site.views import register_order

    grouped = group(demo_register).consultations
    assert grouped.keys() == {"locality", "organisation", "topic", "audience"}
    for kind, by_slug in grouped.items():
        assert by_slug.keys() == demo_register.consultations_by(kind).keys()
        for slug, listed in by_slug.items():
            expected = register_order(demo_register.consultations_by(kind)[slug])
            assert [c.id for c in listed] == [c.id for c in expected], (kind, slug)
