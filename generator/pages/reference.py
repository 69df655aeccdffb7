"""The format reference, generated from the model: every field, its type, its meaning.

Nothing here is a second copy of the format: names, types, requiredness, allowed
values are read from the pydantic model, descriptions and examples from the catalogs.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from ..format.fields import Field, Kind, Shape, fields_of, parts_of
from ..format.labels import Translator, label_key
from ..format.model import MONTH_DAY_PATTERN, SLUG_PATTERN, Client, Industry


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


_PATTERN_WORDS = {
    MONTH_DAY_PATTERN: (label_key("ref_month_day"), '"05-20"'),
    SLUG_PATTERN: (label_key("ref_id"), "zhang-san"),
}


def _one(shape: Shape, t: Translator) -> tuple[str, tuple[str, ...], str]:
    """(type in words, allowed values, example) of one value of ``shape``."""
    kind = shape.kind
    if kind is Kind.date_or_month_day:
        return t("ref_date") + t("ref_or") + t("ref_month_day"), (), "2026-03-01"
    if kind is Kind.constant:
        return t("ref_number"), (str(shape.constant),), str(shape.constant)
    if kind is Kind.record and shape.record is not None:
        return t("ref_mapping", name=shape.record.__name__), (), "…"
    if kind is Kind.choice and shape.choices is not None:
        values = tuple(member.value for member in shape.choices)
        return t("ref_one_of"), values, values[0]
    if kind is Kind.date:
        return t("ref_date"), (), "2026-03-01"
    if kind is Kind.bool:
        return t("ref_bool"), ("true", "false"), "false"
    if kind is Kind.number:
        return (t("ref_whole_number") if shape.whole else t("ref_number")), (), "4"
    if shape.pattern in _PATTERN_WORDS:
        words, example = _PATTERN_WORDS[shape.pattern]
        return t(words), (), example
    return (t("ref_markdown") if kind is Kind.markdown else t("ref_text")), (), ""


def _kind(shape: Shape, t: Translator) -> tuple[str, tuple[str, ...], str]:
    words, allowed, example = _one(shape, t)
    if shape.many:
        return t("ref_list_of", inner=words), allowed, f"[{example}]"
    return words, allowed, example


def _example(each: Field, language: str, fallback: str) -> str:
    example = each.example(language)
    if example is not None:
        return example
    name = each.name
    if name == "industry":
        return "fmcg"
    if name == "website":
        return "https://www.example.com"
    if name == "currency":
        return "CNY"
    return fallback


def sections(language: str) -> list[ModelSection]:
    """The whole format, file by file, part by part."""
    t = Translator(language)
    result = []
    for root, title in ((Client, "clients/<id>.yaml"), (Industry, "industries/<id>.yaml")):
        for path, model in parts_of(root):
            rows = []
            for each in fields_of(model):
                kind, allowed, example = _kind(each.shape, t)
                rows.append(
                    FieldRow(
                        each.name,
                        kind,
                        each.required,
                        allowed,
                        each.description(language),
                        _example(each, language, example),
                    )
                )
            result.append(ModelSection(f"{title} › {path}" if path else title, model, tuple(rows)))
    return result
