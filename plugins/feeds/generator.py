"""Writes the Atom feeds: new consultations and new results, site-wide, per locality, topic and organisation;
and each consultation's "follow" feed and calendar, with the "Get email updates" addresses pages link to."""

from __future__ import annotations

from dataclasses import dataclass

from pelican.generators import Generator

from said_and_done.api import keep_or_write, keep_or_write_each, options_from, timed

from .atom import Feed, atom_bytes
from .entries import announced, consultation_entry, outcome_entry, published_results
from .follow import FollowLinks, calendar_path, feed_path, follow_calendar, follow_feed
from .options import email_signup, feed_options

ATOM_TYPE = "application/atom+xml"


@dataclass(frozen=True)
class Scope:
    """A set of consultations with its own pair of feeds: the site, a locality or an organisation."""

    page: str  # the page the feeds belong to, from the site root ("" is home)
    name: str  # for titles: "in Kestlebury", "by Moorland Homes"
    consultations: list

    @property
    def consultations_feed(self) -> str:
        return f"{self.page or 'feeds/'}consultations.atom.xml"

    @property
    def outcomes_feed(self) -> str:
        return f"{self.page or 'feeds/'}outcomes.atom.xml"


def scopes(register) -> list:
    by_locality = register.consultations_by("locality")  # area-wide ones are under every locality
    by_organisation = register.consultations_by("organisation")
    by_topic = register.consultations_by("topic")
    found = [Scope("", "", register.consultations)]
    found += [Scope(f"localities/{slug}/", f" in {place.name}", by_locality[slug]) for slug, place in register.localities.items()]
    found += [Scope(f"organisations/{slug}/", f" by {o.name}", by_organisation[slug])
              for slug, o in register.organisations.items()]
    found += [Scope(f"topics/{slug}/", f" about {t.name}", by_topic[slug]) for slug, t in register.topics.items()]
    return found


class FeedsGenerator(Generator):
    def generate_context(self):
        register = self.context["register"]
        self.options = feed_options(self.settings)
        self.public_url = options_from(self.settings).public_url
        self.scopes = scopes(register)
        # Which feeds exist, so pages can link to them (base.html, browse pages, the calendar).
        subscriptions = self.context.setdefault("subscriptions", {})
        site = self.context.setdefault("site_subscriptions", [])
        for scope in self.scopes:
            links = [
                {"title": f"New consultations{scope.name}", "url": scope.consultations_feed,
                 "type": ATOM_TYPE, "format": "Atom feed"},
                {"title": f"New results: you said, we did{scope.name}", "url": scope.outcomes_feed,
                 "type": ATOM_TYPE, "format": "Atom feed"},
            ]
            if scope.page:
                subscriptions.setdefault(scope.page, []).extend(links)
            else:
                site.extend(links)
        # Settings only, whatever the records: see FollowLinks.
        self.context["follow"] = FollowLinks(self.public_url, email_signup(self.settings))

    @timed("exports")
    def generate_output(self, writer):
        for scope in self.scopes:
            self._write_scope(scope)
        register = self.context["register"]
        partnership = self.context["partnership"]
        today = register.build_date
        # Two files a consultation, each a few milliseconds to make: made on every core.
        keep_or_write_each(self.settings, [
            output for c in register.consultations for output in (
                (feed_path(c), ["follow", c, partnership],
                 lambda c=c: follow_feed(c, self.public_url, partnership, today)),
                (calendar_path(c), ["follow", c, partnership],
                 lambda c=c: follow_calendar(c, self.public_url, partnership, today)),
            )])

    def _write_scope(self, scope: Scope) -> None:
        """A scope's two feeds, each kept when the last build made it from the same consultations."""
        register = self.context["register"]
        partnership = self.context["partnership"]
        limit = self.options.entries
        page = f"{self.public_url}/{scope.page}"
        new = announced(scope.consultations, register.build_date)[:limit]
        keep_or_write(self.settings, scope.consultations_feed, [scope.name, new], lambda: atom_bytes(Feed(
            id=f"{self.public_url}/{scope.consultations_feed}",
            title=f"New consultations{scope.name}: {partnership}",
            subtitle=f"Consultations{scope.name} by the {partnership} partners, newest announced first.",
            page=page, author=partnership,
            entries=tuple(consultation_entry(c, self.public_url) for c in new),
            fallback_updated=register.build_date,
        )))
        results = published_results(scope.consultations)[:limit]
        keep_or_write(self.settings, scope.outcomes_feed, [scope.name, results], lambda: atom_bytes(Feed(
            id=f"{self.public_url}/{scope.outcomes_feed}",
            title=f"You said, we did{scope.name}: {partnership}",
            subtitle=f"What people said and what was done{scope.name}, newest results first.",
            page=page, author=partnership,
            entries=tuple(outcome_entry(c, self.public_url) for c in results),
            fallback_updated=register.build_date,
        )))
