"""Guesses for the column map: headers agencies write, the words of their choice columns,
and the header's row below title rows."""

from __future__ import annotations

import pytest

from generator.format.model import Channel, ClientStatus, DecisionRole, Tier
from generator.spreadsheets.grids import Grid
from generator.spreadsheets.guesses import (
    TRADE_WORDS,
    guess_choice,
    guess_target,
    header_row,
)
from generator.spreadsheets.targets import headers, normalized, targets


@pytest.mark.parametrize(
    "header, target",
    [
        # the trade's own words
        ("客户经理", "clients.team.lead"),
        ("负责人", "clients.team.lead"),
        ("对接人", "contacts.name"),
        ("联系电话", "contacts.phone"),
        ("手机号", "contacts.phone"),
        ("微信号", "contacts.wechat"),
        ("所属行业", "clients.industry"),
        ("客户级别", "clients.tier"),
        ("合作状态", "clients.status"),
        # the format's labels in any language, and its keys
        ("客户名称", "clients.name"),
        ("客户负责人", "clients.team.lead"),
        ("职务", "contacts.title"),
        ("生日", "contacts.birthday"),
        ("客戶名稱", "clients.name"),  # Traditional
        ("Account lead", "clients.team.lead"),
        ("email", "contacts.email"),
        ("contacts.phone", "contacts.phone"),
        # a word that says whose field it is
        ("联系人电话", "contacts.phone"),
        ("联系人邮箱", "contacts.email"),
        ("客户简介", "clients.summary"),
        ("Contact email", "contacts.email"),
        # written as people write headers: full-width, a note in brackets, a colon
        ("客户名称（必填）：", "clients.name"),
        (" 手机 ", "contacts.phone"),
    ],
)
def test_sure_guesses(header: str, target: str) -> None:
    guess = guess_target(header)
    assert guess.target is not None and guess.target.name == target
    assert guess.sure, header


@pytest.mark.parametrize(
    "header, target",
    [
        ("备注", "contacts.notes"),  # a general word: a guess, with the other fields it may be
        ("主要对接人姓名", "contacts.name"),  # holds 对接人
        ("微信号码", "contacts.wechat"),  # close to 微信号
    ],
)
def test_guesses_that_say_why(header: str, target: str) -> None:
    guess = guess_target(header)
    assert guess.target is not None and guess.target.name == target
    assert not guess.sure and guess.why is not None
    assert guess.why.text("zh") and guess.why.text("en")


@pytest.mark.parametrize("header", ["客户来源", "序号", "Q3 回款", ""])
def test_no_guess(header: str) -> None:
    assert guess_target(header).target is None


def test_trade_words_name_fields_of_the_format() -> None:
    every = targets()
    assert set(TRADE_WORDS) <= set(every)
    words = [normalized(word) for words in TRADE_WORDS.values() for word in words.split()]
    assert len(words) == len(set(words)), "a word names two fields"


def test_ids_and_keys_are_never_guessed() -> None:
    """An agency's own codes (客户编号) are not the handbook's ids."""
    for header in ("客户标识(文件名)", "标识(英文小写)", "id"):
        guess = guess_target(header)
        assert guess.target is None or guess.target.column.key != "id", header


@pytest.mark.parametrize(
    "word, enum, value, sure",
    [
        ("A类", Tier, "A", True),
        ("B级", Tier, "B", True),
        ("C类客户", Tier, "C", True),
        ("重点客户", Tier, "A", False),
        ("已流失", ClientStatus, "former", True),
        ("暂停合作", ClientStatus, "paused", True),
        ("洽谈中", ClientStatus, "prospect", True),
        ("拍板人", DecisionRole, "decision_maker", True),
    ],
)
def test_choice_guesses(word: str, enum: type, value: str, sure: bool) -> None:
    guess = guess_choice(word, enum)
    assert (guess.value, guess.sure, guess.understood) == (value, sure, False)


@pytest.mark.parametrize(
    "word, enum, value",
    [("合作中", ClientStatus, "active"), ("A", Tier, "A"), ("微信", Channel, "wechat")],
)
def test_words_the_format_reads_need_no_entry(word: str, enum: type, value: str) -> None:
    guess = guess_choice(word, enum)
    assert guess.understood and guess.value == value


def test_a_word_no_choice_matches() -> None:
    assert guess_choice("待定", Tier).value is None


def test_the_header_is_found_below_title_rows() -> None:
    grid = Grid(
        "客户名单",
        "list.xlsx!客户名单",
        [
            ["星海广告客户名单(2026 年 3 月)"],
            ["制表:客户部", None, None, "更新:3 月 1 日"],
            [],
            ["序号", "客户名称", "客户级别", "对接人", "手机"],
            [1, "港湾咖啡", "A类", "欧阳明月", 13812345678],
        ],
    )
    assert header_row(grid) == 4
    assert [h.name for h in headers(grid, 4)] == ["序号", "客户名称", "客户级别", "对接人", "手机"]


def test_headers_that_repeat_or_are_empty_get_their_column_letter() -> None:
    grid = Grid(
        "s",
        "s.csv",
        [["客户名称", "电话", "电话", None, ""], ["港湾咖啡", "1", "2", "x", None]],
    )
    assert [h.name for h in headers(grid, 1)] == ["客户名称", "电话", "电话 [C]", "[D]"]
