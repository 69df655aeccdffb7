"""A Python-Markdown extension: a Chinese line wrapped in the source shows no space.

Markdown keeps a paragraph's line breaks as newlines, and browsers show a newline as a
space — also between two Chinese characters, where no space belongs ("沟通 规范").
This joins such lines in the text of the page, never inside code, and only where both
sides are CJK characters or CJK punctuation: between Chinese and Latin text the
space stays. The plugin adds it to every build (and ``playbook render`` to its config).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

_CJK = (
    "\u2e80-\u2fdf"  # radicals
    "\u3000-\u303f"  # CJK punctuation: 、。「」
    "\u3040-\u30ff"  # kana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # ideographs
    "\uff00-\uffef"  # full-width forms: ，；：？！（）
)
_WRAP = re.compile(rf"(?<=[{_CJK}])[ \t]*\n[ \t]*(?=[{_CJK}])")
_VERBATIM = {"pre", "code", "script", "style"}


class JoinCjkLines(Treeprocessor):
    def run(self, root: ET.Element) -> None:
        self._join(root, verbatim=False)

    def _join(self, element: ET.Element, verbatim: bool) -> None:
        verbatim = verbatim or element.tag in _VERBATIM
        if not verbatim and element.text and "\n" in element.text:
            element.text = _WRAP.sub("", element.text)
        for child in element:
            self._join(child, verbatim)
            if not verbatim and child.tail and "\n" in child.tail:
                child.tail = _WRAP.sub("", child.tail)


class CjkExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After inline parsing (20): the text nodes are final then.
        md.treeprocessors.register(JoinCjkLines(md), "playbook_cjk", 5)


def makeExtension(**kwargs: object) -> CjkExtension:
    return CjkExtension(**kwargs)
