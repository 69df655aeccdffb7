"""The handbook's words: one gettext catalog per language, read through Babel.

``generator/locales/<locale>/LC_MESSAGES/playbook.po`` holds every word a person reads
(``zh``, ``en``, ``zh_Hant``). The msgids are keys, written literally where the code or a
template uses them so that Babel's extractor finds them (``catalog_tools.py``); the
msgctxt says what kind of word a key is:

- none: a label of the pages, the form and the PDF (``t("accounts")``, ``label.accounts``);
- ``message``: a message a person acts on (``say("got_empty")``), chosen by its ``count``
  value when it has plural forms (``msgid_plural``, the header's ``Plural-Forms``);
- ``field``, ``choice``, ``description``, ``example``: a field's form label where it is not
  its page label, an allowed value's label, a field's meaning and its example in the format
  reference, keyed ``Model.field`` or ``Enum.value`` (read from the model, not extracted).

Texts are ``str.format`` templates (``{name}``). Each catalog is read once per process.
"""

from __future__ import annotations

import functools
import gettext
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po

LOCALES = Path(__file__).resolve().parents[1] / "locales"
DOMAIN = "playbook"

LABEL = ""
MESSAGE = "message"
FIELD = "field"
CHOICE = "choice"
DESCRIPTION = "description"
EXAMPLE = "example"
CONTEXTS = (MESSAGE, LABEL, FIELD, CHOICE, DESCRIPTION, EXAMPLE)


def locale_name(language: str) -> str:
    """The catalog's folder for a language code: ``zh-Hant`` → ``zh_Hant``."""
    return language.replace("-", "_")


def catalog_path(language: str) -> Path:
    return LOCALES / locale_name(language) / "LC_MESSAGES" / f"{DOMAIN}.po"


@dataclass(frozen=True)
class Catalog:
    """One language's words: ``(context, key)`` → text, or its plural forms."""

    language: str
    texts: dict[tuple[str, str], str | tuple[str, ...]]
    plural_index: Callable[[int], int]
    """Which plural form a count takes (the header's ``Plural-Forms``)."""

    def text(self, key: str, context: str = LABEL) -> str:
        """The text of ``key``; a key with plural forms gives its first. Unknown: ``KeyError``."""
        found = self.texts[context, key]
        return found if isinstance(found, str) else found[0]

    def form(self, key: str, context: str, count: int | None) -> str:
        """The text of ``key``; for a key with plural forms, the form ``count`` takes."""
        found = self.texts[context, key]
        if isinstance(found, str):
            return found
        if count is None:
            raise KeyError(f"{key!r} has plural forms: it needs a count")
        return found[self.plural_index(int(count))]

    def has(self, key: str, context: str = LABEL) -> bool:
        return (context, key) in self.texts

    def keys(self, context: str = LABEL) -> list[str]:
        """The keys of one context, in the catalog's order."""
        return [key for each, key in self.texts if each == context]


@functools.cache
def catalog(language: str) -> Catalog:
    """The catalog of ``language`` (read once per process)."""
    path = catalog_path(language)
    if not path.is_file():
        raise ValueError(f"no catalog for the language {language!r} ({path})")
    with path.open("rb") as file:
        po = read_po(file, domain=DOMAIN, abort_invalid=True)
    texts: dict[tuple[str, str], str | tuple[str, ...]] = {}
    for message in po:
        if not message.id:
            continue  # the header
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        texts[message.context or LABEL, key] = (
            tuple(message.string) if isinstance(message.string, tuple) else message.string
        )
    return Catalog(language, texts, gettext.c2py(po.plural_expr))
