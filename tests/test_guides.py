"""The guides built into every site (``generator/guides/``), as a real build renders them."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.pages import places
from generator.pages.onboarding import GUIDES
from tests.conftest import (
    MINIMAL_CLIENT,
    MINIMAL_INDUSTRY,
    mkdocs_build_strict,
    page_html,
    write_handbook,
)

EXAMPLES = {
    "editing.md": [
        "clients/gangwan-kafei.yaml:20:10: projects[0].end:",
        "backend: gitlab",
        ".venv/bin/playbook new client --name 港湾咖啡",
        "make serve",
        "clients/gangwan-kafei.yaml:8:3: preferences.taboo:",
    ],
    "hosting.md": ["audiences:", "sudo nginx -t"],
    "privacy.md": ["left: 2026-09-30"],
    "server.md": [
        "people:",
        ".venv/bin/playbook server --root /srv/handbook --push origin",
        "sudo systemctl enable --now playbook-server",
        "--server 127.0.0.1:8010",
        "sudo htpasswd /etc/nginx/playbook/team.htpasswd li.lei",
        "git clone --mirror",
    ],
    "first-hour.md": [
        "python3 -m venv ~/playbook",
        "playbook init ",
        "playbook import ~/Downloads/",
        "header_row: 2",
        "git add -A && git commit",
        "playbook check",
        "playbook serve",
        "sudo nginx -t && sudo systemctl reload nginx",
    ],
}
"""A line of each code example in each guide (the same in every language)."""


class _GuideParts(HTMLParser):
    """A page's code blocks, its inline code, and the text of each item of a numbered list."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.blocks: list[str] = []
        self.inline_code: list[str] = []
        self.steps: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "code":
            if "pre" in self.open:
                self.blocks.append("")
            else:
                self.inline_code.append("")
        if tag == "li" and self.open and self.open[-1] == "ol":
            self.steps.append("")
        if tag not in ("img", "br", "hr", "input"):
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        if "code" in self.open:
            if "pre" in self.open:
                self.blocks[-1] += data
            else:
                self.inline_code[-1] += data
        if "ol" in self.open and "li" in self.open:
            self.steps[-1] += data


def guide_parts(html: str) -> _GuideParts:
    article = re.search(r"<article\b.*?</article>", html, re.DOTALL)
    assert article, "no article in the page"
    parts = _GuideParts()
    parts.feed(article.group(0))
    return parts


@pytest.mark.parametrize("language", ["zh", "en", "zh-Hant"])
def test_guides_render_their_examples_and_steps_with_only_the_plugin_and_theme(
    tmp_path: Path, language: str
) -> None:
    """The guides need no Markdown extension the handbook may not load (superfences):
    a handbook whose mkdocs.yml has only the theme and the plugin shows each example as a
    code block and each numbered step as an item of its own."""
    root = write_handbook(
        tmp_path / "handbook",
        clients={"acme.yaml": MINIMAL_CLIENT},
        industries={"fmcg.yaml": MINIMAL_INDUSTRY},
        language=language,
    )
    assert "markdown_extensions" not in (root / "mkdocs.yml").read_text("utf-8")
    result = mkdocs_build_strict(root)
    assert result.returncode == 0, result.stderr

    for guide in sorted((GUIDES / language).glob("*.md")):
        source = guide.read_text("utf-8")
        page = places.guide(guide.name).removesuffix(".md")
        parts = guide_parts(page_html(root / "site", page))
        where = f"{language}/{guide.name}"

        for example in EXAMPLES[guide.name]:
            if language == "zh-Hant":  # the guide's example name, converted like the rest
                example = example.replace("港湾", "港灣")
            holding = [block for block in parts.blocks if example in block]
            assert len(holding) == 1, f"{where}: {example!r} is not a code block of its own"
        assert len(parts.blocks) == len(EXAMPLES[guide.name]), (where, parts.blocks)
        # a fence the page did not understand turns into inline code: its language, a line
        # break and the example ("text\n   clients/…")
        assert not [code for code in parts.inline_code if re.match(r"\w+\n", code)], where

        numbered = re.findall(r"^\d+\. ", source, re.MULTILINE)
        assert len(parts.steps) == len(numbered), (where, parts.steps)
        for step in parts.steps:
            # a step glued to the one before it: "... 4. Commit the change" in one item
            assert not re.search(r"\n\s*\d+\. ", step), (where, step)
