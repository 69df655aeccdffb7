"""A save's commit message, in words: ``更新 鼎盛饮料集团:联系人 2 › 电话``.

The values before and after, read as the loader reads files, are compared field by field;
each changed field is named by its form label (as a refusal names it), items counted from
1. A few fields are named, then how many more.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from ..format.wording import say
from ..reading.explain import field_label
from ..reading.loader import values_of
from ..reading.problems import Loc, format_loc
from ..reading.yamlsource import SourceProblem
from ..writing.files import Stored, Write
from ..writing.texts import MODELS

NAMED = 3
"""How many changed fields a message names before it says how many more."""


def changed_fields(before: Any, after: Any, at: Loc = ()) -> list[Loc]:
    """Where ``after`` differs from ``before``: the paths of changed values, an added or
    removed list item or key as one path."""
    if isinstance(before, Mapping) and isinstance(after, Mapping):
        found: list[Loc] = []
        for key in [*before, *(k for k in after if k not in before)]:
            if key not in after or key not in before:
                found.append((*at, str(key)))
            else:
                found += changed_fields(before[key], after[key], (*at, str(key)))
        return found
    if isinstance(before, list) and isinstance(after, list):
        found = []
        for index in range(max(len(before), len(after))):
            if index >= len(before) or index >= len(after):
                found.append((*at, index))
            else:
                found += changed_fields(before[index], after[index], (*at, index))
        return found
    return [] if before == after else [at]


def _values(text: str | None, model: type[BaseModel]) -> Any:
    if text is None:
        return None
    try:
        return values_of(text, model)
    except SourceProblem:
        return None


def _name(values: Any, fallback: str) -> str:
    name = values.get("name") if isinstance(values, Mapping) else None
    return str(name).strip() if isinstance(name, str) and name.strip() else fallback


def _said_field(model: type[BaseModel], loc: Loc, language: str) -> str:
    label = field_label(model, loc)
    return label.text(language) if label is not None else format_loc(loc)


def describe(
    kind_of: Mapping[str, str],
    writes: Mapping[str, Write],
    before: Mapping[str, Stored | None],
    language: str,
) -> str:
    """The commit message of ``writes`` (``kind_of``: each path's ``client``/``industry``),
    ``before`` holding each path's file as read before the change."""
    created = [
        path for path, write in writes.items() if write.text is not None and not before[path]
    ]
    deleted = [path for path, write in writes.items() if write.text is None]
    updated = [path for path in writes if path not in created and path not in deleted]
    stem = {path: path.rpartition("/")[2].removesuffix(".yaml") for path in writes}

    def values(path: str, text: str | None) -> Any:
        return _values(text, MODELS[kind_of[path]])

    if len(created) == 1 and len(deleted) == 1 and not updated:  # a rename
        new, old = created[0], deleted[0]
        name = _name(values(new, writes[new].text), stem[new])
        return say("server_commit_rename", name=name, old=stem[old], new=stem[new]).text(language)
    messages = []
    for path in created:
        name = _name(values(path, writes[path].text), stem[path])
        messages.append(say("server_commit_create", name=name).text(language))
    for path in deleted:
        stored = before[path]
        name = _name(values(path, stored.text if stored else None), stem[path])
        messages.append(say("server_commit_delete", name=name).text(language))
    for path in updated:
        stored = before[path]
        old = values(path, stored.text if stored else None)
        new = values(path, writes[path].text)
        name = _name(new, _name(old, stem[path]))
        model = MODELS[kind_of[path]]
        fields = changed_fields(old, new) if old is not None and new is not None else []
        if not fields:
            messages.append(say("server_commit_update_plain", name=name).text(language))
            continue
        said = (
            say("server_commit_list_sep")
            .text(language)
            .join(_said_field(model, loc, language) for loc in fields[:NAMED])
        )
        if len(fields) > NAMED:
            said += say("server_commit_more", count=len(fields) - NAMED).text(language)
        messages.append(say("server_commit_update", name=name, fields=said).text(language))
    return "; ".join(messages)
