"""Turning pydantic's validation errors into messages an account manager can act on."""

from __future__ import annotations

import difflib
import typing
from enum import Enum
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import Loc
from .model import MONTH_DAY_PATTERN, SLUG_PATTERN


def did_you_mean(word: str, candidates: typing.Iterable[str]) -> str:
    """``"; did you mean `taboos`?"`` when a candidate is close, else ``""``."""
    matches = difflib.get_close_matches(str(word), sorted(set(candidates)), n=1, cutoff=0.6)
    return f"; did you mean `{matches[0]}`?" if matches else ""


def models_in(annotation: Any) -> list[type[BaseModel]]:
    """The model classes an annotation can hold (through Optional, list, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found.extend(models_in(arg))
    return found


def _enum_in(annotation: Any) -> type[Enum] | None:
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return annotation
    for arg in typing.get_args(annotation):
        found = _enum_in(arg)
        if found:
            return found
    return None


def model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that holds the value at ``loc`` (whose keys are valid there)."""
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int):
            continue
        if current is None or part not in current.model_fields:
            return None
        models = models_in(current.model_fields[part].annotation)
        current = models[0] if models else None
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
        annotation = current.model_fields[part].annotation
        origin = typing.get_origin(annotation)
        is_list = origin is list or any(
            typing.get_origin(a) is list for a in typing.get_args(annotation)
        )
        expect_index = is_list
        models = models_in(annotation)
        current = models[0] if models else None
    return tuple(kept)


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _kind(value: Any) -> str:
    if value is None:
        return "nothing (the value is empty)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (yes/no/true/false are read as true or false)"
    if isinstance(value, int | float):
        return f"the number {_number(value)}"
    if isinstance(value, dict):
        return "a mapping (key: value lines)"
    if isinstance(value, list):
        return "a list"
    if hasattr(value, "isoformat"):
        return f"the date {value.isoformat()}"
    text = str(value)
    return repr(text if len(text) <= 60 else text[:57] + "...")


def message_for(model: type[BaseModel], error: dict[str, Any]) -> str:
    """One pydantic error as a sentence: what was expected, what was found, how to fix it."""
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    loc: Loc = tuple(error["loc"])
    name = str(loc[-1]) if loc else ""
    got = _kind(value)
    if kind == "missing":
        return f"the required field `{name}` is missing"
    if kind == "extra_forbidden":
        parent = model_at(model, loc[:-1])
        known = parent.model_fields if parent else {}
        return (
            f"unknown key `{name}`"
            + did_you_mean(name, known)
            + ("" if did_you_mean(name, known) else f" (allowed here: {', '.join(known)})")
        )
    if kind == "enum":
        expected = ctx.get("expected", "")
        hint = did_you_mean(
            str(value), [v.strip("'") for v in str(expected).replace(" or ", ", ").split(", ")]
        )
        return f"expected one of {expected}, got {got}{hint}"
    if kind == "literal_error" and name == "format":
        return f"this file says format {value}; this Playbook reads format 1"
    if kind in ("string_type",):
        hint = (
            "; put the value in quotes"
            if isinstance(value, int | float | bool) or hasattr(value, "isoformat")
            else ""
        )
        return f"expected text, got {got}{hint}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern")
        if pattern == SLUG_PATTERN:
            return (
                f"expected an id of lowercase letters a-z, digits and hyphens, starting with a "
                f"letter or digit, at most 64 characters; got {got}"
            )
        if pattern == MONTH_DAY_PATTERN:
            return f'expected a yearly date "MM-DD" in quotes, e.g. "03-15"; got {got}'
        return f"got {got}, which does not match {pattern}"
    if kind in (
        "date_type",
        "date_parsing",
        "date_from_datetime_parsing",
        "date_from_datetime_inexact",
    ):
        return f"expected a date written YYYY-MM-DD, got {got}"
    if kind in ("float_type", "float_parsing", "int_type", "int_parsing"):
        return f"expected a number, got {got}"
    if kind == "greater_than":
        return f"must be more than {_number(ctx.get('gt'))}, got {got}"
    if kind == "greater_than_equal":
        return f"must be {_number(ctx.get('ge'))} or more, got {got}"
    if kind == "bool_type" or kind == "bool_parsing":
        return f"expected true or false, got {got}"
    if kind == "list_type":
        return f"expected a list (one `- item` per line), got {got}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected a mapping (`key: value` lines), got {got}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return f"{error['msg']} (got {got})"


def union_message(loc: Loc, error: dict[str, Any]) -> str | None:
    """A single message for a field whose type is a union (several errors for one value)."""
    if loc and loc[-1] == "date":
        return (
            'expected a date YYYY-MM-DD, or a yearly date "MM-DD" in quotes (e.g. "05-20"); '
            f"got {_kind(error.get('input'))}"
        )
    return None


def explain(model: type[BaseModel], exc: ValidationError) -> list[tuple[Loc, str, bool]]:
    """Every error of ``exc`` as ``(field path, message, is_unknown_key)``, one per field."""
    grouped: dict[Loc, list[dict[str, Any]]] = {}
    for error in exc.errors(include_url=False):
        grouped.setdefault(field_path(model, tuple(error["loc"])), []).append(error)
    explained = []
    for loc, errors in grouped.items():
        if len(errors) > 1:
            message = union_message(loc, errors[0]) or message_for(model, errors[0])
        else:
            message = message_for(model, errors[0])
        explained.append((loc, message, errors[0]["type"] == "extra_forbidden"))
    return explained


def enum_values(model: type[BaseModel], name: str) -> list[str]:
    """Allowed values of an enum field, for messages and docs."""
    enum = _enum_in(model.model_fields[name].annotation)
    return [member.value for member in enum] if enum else []
