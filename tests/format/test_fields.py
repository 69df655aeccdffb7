"""The one walk over the format's types: every field has a shape the tools understand."""

from __future__ import annotations

import datetime as dt
import typing

import pytest
from pydantic import BaseModel, Field

from generator.format.fields import Kind, UnknownType, field_of, fields_of, parts_of
from generator.format.model import (
    MONTH_DAY_PATTERN,
    SLUG_PATTERN,
    Budget,
    Channel,
    Client,
    Contact,
    ImportantDate,
    Industry,
    Preferences,
    Project,
)
from tests.format.test_model import all_models


@pytest.mark.parametrize("root", [Client, Industry])
def test_every_part_and_field_of_the_format_has_a_shape(root: type[BaseModel]) -> None:
    assert {model for _, model in parts_of(root)} == set(all_models(root))
    for _, model in parts_of(root):
        assert [f.name for f in fields_of(model)] == list(model.model_fields)


def test_parts_are_found_with_the_key_path_that_leads_there() -> None:
    paths = dict(parts_of(Client))
    assert paths[""] is Client
    assert paths["projects.milestones"].__name__ == "Milestone"
    assert paths["projects.budget"] is Budget


def test_shapes_say_what_the_tools_need() -> None:
    def shape(model: type[BaseModel], name: str):
        found = field_of(model, name)
        assert found is not None
        return found.shape

    assert shape(Client, "format").kind is Kind.constant and shape(Client, "format").constant == 1
    assert shape(Client, "industry").pattern == SLUG_PATTERN  # a required field's own pattern
    assert shape(Contact, "birthday").pattern == MONTH_DAY_PATTERN
    assert shape(Contact, "birthday").optional
    assert shape(Contact, "channels").kind is Kind.choice and shape(Contact, "channels").many
    assert shape(Contact, "channels").choices is Channel
    assert shape(Client, "contacts").record is Contact and shape(Client, "contacts").many
    assert shape(Project, "budget").record is Budget and not shape(Project, "budget").many
    assert shape(Budget, "amount").minimum == 0 and not shape(Budget, "amount").exclusive_minimum
    hours = shape(Preferences, "response_time_hours")
    assert hours.minimum == 0 and hours.exclusive_minimum
    assert shape(ImportantDate, "date").kind is Kind.date_or_month_day
    assert shape(Industry, "trends").kind is Kind.markdown and shape(Industry, "trends").many
    assert shape(Client, "aliases").kind is Kind.text and shape(Client, "aliases").many
    assert shape(Client, "summary").kind is Kind.markdown
    assert shape(Client, "confidential").kind is Kind.bool
    assert shape(Project, "start").kind is Kind.date
    assert field_of(Client, "nonsense") is None


def test_descriptions_in_every_language() -> None:
    found = field_of(Contact, "role")
    assert found is not None
    assert found.description("en") == "Place in the decision chain."
    assert found.description("zh") == "在决策链中的角色。"
    assert found.description("zh-Hant") == "在決策鏈中的角色。"


@pytest.mark.parametrize(
    "annotation", [typing.Any, dict[str, int], int | str, tuple[int, int], dt.datetime]
)
def test_a_type_no_tool_knows_is_refused_where_it_is_walked(annotation) -> None:
    odd = type(
        "Odd",
        (BaseModel,),
        {"__annotations__": {"when": annotation}, "when": Field(default=None)},
    )
    with pytest.raises(UnknownType):
        fields_of(odd)
