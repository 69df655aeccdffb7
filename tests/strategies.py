"""Hypothesis strategies that write handbook files from the model itself.

The strategy walks the pydantic model, so a field added to the format is generated
(and so tested) without touching this file. Rules that span fields (unique ids,
references, end after start) are then made to hold, as a careful editor would.
"""

from __future__ import annotations

import datetime as dt
import typing
from enum import Enum
from typing import Any

from hypothesis import strategies as st
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.format.model import MONTH_DAY_PATTERN, SLUG_PATTERN, Client, Industry

TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from("客户决策人禁忌经验 abcXYZ019"),
        st.sampled_from("<>&\"'`*_[]{}()#|!~^=:$%@-+.\\/"),
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
    ),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip())
DATES = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2035, 12, 31))
MONTH_DAYS = DATES.map(lambda d: d.strftime("%m-%d"))
SLUGS = st.from_regex(SLUG_PATTERN.replace("{0,63}", "{0,10}"), fullmatch=True)
URLS = st.sampled_from(["https://example.com/", "http://intranet.example/a?b=1&c=2"])
CURRENCIES = st.sampled_from(["CNY", "USD", "EUR", "JPY"])


def _strategy(info: FieldInfo, annotation: Any, name: str) -> st.SearchStrategy[Any]:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        constraints = repr(args[1:])
        if MONTH_DAY_PATTERN in constraints:
            return MONTH_DAYS
        if SLUG_PATTERN in constraints:
            return SLUGS
        return _strategy(info, args[0], name)
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        options = [a for a in args if a is not type(None)]
        return st.one_of([_strategy(info, a, name) for a in options])
    if origin is list:
        return st.lists(_strategy(info, args[0], name), max_size=3)
    if origin is typing.Literal:
        return st.sampled_from(args)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return model_data(annotation)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return st.sampled_from([member.value for member in annotation])
    if annotation is dt.date:
        return DATES
    if annotation is bool:
        return st.booleans()
    if annotation is int:  # a count of days (``remind``), never negative
        return st.integers(min_value=0, max_value=400)
    if annotation is float:
        low = 0.001 if "greater_than" in repr(info) or name == "response_time_hours" else 0
        return st.floats(min_value=low, max_value=1e9, allow_nan=False).map(
            lambda x: round(x, 2) or low
        )
    if annotation is str:
        text = repr(info.metadata) + repr(getattr(annotation, "__metadata__", ""))
        if name == "website":
            return URLS
        if name == "currency":
            return CURRENCIES
        if SLUG_PATTERN in text or name in ("id", "reports_to", "project", "contact", "industry"):
            return SLUGS
        if MONTH_DAY_PATTERN in text or name == "birthday":
            return MONTH_DAYS
        return TEXT
    raise TypeError(f"no strategy for {name}: {annotation!r}")


def model_data(model: type[BaseModel]) -> st.SearchStrategy[dict[str, Any]]:
    """Mappings that a file of ``model`` could hold: required keys always, others sometimes."""
    required: dict[str, st.SearchStrategy[Any]] = {}
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for name, info in model.model_fields.items():
        if name == "format":
            continue
        strategy = _strategy(info, info.annotation, name)
        (required if info.is_required() else optional)[name] = strategy
    return st.fixed_dictionaries(required, optional=optional)


def _fix_client(data: dict[str, Any], name: str) -> dict[str, Any]:
    data["name"] = name
    data["industry"] = "generated"
    contacts = data.get("contacts", [])
    for i, contact in enumerate(contacts):
        contact["id"] = f"c{i}"
        contact.pop("reports_to", None)
        if i:
            contact["reports_to"] = f"c{i - 1}"
    projects = data.get("projects", [])
    for i, project in enumerate(projects):
        project["id"] = f"p{i}"
        if "start" in project and "end" in project and project["end"] < project["start"]:
            project["start"], project["end"] = project["end"], project["start"]
    for lesson in data.get("lessons", []):
        lesson.pop("project", None)
        if projects:
            lesson["project"] = "p0"
    for date in data.get("dates", []):
        date.pop("contact", None)
        if contacts:
            date["contact"] = "c0"
    return data


def client_files(name: str = "生成的客户") -> st.SearchStrategy[dict[str, Any]]:
    """Valid client files: the model's shape, with cross-field rules made to hold."""
    return model_data(Client).map(lambda data: _fix_client(data, name))


def industry_files() -> st.SearchStrategy[dict[str, Any]]:
    return model_data(Industry)
