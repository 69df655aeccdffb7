"""Escaping of user text: plain fields literal, Markdown fields without HTML."""

from __future__ import annotations

import re

import markdown as md_lib
import pytest
import yaml

from generator.pages.text import front_matter, indent, markdown, neutralize_html, plain, url


def to_html(text: str) -> str:
    return md_lib.markdown(text, extensions=["tables", "attr_list"])


@pytest.mark.parametrize(
    "value",
    [
        "<script>alert(1)</script>",
        "a | b | c",
        "{{ config }} {% raw %}",
        "# not a heading",
        "---",
        "*not emphasis* and _not_ either",
        "`not code`",
        "1. not a list",
        "- not a list",
        "[not](a link)",
        "<img src=x onerror=alert(1)>",
        "{: onclick=alert(1) }",
    ],
)
def test_plain_text_renders_literally(value: str) -> None:
    rendered = to_html(f"| h |\n|---|\n| {plain(value)} |\n\n{plain(value)}\n")
    assert "<script" not in rendered and "<img" not in rendered and "<em>" not in rendered
    assert "<a " not in rendered and "<code>" not in rendered
    assert not re.search(r"<[^>]*\son\w+=", rendered), "an event attribute got into a tag"
    # the table keeps exactly one cell per row
    assert rendered.count("<td>") == 1


def test_plain_folds_newlines() -> None:
    assert plain("a\n\n# b") == "a &#35; b"


def test_markdown_keeps_markdown_but_not_html() -> None:
    rendered = to_html(markdown("**bold** <b>raw</b> `<i>code</i>` {: #x }"))
    assert "<strong>bold</strong>" in rendered
    assert "&lt;b&gt;raw&lt;/b&gt;" in rendered
    assert "<code>&lt;i&gt;code&lt;/i&gt;</code>" in rendered
    assert 'id="x"' not in rendered


def test_markdown_fenced_code_is_untouched() -> None:
    assert markdown("```\n<b>{x}</b>\n```") == "```\n<b>{x}</b>\n```"


def test_indent_continues_a_list_item() -> None:
    assert indent("a\n\nb\nc") == "a\n\n    b\n    c"


def test_front_matter_escapes_html_and_reads_back_as_yaml() -> None:
    text = front_matter(title="<b>A</b> & B: 'x' \"y\"", description="line\nbreak", empty="")
    assert text.startswith("---\n") and text.endswith("\n---\n")
    assert yaml.safe_load(text.strip("-\n")) == {
        "title": "&lt;b&gt;A&lt;/b&gt; &amp; B: &#x27;x&#x27; &quot;y&quot;",
        "description": "line break",
    }


def test_url_cannot_close_a_link() -> None:
    assert url("https://a.example/x(y)") == "https://a.example/x%28y%29"


@pytest.mark.parametrize(
    "tag, expected",
    [
        ('<a href="javascript:alert(1)">x</a>', '<a href="">x</a>'),
        ('<a href="jav&#97;script:alert(1)">x</a>', '<a href="">x</a>'),
        ('<a href=" data:text/html,x">x</a>', '<a href="">x</a>'),
        ('<img src="https://tracker.example/p.png" alt="a">', '<img src="" alt="a">'),
        ('<p onclick="x()" class="c">t</p>', '<p class="c">t</p>'),
        ('<a href="https://ok.example/">x</a>', '<a href="https://ok.example/">x</a>'),
        ('<a href="../accounts/a/">x</a>', '<a href="../accounts/a/">x</a>'),
        ('<p>text with onclick="x" stays text</p>', '<p>text with onclick="x" stays text</p>'),
    ],
)
def test_neutralize_html(tag: str, expected: str) -> None:
    assert neutralize_html(tag) == expected
