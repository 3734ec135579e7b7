"""What /get-involved/ and the locality and organisation pages show of the standing groups."""

from __future__ import annotations

from dataclasses import dataclass

from said_and_done.api import join_names

from .load import KINDS


@dataclass(frozen=True)
class GroupCard:
    slug: str
    name: str
    kind: str  # as people read it: "Youth council"
    partner: str  # the organisation's name
    partner_url: str
    where: str  # "The whole area", or the localities' names
    about: str
    how_to_join: str
    meets: str
    contact_name: str
    email: str
    phone: str
    url: str
    page_url: str = "get-involved/"  # where the card's full entry is: /get-involved/#<slug>


def card(group, register) -> GroupCard:
    contact = dict(group.contact)
    where = ("The whole area" if group.area_wide
             else join_names([register.localities[slug] for slug in group.localities]))
    return GroupCard(slug=group.slug, name=group.name, kind=KINDS[group.kind],
                     partner=register.organisations[group.partner].name,
                     partner_url=f"organisations/{group.partner}/", where=where, about=group.about,
                     how_to_join=group.how_to_join, meets=group.meets, contact_name=contact["name"],
                     email=contact.get("email", ""), phone=contact.get("phone", ""), url=contact.get("url", ""))


def groups_by_page(groups, register) -> dict:
    """{page address: [GroupCard]} for each locality page (its groups and the area-wide ones)
    and each organisation page (the groups it runs)."""
    cards = {g.slug: card(g, register) for g in groups}
    found: dict = {}
    for slug in register.localities:
        here = [cards[g.slug] for g in groups if g.area_wide or slug in g.localities]
        if here:
            found[f"localities/{slug}/"] = here
    for slug in register.organisations:
        here = [cards[g.slug] for g in groups if g.partner == slug]
        if here:
            found[f"organisations/{slug}/"] = here
    return found
