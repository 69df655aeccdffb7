"""Messages: every kind in every language, each filled the same way, plural forms by count."""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator

import pytest

from generator.format.catalogs import MESSAGE, catalog
from generator.format.wording import (
    LANGUAGES,
    Choices,
    Localized,
    Term,
    count_message,
    is_chinese,
    language_of_locale,
    say,
)
from generator.pages.health import Concern
from tests.conftest import REPO

JARGON = ("YAML", "key", "mapping", "quote", "映射", "键值", "鍵值")
KINDS = catalog("en").keys(MESSAGE)


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def forms(language: str, kind: str) -> tuple[str, ...]:
    found = catalog(language).texts[MESSAGE, kind]
    return (found,) if isinstance(found, str) else found


ALLOWED_IN_CHINESE = re.compile(
    r"\{[^}]*\}|`[^`]*`|https?://|true|false|Excel|WPS|CSV|UTF-8|GB18030|GBK|Tab|"
    r"playbook( [a-z]+)*|mkdocs\.yml|--[a-z]+|SOURCE_DATE_EPOCH|today|CNY|USD|EUR|gangwan-kafei|"
    r"clients\.csv|Windows|\.yaml|\.xlsx"
)
"""What a Chinese message may keep in Latin letters: values, commands, names of formats."""


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_is_worded_in_every_language(kind: str) -> None:
    texts = {language: forms(language, kind) for language in LANGUAGES}
    values = {name: "x" for each in texts.values() for text in each for name in fields(text)}
    for language, each in texts.items():
        for text in each:
            assert text.strip(), (language, kind)
            assert text.format(**values)  # a well-formed template
            if is_chinese(language):
                assert not re.search(r"[A-Za-z]{4,}", ALLOWED_IN_CHINESE.sub("", text)), text


@pytest.mark.parametrize("language", ["zh", "zh-Hant"])
def test_chinese_messages_use_no_jargon(language: str) -> None:
    for kind in KINDS:
        for text in forms(language, kind):
            text = re.sub(r"\{[^}]*\}", "", text)  # the values filled in are the reader's own
            for word in JARGON:
                assert word not in text, (kind, word)


def test_languages_are_defined_once() -> None:
    """``LANGUAGES`` has one definition in the package (``format/wording.py``)."""
    defined = [
        path.relative_to(REPO).as_posix()
        for path in sorted((REPO / "generator").rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.Assign | ast.AnnAssign)
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Name) and target.id == "LANGUAGES"
    ]
    assert defined == ["generator/format/wording.py"]
    assert LANGUAGES == ("zh", "en", "zh-Hant")
    assert say("got_list").text("zh") == "一个列表" and say("got_list").text("en") == "a list"
    assert say("got_list").text("zh-Hant") == "一個列表"


def test_locales_and_theme_languages_map_to_handbook_languages() -> None:
    assert language_of_locale("zh_CN.UTF-8") == "zh"
    assert language_of_locale("zh-Hans") == "zh"
    assert language_of_locale("zh") == "zh"
    assert language_of_locale("zh-Hant") == "zh-Hant"
    assert language_of_locale("zh_TW.UTF-8") == "zh-Hant"
    assert language_of_locale("zh-HK") == "zh-Hant"
    assert language_of_locale("en_GB.UTF-8") == "en"
    assert language_of_locale("C") == "en"


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
    """A kind named in the code is in the catalogs, and the call gives every value its
    texts fill in, in every language and form (else it fails only when it is shown)."""
    checked = 0
    wrong = []
    for where, name, call, kind in _kinds_said():
        if not isinstance(kind, ast.Constant):
            continue  # a kind kept in a variable: marked with message_key where it is written
        checked += 1
        if kind.value not in KINDS:
            wrong.append((where, f"unknown kind {kind.value!r}"))
            continue
        if name == "count_message":
            given = {"count"}
        elif any(keyword.arg is None for keyword in call.keywords):  # say(kind, **values)
            continue
        else:
            given = {keyword.arg for keyword in call.keywords if keyword.arg}
        needed = {
            f
            for language in LANGUAGES
            for text in forms(language, kind.value)
            for f in fields(text)
        }
        if needed - given:
            wrong.append((where, f"{kind.value}: no value for {sorted(needed - given)}"))
    assert checked > 100  # the scan still finds the calls
    assert wrong == [], wrong


def test_no_kind_or_label_is_built_at_run_time() -> None:
    """Keys are written whole, so that extraction (and grep) finds them: no f-string,
    concatenation or ``%`` as the key of ``say``, ``count_message``, ``t`` or a marker."""
    built = []
    for path in sorted((REPO / "generator").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            keyword = name in ("say", "count_message", "t", "message_key", "label_key")
            if keyword and isinstance(node.args[0], ast.JoinedStr | ast.BinOp):
                built.append(f"{path.relative_to(REPO)}:{node.lineno}")
    templates = REPO / "templates"
    for template in sorted(templates.glob("*.j2")):
        source = template.read_text("utf-8")
        if re.search(r"\bt\(\s*[\"'][^\"']*[\"']\s*~", source):
            built.append(template.name)
    assert built == []


def test_every_health_concern_has_a_message() -> None:
    for concern in Concern:
        assert concern.message_key in KINDS


def test_plural_forms_follow_the_count() -> None:
    assert count_message("problems_found", 1).text("en") == "1 problem found."
    assert count_message("problems_found", 2).text("en") == "2 problems found."
    assert count_message("problems_found", 0).text("en") == "0 problems found."
    assert count_message("problems_found", 1).text("zh") == "发现 1 个问题。"
    assert count_message("problems_found", 2).text("zh-Hant") == "發現 2 個問題。"
    checked = say("checked", clients=8, industries=5, count=1)
    assert checked.text("en") == "8 clients and 5 industries: no errors, 1 warning."
    with pytest.raises(KeyError, match="count"):
        say("problems_found").text("en")


def test_choices_show_labels_with_values() -> None:
    roles = Choices(
        ("decision_maker", "blocker"),
        (
            Localized.of("DecisionRole.decision_maker", "choice"),
            Localized.of("DecisionRole.blocker", "choice"),
        ),
    )
    assert roles.text("zh") == "决策者(decision_maker) 或 阻碍者(blocker)"
    assert roles.text("zh-Hant") == "決策者(decision_maker) 或 阻礙者(blocker)"
    assert roles.text("en") == "'decision_maker' (Decision maker) or 'blocker' (Blocker)"
    message = say(
        "not_one_of", choices=Choices(("A", "B", "C")), got=say("got_text", value="D"), hint=""
    )
    assert message.text("zh") == "应为 A、B 或 C 之一,实际填写了“D”"
    assert message.text("zh-Hant") == "應為 A、B 或 C 之一,實際填寫了「D」"
    assert message.text("en") == "expected one of 'A', 'B' or 'C', got 'D'"


def test_a_field_label_is_worded_when_shown() -> None:
    label = Localized((Term("Client.contacts", "field", " 2"), Term("Contact.role", "field")))
    assert label.text("zh") == "联系人 2 › 决策角色"
    assert label.text("zh-Hant") == "聯絡人 2 › 決策角色"
    assert label.text("en") == "Contacts 2 › Decision role"
    assert Localized((Term("taboo", None),)).text("zh-Hant") == "taboo"


def test_an_unknown_kind_is_a_bug() -> None:
    with pytest.raises(KeyError):
        say("no-such-kind")
