"""The format reference, generated from the model: every field, its type, its meaning.

Nothing here is a second copy of the format: names, types, requiredness, allowed
values and descriptions (both languages) are read from the pydantic model.
"""

from __future__ import annotations

import datetime as dt
import typing
from dataclasses import dataclass
from enum import Enum
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..format.labels import Translator
from ..format.model import (
    FIELD_EXAMPLES,
    MONTH_DAY_PATTERN,
    SLUG_PATTERN,
    Client,
    Industry,
    is_markdown,
)


@dataclass(frozen=True)
class FieldRow:
    """One field as the reference shows it."""

    key: str
    type: str
    required: bool
    allowed: tuple[str, ...]
    meaning: str
    example: str


@dataclass(frozen=True)
class ModelSection:
    """One part of the format (a file, or a mapping inside one) and its fields."""

    path: str
    model: type[BaseModel]
    rows: tuple[FieldRow, ...]


def _constraints(info: FieldInfo, annotation: Any) -> str:
    return repr(info.metadata) + repr(getattr(annotation, "__metadata__", ""))


def _kind(info: FieldInfo, annotation: Any, t: Translator) -> tuple[str, tuple[str, ...], str]:
    """(type in words, allowed values, example) of an annotation."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        text = _constraints(info, annotation)
        if MONTH_DAY_PATTERN in text:
            return t("ref_month_day"), (), '"05-20"'
        if SLUG_PATTERN in text:
            return t("ref_id"), (), "zhang-san"
        return _kind(info, args[0], t)
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        options = [a for a in args if a is not type(None)]
        kinds = [_kind(info, a, t) for a in options]
        return (
            t("ref_or").join(k[0] for k in kinds),
            tuple(v for k in kinds for v in k[1]),
            kinds[0][2],
        )
    if origin is list:
        inner, allowed, example = _kind(info, args[0], t)
        return t("ref_list_of", inner=inner), allowed, f"[{example}]"
    if origin is typing.Literal:
        return t("ref_number"), tuple(str(a) for a in args), str(args[0])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return t("ref_mapping", name=annotation.__name__), (), "…"
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        values = tuple(member.value for member in annotation)
        return t("ref_one_of"), values, values[0]
    if annotation is dt.date:
        return t("ref_date"), (), "2026-03-01"
    if annotation is bool:
        return t("ref_bool"), ("true", "false"), "false"
    if annotation is float:
        return t("ref_number"), (), "4"
    text = _constraints(info, annotation)
    if MONTH_DAY_PATTERN in text:
        return t("ref_month_day"), (), '"05-20"'
    if SLUG_PATTERN in text:
        return t("ref_id"), (), "zhang-san"
    return (t("ref_markdown") if is_markdown(info) else t("ref_text")), (), ""


def _example(model: type[BaseModel], name: str, fallback: str) -> str:
    example = FIELD_EXAMPLES.get(f"{model.__name__}.{name}")
    if example is not None:
        return example
    if name == "industry":
        return "fmcg"
    if name == "website":
        return "https://www.example.com"
    if name == "currency":
        return "CNY"
    return fallback


def _models(root: type[BaseModel], path: str) -> list[tuple[str, type[BaseModel]]]:
    """``root`` and every model nested in it, with the key path that leads there."""
    from ..reading.explain import models_in

    found = [(path, root)]
    for name, info in root.model_fields.items():
        for model in models_in(info.annotation):
            found += _models(model, f"{path}.{name}" if path else name)
    return found


def sections(language: str) -> list[ModelSection]:
    """The whole format, file by file, part by part."""
    t = Translator(language)
    description = "description" if language == "en" else "description_zh"
    result = []
    for root, title in ((Client, "clients/<id>.yaml"), (Industry, "industries/<id>.yaml")):
        for path, model in _models(root, ""):
            rows = []
            for name, info in model.model_fields.items():
                kind, allowed, example = _kind(info, info.annotation, t)
                extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
                meaning = info.description if language == "en" else str(extra.get(description, ""))
                rows.append(
                    FieldRow(
                        name,
                        kind,
                        info.is_required(),
                        allowed,
                        meaning or "",
                        _example(model, name, example),
                    )
                )
            result.append(ModelSection(f"{title} › {path}" if path else title, model, tuple(rows)))
    return result
