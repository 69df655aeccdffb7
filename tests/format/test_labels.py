"""Labels: one table, two languages, no words hard-coded in templates."""

from __future__ import annotations

import re

import pytest

from generator.format.labels import LABELS, Translator
from generator.pages.views import BUILTIN_TEMPLATES


def test_every_label_has_both_languages() -> None:
    for key, (zh, en) in LABELS.items():
        assert zh.strip() and en.strip(), key


def test_unknown_label_is_an_error() -> None:
    with pytest.raises(KeyError):
        Translator("zh")("no-such-label")


@pytest.mark.parametrize("template", sorted(BUILTIN_TEMPLATES.glob("*.j2")), ids=lambda p: p.name)
def test_templates_hold_no_words_of_their_own(template) -> None:
    source = template.read_text("utf-8")
    assert not re.search(r"[\u4e00-\u9fff]", source), "Chinese text belongs in generator/i18n.py"
    outside_tags = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", " ", source, flags=re.DOTALL)
    outside_tags = re.sub(r"\{:.*?\}", " ", outside_tags)  # heading anchors
    outside_tags = re.sub(r"\]\([^)]*\)|<[^>]*>", " ", outside_tags)  # link targets, HTML tags
    words = set(re.findall(r"\b[A-Za-z]{3,}\b", outside_tags))
    # admonition kinds: markup, not words a reader sees
    assert words <= {"warning", "danger", "note", "abstract"}, words


def test_every_label_key_used_in_templates_exists() -> None:
    used = 0
    for template in BUILTIN_TEMPLATES.glob("*.j2"):
        source = template.read_text("utf-8")
        keys = re.findall(r'\bt\(["\']([a-z_]+)["\']\s*[,)]', source)
        keys += re.findall(r"\blabel\.([a-z_]+)", source)
        for key in keys:
            assert key in LABELS, (template.name, key)
        used += len(keys)
    assert used > 100


def test_labels_as_attributes_match_the_translator() -> None:
    for language in ("zh", "en"):
        t = Translator(language)
        for key in LABELS:
            if "{" not in LABELS[key][0]:
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
        assert f"concern_{concern.value}" in LABELS
