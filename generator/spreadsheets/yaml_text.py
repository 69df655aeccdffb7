"""The YAML an import writes: new files laid out as the samples are, and existing files
changed only where the sheets change them (comments and layout kept, through ruamel)."""

from __future__ import annotations

import datetime as dt
import io
import typing
from collections.abc import Mapping
from enum import Enum
from typing import Any

import yaml
from pydantic import BaseModel
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from ..format.fields import field_of
from ..reading.loader import values_of
from ..writing.edits import round_trip
from ..writing.texts import MODELS, FileKind, new_file_text, ordered

_STR = "tag:yaml.org,2002:str"


def _inner_model(model: type[BaseModel] | None, name: str) -> type[BaseModel] | None:
    """The part of the format field ``name`` of ``model`` holds (directly or in a list), if any."""
    found = field_of(model, name) if model is not None else None
    return found.shape.record if found else None


def _norm(value: Any) -> Any:
    """A value compared as the loader sees it (``'2024-01-01'`` = the date, ``30`` = ``30.0``)."""
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items() if v not in (None, [], {})}
    if isinstance(value, list):
        return [_norm(v) for v in value]
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, Enum):
        return value.value
    return value


_RESOLVER = yaml.resolver.Resolver()


def _rt(value: Any, model: type[BaseModel] | None) -> Any:
    """A value for ruamel's round trip, written so that PyYAML (YAML 1.1) reads it back the same."""
    if isinstance(value, dict):
        out = CommentedMap()
        for key, item in (ordered(model, value) if model else value).items():
            out[key] = _rt(item, _inner_model(model, key))
        return out
    if isinstance(value, list):
        seq = CommentedSeq()
        seq.extend(_rt(item, model) for item in value)
        return seq
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        if "\n" in value:
            return LiteralScalarString(value)
        if _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) != _STR:
            return DoubleQuotedScalarString(value)  # `yes`, `10:00`, `2024-01-01` stay text
    return value


def _merge(
    model: type[BaseModel],
    target: CommentedMap,
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    covered: typing.Callable[[tuple[str, ...]], bool],
    path: tuple[str, ...],
) -> int:
    """Change ``target`` (the file, round trip) where ``new`` differs from ``old``; count changes."""
    changes = 0
    order = list(model.model_fields)
    for name in order:
        key_path = (*path, name)
        inner = _inner_model(model, name)
        info = model.model_fields[name]
        default = None if info.is_required() else info.default
        if name in new:
            value = new[name]
            if _norm(old.get(name, default)) == _norm(value):
                continue  # also `confidential: false` in the sheet, absent in the file
            current = target.get(name)
            if inner and isinstance(value, dict) and isinstance(current, CommentedMap):
                changes += _merge(inner, current, old.get(name) or {}, value, covered, key_path)
                continue
            if (
                inner
                and isinstance(value, list)
                and isinstance(current, CommentedSeq)
                and len(current) == len(value)
                and all(isinstance(v, dict) for v in value)
                and all(isinstance(c, CommentedMap) for c in current)
            ):
                for i, item in enumerate(value):
                    changes += _merge(
                        inner, current[i], (old.get(name) or [])[i], item, covered, key_path
                    )
                continue
            if name in target:
                target[name] = _rt(value, inner)
            else:
                before = [k for k in order[: order.index(name)] if k in target]
                position = list(target).index(before[-1]) + 1 if before else 0
                target.insert(position, name, _rt(value, inner))
            changes += 1
        elif name in target and covered(key_path) and _norm(old.get(name)) != _norm(default):
            del target[name]
            changes += 1
    return changes


def updated_text(
    kind: FileKind,
    data: Mapping[str, Any],
    language: str,
    text: str,
    covered: typing.Callable[[tuple[str, ...]], bool],
) -> tuple[str, int]:
    """The file's text with ``data``'s values put in; ``(text, number of values changed)``.

    ``covered(key path)``: whether the sheets had a column for it (else it is left alone)."""
    rt, document = round_trip(text)
    old = values_of(text, MODELS[kind]) or {}
    if not isinstance(document, CommentedMap) or not isinstance(old, dict):
        return new_file_text(kind, data, language), 1
    changes = _merge(MODELS[kind], document, old, data, covered, ())
    if not changes:
        return text, 0
    out = io.StringIO()
    rt.dump(document, out)
    return out.getvalue(), changes
