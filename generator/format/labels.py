"""Every label the generated pages, the form and the PDF show, in the handbook's language.

The words are the catalogs' (``catalogs.py``). Templates never hold words of their own:
they use ``label.key`` (or ``t("key", **values)``) for a label and ``value | te`` for an
allowed value of the format.
"""

from __future__ import annotations

import functools
from enum import Enum
from types import SimpleNamespace

from .catalogs import CHOICE, FIELD, LABEL, catalog
from .wording import LANGUAGES, SOURCE_LANGUAGE, Term


def label_key(key: str) -> str:
    """Marks a label's key kept for later (``t(key)``), so that extraction finds it."""
    return key


def field_term(model: str, name: str) -> Term:
    """How the form names field ``name`` of ``model`` (a class name): its own label
    (``field`` context, ``Model.name``), else the page label of that name, else the name."""
    words = catalog(SOURCE_LANGUAGE)
    if words.has(f"{model}.{name}", FIELD):
        return Term(f"{model}.{name}", FIELD)
    if words.has(name, LABEL):
        return Term(name)
    return Term(name, None)


def choice_term(enum_name: str, value: str) -> Term:
    """The label of an allowed value of the format (``choice`` context, ``Enum.value``)."""
    return Term(f"{enum_name}.{value}", CHOICE)


class Translator:
    """Labels of one language; an unknown key is a bug and raises ``KeyError``."""

    def __init__(self, language: str):
        if language not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
        self.language = language
        self.catalog = catalog(language)

    @functools.cached_property
    def labels(self) -> SimpleNamespace:
        """Every label as an attribute, for templates: ``{{ label.contacts }}``.

        Cheaper than a call of ``t("contacts")`` in Jinja, which matters at thousands of
        pages; ``t(key, **values)`` remains for labels with values to fill in.
        """
        return SimpleNamespace(**self.texts())

    def texts(self) -> dict[str, str]:
        """Every label by its key, in the catalog's order (the form's scripts get them)."""
        return {key: self.catalog.text(key) for key in self.catalog.keys(LABEL)}

    def __call__(self, key: str, **values: object) -> str:
        text = self.catalog.text(key)
        return text.format(**values) if values else text

    def field(self, model: str, name: str) -> str:
        """The form label of a field of the format (``model`` is the class name)."""
        term = field_term(model, name)
        if term.context is None:
            raise KeyError(f"no label for the field {model}.{name}")
        return term.text(self.language)

    def enum_options(self, enum: type[Enum]) -> list[tuple[str, str]]:
        """``(value, label)`` of every allowed value of an enumeration of the format."""
        return [(member.value, self.enum(member)) for member in enum]

    def enum(self, value: Enum | None) -> str:
        """The label of one allowed value of the format (``""`` for none)."""
        if value is None:
            return ""
        return self.catalog.text(f"{type(value).__name__}.{value.value}", CHOICE)
