"""Who sees what: audiences, redaction, and the personal data of people who left.

What an audience may not see is taken out of the loaded handbook before any page is
rendered, so it cannot reach pages, navigation, the search index, the sitemap, the
calendar feed or any other output.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, StrictBool

from ..format.model import PERSONAL_FIELDS, Client, Contact, DateKind
from .loader import Entry, Handbook, Withheld


class Audience(BaseModel):
    """One kind of reader, as the plugin's ``audiences`` option describes them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    personal_data: StrictBool = True
    """Contacts' email, phone, WeChat id and birthdays."""
    confidential: StrictBool = True
    """Clients marked ``confidential: true``."""
    clients: tuple[str, ...] | None = None
    """Only these clients (by id); every client when left out."""
    label: str | None = None
    """Who they are, in words (the pack's cover names its readers so): ``客户部全体同事``."""

    @property
    def sees_everything(self) -> bool:
        return self.personal_data and self.confidential and self.clients is None


EVERYTHING = Audience()
REDACTED = Audience(personal_data=False, confidential=False)
"""What ``redact: true`` and ``--redact`` build for."""


def has_personal_data(contact: Contact) -> bool:
    return any(getattr(contact, name) for name in PERSONAL_FIELDS)


def without_personal_data(client: Client, contact_ids: set[str] | None = None) -> Client:
    """The client without the personal fields and birthday dates of its contacts (of
    ``contact_ids`` only, when given; a birthday date of no contact goes with all)."""

    def mine(contact_id: str | None) -> bool:
        return contact_ids is None or contact_id in contact_ids

    contacts = [
        contact.model_copy(update=dict.fromkeys(PERSONAL_FIELDS)) if mine(contact.id) else contact
        for contact in client.contacts
    ]
    dates = [
        date
        for date in client.dates
        if date.kind is not DateKind.birthday or not mine(date.contact)
    ]
    return client.model_copy(update={"contacts": contacts, "dates": dates})


def redact_client(client: Client) -> Client:
    """The client without its contacts' personal fields and without birthday dates."""
    return without_personal_data(client)


def without_departed(handbook: Handbook, today: dt.date) -> Handbook:
    """The handbook without the personal data of contacts who left by ``today``.

    Whoever reads the site: a person who left keeps their name, role and history in the
    handbook, but their phone and birthday leave every build (and its calendar feed). What
    was withheld is listed in ``withheld``, for the health page to ask for its removal.
    """
    withheld: list[Withheld] = []
    clients = dict(handbook.clients)
    for client_id, entry in handbook.clients.items():
        gone = {
            contact.id: (index, contact)
            for index, contact in enumerate(entry.data.contacts)
            if contact.left is not None and contact.left <= today
        }
        linked = {d.contact for d in entry.data.dates if d.kind is DateKind.birthday}
        holding = {
            contact_id: (index, contact)
            for contact_id, (index, contact) in gone.items()
            if has_personal_data(contact) or contact_id in linked
        }
        if not holding:
            continue
        withheld += [
            Withheld(client_id, entry.path, index, contact.name, contact.left)  # type: ignore[arg-type]
            for index, contact in holding.values()
        ]
        clients[client_id] = Entry(
            entry.id, entry.path, without_personal_data(entry.data, set(holding))
        )
    if not withheld:
        return handbook
    return Handbook(handbook.root, clients, handbook.industries, tuple(withheld))


def for_audience(
    handbook: Handbook,
    audience: Audience,
    kept: dict[int, tuple[Client, Client]] | None = None,
) -> Handbook:
    """A copy of ``handbook`` with only what ``audience`` may see.

    ``kept`` (``serve`` keeps one across rebuilds) remembers each client's redacted copy
    by its source: an unchanged file gives the same copy, so its pages can be reused.
    """
    if audience.sees_everything:
        return handbook
    clients = {}
    for client_id, entry in handbook.clients.items():
        if not audience.confidential and entry.data.confidential:
            continue
        if audience.clients is not None and client_id not in audience.clients:
            continue
        data = entry.data
        if not audience.personal_data:
            hit = kept.get(id(entry.data)) if kept is not None else None
            if hit is not None and hit[0] is entry.data:
                data = hit[1]
            else:
                data = redact_client(entry.data)
                if kept is not None:
                    kept[id(entry.data)] = (entry.data, data)
        clients[client_id] = Entry(entry.id, entry.path, data)
    withheld = tuple(w for w in handbook.withheld if w.client_id in clients)
    return Handbook(handbook.root, clients, dict(handbook.industries), withheld)


def redact(handbook: Handbook, kept: dict[int, tuple[Client, Client]] | None = None) -> Handbook:
    """A copy of ``handbook`` fit for a redacted build (no personal data, no confidential
    client)."""
    return for_audience(handbook, REDACTED, kept)
