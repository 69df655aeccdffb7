"""``playbook forget``: a person's personal data out of the handbook's files.

The personal fields of one contact (email, phone, WeChat id, birthday) and the birthday
dates of their client that name them are removed from the file, in place: comments,
quotes and the rest of the layout stay, and what the agency knows of the person as a
contact (name, title, role, style, notes, history) stays too. The new text is checked in
the context of every other file before anything is written, and written atomically,
through the one way to change the handbook's files.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..format.model import PERSONAL_FIELDS, Client
from ..reading.loader import Handbook, values_of
from ..reading.personal_data import Person, PersonalValue, birthday_dates, personal_values
from ..writing.edits import changed_text
from ..writing.files import HandbookFiles, Write


@dataclass(frozen=True)
class Forgetting:
    """What forgetting one person changes: the values, the file's new text, and the version
    of the file it was made from."""

    person: Person
    values: list[PersonalValue]
    text: str
    base: str


def plan(handbook: Handbook, person: Person, files: HandbookFiles) -> Forgetting:
    """The file of ``person``'s client without their personal data (nothing written).

    The change is applied to the file's own text as a form save is
    (:func:`~generator.writing.edits.changed_text`): each comment goes with its line."""
    entry = handbook.clients[person.client_id]
    values = personal_values(entry, person)
    stored = files.read(entry.path)
    if stored is None:
        raise FileNotFoundError(entry.path)
    if not values:
        return Forgetting(person, [], stored.text, stored.version)
    kept = values_of(stored.text, Client)
    assert isinstance(kept, dict)
    contact = kept["contacts"][person.index]
    for name in PERSONAL_FIELDS:
        contact.pop(name, None)
    birthdays = set(birthday_dates(entry.data, person.contact.id))
    kept["dates"] = [date for i, date in enumerate(kept.get("dates") or []) if i not in birthdays]
    if not kept["dates"]:
        del kept["dates"]  # no date left: the key goes too
    return Forgetting(person, values, changed_text(stored.text, kept, Client), stored.version)


def carry_out(files: HandbookFiles, forgetting: Forgetting) -> None:
    """Check the new text with every other file, then write it (all or nothing), from the
    version read: a save in the form meanwhile is never overwritten."""
    files.change({forgetting.person.path: Write(forgetting.text, forgetting.base)})
