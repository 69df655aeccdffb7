"""The catalogs: one gettext file per language, every key in each, the same placeholders."""

from __future__ import annotations

import string
from itertools import combinations

import pytest
from babel.messages.pofile import read_po

from generator.format.catalogs import LOCALES, MESSAGE, catalog, catalog_path
from generator.format.wording import LANGUAGES

ONE_LANGUAGE_ONLY = {
    # Chinese names a field by its form label and counts items from 1 (联系人 2); English
    # keeps the key, the 0-based index and the parser's own words for a reader of YAML.
    (MESSAGE, "did_you_mean_label"): {"label"},
    (MESSAGE, "problem_error"): {"label"},
    (MESSAGE, "problem_warning"): {"label"},
    (MESSAGE, "missing"): {"name"},
    (MESSAGE, "contact_id_taken"): {"number", "index"},
    (MESSAGE, "project_id_taken"): {"number", "index"},
    (MESSAGE, "file_not_fields"): {"got", "type_name"},
    (MESSAGE, "not_a_real_date"): {"detail"},
    **{
        (MESSAGE, kind): {"detail"}
        for kind in (
            "syntax_list",
            "syntax_braces",
            "syntax_colon",
            "syntax_no_colon",
            "syntax_indent",
            "syntax_start",
            "syntax_open_end",
            "syntax_other",
        )
    },
    # a month is a number in Chinese (3 月), a name in English (March)
    ("", "calendar_month"): {"month", "month_name"},
}
"""Placeholders one language leaves out on purpose; every other key has the same in all."""


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def forms(language: str, key: tuple[str, str]) -> tuple[str, ...]:
    found = catalog(language).texts[key]
    return (found,) if isinstance(found, str) else found


def test_catalogs_are_gettext_files_in_the_package_read_by_babel() -> None:
    assert LOCALES.parent.name == "generator"
    for language in LANGUAGES:
        path = catalog_path(language)
        assert path.relative_to(LOCALES).parts[1:] == ("LC_MESSAGES", "playbook.po")
        with path.open("rb") as file:
            po = read_po(file, abort_invalid=True)
        assert str(po.locale).replace("_", "-") == language
        assert len(po) > 600
    assert catalog("zh") is catalog("zh")  # read once per process


def test_every_catalog_has_every_key_in_the_same_order() -> None:
    keys = {language: list(catalog(language).texts) for language in LANGUAGES}
    for language in LANGUAGES:
        assert keys[language] == keys["en"], language
        for key in keys[language]:
            plural = isinstance(catalog(language).texts[key], tuple)
            assert plural == isinstance(catalog("en").texts[key], tuple), (language, key)


@pytest.mark.parametrize(("one", "other"), list(combinations(LANGUAGES, 2)))
def test_every_catalog_fills_in_the_same_placeholders(one: str, other: str) -> None:
    wrong = []
    for key in catalog("en").texts:
        found = {
            language: set().union(*map(placeholders, forms(language, key)))
            for language in (one, other)
        }
        differ = found[one] ^ found[other]
        allowed = set() if {one, other} == {"zh", "zh-Hant"} else ONE_LANGUAGE_ONLY.get(key, set())
        if not differ <= allowed:
            wrong.append((key, sorted(differ - allowed)))
    assert wrong == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_plural_form_has_the_same_placeholders(language: str) -> None:
    plurals = [key for key, text in catalog(language).texts.items() if isinstance(text, tuple)]
    assert len(plurals) >= 5
    for key in plurals:
        each = [placeholders(form) for form in forms(language, key)]
        assert all(found == each[0] and "count" in found for found in each), (language, key)


def test_plural_forms_come_from_each_catalogs_header() -> None:
    english, chinese, traditional = (catalog(language) for language in ("en", "zh", "zh-Hant"))
    assert [english.plural_index(n) for n in (0, 1, 2, 21)] == [1, 0, 1, 1]
    assert [chinese.plural_index(n) for n in (0, 1, 2)] == [0, 0, 0]
    assert len(forms("en", (MESSAGE, "problems_found"))) == 2
    assert len(forms("zh", (MESSAGE, "problems_found"))) == 1
    assert len(forms("zh-Hant", (MESSAGE, "problems_found"))) == 1
    assert traditional.form("problems_found", MESSAGE, 3) == "發現 {count} 個問題。"


def test_an_unknown_language_has_no_catalog() -> None:
    with pytest.raises(ValueError, match="fr"):
        catalog("fr")
