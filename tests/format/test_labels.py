"""Labels: the catalogs' words for pages, form and PDF; no words hard-coded in templates."""

from __future__ import annotations

import re

import pytest

from generator.format.catalogs import LABEL, catalog
from generator.format.labels import Translator, field_term
from generator.format.wording import LANGUAGES
from generator.pages.views import BUILTIN_TEMPLATES


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_label_has_words(language: str) -> None:
    t = Translator(language)
    assert len(t.texts()) > 250
    for key, text in t.texts().items():
        assert text.strip(), key


def test_unknown_label_and_language_are_errors() -> None:
    with pytest.raises(KeyError):
        Translator("zh")("no-such-label")
    with pytest.raises(ValueError, match="zh-Hant"):
        Translator("fr")


@pytest.mark.parametrize("template", sorted(BUILTIN_TEMPLATES.glob("*.j2")), ids=lambda p: p.name)
def test_templates_hold_no_words_of_their_own(template) -> None:
    source = template.read_text("utf-8")
    assert not re.search(r"[\u4e00-\u9fff]", source), "Chinese text belongs in the catalogs"
    outside_tags = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", " ", source, flags=re.DOTALL)
    outside_tags = re.sub(r"\{:.*?\}", " ", outside_tags)  # heading anchors
    outside_tags = re.sub(r"\]\([^)]*\)|<[^>]*>", " ", outside_tags)  # link targets, HTML tags
    words = set(re.findall(r"\b[A-Za-z]{3,}\b", outside_tags))
    # admonition kinds: markup, not words a reader sees
    assert words <= {"warning", "danger", "note", "abstract"}, words


@pytest.mark.parametrize("language", LANGUAGES)
def test_labels_as_attributes_match_the_translator(language: str) -> None:
    t = Translator(language)
    for key in catalog(language).keys(LABEL):
        assert getattr(t.labels, key) == t(key)


def test_a_misspelt_label_fails_the_render() -> None:
    import jinja2

    from generator.pages.views import template_environment

    env = template_environment(None)
    env.globals["label"] = Translator("zh").labels
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ label.no_such_label }}").render()


def test_every_health_concern_has_a_label() -> None:
    from generator.pages.health import Concern

    for concern in Concern:
        for language in LANGUAGES:
            assert Translator(language)(concern.label_key)


def test_a_field_is_named_by_its_own_label_else_its_page_label() -> None:
    t = Translator("zh-Hant")
    assert field_term("Contact", "role").key == "Contact.role"  # 決策角色, its form label
    assert t.field("Contact", "role") == "決策角色"
    assert field_term("Contact", "email").key == "email"  # the page's label
    assert t.field("Contact", "email") == "電子郵件"
    assert field_term("Contact", "nonsense").context is None
    with pytest.raises(KeyError):
        t.field("Contact", "nonsense")


def test_choices_are_labelled_in_every_language() -> None:
    from generator.format.model import DecisionRole

    options = {language: Translator(language).enum_options(DecisionRole) for language in LANGUAGES}
    assert options["zh"][0] == ("decision_maker", "决策者")
    assert options["en"][0] == ("decision_maker", "Decision maker")
    assert options["zh-Hant"][0] == ("decision_maker", "決策者")
    assert Translator("zh-Hant").enum(None) == ""
