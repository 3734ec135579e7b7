"""Writes /calendar/, a page for each month, and the .ics calendars: the whole register, each locality, each organisation."""

from __future__ import annotations

from pathlib import Path

from pelican.generators import Generator

from said_and_done.api import (
    BuildCache,
    PageBatch,
    current_output,
    keep_or_write,
    options_from,
    paginate,
    timed,
    version_of,
)

from .ics import EventCache, calendar_bytes
from .months import CALENDAR_URL, month_entries, month_pages, month_year, overview
from .options import calendar_options

ICS = "text/calendar"


def locality_calendar_url(slug: str) -> str:
    return f"localities/{slug}/calendar.ics"


def organisation_calendar_url(slug: str) -> str:
    return f"organisations/{slug}/calendar.ics"


class CalendarGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.env.filters["month_year"] = month_year

    def generate_context(self):
        register = self.context["register"]
        self.options = calendar_options(self.settings)  # a mistake in CALENDAR stops the build before anything is written
        self.public_url = options_from(self.settings).public_url
        partnership = self.context["partnership"]
        # Which calendars exist, so pages can offer them (browse reads these).
        site = {"title": f"All {partnership} consultations as a calendar", "url": "calendar.ics",
                "type": ICS, "format": "iCalendar, .ics"}
        self.context.setdefault("site_subscriptions", []).append(site)
        subscriptions = self.context.setdefault("subscriptions", {})
        for place in register.localities.values():
            subscriptions.setdefault(f"localities/{place.slug}/", []).append(
                {"title": f"Consultations in {place.name} as a calendar", "url": locality_calendar_url(place.slug),
                 "type": ICS, "format": "iCalendar, .ics"})
        for o in register.organisations.values():
            subscriptions.setdefault(f"organisations/{o.slug}/", []).append(
                {"title": f"Consultations {o.name} leads or is a partner in, as a calendar",
                 "url": organisation_calendar_url(o.slug), "type": ICS, "format": "iCalendar, .ics"})

    @timed("exports")
    def generate_output(self, writer):
        register = self.context["register"]
        partnership = self.context["partnership"]
        months = month_pages(register.consultations, register.build_date)
        with PageBatch(self, writer) as pages:
            pages.add(CALENDAR_URL + "index.html", "calendar", calendar=overview(months, register.build_date))
            size = self.options.month_page_size
            for month in months:
                # Each page is given the month without its list, and its own share of the
                # list: an edit renders only the pages whose share changed.
                heading = month.heading()
                for page in paginate(month_entries(month.consultations), size, month.url):
                    pages.add(page.save_as, "calendar_month", month=heading, page=page)

        cache_path = self.settings.get("CACHE_PATH")
        kept = BuildCache(Path(cache_path) if cache_path else None, "calendar-events",
                          version_of(sorted(Path(__file__).parent.glob("*.py")), ("icalendar",)))
        store = current_output(self.settings)
        events = EventCache(self.public_url, register.build_date, kept, store.fingerprint)

        def ics(name, consultations, title, description):
            # A calendar none of whose consultations changed is kept from the last build.
            keep_or_write(self.settings, name, [title, description, consultations],
                          lambda: calendar_bytes(consultations, name=title, description=description, events=events))

        ics("calendar.ics", register.consultations, f"{partnership} consultations",
            f"Every consultation by the {partnership} partners, from the day it opens to the day it closes.")
        by_locality = register.consultations_by("locality")  # area-wide ones are under every locality
        by_organisation = register.consultations_by("organisation")
        for slug, place in register.localities.items():
            ics(locality_calendar_url(slug), by_locality[slug], f"Consultations in {place.name}",
                f"Consultations in {place.name}, including those for the whole {partnership} area.")
        for slug, o in register.organisations.items():
            ics(organisation_calendar_url(slug), by_organisation[slug], f"{o.name} consultations",
                f"Consultations {o.name} leads or is a partner in.")
        kept.save()
