"""Removing a key or a list item through ruamel keeps each comment with its own line (issue 30).

Each test compares the whole text written back; the expected text is the input with
exactly the removed lines left out.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from generator.writing.comments import remove_item, remove_key
from generator.writing.edits import round_trip


def _removed(text: str, *paths: tuple[Any, ...]) -> str:
    """``text`` with the key or item at each path removed (in turn), written back."""
    rt, document = round_trip(text)
    for path in paths:
        node = document
        for step in path[:-1]:
            node = node[step]
        if isinstance(node, CommentedSeq):
            remove_item(node, path[-1])
        else:
            assert isinstance(node, CommentedMap)
            remove_key(node, path[-1])
    out = io.StringIO()
    rt.dump(document, out)
    written = out.getvalue()
    yaml.safe_load(written)  # still YAML
    return written


DATES = """\
name: 鼎盛
dates:
  # 合作周年
  - date: "03-01"
    kind: anniversary
  # 蒋思琪的生日
  - date: "08-16"
    kind: birthday
    contact: jiang-siqi
  # 年会,通常在春节前两周
  - date: "01-28"
    kind: other
# 最近一次复盘
review:
  owner: 林晓雯  # 客户负责人
"""


def test_a_middle_item_goes_with_the_comment_above_it() -> None:
    assert _removed(DATES, ("dates", 1)) == DATES.replace(
        '  # 蒋思琪的生日\n  - date: "08-16"\n    kind: birthday\n    contact: jiang-siqi\n', ""
    )


def test_the_first_item_goes_with_the_comment_under_the_key() -> None:
    assert _removed(DATES, ("dates", 0)) == DATES.replace(
        '  # 合作周年\n  - date: "03-01"\n    kind: anniversary\n', ""
    )


def test_the_last_item_goes_and_the_comment_of_the_next_key_stays() -> None:
    assert _removed(DATES, ("dates", 2)) == DATES.replace(
        '  # 年会,通常在春节前两周\n  - date: "01-28"\n    kind: other\n', ""
    )


def test_items_removed_one_after_the_other() -> None:
    assert _removed(DATES, ("dates", 2), ("dates", 0)) == DATES.replace(
        '  # 合作周年\n  - date: "03-01"\n    kind: anniversary\n', ""
    ).replace('  # 年会,通常在春节前两周\n  - date: "01-28"\n    kind: other\n', "")
    assert _removed(DATES, ("dates", 0), ("dates", 0)) == _removed(
        DATES, ("dates", 1), ("dates", 0)
    )


def test_a_negative_index_and_a_missing_one() -> None:
    assert _removed(DATES, ("dates", -1)) == _removed(DATES, ("dates", 2))
    _, document = round_trip(DATES)
    with pytest.raises(IndexError):
        remove_item(document["dates"], 3)
    with pytest.raises(KeyError):
        remove_key(document, "absent")


def test_the_only_entry_is_not_removed_its_key_is() -> None:
    text = "tags:\n  # 唯一\n  - a  # 行尾\n# 下一项\nnext: 1\n"
    _, document = round_trip(text)
    with pytest.raises(ValueError, match="remove the key"):
        remove_item(document["tags"], 0)
    assert _removed(text, ("tags",)) == "# 下一项\nnext: 1\n"


def test_the_first_key_of_a_list_item() -> None:
    text = "contacts:\n  - id: a  # 标识\n    name: 甲\n  - id: b\n"
    assert _removed(text, ("contacts", 0, "id")) == "contacts:\n  - name: 甲\n  - id: b\n"


SCALARS = """\
aliases:
  - Dingsheng  # 英文名
  # 简称
  - 鼎盛  # 内部常用
  # 股票代码
  # (已退市,仅作检索)
  - DSB
  - 鼎盛饮料
"""


def test_an_end_of_line_comment_goes_with_its_line_and_the_one_above_stays() -> None:
    assert _removed(SCALARS, ("aliases", 1)) == SCALARS.replace(
        "  # 简称\n  - 鼎盛  # 内部常用\n", ""
    )
    assert _removed(SCALARS, ("aliases", 0)) == SCALARS.replace("  - Dingsheng  # 英文名\n", "")


def test_a_comment_block_of_several_lines_goes_whole() -> None:
    assert _removed(SCALARS, ("aliases", 2)) == SCALARS.replace(
        "  # 股票代码\n  # (已退市,仅作检索)\n  - DSB\n", ""
    )
    assert _removed(SCALARS, ("aliases", 3)) == SCALARS.replace("  - 鼎盛饮料\n", "")


BLANKS = """\
dates:  # 关怀日历
  # 按月份排列

  # 一月
  - "01-28"

  # 三月
  - "03-01"

  # 八月
  - "08-16"

# 以下为复盘
review: 2026-10-08
"""


def test_blank_lines_between_items_stay_one() -> None:
    assert _removed(BLANKS, ("dates", 1)) == BLANKS.replace('  # 三月\n  - "03-01"\n\n', "")
    assert _removed(BLANKS, ("dates", 2)) == BLANKS.replace('\n  # 八月\n  - "08-16"\n', "")


def test_a_heading_set_apart_by_a_blank_line_stays() -> None:
    assert _removed(BLANKS, ("dates", 0)) == BLANKS.replace('  # 一月\n  - "01-28"\n\n', "")
    assert _removed(BLANKS, ("dates", 0), ("dates", 0)) == BLANKS.replace(
        '  # 一月\n  - "01-28"\n\n  # 三月\n  - "03-01"\n\n', ""
    )


def test_a_blank_line_before_a_heading_is_kept_when_the_items_were_tight() -> None:
    text = "tags:\n  # 甲\n  - a\n  # 乙\n  - b\n\n  # --- 旧标签 ---\n\n  # 丙\n  - c\n"
    assert _removed(text, ("tags", 1)) == text.replace("  # 乙\n  - b\n", "")


def test_a_trailing_comment_after_the_last_item_stays_with_what_follows() -> None:
    text = "tags:\n  - a\n  # 乙\n  - b  # 末项\n# 文件结束\n"
    assert _removed(text, ("tags", 1)) == "tags:\n  - a\n# 文件结束\n"
    text = "tags:\n  - a\n\n  - b\n\nnext: 1\n"
    assert _removed(text, ("tags", 1)) == "tags:\n  - a\n\nnext: 1\n"


NESTED = """\
projects:
  - name: 冷泡茶上市
    tags:
      # 渠道
      - 终端
      # 人群
      - 年轻白领
  # 下一个项目
  - name: 气泡水焕新
    tags:
      - 社媒  # 主战场
      # 补充
      - 达人
  # 最后一个项目
  - name: 年度复盘
    lessons:
      # 最重要的一条
      - text: 先讲结论
        tags:
          - 提案
          # 内部
          - 节奏
"""


def test_a_nested_list_item() -> None:
    assert _removed(NESTED, ("projects", 0, "tags", 0)) == NESTED.replace(
        "      # 渠道\n      - 终端\n", ""
    )
    assert _removed(NESTED, ("projects", 0, "tags", 1)) == NESTED.replace(
        "      # 人群\n      - 年轻白领\n", ""
    )
    assert _removed(NESTED, ("projects", 1, "tags", 0)) == NESTED.replace(
        "      - 社媒  # 主战场\n", ""
    )
    assert _removed(NESTED, ("projects", 2, "lessons", 0, "tags", 1)) == NESTED.replace(
        "          # 内部\n          - 节奏\n", ""
    )


def test_an_item_ending_in_a_nested_list_takes_its_comments_not_the_next_ones() -> None:
    # ruamel keeps the comment above the second project on the first one's last tag
    first = "  - name: 冷泡茶上市\n    tags:\n      # 渠道\n      - 终端\n      # 人群\n      - 年轻白领\n"
    assert _removed(NESTED, ("projects", 0)) == NESTED.replace(first, "")
    second = (
        "  # 下一个项目\n  - name: 气泡水焕新\n    tags:\n      - 社媒  # 主战场\n"
        "      # 补充\n      - 达人\n"
    )
    assert _removed(NESTED, ("projects", 1)) == NESTED.replace(second, "")
    assert _removed(NESTED, ("projects", 2)) == NESTED.split("  # 最后一个项目\n")[0]


CONTACTS = """\
# yaml-language-server: $schema=../schemas/client.zh.schema.json
name: 鼎盛饮料集团
contacts:
  - id: jiang-siqi
    name: 蒋思琪
    email: jiang.siqi@example.com
    # 内部备注:只在工作日联系
    phone: "+86 571 0000 1001"  # 私人号码
    birthday: "08-16"
    style: |
      看重结论和数字。
    # 以下为历史记录
    notes: 每年 12 月做预算。
profile:
  # 总部
  headquarters: 杭州
  # 员工
  size: 约 6,000 人
  summary: |
    华东最大的区域饮料集团之一。
  # 官网
  website: https://www.example.com/dingsheng
# 文件结束
"""


def test_keys_go_with_their_comments() -> None:
    contact = ("contacts", 0)
    assert _removed(CONTACTS, (*contact, "phone")) == CONTACTS.replace(
        '    # 内部备注:只在工作日联系\n    phone: "+86 571 0000 1001"  # 私人号码\n', ""
    )
    assert _removed(CONTACTS, (*contact, "email")) == CONTACTS.replace(
        "    email: jiang.siqi@example.com\n", ""
    )
    assert _removed(CONTACTS, (*contact, "email"), (*contact, "phone")) == CONTACTS.replace(
        '    email: jiang.siqi@example.com\n    # 内部备注:只在工作日联系\n    phone: "+86 571 0000 1001"  # 私人号码\n',
        "",
    )
    # after a `|` text, whose line break the text writes itself
    assert _removed(CONTACTS, (*contact, "notes")) == CONTACTS.replace(
        "    # 以下为历史记录\n    notes: 每年 12 月做预算。\n", ""
    )
    assert _removed(CONTACTS, (*contact, "style")) == CONTACTS.replace(
        "    style: |\n      看重结论和数字。\n", ""
    )


def test_the_first_last_and_text_keys_of_a_nested_mapping() -> None:
    assert _removed(CONTACTS, ("profile", "headquarters")) == CONTACTS.replace(
        "  # 总部\n  headquarters: 杭州\n", ""
    )
    assert _removed(CONTACTS, ("profile", "website")) == CONTACTS.replace(
        "  # 官网\n  website: https://www.example.com/dingsheng\n", ""
    )
    assert _removed(CONTACTS, ("profile", "summary")) == CONTACTS.replace(
        "  summary: |\n    华东最大的区域饮料集团之一。\n", ""
    )


def test_a_key_holding_a_list_goes_whole() -> None:
    assert _removed(DATES, ("dates",)) == DATES.replace(
        DATES[DATES.index("dates:") : DATES.index("# 最近")], ""
    )
    assert _removed(DATES, ("review",)) == DATES.split("# 最近一次复盘\n")[0]


def test_flow_lists_are_left_to_ruamel() -> None:
    text = "channels: [meeting, phone, email]  # 偏好\nname: x\n"
    rt, document = round_trip(text)
    del document["channels"][1]
    out = io.StringIO()
    rt.dump(document, out)
    assert _removed(text, ("channels", 1)) == out.getvalue()
    assert yaml.safe_load(out.getvalue())["channels"] == ["meeting", "email"]


# A property: for any list of items, each with its comments (full-line ones above, maybe an
# end-of-line one), removing item i leaves the text of the others exactly.

_COMMENTS = st.lists(st.sampled_from(["# 说明", "# 备注:重要", "#", "# a: b"]), max_size=3)
_END = st.sampled_from(["", "  # 行尾"])


@st.composite
def _items(draw: st.DrawFn) -> list[list[str]]:
    """Items as their lines at indentation 0 (``- `` first), comments included."""
    items = []
    for n in range(draw(st.integers(2, 5))):
        lines = list(draw(_COMMENTS))
        shape = draw(st.sampled_from(["scalar", "mapping", "text", "list"]))
        if shape == "scalar":
            lines.append(f"- 项{n}{draw(_END)}")
        elif shape == "mapping":
            lines += [f"- date: '0{n + 1}-01'{draw(_END)}"]
            lines += ["  " + c for c in draw(_COMMENTS)] + [f"  kind: other{draw(_END)}"]
        elif shape == "text":
            lines += [f"- name: 项{n}", "  note: |", "    第一行", "    第二行"]
        else:
            lines += [f"- name: 项{n}", "  tags:"]
            for k in range(draw(st.integers(1, 3))):
                lines += ["    " + c for c in draw(_COMMENTS)] + [f"    - 标签{k}{draw(_END)}"]
        items.append(lines)
    return items


def _document(
    items: list[list[str]], gap: int, heading: list[str], after: str, nested: bool
) -> str:
    indent = "      " if nested else "  "
    body = list(heading)
    for n, lines in enumerate(items):
        body += [""] * (gap if n else 0) + lines
    head = "outer:\n  - id: x\n    list:  # 行尾\n" if nested else "list:\n"
    return head + "".join(indent + line + "\n" if line else "\n" for line in body) + after


@settings(max_examples=300, deadline=None)
@given(
    items=_items(),
    data=st.data(),
    gap=st.integers(0, 2),
    heading=st.sampled_from([[], [""], ["# 列表说明", ""], ["", "# 列表说明", "# 第二行", ""]]),
    after=st.sampled_from(["", "# 结束\n", "\n# 下一项\nnext: 1\n", "next: 1  # 行尾\n"]),
    nested=st.booleans(),
)
def test_removing_item_i_removes_exactly_its_lines(
    items: list[list[str]],
    data: st.DataObject,
    gap: int,
    heading: list[str],
    after: str,
    nested: bool,
) -> None:
    i = data.draw(st.integers(0, len(items) - 1))
    path: tuple[Any, ...] = ("outer", 0, "list", i) if nested else ("list", i)
    text = _document(items, gap, heading, after, nested)
    expected = _document(items[:i] + items[i + 1 :], gap, heading, after, nested)
    assert _removed(text, path) == expected


_VALUES = st.sampled_from(
    [
        ["值"],
        ["值  # 行尾"],
        ["|", "  第一行", "  第二行"],
        ["", "  - 甲", "  # 乙", "  - 乙  # 行尾"],
        ["  # 行尾", "  # 子项", "  sub: 1", "  # 子项二", "  other: 2"],
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    keys=st.lists(st.tuples(_COMMENTS, _VALUES), min_size=2, max_size=5),
    data=st.data(),
    gap=st.integers(0, 2),
    root=st.booleans(),
    after=st.sampled_from(["", "# 结束\n", "\n# 下一项\nnext: 1\n"]),
)
def test_removing_key_i_removes_exactly_its_lines(
    keys: list[tuple[list[str], list[str]]], data: st.DataObject, gap: int, root: bool, after: str
) -> None:
    def document(names: list[int]) -> str:
        lines = []
        for n, k in enumerate(names):
            comments, value = keys[k]
            lines += [""] * (gap if n else 0) + comments
            lines.append(f"key{k}:" + (" " + value[0] if value[0] else ""))
            lines += value[1:]
        indent = "" if root else "      "
        head = "" if root else "outer:\n  - id: x\n    map:  # 行尾\n"
        return head + "".join(indent + line + "\n" if line else "\n" for line in lines) + after

    if root:
        after = after.replace("next: 1\n", "")  # would be one more key, with another gap
    i = data.draw(st.integers(0, len(keys) - 1))
    names = list(range(len(keys)))
    path = (f"key{i}",) if root else ("outer", 0, "map", f"key{i}")
    assert _removed(document(names), path) == document(names[:i] + names[i + 1 :])
