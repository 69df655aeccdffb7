"""Under `serve`: the blocks of generated pages are converted once, not on every save.

The cross-account pages (calendar, people, lessons, results…) are long lists and tables
— at 1,000 clients some 5 MB of Markdown — and a rename touches every one of them,
though only in the few rows that name the client. Converting them all again costs
MkDocs some 15 s. This Python-Markdown extension keeps the finished HTML of each *block*
of a generated page — a table's body row, a list item, a paragraph at the top of the
page — keyed by what the block parser made of its Markdown, and on the next conversion
of that page puts the kept HTML in place of every unchanged block before inline
processing (the costly step) ever sees it. New blocks are converted as usual, and kept
for the next time; blocks no longer on the page are let go.

The page's HTML is the same as without the cache (``tests/test_blockcache.py`` compares
them on every generated page of the sample). Headings are never kept (the table of
contents is made from them), nor a block with an ``id`` or with raw HTML in it. Only
generated pages use the cache, and only under `serve`: the plugin empties it when the
site's files or Markdown settings change.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import STX, AtomicString

BlockKey = tuple
"""A block by what its HTML depends on: tags, attributes and Markdown text, nested."""

_ITEMS = {"tbody": "tr", "ul": "li", "ol": "li"}
"""Containers whose items are kept one by one."""
_SEPARATOR = f"{STX}playbook-block{STX}"
_PAGE_WIDE = ("footnote", "abbr")
"""Extensions that number or define things across a page (``mkdocs.yml`` may add them)."""


@dataclass
class BlockCache:
    """The finished HTML of page blocks, by page and block, kept between rebuilds."""

    pages: dict[str, dict[BlockKey, str]] = field(default_factory=dict)
    page: str | None = None
    """The page being converted, when it is one whose blocks may be kept."""
    fingerprint: object = None
    """What the kept HTML was made with (see ``PlaybookPlugin.on_files``)."""
    reused: int = 0
    converted: int = 0
    """Blocks taken from the cache, and blocks converted, since the cache was made."""

    def renew(self, fingerprint: object) -> None:
        """Keep the blocks only while ``fingerprint`` stays the same."""
        if fingerprint != self.fingerprint:
            self.pages.clear()
            self.fingerprint = fingerprint


def _key(element: ET.Element) -> BlockKey | None:
    """The block's key, or None when it must be converted every time."""
    text = element.text or ""
    if STX in text:  # a placeholder of this conversion (raw HTML): not the same next time
        return None
    children = []
    for child in element:
        key = _key(child)
        if key is None or STX in (child.tail or ""):
            return None
        children.append((key, child.tail))
    return (element.tag, tuple(element.attrib.items()), text, tuple(children))


class _UseKeptBlocks(Treeprocessor):
    """Before inline processing: every block converted before gives way to its HTML."""

    def __init__(self, md: Markdown, cache: BlockCache, page: str) -> None:
        super().__init__(md)
        self.kept = cache.pages.get(page, {})
        self.used: dict[BlockKey, str] = {}
        self.reused = 0
        self.fresh: list[tuple[BlockKey, ET.Element]] = []

    def run(self, root: ET.Element) -> None:
        if any(name in self.md.treeprocessors for name in _PAGE_WIDE):
            return  # a block's HTML would depend on the rest of the page
        for block in root:
            if block.tag == "p":
                self._paragraph(block)
            elif block.tag in _ITEMS:
                self._items(block)
            elif block.tag == "table":
                for body in block.iter("tbody"):
                    self._items(body)

    def _kept(self, block: ET.Element) -> str | None:
        key = _key(block)
        if key is None:
            return None
        html = self.kept.get(key)
        if html is None:
            self.fresh.append((key, block))
        else:
            self.used[key] = html
            self.reused += 1
        return html

    def _paragraph(self, block: ET.Element) -> None:
        html = self._kept(block)
        if html is not None:  # <p>placeholder</p> is how raw HTML blocks are put back
            block.text = AtomicString(self.md.htmlStash.store(html))

    def _items(self, container: ET.Element) -> None:
        """Kept items leave the tree; their HTML goes, in order, into the text around."""
        items = list(container)
        if not any(item.tag == _ITEMS[container.tag] for item in items):
            return
        container[:] = []
        text = container.text or "\n"
        previous: ET.Element | None = None

        def put(text: str) -> None:
            """The kept items' HTML since the last item still in the tree goes after it."""
            if previous is None:
                container.text = AtomicString(text)
            else:
                previous.tail = text or None

        for item in items:
            html = self._kept(item) if item.tag == _ITEMS[container.tag] else None
            if html is None:
                put(text)
                item.tail = None
                container.append(item)
                previous, text = item, ""
                continue
            # the line break Python-Markdown's prettifier puts after each item
            text += ("" if text.endswith("\n") else "\n") + self.md.htmlStash.store(html) + "\n"
        put(text)


class _KeepNewBlocks(Treeprocessor):
    """Last: the HTML of every block converted this time, for the next conversion."""

    def __init__(self, md: Markdown, cache: BlockCache, page: str, blocks: _UseKeptBlocks):
        super().__init__(md)
        self.cache = cache
        self.page = page
        self.blocks = blocks

    def run(self, root: ET.Element) -> None:
        fresh = [(key, block) for key, block in self.blocks.fresh if not _has_id(block)]
        parts = []
        for _, block in fresh:
            tail, block.tail = block.tail, None
            parts.append(self.md.serializer(block))
            block.tail = tail
        # the same postprocessors as the page's (raw HTML and entities put back), in one pass
        text = _SEPARATOR.join(parts)
        for postprocessor in self.md.postprocessors:
            text = postprocessor.run(text)
        kept = dict(self.blocks.used)
        self.cache.reused += self.blocks.reused
        self.cache.converted += len(self.blocks.fresh)
        converted = text.split(_SEPARATOR)
        if len(converted) == len(fresh):  # else a block held the separator: keep none of them
            kept.update(zip((key for key, _ in fresh), converted, strict=True))
        self.cache.pages[self.page] = kept


def _has_id(block: ET.Element) -> bool:
    """Anchors must be seen by MkDocs' link check on every conversion: not kept."""
    return any("id" in element.attrib for element in block.iter())


class BlockCacheExtension(Extension):
    """Registers the two steps when the page being converted is one whose blocks are kept."""

    def __init__(self, cache: BlockCache) -> None:
        super().__init__()
        self.cache = cache

    def extendMarkdown(self, md: Markdown) -> None:
        page = self.cache.page
        if page is None:
            return
        blocks = _UseKeptBlocks(md, self.cache, page)
        # before 'inline' (20); after every other step, MkDocs' link rewriting (0) included
        md.treeprocessors.register(blocks, "playbook_kept_blocks", 25)
        md.treeprocessors.register(
            _KeepNewBlocks(md, self.cache, page, blocks), "playbook_keep_blocks", -100
        )
