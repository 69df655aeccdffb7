"""The text of a new handbook file: laid out as the samples are (keys in the format's order,
lists indented under their key, long texts as ``|`` blocks), with the schema line first."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import yaml
from pydantic import BaseModel

from ..format.fields import fields_of
from ..format.model import Client, Industry
from ..format.schema import schema_name

_STR = "tag:yaml.org,2002:str"
FileKind = Literal["client", "industry"]
MODELS: dict[str, type[BaseModel]] = {"client": Client, "industry": Industry}


def ordered(model: type[BaseModel] | None, data: Any) -> Any:
    """``data`` with keys in the format's order, integral numbers as integers."""
    if isinstance(data, float) and data.is_integer():
        return int(data)
    if isinstance(data, list):
        return [ordered(model, item) for item in data]
    if model is None or not isinstance(data, dict):
        return data
    out: dict[str, Any] = {}
    for each in fields_of(model):
        if each.name in data:
            out[each.name] = ordered(each.shape.record, data[each.name])
    for name in data:  # unknown keys: the loader names them
        out.setdefault(name, data[name])
    return out


class _Dumper(yaml.SafeDumper):
    """Lists indented under their key, long texts as ``|`` blocks: how the samples look."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar(_STR, value, style="|")
    return dumper.represent_scalar(_STR, value)


_Dumper.add_representer(str, _str)


def new_file_text(kind: FileKind, data: Mapping[str, Any], language: str) -> str:
    """The file `playbook new` would write, holding ``data``."""
    schema = schema_name(kind, language)
    body = yaml.dump(
        ordered(MODELS[kind], data),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100_000,
    )
    return f"# yaml-language-server: $schema=../schemas/{schema}\n{body}"
