"""The table of messages: every kind in both languages, each filled the same way."""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator

import pytest

from generator.format.labels import LANGUAGES as LABEL_LANGUAGES
from generator.format.schema import LANGUAGES as SCHEMA_LANGUAGES
from generator.format.wording import LANGUAGES, MESSAGES, Choices, Localized, say
from generator.pages.health import Concern
from tests.conftest import REPO

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


def test_messages_come_in_every_language_of_the_site() -> None:
    """A site's language (its labels, its schema) has its messages too, in that order."""
    assert LANGUAGES == LABEL_LANGUAGES
    assert set(LANGUAGES) == set(SCHEMA_LANGUAGES)
    assert say("got_list").text("zh") == "一个列表" and say("got_list").text("en") == "a list"


def _kinds_said() -> Iterator[tuple[str, str, ast.Call, ast.expr]]:
    """Every call of ``say`` or ``count_message`` in the package: where, and its kind."""
    for path in sorted((REPO / "generator").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            if name in ("say", "count_message"):
                where = f"{path.relative_to(REPO)}:{node.lineno}"
                yield where, name, node, node.args[0]


def test_every_kind_the_code_says_exists_and_gets_its_values() -> None:
    """A kind named in the code is in MESSAGES, and the call gives every value its texts
    fill in (else the message fails with a KeyError only when it is shown)."""
    checked = 0
    wrong = []
    for where, name, call, kind in _kinds_said():
        if isinstance(kind, ast.JoinedStr):  # say(f"health_{concern.value}")
            first = kind.values[0]
            prefix = first.value if isinstance(first, ast.Constant) else ""
            if not any(known.startswith(str(prefix)) for known in MESSAGES):
                wrong.append((where, f"no kind starts with {prefix!r}"))
            continue
        # say(kind_said or "editor_changed_since_opened"): the literal alternatives
        literals = [
            node.value
            for node in ast.walk(kind)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
        ]
        for literal in literals:
            checked += 1
            if literal not in MESSAGES:
                wrong.append((where, f"unknown kind {literal!r}"))
                continue
            if kind is not call.args[0] or not isinstance(kind, ast.Constant):
                continue
            if name == "count_message":
                given = {"count", "s"}
            elif any(keyword.arg is None for keyword in call.keywords):  # say(kind, **values)
                continue
            else:
                given = {keyword.arg for keyword in call.keywords if keyword.arg}
            zh, en = MESSAGES[literal]
            missing = (fields(zh) | fields(en)) - given
            if missing:
                wrong.append((where, f"{literal}: no value for {sorted(missing)}"))
    assert checked > 100  # the scan still finds the calls
    assert wrong == [], wrong


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
