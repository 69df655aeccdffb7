"""``playbook forget``: a person's personal data out of the handbook's files.

The personal fields of one contact (email, phone, WeChat id, birthday) and the birthday
dates of their client that name them are removed from the file, in place: comments,
quotes and the rest of the layout stay, and what the agency knows of the person as a
contact (name, title, role, style, notes, history) stays too. The new text is checked in
the context of every other file before anything is written, and written atomically.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from ..editor.backend import write_all_or_none
from ..format.model import PERSONAL_FIELDS
from ..reading.loader import Handbook, load_handbook
from ..reading.personal_data import Person, PersonalValue, birthday_dates, personal_values
from ..spreadsheets.yaml_text import round_trip


@dataclass(frozen=True)
class Forgetting:
    """What forgetting one person changes: the values, and the file's new text."""

    person: Person
    values: list[PersonalValue]
    text: str


def plan(handbook: Handbook, person: Person) -> Forgetting:
    """The file of ``person``'s client without their personal data (nothing written)."""
    entry = handbook.clients[person.client_id]
    values = personal_values(entry, person)
    source = (handbook.root / entry.path).read_text("utf-8")
    if not values:
        return Forgetting(person, [], source)
    rt, document = round_trip(source)
    contact = document["contacts"][person.index]
    for name in PERSONAL_FIELDS:
        if name in contact:
            del contact[name]
    for i in reversed(birthday_dates(entry.data, person.contact.id)):
        del document["dates"][i]
    if "dates" in document and not document["dates"]:
        del document["dates"]
    out = io.StringIO()
    rt.dump(document, out)
    return Forgetting(person, values, out.getvalue())


def carry_out(root: Path, folders: dict[str, str], forgetting: Forgetting) -> None:
    """Check the new text with every other file, then write it (all or nothing)."""
    path = forgetting.person.path
    load_handbook(root, folders["client"], folders["industry"], pending={path: forgetting.text})
    write_all_or_none({root / path: forgetting.text})
