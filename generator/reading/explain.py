"""Turning pydantic's validation errors into messages an account manager can act on."""

from __future__ import annotations

from dataclasses import replace
from enum import Enum
from typing import Any

from pydantic import BaseModel, ValidationError

from ..format.fields import field_of
from ..format.labels import choice_term, field_term
from ..format.model import MONTH_DAY_PATTERN, SLUG_PATTERN, FormatValueError
from ..format.wording import Choices, Localized, Message, Term, did_you_mean, say
from .problems import Loc


def _record(model: type[BaseModel] | None, name: str) -> type[BaseModel] | None:
    """The part of the format field ``name`` of ``model`` holds, if it is one."""
    found = field_of(model, name) if model is not None else None
    return found.shape.record if found else None


def model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that holds the value at ``loc`` (whose keys are valid there)."""
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int):
            continue
        if current is None or part not in current.model_fields:
            return None
        current = _record(current, part)
    return current


def field_path(model: type[BaseModel], loc: Loc) -> Loc:
    """``loc`` without pydantic's internal parts (union member tags and the like)."""
    current: type[BaseModel] | None = model
    kept: list[str | int] = []
    expect_index = False
    for part in loc:
        if isinstance(part, int):
            if not expect_index:
                break
            kept.append(part)
            expect_index = False
            continue
        if current is None or part not in current.model_fields:
            # An unknown key is still part of the path; a union tag is not.
            if current is not None and not expect_index and len(kept) == len(loc) - 1:
                kept.append(part)
            break
        kept.append(part)
        found = field_of(current, part)
        expect_index = found is not None and found.shape.many
        current = _record(current, part)
    return tuple(kept)


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def found(value: Any) -> Message:
    """What a value was read as, for "expected …, got …"."""
    if value is None:
        return say("got_empty")
    if isinstance(value, bool):
        return say("got_bool", value=str(value).lower())
    if isinstance(value, int | float):
        return say("got_number", value=_number(value))
    if isinstance(value, dict):
        return say("got_mapping")
    if isinstance(value, list):
        return say("got_list")
    if hasattr(value, "isoformat"):
        return say("got_date", value=value.isoformat())
    text = str(value)
    return say("got_text", value=text if len(text) <= 60 else text[:57] + "...")


def field_labels(model: type[BaseModel]) -> dict[str, Localized]:
    """The form label of each field of ``model``, by field name."""
    return {name: field_label_of(model, name) for name in model.model_fields}


def field_label_of(model: type[BaseModel], name: str) -> Localized:
    return Localized((field_term(model.__name__, name),))


def field_label(model: type[BaseModel], loc: Loc) -> Localized | None:
    """How the form names the field at ``loc``: ``联系人 2 › 决策角色`` (items counted from 1)."""
    current: type[BaseModel] | None = model
    terms: list[Term] = []
    for part in loc:
        if isinstance(part, int):
            if terms:
                terms[-1] = replace(terms[-1], suffix=f"{terms[-1].suffix} {part + 1}")
            continue
        if current is None or part not in current.model_fields:
            if part != loc[-1] or not terms:
                return None  # not in the format: the field path says it as written
            terms.append(Term(part, None))
            break
        terms.append(field_term(current.__name__, part))
        current = _record(current, part)
    if not terms:
        return None
    return Localized(tuple(terms))


def enum_choices(enum: type[Enum]) -> Choices:
    """The allowed values of an enumeration of the format, with their labels."""
    return Choices(
        tuple(member.value for member in enum),
        tuple(Localized((choice_term(enum.__name__, member.value),)) for member in enum),
    )


def enum_at(model: type[BaseModel], loc: Loc) -> type[Enum] | None:
    parent = model_at(model, loc[:-1])
    name = loc[-1] if loc else None
    if parent is None or not isinstance(name, str):
        return None
    found = field_of(parent, name)
    return found.shape.choices if found else None


def message_for(model: type[BaseModel], error: dict[str, Any], loc: Loc) -> Message:
    """One pydantic error as a message: what was expected, what was found, how to fix it."""
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    name = str(loc[-1]) if loc else ""
    got = found(value)
    if kind == "missing":
        label = field_label(model, loc)
        return say("missing", name=name, label=label or name)
    if kind == "extra_forbidden":
        parent = model_at(model, loc[:-1])
        labels = field_labels(parent) if parent else {}
        hint = did_you_mean(name, labels, labels)
        if not hint:
            hint = say("allowed_here", names=Choices(tuple(labels), tuple(labels.values())))
        return say("unknown_field", name=name, hint=hint)
    if kind == "enum":
        enum = enum_at(model, loc)
        if enum is None:
            values = tuple(
                v.strip("'") for v in str(ctx.get("expected", "")).replace(" or ", ", ").split(", ")
            )
            choices = Choices(values)
        else:
            choices = enum_choices(enum)
        labels = dict(zip(choices.values, choices.labels, strict=False))
        return say(
            "not_one_of",
            choices=choices,
            got=got,
            hint=did_you_mean(str(value), choices.values, labels),
        )
    if kind == "literal_error" and name == "format":
        return say("future_format", value=value)
    if kind == "string_type":
        return say("not_text", got=got)
    if kind == "string_too_short":
        return say("empty_text")
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern")
        if pattern == SLUG_PATTERN:
            return say("bad_id", got=got)
        if pattern == MONTH_DAY_PATTERN:
            return say("bad_month_day", got=got)
        return say("no_pattern_match", got=got, pattern=pattern)
    if kind in (
        "date_type",
        "date_parsing",
        "date_from_datetime_parsing",
        "date_from_datetime_inexact",
    ):
        return say("bad_date", got=got)
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return say("not_whole_number", got=got)
    if kind in ("float_type", "float_parsing"):
        return say("not_number", got=got)
    if kind == "greater_than":
        return say("more_than", limit=_number(ctx.get("gt")), got=got)
    if kind == "greater_than_equal":
        return say("at_least", limit=_number(ctx.get("ge")), got=got)
    if kind in ("bool_type", "bool_parsing"):
        return say("not_bool", got=got)
    if kind == "list_type":
        return say("not_list", got=got)
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return say("not_mapping", got=got)
    if kind == "value_error":
        reason = ctx.get("error")
        if isinstance(reason, FormatValueError):
            return reason.message
        return say("unexpected_value", detail=str(reason or error["msg"]), got=got)
    return say("unexpected_value", detail=error["msg"], got=got)


def union_message(loc: Loc, error: dict[str, Any]) -> Message | None:
    """A single message for a field whose type is a union (several errors for one value)."""
    if loc and loc[-1] == "date":
        return say("date_or_month_day", got=found(error.get("input")))
    return None


def explain(model: type[BaseModel], exc: ValidationError) -> list[tuple[Loc, Message, bool]]:
    """Every error of ``exc`` as ``(field path, message, is_unknown_key)``, one per field."""
    grouped: dict[Loc, list[dict[str, Any]]] = {}
    for error in exc.errors(include_url=False):
        grouped.setdefault(field_path(model, tuple(error["loc"])), []).append(error)
    explained = []
    for loc, errors in grouped.items():
        if len(errors) > 1:
            message = union_message(loc, errors[0]) or message_for(model, errors[0], loc)
        else:
            message = message_for(model, errors[0], loc)
        explained.append((loc, message, errors[0]["type"] == "extra_forbidden"))
    return explained


def text_wanted_at(model: type[BaseModel], exc: ValidationError) -> list[Loc]:
    """The field paths where the format wants text and the file's value was read as another
    type (a number, a date): the loader then takes the value as it is written."""
    return [
        field_path(model, tuple(error["loc"]))
        for error in exc.errors(include_url=False)
        if error["type"] == "string_type" and error.get("input") is not None
    ]


def enum_values(model: type[BaseModel], name: str) -> list[str]:
    """Allowed values of an enum field, for messages and docs."""
    found = field_of(model, name)
    enum = found.shape.choices if found else None
    return [member.value for member in enum] if enum else []
