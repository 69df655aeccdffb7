"""A change of values applied to a file's own text: only what changed is changed."""

from __future__ import annotations

import copy
import difflib
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.format.model import Client, Industry
from generator.reading.loader import values_of
from generator.reading.yamlsource import compose
from generator.writing.edits import changed_text, same
from tests.conftest import FIXTURES, REPO
from tests.strategies import TEXT

FILES = sorted(
    [
        *(REPO / "clients").glob("*.yaml"),
        *(REPO / "industries").glob("*.yaml"),
        *(FIXTURES / "hostile" / "clients").glob("*.yaml"),
        *(FIXTURES / "hostile" / "industries").glob("*.yaml"),
    ]
)


def model_of(path: Path) -> type:
    return Industry if path.parent.name == "industries" else Client


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """The lines taken out of ``before`` and put into ``after`` (as `git diff` shows them)."""
    removed, added = [], []
    for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0):
        if line.startswith(("---", "+++", "@@")):
            continue
        (removed if line.startswith("-") else added).append(line[1:])
    return removed, added


def as_the_form_sends_it(values: Any) -> Any:
    """The values through another YAML writer and the loader's reading (the form's round)."""
    text = yaml.safe_dump(values, allow_unicode=True, sort_keys=True)
    return values_of(text)


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_saving_without_a_change_leaves_the_file_byte_identical(path: Path) -> None:
    text = path.read_text("utf-8")
    values = values_of(text, model_of(path))
    assert changed_text(text, as_the_form_sends_it(values), model_of(path)) == text


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_changing_the_name_changes_that_line_only(path: Path) -> None:
    text = path.read_text("utf-8")
    values = values_of(text, model_of(path))
    values["name"] = f"{values['name']}(新)"
    after = changed_text(text, as_the_form_sends_it(values), model_of(path))
    removed, added = changed_lines(text, after)
    assert len(removed) == 1 and removed[0].startswith("name:")
    assert len(added) == 1 and added[0].startswith("name:")
    assert same(values_of(after, model_of(path)), values)


LANDLINE_CLIENT = """\
# 内部备注:只在这里写,网站不显示
name: 测试客户
aliases: [Test, 测试]   # 常用简称
industry: fmcg
tier: B
status: active
team:
  lead: 王芳
contacts:
  - id: li-lei
    name: 李雷
    role: decision_maker
    phone: 02161234567   # 座机,不加引号
    wechat: 0755
  - id: han-mei
    name: 韩梅
    role: influencer
    notes: 1e3
"""


def test_number_like_text_comments_and_flow_lists_survive_a_save_of_another_field() -> None:
    values = values_of(LANDLINE_CLIENT)
    assert values["contacts"][0]["phone"] == "02161234567"  # the loader keeps the 0
    values["tier"] = "A"
    after = changed_text(LANDLINE_CLIENT, as_the_form_sends_it(values), Client)
    assert after == LANDLINE_CLIENT.replace("tier: B", "tier: A")


def test_a_changed_contact_changes_only_its_field_and_a_removed_one_goes_whole() -> None:
    values = values_of(LANDLINE_CLIENT)
    values["contacts"][0]["phone"] = "02161234568"
    after = changed_text(LANDLINE_CLIENT, as_the_form_sends_it(values), Client)
    removed, added = changed_lines(LANDLINE_CLIENT, after)
    assert removed == ["    phone: 02161234567   # 座机,不加引号"]
    assert len(added) == 1 and added[0].startswith('    phone: "02161234568"')  # stays text
    assert added[0].endswith("# 座机,不加引号")  # the comment stays on its line
    assert values_of(after)["contacts"][0]["phone"] == "02161234568"
    values = values_of(LANDLINE_CLIENT)
    del values["contacts"][1]
    after = changed_text(LANDLINE_CLIENT, as_the_form_sends_it(values), Client)
    removed, added = changed_lines(LANDLINE_CLIENT, after)
    assert removed == [
        "  - id: han-mei",
        "    name: 韩梅",
        "    role: influencer",
        "    notes: 1e3",
    ]
    assert added == []


def test_a_new_list_item_and_a_new_key_land_where_the_format_puts_them() -> None:
    values = values_of(LANDLINE_CLIENT)
    values["aliases"].append("TC")
    values["summary"] = "一句话介绍"
    after = changed_text(LANDLINE_CLIENT, as_the_form_sends_it(values), Client)
    removed, added = changed_lines(LANDLINE_CLIENT, after)
    assert removed == ["aliases: [Test, 测试]   # 常用简称"]
    assert [line.split("#")[0].rstrip() for line in added] == [
        "aliases: [Test, 测试, TC]",  # still a flow list, with its comment
        "summary: 一句话介绍",
    ]
    assert added[0].endswith("# 常用简称")
    assert after.index("summary:") < after.index("team:")


def _leaves(value: Any, path: tuple = ()) -> list[tuple]:
    """Paths of the single-line text values in ``value``."""
    if isinstance(value, dict):
        return [leaf for key, item in value.items() for leaf in _leaves(item, (*path, key))]
    if isinstance(value, list):
        return [leaf for i, item in enumerate(value) for leaf in _leaves(item, (*path, i))]
    return [path] if isinstance(value, str) and "\n" not in value and path else []


def _set(values: Any, path: tuple, new: Any) -> None:
    for part in path[:-1]:
        values = values[part]
    values[path[-1]] = new


SAMPLES = {path: path.read_text("utf-8") for path in FILES}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), new=TEXT)
def test_any_single_field_change_changes_only_that_fields_line(data: Any, new: str) -> None:
    path = data.draw(st.sampled_from(FILES), label="file")
    text, model = SAMPLES[path], model_of(path)
    values = values_of(text, model)
    field = data.draw(st.sampled_from(_leaves(values)), label="field")
    line, _column, matched = compose(text).position(field)
    if matched != len(field) or field[-1] in ("id",) or field == ("format",):
        return  # ids are referred to elsewhere; the format's version is fixed
    intended = copy.deepcopy(values)
    _set(intended, field, new.strip())
    after = changed_text(text, intended, model)
    assert same(values_of(after, model), intended)
    removed, _added = changed_lines(text, after)
    original = text.splitlines()
    assert removed in ([], [original[line - 1]]), (field, removed)


@pytest.mark.parametrize("text", ["?0", "- x", "a, b", "[x]", "#tag", "key: value", "x #y", "&a"])
def test_text_yaml_would_read_otherwise_is_quoted_in_a_flow_list(text: str) -> None:
    """Found by the property test: ruamel wrote `?0` plain in `[…]`, where it is a mapping."""
    values = values_of(LANDLINE_CLIENT)
    values["aliases"][0] = text
    after = changed_text(LANDLINE_CLIENT, values, Client)
    assert values_of(after)["aliases"] == [text, "测试"]
    removed, added = changed_lines(LANDLINE_CLIENT, after)
    assert len(removed) == len(added) == 1 and added[0].startswith("aliases: [")


def test_a_comma_needs_no_quotes_on_a_line_of_its_own() -> None:
    """Found trying the form: 规模 `约 6,500 人` came back as `"约 6,500 人"`."""
    values = values_of(LANDLINE_CLIENT)
    values["size"] = "约 6,500 人"
    after = changed_text(LANDLINE_CLIENT, values, Client)
    assert "\nsize: 约 6,500 人\n" in after
