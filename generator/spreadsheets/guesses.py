"""Guesses for a column map: which field a header names, which choice a cell's word
means, and which row holds the headers.

A header is matched, in this order, by:

1. the trade's own words (:data:`TRADE_WORDS`: 客户经理, 对接人, 手机号, 微信号 …) — sure;
2. a field's key or its label in any language (``phone``, ``电话``, ``客户名称``) — sure
   when only one field of the clients and contacts sheets has it, else a guess;
3. a word that says whose field it is, then one of the above (``联系人手机``, ``客户简介``,
   ``Contact email``) — sure;
4. a known name inside the header (``主要对接人姓名`` holds ``对接人``), or a name close to
   it (``微信号码``) — a guess.

A guess is written into the proposed map with a comment saying why; so is a column no
rule matches, which the proposal leaves out.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass
from enum import Enum
from typing import Any

from ..format.labels import Translator
from ..format.model import ClientStatus, DecisionRole, Tier
from ..format.wording import LANGUAGES, Message, say
from .grids import Grid
from .layout import ENUM_LIST_SEPARATORS, _choices, _enum
from .targets import Target, header_text, normalized, targets

TRADE_WORDS: dict[str, str] = {
    "clients.name": (
        "客户 客户名 客户全称 客户名字 公司 公司名称 公司全称 企业名称 品牌 品牌名称 客户公司 甲方 client clientname "
        "company companyname account accountname customer customername"
    ),
    "clients.aliases": "简称 客户简称 英文名 英文名称 别称 aka shortname",
    "clients.industry": "所属行业 行业类别 行业分类 行业类型 sector vertical",
    "clients.tier": "级别 客户级别 客户等级 分级 客户分级 客户类别 客户分类 level grade clienttier accounttier",
    "clients.status": "合作状态 客户状态 状况 clientstatus accountstatus",
    "clients.since": "合作开始日期 合作时间 开始合作 开始合作时间 签约日期 签约时间 首次合作 合作起始 合作起始日期 clientsince customersince",
    "clients.team.lead": (
        "负责人 客户经理 客户总监 ae 对接ae 我方负责人 我方对接人 业务负责人 项目负责人 accountmanager "
        "accountlead accountowner am owner"
    ),
    "clients.summary": "客户简介 公司简介 介绍 概况 about description",
    "clients.profile.headquarters": "总部 地址 所在地 城市 所在城市 location city",
    "clients.profile.website": "网址 网站 url homepage web",
    "clients.profile.size": "公司规模 人数 员工数 employees",
    "contacts.name": (
        "联系人 对接人 联系人姓名 对接人姓名 客户联系人 客户对接人 客户方对接人 甲方对接人 contact contactname "
        "contactperson"
    ),
    "contacts.title": "职位 岗位 头衔 职称 position jobtitle role/title",
    "contacts.phone": (
        "手机 手机号 手机号码 联系电话 电话号码 座机 移动电话 mobile mobilephone cell cellphone tel "
        "telephone phonenumber"
    ),
    "contacts.wechat": "微信号 微信id weixin wx wechatid",
    "contacts.email": "电子邮箱 电子邮件 邮件 e-mail mail emailaddress",
    "contacts.birthday": "出生日期 生辰 dateofbirth dob birthdate",
    "contacts.role": "角色 决策身份 decisionrole",
    "contacts.reports_to": "上级 直属上级 reportsto manager",
    "contacts.style": "性格 沟通特点 communicationstyle",
    "projects.budget.amount": "预算 项目预算 budget",
}
"""Headers agencies write, by the field they mean, separated by spaces (compared as
:func:`normalized` makes them)."""

OWNER_WORDS: dict[str, tuple[str, ...]] = {
    "contacts": ("联系人", "对接人", "客户方", "甲方", "contact", "contacts"),
    "clients": ("客户", "公司", "品牌", "client", "company", "account", "customer"),
    "projects": ("项目", "project"),
}
"""Words before or after a field's name that say whose field it is (``联系人电话``)."""

SHEET_ORDER = ("clients", "contacts", "industries", "projects")
"""Where a name shared by several sheets' fields is looked for first."""
MAIN_SHEETS = frozenset({"clients", "contacts"})
GENERIC = frozenset(
    {"备注", "说明", "名称", "notes", "note", "name", "日期", "date", "类型", "type"}
)
"""Names too general to be sure of: always a guess."""

CHOICE_WORDS: dict[type[Enum], dict[str, str]] = {
    ClientStatus: {
        "active": "服务中 在合作 在服务 合作 执行中 进行中 活跃 正常 现有 签约 已签约 现有客户 current ongoing",
        "former": (
            "流失 已流失 终止 已终止 终止合作 停止合作 解约 已解约 结束合作 合作结束 历史客户 "
            "前客户 不再合作 lost churned ended inactive past"
        ),
        "paused": "暂停合作 搁置 暂缓 休眠 onhold hold",
        "prospect": (
            "潜在客户 意向 意向客户 洽谈中 跟进中 待开发 待签约 比稿 比稿中 提案中 lead pitch "
            "pitching potential"
        ),
    },
    Tier: {"A": "一级 甲", "B": "二级 乙", "C": "三级 丙"},
    DecisionRole: {
        "decision_maker": "拍板人 决策人 最终决策 老板",
        "influencer": "影响人 关键影响者",
        "champion": "内线 支持 内部支持者",
        "gatekeeper": "守门人 把关",
        "user": "执行人 执行 使用",
        "blocker": "反对者 阻力",
    },
}
"""What agencies write for a choice: choice → its words, separated by spaces (sure)."""
CHOICE_LEANINGS: dict[type[Enum], dict[str, str]] = {
    Tier: {"A": "重点 核心 战略 重要", "B": "一般", "C": "普通"},
}
"""Words that probably mean a choice: a guess, said in the proposal."""
CHOICE_AFFIXES = re.compile(r"^(客户|类别|等级|级别)|(类客户|级客户|客户|类|级|等|型|档)$")


@dataclass(frozen=True)
class Guess:
    """The field a header is taken for (``None``: none), and how sure the guess is."""

    target: Target | None
    sure: bool = True
    why: Message | None = None
    """For a guess: why it was made (the proposal's comment)."""


@functools.cache
def _names() -> tuple[dict[str, list[Target]], dict[str, list[Target]]]:
    """``(trade words, keys and labels)``: normalized name → the targets it names."""
    every = targets()
    trade: dict[str, list[Target]] = {}
    for name, words in TRADE_WORDS.items():
        for word in words.split():
            trade.setdefault(normalized(word), []).append(every[name])
    own: dict[str, list[Target]] = {}
    translators = [Translator(language) for language in LANGUAGES]
    for target in every.values():
        column = target.column
        if column.key_column or column.key == "id":
            continue  # ids and keys are the handbook's own: an agency's codes are not them
        names = {target.name, column.key, column.path[-1], column.key.replace(".", "")}
        names |= {column.label(t) for t in translators}
        for name in names:
            listed = own.setdefault(normalized(name), [])
            if target not in listed:
                listed.append(target)
    return trade, own


def _rank(target: Target) -> int:
    name = target.sheet.name
    return SHEET_ORDER.index(name) if name in SHEET_ORDER else len(SHEET_ORDER)


def _pick(found: list[Target], name: str) -> Guess:
    """The best of the targets a name matches; sure if no other main sheet's field has it."""
    ordered = sorted(found, key=_rank)
    main = [t for t in ordered if t.sheet.name in MAIN_SHEETS]
    if len(main) <= 1 and name not in GENERIC:
        return Guess(ordered[0])
    others = ", ".join(t.name for t in ordered[1:4])
    why = say("proposal_why_several", others=others) if others else None
    return Guess(ordered[0], sure=False, why=why)


def guess_target(text: str) -> Guess:
    """The field a header names (see the module's description for the rules)."""
    name = normalized(text)
    if not name:
        return Guess(None)
    trade, own = _names()
    if name in trade:
        return Guess(sorted(trade[name], key=_rank)[0])
    if name in own:
        return _pick(own[name], name)
    for sheet, words in OWNER_WORDS.items():
        for word in sorted(words, key=len, reverse=True):
            rest = (
                name[len(word) :]
                if name.startswith(word)
                else name[: -len(word)]
                if name.endswith(word)
                else None
            )
            if not rest:
                continue
            for index in (trade, own):
                fits = [t for t in index.get(rest, []) if t.sheet.name == sheet]
                if fits:
                    return Guess(fits[0])
    return _loose_guess(name, trade, own)


def _loose_guess(name: str, trade: dict[str, list[Target]], own: dict[str, list[Target]]) -> Guess:
    """A known name inside the header, or one close to it: always a guess."""
    known = {**own, **trade}
    owners = {normalized(word) for words in OWNER_WORDS.values() for word in words}
    inside = [
        word
        for word in known
        if word != name
        and word in name
        and word not in owners  # 客户 in 客户来源 says whose, not what
        and (len(word) >= 2 if _cjk(word) else len(word) >= 4)
    ]
    if inside:
        word = max(inside, key=len)
        target = sorted(known[word], key=_rank)[0]
        return Guess(target, False, say("proposal_why_contains", label=word))
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.75)
    if close:
        target = sorted(known[close[0]], key=_rank)[0]
        return Guess(target, False, say("proposal_why_similar", label=close[0]))
    return Guess(None)


def _cjk(text: str) -> bool:
    return any("\u3400" <= char <= "\u9fff" for char in text)


# --- choices ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChoiceGuess:
    """What a cell's word is taken for: a choice's value (``None``: none), how sure, and
    whether the format reads the word by itself (its value or a label: no map entry needed)."""

    value: str | None
    sure: bool = True
    understood: bool = False


def _words(table: dict[type[Enum], dict[str, str]], enum: type[Enum]) -> dict[str, str]:
    """Normalized word → the choice it means."""
    return {
        normalized(word): value
        for value, words in table.get(enum, {}).items()
        for word in words.split()
    }


def guess_choice(cell: Any, enum: type[Enum]) -> ChoiceGuess:
    """The choice a cell's word means: ``A类`` → ``A``, ``已流失`` → ``former``."""
    if _enum(cell, enum) in {member.value for member in enum}:  # as the import reads it
        return ChoiceGuess(_enum(cell, enum), understood=True)
    text = normalized(header_text(cell))
    allowed = {normalized(word): value for word, value in _choices(enum).items()}
    words = _words(CHOICE_WORDS, enum)
    stripped = CHOICE_AFFIXES.sub("", text)
    for candidate in (text, stripped):
        if candidate in allowed:
            return ChoiceGuess(allowed[candidate])
        if candidate in words:
            return ChoiceGuess(words[candidate])
    leanings = _words(CHOICE_LEANINGS, enum)
    for candidate in (text, stripped):
        if candidate in leanings:
            return ChoiceGuess(leanings[candidate], sure=False)
    inside = {
        value for word, value in {**allowed, **words}.items() if len(word) >= 2 and word in text
    }
    if len(inside) == 1:
        return ChoiceGuess(inside.pop(), sure=False)
    return ChoiceGuess(None, sure=False)


def choice_words(cell: Any, many: bool) -> list[str]:
    """The words of a choice cell: one, or each of a list's (``微信、电话``)."""
    text = header_text(cell)
    if not many:
        return [text] if text else []
    return [part for part in ENUM_LIST_SEPARATORS.split(text) if part]


# --- the header's row ---------------------------------------------------------------------

HEADER_SEARCH = 10
"""How many rows from the top may be titles before the header."""


def header_row(grid: Grid) -> int:
    """The row that names the columns: of the first rows, the one with the most headers
    that name a field; without any, the first row with two cells or more."""
    best, best_score = 0, 0
    for row in range(1, min(HEADER_SEARCH, len(grid.rows)) + 1):
        texts = [v for v in grid.rows[row - 1] if isinstance(v, str) and v.strip()]
        score = sum(1 for text in texts if guess_target(text).target is not None)
        if score > best_score:
            best, best_score = row, score
    if best:
        return best
    for row in range(1, min(HEADER_SEARCH, len(grid.rows)) + 1):
        if sum(1 for v in grid.rows[row - 1] if v not in (None, "")) >= 2:
            return row
    return 1
