"""The one walk over the format's types: what kind of value each field holds.

Every tool that derives something from the model — the form editor's widgets, the
workbook's columns, the format reference, the loader's explanations, the importer's key
order — reads a field's shape here instead of taking Python's type annotations apart on
its own. A new kind of field is taught to the tools in one place: :func:`shape_of`.
"""

from __future__ import annotations

import datetime as dt
import functools
import types
import typing
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .catalogs import DESCRIPTION, EXAMPLE, catalog
from .model import MONTH_DAY_PATTERN, Client, Industry, is_markdown, text_pattern


class Kind(StrEnum):
    """What one value of a field is."""

    text = "text"
    markdown = "markdown"
    date = "date"
    date_or_month_day = "date_or_month_day"
    """A full date, or a yearly ``MM-DD`` (an important date)."""
    number = "number"
    bool = "bool"
    choice = "choice"
    """One of an enumeration's values."""
    record = "record"
    """A nested part of the format with fields of its own (a project's budget)."""
    constant = "constant"
    """A value fixed by the format (``format: 1``)."""


class UnknownType(TypeError):
    """A field whose type no tool knows yet: teach it to :func:`shape_of`."""


@dataclass(frozen=True)
class Shape:
    """A field's value as the tools see it."""

    kind: Kind
    many: bool = False
    """A list of such values."""
    optional: bool = False
    """``X | None``: the key may be left out even where the model gives no default."""
    pattern: str | None = None
    """The regular expression a text matches (ids, ``MM-DD``, currency codes)."""
    choices: type[Enum] | None = None
    record: type[BaseModel] | None = None
    constant: object = None
    minimum: float | None = None
    exclusive_minimum: bool = False
    whole: bool = False
    """A number without a fractional part (a count of days)."""


@dataclass(frozen=True)
class Field:
    """One field of a part of the format."""

    owner: type[BaseModel]
    name: str
    info: FieldInfo
    shape: Shape

    @property
    def required(self) -> bool:
        return self.info.is_required()

    def description(self, language: str) -> str:
        """What the field means, in ``language`` (the catalogs' ``description``)."""
        return catalog(language).text(f"{self.owner.__name__}.{self.name}", DESCRIPTION)

    def example(self, language: str) -> str | None:
        """The field's example in the format reference, if the catalogs give one."""
        words, key = catalog(language), f"{self.owner.__name__}.{self.name}"
        return words.text(key, EXAMPLE) if words.has(key, EXAMPLE) else None


def _without_none(annotation: Any) -> tuple[Any, bool]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = typing.get_args(annotation)
        rest = tuple(a for a in args if a is not type(None))
        if len(rest) == 1:
            return rest[0], len(rest) != len(args)
    return annotation, False


def _base(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _minimum(info: FieldInfo) -> tuple[float | None, bool]:
    for bound in info.metadata:
        if getattr(bound, "ge", None) is not None:
            return bound.ge, False
        if getattr(bound, "gt", None) is not None:
            return bound.gt, True
    return None, False


def shape_of(info: FieldInfo) -> Shape:
    """The shape of a field, from its annotation and pydantic's metadata."""
    annotation, optional = _without_none(info.annotation)
    many = typing.get_origin(annotation) is list
    if many:
        annotation, _ = _without_none(typing.get_args(annotation)[0])
    with_meta = annotation
    if info.metadata and not many:  # pydantic moves a field's own constraints out of its type
        with_meta = typing.Annotated[(annotation, *info.metadata)]  # type: ignore[valid-type]
    pattern = text_pattern(with_meta)
    base = _base(annotation)
    common: dict[str, Any] = {"many": many, "optional": optional}
    if typing.get_origin(base) in (typing.Union, types.UnionType):
        members = typing.get_args(base)
        if dt.date in members and any(text_pattern(m) == MONTH_DAY_PATTERN for m in members):
            return Shape(Kind.date_or_month_day, **common)
        raise UnknownType(info.annotation)
    if typing.get_origin(base) is typing.Literal:
        return Shape(Kind.constant, constant=typing.get_args(base)[0], **common)
    if isinstance(base, type) and issubclass(base, BaseModel):
        return Shape(Kind.record, record=base, **common)
    if isinstance(base, type) and issubclass(base, Enum):
        return Shape(Kind.choice, choices=base, **common)
    if base is dt.date:
        return Shape(Kind.date, **common)
    if base is bool:
        return Shape(Kind.bool, **common)
    if base in (float, int):
        minimum, exclusive = _minimum(info)
        return Shape(
            Kind.number,
            minimum=minimum,
            exclusive_minimum=exclusive,
            whole=base is int,
            **common,
        )
    if base is str:
        markdown = is_markdown(FieldInfo(annotation=annotation)) or (not many and is_markdown(info))
        if markdown:
            return Shape(Kind.markdown, **common)
        return Shape(Kind.text, pattern=pattern, **common)
    raise UnknownType(info.annotation)


@functools.cache
def fields_of(model: type[BaseModel]) -> tuple[Field, ...]:
    """The fields of one part of the format, in the format's order."""
    return tuple(
        Field(model, name, info, shape_of(info)) for name, info in model.model_fields.items()
    )


def field_of(model: type[BaseModel], name: str) -> Field | None:
    """One field of ``model`` by name, if it has it."""
    for found in fields_of(model):
        if found.name == name:
            return found
    return None


def parts_of(root: type[BaseModel], path: str = "") -> list[tuple[str, type[BaseModel]]]:
    """``root`` and every part nested in it, each with the dotted key path that leads there."""
    found = [(path, root)]
    for each in fields_of(root):
        if each.shape.record is not None:
            found += parts_of(each.shape.record, f"{path}.{each.name}" if path else each.name)
    return found


def all_models() -> list[type[BaseModel]]:
    """Every part of the format, each once: the client file's, then the industry file's."""
    models: list[type[BaseModel]] = []
    for root in (Client, Industry):
        for _, model in parts_of(root):
            if model not in models:
                models.append(model)
    return models
