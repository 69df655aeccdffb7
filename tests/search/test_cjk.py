"""Wrapped Chinese lines: no stray space on the page, code untouched."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest


def render(text: str) -> str:
    return markdown.markdown(text, extensions=["generator.search.cjk", "fenced_code", "tables"])


@pytest.mark.parametrize(
    "source, expected",
    [
        ("沟通规范是团队的\n共同约定。", "<p>沟通规范是团队的共同约定。</p>"),
        ("请在\n每周例会前，\n阅读本页。", "<p>请在每周例会前，阅读本页。</p>"),
        ("Playbook 是\n我们的工具", "<p>Playbook 是我们的工具</p>"),
        ("我们用\nPlaybook", "<p>我们用\nPlaybook</p>"),  # Chinese then Latin: the space stays
        ("- 列表里的\n  中文换行", "<ul>\n<li>列表里的中文换行</li>\n</ul>"),
        ("行内 `代码` 后面的\n文字", "<p>行内 <code>代码</code> 后面的文字</p>"),
        ("**加粗的\n文字**", "<p><strong>加粗的文字</strong></p>"),
    ],
)
def test_wrapped_chinese_lines_join(source: str, expected: str) -> None:
    assert render(source) == expected


def test_code_keeps_its_line_breaks() -> None:
    assert "<code>代码\n保持\n</code>" in render("```\n代码\n保持\n```")


def test_built_pages_show_no_space_in_wrapped_chinese(sample_site: Path) -> None:
    page = (sample_site / "playbook/offline/index.html").read_text("utf-8")
    assert "公共 CDN。因此 Playbook" in page  # "。" ends one source line, "因" starts the next
