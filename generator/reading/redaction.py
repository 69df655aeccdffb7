"""Builds for wider audiences: no personal data, no confidential clients.

A redacted handbook is made before any page is rendered, so what it leaves out
cannot reach pages, navigation, the search index, the sitemap or any other output.
"""

from __future__ import annotations

from ..format.model import PERSONAL_FIELDS, Client, DateKind
from .loader import Entry, Handbook


def redact_client(client: Client) -> Client:
    """The client without its contacts' personal fields and without birthday dates."""
    contacts = [
        contact.model_copy(update=dict.fromkeys(PERSONAL_FIELDS)) for contact in client.contacts
    ]
    dates = [date for date in client.dates if date.kind is not DateKind.birthday]
    return client.model_copy(update={"contacts": contacts, "dates": dates})


def redact(handbook: Handbook, kept: dict[int, tuple[Client, Client]] | None = None) -> Handbook:
    """A copy of ``handbook`` fit for a redacted build.

    ``kept`` (``serve`` keeps one across rebuilds) remembers each client's redacted copy
    by its source: an unchanged file gives the same copy, so its pages can be reused.
    """
    clients = {}
    for client_id, entry in handbook.clients.items():
        if entry.data.confidential:
            continue
        hit = kept.get(id(entry.data)) if kept is not None else None
        if hit is not None and hit[0] is entry.data:
            redacted = hit[1]
        else:
            redacted = redact_client(entry.data)
            if kept is not None:
                kept[id(entry.data)] = (entry.data, redacted)
        clients[client_id] = Entry(entry.id, entry.path, redacted)
    return Handbook(handbook.root, clients, dict(handbook.industries))
