"""The personal data a handbook holds, person by person, each value with its place.

What a request under China's Personal Information Protection Law (个人信息保护法) asks an
agency for: which data of this person do you keep, and where. ``playbook privacy`` lists
it; ``playbook forget`` removes it (:mod:`generator.writing.forget`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..format.model import PERSONAL_FIELDS, Client, Contact, DateKind
from .loader import Entry, Handbook
from .problems import Loc, format_loc


@dataclass(frozen=True)
class Person:
    """A contact of one client."""

    client_id: str
    path: str
    index: int
    """Their place in the client's ``contacts``."""
    contact: Contact

    @property
    def label(self) -> str:
        """``client-id/contact-id``: names one person even where two share a name."""
        return f"{self.client_id}/{self.contact.id}"


@dataclass(frozen=True)
class PersonalValue:
    """One personal value, where it is, and whose (``None``: a birthday date that names no
    contact of its client)."""

    path: str
    loc: Loc
    value: str
    person: Person | None

    @property
    def field(self) -> str:
        return format_loc(self.loc)


def people(handbook: Handbook) -> Iterator[Person]:
    for client_id, entry in handbook.clients.items():
        for index, contact in enumerate(entry.data.contacts):
            yield Person(client_id, entry.path, index, contact)


def birthday_dates(client: Client, contact_id: str) -> list[int]:
    """Where in ``dates`` the client keeps this contact's birthday."""
    return [
        i
        for i, date in enumerate(client.dates)
        if date.kind is DateKind.birthday and date.contact == contact_id
    ]


def personal_values(entry: Entry[Client], person: Person) -> list[PersonalValue]:
    """Every personal value of ``person`` in their client's file, in the file's order."""
    values = [
        PersonalValue(
            entry.path,
            ("contacts", person.index, name),
            str(getattr(person.contact, name)),
            person,
        )
        for name in sorted(PERSONAL_FIELDS, key=list(Contact.model_fields).index)
        if getattr(person.contact, name)
    ]
    for i in birthday_dates(entry.data, person.contact.id):
        date = entry.data.dates[i]
        values.append(PersonalValue(entry.path, ("dates", i), f"{date.date} {date.title}", person))
    return values


def _unattributed(entry: Entry[Client]) -> list[PersonalValue]:
    """Birthday dates that name no contact of the client."""
    ids = {contact.id for contact in entry.data.contacts}
    return [
        PersonalValue(entry.path, ("dates", i), f"{date.date} {date.title}", None)
        for i, date in enumerate(entry.data.dates)
        if date.kind is DateKind.birthday and date.contact not in ids
    ]


def every_personal_value(handbook: Handbook) -> list[PersonalValue]:
    """Every personal value of every contact, then birthday dates that name no contact."""
    found = [
        value
        for person in people(handbook)
        for value in personal_values(handbook.clients[person.client_id], person)
    ]
    found += [value for entry in handbook.clients.values() for value in _unattributed(entry)]
    return found


def matching(handbook: Handbook, who: str) -> list[Person]:
    """The contacts ``who`` names: ``client-id/contact-id``, a contact's id, or a name."""
    client_id, _, contact_id = who.rpartition("/")
    return [
        person
        for person in people(handbook)
        if (client_id and person.client_id == client_id and person.contact.id == contact_id)
        or (not client_id and who in (person.contact.id, person.contact.name))
    ]
