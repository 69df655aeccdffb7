"""The YAML an import writes: new files laid out as the samples are, and existing files
changed only where the sheets change them, as a form save changes a file."""

from __future__ import annotations

import typing
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from ..format.fields import field_of
from ..reading.loader import values_of
from ..writing.edits import changed_text, same
from ..writing.texts import MODELS, FileKind, new_file_text


def _inner_model(model: type[BaseModel] | None, name: str) -> type[BaseModel] | None:
    """The part of the format field ``name`` of ``model`` holds (directly or in a list), if any."""
    found = field_of(model, name) if model is not None else None
    return found.shape.record if found else None


def _overlay(
    model: type[BaseModel],
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    covered: typing.Callable[[tuple[str, ...]], bool],
    path: tuple[str, ...],
) -> tuple[dict[str, Any], int]:
    """The file's values ``old`` with the sheets' ``new`` put in, and how many values that
    changes; a value the sheets had no column for stays as it is."""
    out = dict(old)
    changes = 0
    for name, info in model.model_fields.items():
        key_path = (*path, name)
        inner = _inner_model(model, name)
        default = None if info.is_required() else info.default
        before = old.get(name, default)
        if name in new:
            value = new[name]
            if same(before, value):
                continue  # also `confidential: false` in the sheet, absent in the file
            if inner and isinstance(value, dict) and isinstance(before, dict):
                out[name], count = _overlay(inner, before, value, covered, key_path)
                changes += count
            elif (
                inner
                and isinstance(value, list)
                and isinstance(before, list)
                and len(before) == len(value)
                and all(isinstance(v, dict) for v in (*value, *before))
            ):
                items = [
                    _overlay(inner, was, item, covered, key_path)
                    for was, item in zip(before, value, strict=True)
                ]
                out[name] = [item for item, _count in items]
                changes += sum(count for _item, count in items)
            else:
                out[name] = value
                changes += 1
        elif name in old and covered(key_path) and not same(before, default):
            del out[name]
            changes += 1
    return out, changes


def updated_text(
    kind: FileKind,
    data: Mapping[str, Any],
    language: str,
    text: str,
    covered: typing.Callable[[tuple[str, ...]], bool],
) -> tuple[str, int]:
    """The file's text with ``data``'s values put in; ``(text, number of values changed)``.

    ``covered(key path)``: whether the sheets had a column for it (else it is left alone).
    Written as a form save is (:func:`~generator.writing.edits.changed_text`): only the
    changed values' lines change."""
    model = MODELS[kind]
    old = values_of(text, model)
    if not isinstance(old, dict):
        return new_file_text(kind, data, language), 1
    wanted, changes = _overlay(model, old, data, covered, ())
    if not changes:
        return text, 0
    return changed_text(text, wanted, model), changes
