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


def redact(handbook: Handbook) -> Handbook:
    """A copy of ``handbook`` fit for a redacted build."""
    clients = {
        client_id: Entry(entry.id, entry.path, redact_client(entry.data))
        for client_id, entry in handbook.clients.items()
        if not entry.data.confidential
    }
    return Handbook(handbook.root, clients, dict(handbook.industries))
