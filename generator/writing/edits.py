"""A change of values applied to a file's own text, in place: what a form save, an import
with ``--update`` and ``forget`` write.

The file is read twice: as the loader reads it (:func:`~generator.reading.loader.values_of`,
the values every tool compares) and through ruamel.yaml's round trip (the text's comments,
quotes and layout). Only the values that differ are changed in the round trip; lists are
matched item by item (:class:`difflib.SequenceMatcher`), so a changed contact changes
that contact's changed field only.

ruamel writes the whole document back, and it writes some things its own way (one
indentation for every list, say). So the file's new text is a three-way merge (``merge3``,
the merge of Bazaar and Breezy) of the file as it is (ours), ruamel's writing of the
unchanged document (the base) and ruamel's writing of the changed one (theirs): every line
the change does not touch stays byte-identical, whatever ruamel would make of it. The
merged text is read back; if it does not hold the intended values (a line ruamel
re-indented next to a changed one), ruamel's whole writing is used instead: always right,
only less tidy.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Mapping, Sequence
from difflib import SequenceMatcher
from enum import Enum
from typing import Any

import yaml
from merge3 import Merge3
from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from ..format.fields import field_of
from ..reading.loader import values_of
from ..reading.yamlsource import SourceProblem, plain_reads_as_text
from .comments import remove_item, remove_key

_INDENTS = ((4, 2), (2, 0))
"""How lists are indented under their key: ``  - item`` (the samples) or ``- item``."""


class EditFailed(ValueError):
    """The change could not be written so that the file reads back as asked (a bug)."""

    def __init__(self, text: str, new: Mapping[str, Any]) -> None:
        super().__init__("the changed file would not read back as the values asked for")
        self.text = text
        self.new = new


def _indent_of(text: str) -> tuple[int, int]:
    """How the file indents its lists, judged by its first indented list item."""
    return _INDENTS[0] if re.search(r"^\s+- ", text, re.MULTILINE) else _INDENTS[1]


def round_trip(text: str, indent: tuple[int, int] | None = None) -> tuple[YAML, Any]:
    """A file's text loaded for changing in place (comments, quotes and layout kept), and
    the dumper that writes it back the same way (lists indented as ``indent`` says, else as
    the file's first indented list)."""
    rt = YAML()
    rt.preserve_quotes = True
    rt.width = 100_000
    if indent is None:
        indent = _indent_of(text)
    rt.indent(mapping=2, sequence=indent[0], offset=indent[1])
    return rt, rt.load(text)


def dumped(rt: YAML, document: Any) -> str:
    out = io.StringIO()
    rt.dump(document, out)
    return out.getvalue()


# --- comparing values as the loader reads them ---------------------------------------------


def normal(value: Any) -> Any:
    """A value as compared: ``2024-01-01`` the date = the text, ``30`` = ``30.0``, an empty
    value = no value."""
    if isinstance(value, dict):
        return {str(k): normal(v) for k, v in value.items() if not _empty(v)}
    if isinstance(value, list | tuple):
        return [normal(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, list | dict | str) and not value)


def same(a: Any, b: Any) -> bool:
    """Whether two values are the same as the loader sees them."""
    return normal(a) == normal(b)


def _key(value: Any) -> str:
    return json.dumps(normal(value), sort_keys=True, ensure_ascii=False, default=str)


def _default(model: type[BaseModel] | None, name: str) -> Any:
    """What an absent key means: the field's default (``confidential: false``), else nothing."""
    info = model.model_fields.get(name) if model is not None else None
    if info is None or info.is_required():
        return None
    default = info.get_default(call_default_factory=True)
    return default


def _inner(model: type[BaseModel] | None, name: str) -> type[BaseModel] | None:
    found = field_of(model, name) if model is not None else None
    return found.shape.record if found else None


# --- writing values into the round trip ---------------------------------------------------


def _node(value: Any, model: type[BaseModel] | None, before: Any = None, flow: bool = False) -> Any:
    """``value`` as ruamel should write it, in the style of the value it replaces (if any)."""
    if isinstance(value, dict):
        out = CommentedMap()
        names = list(model.model_fields) if model is not None else []
        for key in sorted(value, key=lambda k: names.index(k) if k in names else len(names)):
            if not _empty(value[key]):
                out[key] = _node(value[key], _inner(model, key))
        return out
    if isinstance(value, list):
        seq = CommentedSeq()
        in_flow = flow or (isinstance(before, CommentedSeq) and before.fa.flow_style())
        seq.extend(_node(item, model, flow=in_flow) for item in value)
        if in_flow:
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str):
        if "\n" in value:
            return LiteralScalarString(value)
        if isinstance(before, DoubleQuotedScalarString | SingleQuotedScalarString):
            return type(before)(value)
        if (
            not plain_reads_as_text(value)
            or _read_otherwise_by_1_1(value)
            or _INDICATORS.search(value)
            or (flow and _FLOW_INDICATORS.search(value))
        ):
            return DoubleQuotedScalarString(value)  # `02161234567`, `true`, `?0` stay text
        return value
    if isinstance(value, float) and value.is_integer() and not isinstance(before, float):
        return int(value)
    return value


_INDICATORS = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`\s]|: | #|\s$")
"""Text that ruamel may write plain where YAML reads it otherwise (``?0`` in a flow list is
a mapping): written in quotes."""
_FLOW_INDICATORS = re.compile(r"[,\[\]{}]")
"""What also needs quotes inside ``[…]`` (``约 6,500 人`` is plain text on its own line)."""


_YAML_1_1 = yaml.resolver.Resolver()


def _read_otherwise_by_1_1(value: str) -> bool:
    """``no``, ``on``, ``10:00``: text to the loader (YAML 1.2), not to YAML 1.1 readers
    (PyYAML, GitLab's and other editors' previews): written in quotes for them too."""
    return _YAML_1_1.resolve(yaml.ScalarNode, value, (True, False)) != "tag:yaml.org,2002:str"


def _is_flow(collection: CommentedMap | CommentedSeq) -> bool:
    return bool(collection.fa.flow_style())


def _put(target: CommentedMap, name: str, value: Any, model: type[BaseModel] | None) -> None:
    """Add the key ``name`` where the format's order puts it among the keys written."""
    order = list(model.model_fields) if model is not None else []
    node = _node(value, _inner(model, name), flow=_is_flow(target))
    if name not in order:
        target[name] = node
        return
    before = [k for k in order[: order.index(name)] if k in target]
    position = list(target).index(before[-1]) + 1 if before else 0
    target.insert(position, name, node)


def _remove_key(target: CommentedMap, name: str) -> None:
    try:
        remove_key(target, name)
    except ValueError:  # its only key: nothing to keep comments apart from
        del target[name]


def _remove_item(target: CommentedSeq, index: int) -> None:
    try:
        remove_item(target, index)
    except ValueError:  # its only item
        del target[index]


def _apply_map(
    target: CommentedMap,
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    model: type[BaseModel] | None,
) -> int:
    """Change ``target`` where ``new`` differs from ``old``; the number of values changed."""
    changes = 0
    for name, value in new.items():
        if name not in old or name not in target:
            if not same(value, _default(model, name)):
                _put(target, name, value, model)
                changes += 1
            continue
        if same(old[name], value):
            continue
        changes += _replace(target, name, old[name], value, _inner(model, name))
    for name in list(target):  # after the additions: a mapping is never left empty midway
        if name not in new and not same(old.get(name), _default(model, name)):
            _remove_key(target, name)
            changes += 1
    return changes


def _replace(
    parent: CommentedMap | CommentedSeq,
    key: str | int,
    old: Any,
    new: Any,
    model: type[BaseModel] | None,
) -> int:
    current = parent[key]
    if _empty(new) and isinstance(parent, CommentedMap):
        _remove_key(parent, str(key))
        return 1
    if isinstance(old, dict) and isinstance(new, dict) and isinstance(current, CommentedMap):
        return _apply_map(current, old, new, model)
    if isinstance(old, list) and isinstance(new, list) and isinstance(current, CommentedSeq):
        return _apply_seq(current, old, new, model)
    parent[key] = _node(new, model, current, flow=_is_flow(parent))
    return 1


def _apply_seq(
    target: CommentedSeq, old: Sequence[Any], new: Sequence[Any], model: type[BaseModel] | None
) -> int:
    """Change the list ``target`` from ``old`` to ``new``: unchanged items stay as they are,
    a changed item is changed in place, removed items go with their comments."""
    changes = 0
    matcher = SequenceMatcher(None, [_key(v) for v in old], [_key(v) for v in new], autojunk=False)
    for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1)
        for offset, item in enumerate(new[j1 + paired : j2]):  # before removals: never empty
            target.insert(i2 + offset, _node(item, model, flow=_is_flow(target)))
            changes += 1
        for index in reversed(range(i1 + paired, i2)):
            _remove_item(target, index)
            changes += 1
        for offset in range(paired):
            changes += _replace(target, i1 + offset, old[i1 + offset], new[j1 + offset], model)
    return changes


# --- the file's new text ------------------------------------------------------------------


def changed_text(text: str, new: Mapping[str, Any], model: type[BaseModel]) -> str:
    """``text`` holding the values ``new`` (as the loader reads them), changed only where they
    differ from the file's: every other line stays byte-identical."""
    old = values_of(text, model)
    if not isinstance(old, dict):
        raise ValueError("the file is not a mapping of fields")
    candidates = []
    guessed = _indent_of(text)
    for indent in sorted(_INDENTS, key=lambda each: each != guessed):
        # a file may indent its lists both ways: the smaller change wins
        rt, document = round_trip(text, indent)
        base = dumped(rt, document)
        if not _apply_map(document, old, new, model):
            return text
        theirs = dumped(rt, document)
        if base == text:  # ruamel writes this file as it is: its writing is the change alone
            candidates = [theirs]
            break
        intended = values_of(theirs, model)
        merged = _merged(base, text, theirs)
        try:
            if same(values_of(merged, model), intended):
                candidates.append(merged)
        except SourceProblem:
            pass
        candidates.append(theirs)
    best = min(candidates, key=lambda candidate: _lines_changed(text, candidate))
    if not _reads_as(model, values_of(best, model), new):  # never write what was not asked
        raise EditFailed(text, new)
    return best


def _reads_as(model: type[BaseModel], written: Any, asked: Any) -> bool:
    """Whether the written values are the ones asked for, as the format sees them (an
    absent key and its default are one); values the format refuses are compared as read."""
    try:
        return bool(model.model_validate(written) == model.model_validate(asked))
    except ValidationError:
        return same(written, asked)


def _lines_changed(before: str, after: str) -> int:
    matcher = SequenceMatcher(None, before.splitlines(), after.splitlines(), autojunk=False)
    return sum(
        max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    )


def _merged(base: str, ours: str, theirs: str) -> str | None:
    """``ours`` with the lines ruamel changed between ``base`` and ``theirs``."""
    lines: list[str] = []
    for group in Merge3(
        base.splitlines(keepends=True),
        ours.splitlines(keepends=True),
        theirs.splitlines(keepends=True),
    ).merge_groups():
        if group[0] == "conflict":
            lines.extend(group[3])  # where ruamel re-wrote a line the change touches: its lines
        else:
            lines.extend(group[1])
    return "".join(lines)
