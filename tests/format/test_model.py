"""The model is the one source of the format: descriptions, enums, schema."""

from __future__ import annotations

import typing
from collections.abc import Iterator
from enum import Enum

import pytest
from pydantic import BaseModel

from generator.format.model import Client, Industry


def models_in(annotation: object) -> list[type[BaseModel]]:
    """The model classes an annotation holds (through Optional, list, Annotated).

    The tests' own walk over the annotations, apart from ``generator.format.fields``, so
    that a field that walk misses is caught here.
    """
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in typing.get_args(annotation) for model in models_in(arg)]


def all_models(model: type[BaseModel]) -> Iterator[type[BaseModel]]:
    seen: set[type[BaseModel]] = set()
    stack = [model]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        yield current
        for info in current.model_fields.values():
            stack.extend(models_in(info.annotation))


@pytest.mark.parametrize("root", [Client, Industry])
def test_every_field_is_described_in_every_language(root: type[BaseModel]) -> None:
    from generator.format.catalogs import DESCRIPTION, catalog
    from generator.format.wording import LANGUAGES

    for model in all_models(root):
        for name in model.model_fields:
            for language in LANGUAGES:
                words = catalog(language)
                assert words.has(f"{model.__name__}.{name}", DESCRIPTION), (
                    f"{model.__name__}.{name} has no description in {language}"
                )


@pytest.mark.parametrize("root", [Client, Industry])
def test_unknown_keys_are_refused_everywhere(root: type[BaseModel]) -> None:
    for model in all_models(root):
        assert model.model_config.get("extra") == "forbid", model.__name__


def test_contract_keys_are_all_there() -> None:
    """The keys of ../shared/client-format.md (format 1); the project may only add."""
    assert {
        "name",
        "aliases",
        "industry",
        "tier",
        "status",
        "since",
        "summary",
        "team",
        "profile",
        "contacts",
        "business",
        "preferences",
        "history",
        "projects",
        "lessons",
        "dates",
        "review",
        "confidential",
    } <= set(Client.model_fields)
    assert {
        "name",
        "summary",
        "trends",
        "regulations",
        "audiences",
        "channels",
        "pitfalls",
        "notes",
    } == set(Industry.model_fields) - {"format"}


def test_enums_are_translated() -> None:
    from generator.format.catalogs import CHOICE, catalog
    from generator.format.labels import Translator
    from generator.format.wording import LANGUAGES

    enums = {
        type(member)
        for model in all_models(Client)
        for info in model.model_fields.values()
        for member in _enum_members(info.annotation)
    }
    labelled = {key.split(".")[0] for key in catalog("en").keys(CHOICE)}
    assert {e.__name__ for e in enums} == labelled
    for enum in enums:
        for language in LANGUAGES:
            for member in enum:
                assert Translator(language).enum(member)


def _enum_members(annotation: object) -> list[Enum]:
    import typing

    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return list(annotation)
    return [m for arg in typing.get_args(annotation) for m in _enum_members(arg)]
