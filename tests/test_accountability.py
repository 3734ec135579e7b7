"""/accountability/: late results and late "We will" actions, in public, counted by organisation."""

from __future__ import annotations

import re

import pytest

from accountability.views import accountability


def normal(text: str) -> str:
    return " ".join(text.split())


def test_every_overdue_result_is_listed_with_how_late(demo_site, demo_register):
    soup = demo_site.soup("/accountability/")
    late = [c for c in demo_register.consultations if c.feedback_overdue]
    assert late, "the demo has results overdue"
    listed = soup.find(id="results-overdue").find_next("ul", class_="cards")
    links = [a["href"] for a in listed.select(".card__title a")]
    expected = sorted(late, key=lambda c: (-(demo_register.build_date - c.feedback_due).days, c.id))
    assert links == [f"/{c.url}" for c in expected]
    for c in late:
        days = (demo_register.build_date - c.feedback_due).days
        assert f"{days} days late" in normal(listed.get_text(" "))


def test_every_overdue_action_is_listed_and_no_other(demo_site, demo_register):
    text = normal(demo_site.soup("/accountability/actions-overdue/").find("main").find("ol").get_text(" "))
    overdue = not_overdue = 0
    for c in demo_register.consultations:
        for a in (c.outcome.actions if c.has_published_outcome else []):
            shown = normal(a.we_will) in text
            assert shown == a.overdue, a.we_will
            overdue += a.overdue
            not_overdue += not a.overdue
    assert overdue and not_overdue


def test_counts_by_organisation_match_the_records(demo_site, demo_register):
    rows = {}
    for tr in demo_site.soup("/accountability/").select("table tbody tr"):
        rows[tr.th.a["href"]] = [td.get_text(strip=True) for td in tr.find_all("td")]
    assert set(rows) == {f"/organisations/{slug}/" for slug in demo_register.organisations}
    for slug, organisation in demo_register.organisations.items():
        results_overdue = sum(c.feedback_overdue for c in demo_register.consultations if c.lead == organisation)
        actions_overdue = sum(a.overdue for c in demo_register.consultations if c.has_published_outcome
                              for a in c.outcome.actions if a.lead == organisation)
        row = rows[f"/organisations/{slug}/"]
        assert row[:2] == [str(results_overdue), str(actions_overdue)], slug


def test_organisations_with_most_overdue_come_first(demo_register):
    record = accountability(demo_register)
    totals = [o.overdue for o in record.organisations]
    assert totals == sorted(totals, reverse=True) and totals[0] > 0
    assert sum(o.results_overdue for o in record.organisations) == len(record.late_results)
    assert sum(o.actions_overdue for o in record.organisations) == len(record.late_actions)


def test_accountability_is_linked_from_every_page(demo_site):
    assert demo_site.soup("/").find("footer").find("a", href="/accountability/")
    assert demo_site.soup("/accountability/").find("footer").find("a", href="/accountability/")["aria-current"] == "page"


def test_late_lists_have_their_own_pages_and_paginate(tmp_path_factory, demo_register):
    from helpers.site import Site, build_site

    site = Site(build_site(tmp_path_factory.mktemp("late") / "output", pelican_settings={"BROWSE": {"page_size": 2}}))
    late = accountability(demo_register).late_actions
    assert len(late) > 2, "the demo has more overdue actions than fit a page of two"
    count = -(-len(late) // 2)
    seen = []
    for number in range(1, count + 1):
        url = "/accountability/actions-overdue/" + ("" if number == 1 else f"page/{number}/")
        soup = site.soup(url)
        seen += [normal(h.get_text(" ")) for h in soup.find("main").select(".action__what")]
        assert soup.find("nav", class_="pagination").find("a", attrs={"aria-current": "page"})["href"] == url
    assert seen == [normal(r.action.we_will) for r in late]
    overview = site.soup("/accountability/")
    shown = [normal(h.get_text(" ")) for h in overview.find(id="actions-overdue").find_next("ol").select(".action__what")]
    assert shown == seen[:2]
    assert overview.find("a", href="/accountability/actions-overdue/")
    assert site.path("/accountability/results-overdue/").exists()


@pytest.mark.parametrize("settings, expected", [
    ({}, 20),
    ({"BROWSE": {"page_size": 7}}, 7),
    ({"BROWSE": {"page_size": 7}, "ACCOUNTABILITY": {"page_size": 3}}, 3),
])
def test_the_lists_page_like_browse_unless_set(settings, expected):
    from accountability.options import page_size

    assert page_size(settings) == expected


@pytest.mark.parametrize("settings, named", [
    ({"ACCOUNTABILITY": {"page_size": 0}}, "ACCOUNTABILITY['page_size']"),
    ({"ACCOUNTABILITY": {"size": 3}}, "ACCOUNTABILITY: unknown setting(s) size"),
    ({"BROWSE": {"page_size": True}}, "BROWSE['page_size']"),
])
def test_a_wrong_page_size_is_named(settings, named):
    from accountability.options import page_size
    from said_and_done.api import SettingsError

    with pytest.raises(SettingsError, match=re.escape(named)):
        page_size(settings)


# -- evaluations missing -----------------------------------------------------------------

def without_evaluation(tmp_path, cid: str):
    """A copy of the demo's data with consultation cid's evaluation block taken out."""
    import shutil

    from helpers.site import ROOT

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = data / "consultations" / f"{cid}.yaml"
    lines, kept, inside = path.read_text(encoding="utf-8").splitlines(keepends=True), [], False
    for line in lines:
        if line[:1].strip():
            inside = line.startswith("evaluation:")
        if not inside:
            kept.append(line)
    assert len(kept) < len(lines), f"{cid} has an evaluation to take out"
    path.write_text("".join(kept), encoding="utf-8")
    return data


DEMO_MISSING = "2024-stannerby-neighbourhood-policing-priorities"
MISSING = "2026-caddonmere-gp-access"  # results published 2026-06-18: 158 days before the demo's build date


def test_no_evaluation_long_after_the_results_is_a_warning_after_the_set_days(tmp_path, demo_register):
    from datetime import date

    from accountability.checks import evaluation_checks
    from helpers.site import DEMO_BUILD_DATE, ROOT
    from said_and_done.domain.records import load_register

    # The demo has one on purpose, so its pages show the list.
    assert [p.file for p in evaluation_checks(demo_register)] == [f"data/consultations/{DEMO_MISSING}.yaml"]
    data = without_evaluation(tmp_path, MISSING)

    register = load_register(data, ROOT / "content" / "outcomes", build_date=date.fromisoformat(DEMO_BUILD_DATE),
                             root=tmp_path)
    # Loading ran the check (a register_checks receiver) with the default, 90 days.
    found = [p for p in register.warnings if "ACCOUNTABILITY['evaluation_due_days']" in p.message]
    assert found == evaluation_checks(register)
    found = [p for p in found if MISSING in p.file]

    def warnings(settings):
        register.settings = settings
        return [p for p in evaluation_checks(register) if MISSING in p.file]

    assert len(found) == 1
    source = (data / "consultations" / f"{MISSING}.yaml").read_text(encoding="utf-8").splitlines()
    assert found[0].file == f"data/consultations/{MISSING}.yaml" and found[0].field == "outcome.published"
    assert source[found[0].line - 1].strip().startswith("published: 2026-06-18")
    assert "found none 158 days after 2026-06-18" in found[0].message
    assert len(warnings({"ACCOUNTABILITY": {"evaluation_due_days": 157}})) == 1
    assert warnings({"ACCOUNTABILITY": {"evaluation_due_days": 158}}) == []


@pytest.mark.parametrize("days", [0, -5, "90", True, 5000])
def test_a_wrong_evaluation_due_days_is_named(days):
    from accountability.options import evaluation_due_days
    from said_and_done.api import SettingsError

    with pytest.raises(SettingsError, match=re.escape("ACCOUNTABILITY['evaluation_due_days']")):
        evaluation_due_days({"ACCOUNTABILITY": {"evaluation_due_days": days}})


def test_evaluations_missing_are_listed_and_counted_by_partner(tmp_path):
    from helpers.site import ROOT, Site, build_site

    data = without_evaluation(tmp_path, MISSING)
    site = Site(build_site(tmp_path / "output", data=data))
    listed = site.soup("/accountability/evaluations-missing/").find("main")
    # Longest since the results first: the demo's own, then the one taken out here.
    assert [a["href"] for a in listed.select(".card__title a")] == [
        f"/consultations/{cid}/you-said-we-did/" for cid in (DEMO_MISSING, MISSING)]
    assert "results published 158 days ago" in normal(listed.get_text(" "))
    overview = site.soup("/accountability/")
    assert overview.find("a", href="#evaluations-missing").get_text() == "Evaluations missing (2)"
    leads = [yaml_lead(ROOT / "data" / "consultations" / f"{cid}.yaml") for cid in (DEMO_MISSING, MISSING)]
    table = overview.find(id="by-organisation").find_next("table")
    heads = [th.get_text(strip=True) for th in table.thead.find_all("th")]
    column = heads.index("Evaluations missing") - 1
    counts = {tr.th.a["href"]: tr.find_all("td")[column].get_text(strip=True) for tr in table.tbody.find_all("tr")}
    for lead in set(leads):
        assert counts.pop(f"/organisations/{lead}/") == str(leads.count(lead))
    assert set(counts.values()) == {"0"}


def yaml_lead(path) -> str:
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))["lead_organisation"]
