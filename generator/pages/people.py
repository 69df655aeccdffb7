"""The people directory: every client contact, with their account, role and reporting line."""

from __future__ import annotations

from . import places
from .places import GeneratedPage
from .site import Site


def pages(site: Site) -> list[GeneratedPage]:
    rows = []
    for entry in site.clients:
        names = {contact.id: contact.name for contact in entry.data.contacts}
        rows.extend(
            (entry, contact, names.get(contact.reports_to or "")) for contact in entry.data.contacts
        )
    return [
        site.page(
            places.PEOPLE, "people.md.j2", site.t("people"), site.t("people_intro"), rows=rows
        )
    ]
