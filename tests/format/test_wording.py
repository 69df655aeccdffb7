"""The table of messages: every kind in both languages, each filled the same way."""

from __future__ import annotations

import re
import string

import pytest

from generator.format.wording import LANGUAGES, MESSAGES, Choices, Localized, say
from generator.pages.health import Concern

JARGON = ("YAML", "key", "mapping", "quote", "映射", "键值")


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


ALLOWED_IN_CHINESE = re.compile(
    r"\{[^}]*\}|`[^`]*`|https?://|true|false|Excel|WPS|CSV|UTF-8|GB18030|GBK|Tab|"
    r"playbook( [a-z]+)*|mkdocs\.yml|--[a-z]+|SOURCE_DATE_EPOCH|today|CNY|USD|EUR|gangwan-kafei|"
    r"clients\.csv|Windows|\.yaml|\.xlsx"
)
"""What a Chinese message may keep in Latin letters: values, commands, names of formats."""


@pytest.mark.parametrize("kind", sorted(MESSAGES))
def test_every_kind_has_both_languages(kind: str) -> None:
    zh, en = MESSAGES[kind]
    assert zh.strip() and en.strip()
    values = {name: "x" for name in fields(zh) | fields(en)}
    assert zh.format(**values) and en.format(**values)  # both are well-formed templates
    assert not re.search(r"[A-Za-z]{4,}", ALLOWED_IN_CHINESE.sub("", zh)), zh


def test_chinese_messages_use_no_jargon() -> None:
    for kind, (zh, _) in MESSAGES.items():
        zh = re.sub(r"\{[^}]*\}", "", zh)  # the values filled in are the reader's own
        for word in JARGON:
            assert word not in zh, (kind, word)


def test_the_languages_are_zh_and_en() -> None:
    assert LANGUAGES == ("zh", "en")


def test_every_health_concern_has_a_message() -> None:
    for concern in Concern:
        assert f"health_{concern.value}" in MESSAGES


def test_choices_show_labels_with_values() -> None:
    roles = Choices(
        ("decision_maker", "blocker"),
        (Localized("决策者", "Decision maker"), Localized("阻碍者", "Blocker")),
    )
    assert roles.text("zh") == "决策者(decision_maker) 或 阻碍者(blocker)"
    assert roles.text("en") == "'decision_maker' (Decision maker) or 'blocker' (Blocker)"
    message = say(
        "not_one_of", choices=Choices(("A", "B", "C")), got=say("got_text", value="D"), hint=""
    )
    assert message.text("zh") == "应为 A、B 或 C 之一,实际填写了“D”"
    assert message.text("en") == "expected one of 'A', 'B' or 'C', got 'D'"


def test_an_unknown_kind_is_a_bug() -> None:
    with pytest.raises(KeyError):
        say("no-such-kind")
