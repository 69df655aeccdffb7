"""Ids made from names: what a person would otherwise have to invent for a Chinese name.

Every id of the format (a file's name, a contact's, a project's) is lowercase ASCII
letters, digits and hyphens. From a name, Chinese is written as its pinyin (pypinyin,
whose phrase dictionary reads 重庆 as chongqing and 银行 as yinhang): the syllables of
one word are joined (jieba cuts the name into words), words are joined by hyphens, and
Latin letters and digits are kept. 港湾咖啡 → ``gangwan-kafei``.

A person's name is written as Chinese names are romanised: the surname, a hyphen, the
given name (陈静 → ``chen-jing``, 欧阳明月 → ``ouyang-mingyue``), with a surname read as
a surname (曾 is zeng, 单 is shan).

The form editor proposes the same ids in the browser (``playbook-ids.js``, with the
pinyin-pro library); either way the id is shown before the first save and can be changed.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Collection

from .model import SLUG_RE

MAX_LENGTH = 64

# Surnames of two characters, which the given name follows (欧阳 明月, not 欧 阳明月).
_COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "诸葛",
        "上官",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "轩辕",
        "令狐",
        "端木",
        "独孤",
        "南宫",
        "西门",
        "百里",
        "呼延",
        "万俟",
        "澹台",
        "公冶",
        "宗政",
        "濮阳",
        "淳于",
        "单于",
        "太叔",
        "申屠",
        "钟离",
        "闻人",
        "东郭",
        # the same in Traditional Chinese (a Hong Kong or Taipei contact)
        "歐陽",
        "司馬",
        "諸葛",
        "東方",
        "尉遲",
        "公孫",
        "長孫",
        "軒轅",
        "獨孤",
        "南宮",
        "西門",
        "萬俟",
        "澹臺",
        "濮陽",
        "單于",
        "鍾離",
        "聞人",
        "東郭",
    ]
)
# Characters read otherwise when they are a surname (pypinyin reads them as common words).
_SURNAME_READINGS = {
    "曾": "zeng",
    "单": "shan",
    "解": "xie",
    "仇": "qiu",
    "区": "ou",
    "朴": "piao",
    "查": "zha",
    "缪": "miao",
    "盖": "ge",
    "乐": "yue",
    "尉迟": "yuchi",
    "万俟": "moqi",
    "单于": "chanyu",
    "覃": "qin",
    "召": "shao",
    "种": "chong",
    "黑": "he",
    "繁": "po",
    "员": "yun",
    "长孙": "zhangsun",
    # the same in Traditional Chinese (区 is a common surname in Hong Kong: 區)
    "單": "shan",
    "區": "ou",
    "繆": "miao",
    "蓋": "ge",
    "樂": "yue",
    "尉遲": "yuchi",
    "萬俟": "moqi",
    "單于": "chanyu",
    "員": "yun",
    "長孫": "zhangsun",
}


def _is_han(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def _syllables(text: str) -> str:
    """The pinyin of a run of Chinese, syllables joined (ü written v, as in ids and URLs)."""
    from pypinyin import Style, lazy_pinyin

    return "".join(lazy_pinyin(text, style=Style.NORMAL, v_to_u=False))


def _words(text: str) -> list[str]:
    """``text`` as id words: Chinese words as pinyin, Latin letters and digits as they are."""
    import jieba

    jieba.setLogLevel(logging.WARNING)  # it announces its dictionary on first use
    words: list[str] = []
    for run in _HAN_RUNS.split(text):
        if run and _is_han(run[0]):
            words.extend(_syllables(word) for word in jieba.lcut(run, HMM=False))
            continue
        latin = unicodedata.normalize("NFKD", run)  # é → e and a combining accent
        latin = "".join(c for c in latin if not unicodedata.combining(c))
        cleaned = "".join(c.lower() if c.isascii() and c.isalnum() else " " for c in latin)
        words.extend(cleaned.split())
    return words


_HAN_RUNS = re.compile("([\u3400-\u9fff\uf900-\ufaff]+)")
"""Splits a name into runs of Chinese characters and runs of everything else."""


def _join(words: list[str]) -> str:
    slug = "-".join(word for word in words if word)
    slug = re.sub(r"-{2,}", "-", slug).strip("-")
    return slug[:MAX_LENGTH].rstrip("-")


def id_from_name(name: str) -> str:
    """The id a name proposes (``""`` when it has no letter, digit or Chinese character)."""
    return _join(_words(name))


def id_from_person(name: str) -> str:
    """The id a person's name proposes: surname, then given name (陈静 → ``chen-jing``)."""
    stripped = name.strip()
    if len(stripped) < 2 or not all(_is_han(char) for char in stripped) or len(stripped) > 4:
        return id_from_name(name)
    size = 2 if stripped[:2] in _COMPOUND_SURNAMES and len(stripped) > 2 else 1
    surname, given = stripped[:size], stripped[size:]
    return _join([_SURNAME_READINGS.get(surname) or _syllables(surname), _syllables(given)])


def id_rules() -> dict[str, object]:
    """The rules above, for the form editor's script (``playbook-ids.js``) to follow."""
    return {
        "compoundSurnames": sorted(_COMPOUND_SURNAMES),
        "surnameReadings": _SURNAME_READINGS,
        "maxLength": MAX_LENGTH,
    }


def unique(proposed: str, taken: Collection[str], fallback: str = "entry") -> str:
    """``proposed``, or with ``-2``, ``-3`` … added when another entry has it already."""
    base = proposed if SLUG_RE.match(proposed or "") else fallback
    if base not in taken:
        return base
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = base[: MAX_LENGTH - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        number += 1
