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

Table rows go further: a row's HTML depends only on its line and its table's header and
separator, so runs of kept rows are taken out of the Markdown before the page is even
split into blocks (``_StandInForKeptRows``); the calendar's 12,000 rows then cost next
to nothing when a save changes a few of them.

The page's HTML is the same as without the cache (``tests/test_blockcache.py`` compares
them on every generated page of the sample). Headings are never kept (the table of
contents is made from them), nor a block with raw HTML in it; the anchors of kept
blocks are told to MkDocs' link check after each conversion (``_ShowKeptAnchors``). Only
generated pages use the cache, and only under `serve`: the plugin empties it when the
site's files or Markdown settings change.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, STX, AtomicString

BlockKey = tuple
"""A block by what its HTML depends on: tags, attributes and Markdown text, nested."""

_ITEMS = {"tbody": "tr", "ul": "li", "ol": "li"}
"""Containers whose items are kept one by one."""
_SEPARATOR = f"{STX}playbook-block{STX}"
_PAGE_WIDE = ("footnote", "abbr")
"""Extensions that number or define things across a page (``mkdocs.yml`` may add them)."""
_ROWS = f"{STX}playbook-rows:"
"""Stands, in the Markdown, for a run of table rows whose HTML is kept."""
_ROW = f"{STX}playbook-row:"
"""Marks, in the Markdown, a table row converted this time (its line is its key)."""
_STUB = re.compile(f"({_ROWS}|{_ROW})(\\d+){ETX}")
_SEPARATOR_ROW = re.compile(r"^\|[-:| ]*-[-:| ]*$")


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
    stood_in: int = 0
    """Kept table rows taken out of the Markdown before block parsing, since made."""
    whole_pages: set[str] = field(default_factory=set)
    """Pages whose table rows are kept by their tree, not their lines (see ``spoiled``)."""
    spoiled: bool = False
    """The last conversion left a row's stand-in outside a table: convert the page again."""

    def renew(self, fingerprint: object) -> None:
        """Keep the blocks only while ``fingerprint`` stays the same."""
        if fingerprint != self.fingerprint:
            self.pages.clear()
            self.whole_pages.clear()
            self.fingerprint = fingerprint


RowKey = tuple[str, str, str, str]
"""A table row by its line, with its table's header and separator lines."""


class _StandInForKeptRows(Preprocessor):
    """Before anything else reads the page: kept table rows leave the Markdown.

    Tables are most of the cross pages' Markdown (the calendar has a row per event of
    every client). A row's HTML depends only on its line and on its table's header and
    separator lines, so every run of rows kept from the last conversion becomes one short
    row standing for all of them, and is neither split, scanned for HTML nor parsed
    again. Rows converted this time carry a mark in their first cell, taken out before
    inline processing, by which their HTML is kept under their line. Only tables that
    open a block at the top level of the page are read (what Playbook's templates write);
    should a stand-in end up anywhere but in a table row (in a raw HTML block, say),
    ``_FindStrayStandIns`` has the page converted again without this step.
    """

    def __init__(self, md: Markdown, cache: BlockCache, kept: dict, rows: list) -> None:
        super().__init__(md)
        self.cache = cache
        self.kept = kept
        self.rows = rows
        """Per stand-in number: the kept rows' keys and HTML, or a new row's key."""

    def run(self, lines: list[str]) -> list[str]:
        if any(name in self.md.treeprocessors for name in _PAGE_WIDE):
            return lines  # nothing is kept on such a page (see _UseKeptBlocks)
        out: list[str] = []
        count = len(lines)
        i = 0
        opens_block = True
        while i < count:
            line = lines[i]
            if not (
                opens_block
                and line.startswith("|")
                and i + 1 < count
                and _SEPARATOR_ROW.match(lines[i + 1])
            ):
                out.append(line)
                opens_block = not line.strip()
                i += 1
                continue
            header, separator = line, lines[i + 1]
            out += (header, separator)
            i += 2
            keys: list[RowKey] = []
            while i < count and lines[i].startswith("|"):
                key = ("row", header, separator, lines[i])
                if key in self.kept:
                    keys.append(key)
                else:
                    self._stand_in(keys, out)
                    out.append(f"|{_ROW}{len(self.rows)}{ETX}{lines[i][1:]}")
                    self.rows.append(key)
                    keys = []
                i += 1
            self._stand_in(keys, out)
            opens_block = False
        return out

    def _stand_in(self, keys: list[RowKey], out: list[str]) -> None:
        if keys:
            out.append(f"|{_ROWS}{len(self.rows)}{ETX}|")
            self.rows.append(keys)
            self.cache.stood_in += len(keys)


class _FindStrayStandIns(Postprocessor):
    """Last: a stand-in left in the page means it was not in a table after all."""

    def __init__(self, md: Markdown, cache: BlockCache) -> None:
        super().__init__(md)
        self.cache = cache

    def run(self, text: str) -> str:
        if _ROWS in text or _ROW in text:
            self.cache.spoiled = True
        return text


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

    def __init__(self, md: Markdown, kept: dict, rows: list) -> None:
        super().__init__(md)
        self.kept = kept
        self.rows = rows
        self.used: dict[BlockKey, str] = {}
        self.reused = 0
        self.fresh: list[tuple[BlockKey, ET.Element]] = []

    def run(self, root: ET.Element) -> None:
        if self.md.references or any(name in self.md.treeprocessors for name in _PAGE_WIDE):
            # A block's HTML would depend on the rest of the page (reference links are
            # defined anywhere on it). Rows standing in are left as they are: the page is
            # converted again without them (see _FindStrayStandIns).
            return
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
            if item.tag != _ITEMS[container.tag]:
                html = None
            elif container.tag == "tbody" and len(item) and STX in (item[0].text or ""):
                html = self._row(item)
            else:
                html = self._kept(item)
            if html is None:
                put(text)
                item.tail = None
                container.append(item)
                previous, text = item, ""
                continue
            # the line break Python-Markdown's prettifier puts after each item
            text += ("" if text.endswith("\n") else "\n") + self.md.htmlStash.store(html) + "\n"
        put(text)

    def _row(self, row: ET.Element) -> str | None:
        """A row standing in for kept rows: their HTML. A row marked new: None, and its
        HTML will be kept under its line."""
        cell = row[0]
        found = _STUB.match(cell.text or "")
        if found is None:
            return self._kept(row)
        kind, number = found.groups()
        if kind == _ROWS:
            keys = self.rows[int(number)]
            htmls = [self.kept[key] for key in keys]
            self.used.update(zip(keys, htmls, strict=True))
            self.reused += len(keys)
            return "\n".join(htmls)
        cell.text = cell.text[found.end() :].lstrip(" ")
        if _key(row) is not None:
            self.fresh.append((self.rows[int(number)], row))
        return None


class _KeepNewBlocks(Treeprocessor):
    """Last: the HTML of every block converted this time, for the next conversion."""

    def __init__(self, md: Markdown, cache: BlockCache, page: str, blocks: _UseKeptBlocks):
        super().__init__(md)
        self.cache = cache
        self.page = page
        self.blocks = blocks

    def run(self, root: ET.Element) -> None:
        fresh = list(self.blocks.fresh)
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


_ANCHOR = re.compile(r'<[a-zA-Z][^>]*?\sid="([^"]+)"')


class _ShowKeptAnchors(Postprocessor):
    """MkDocs' link check learns a page's anchors from the element tree, where a kept
    block is only a placeholder: the anchors of the finished page are told to it here."""

    def run(self, text: str) -> str:
        if "mkdocs_extract_anchors" in self.md.treeprocessors:
            anchors = self.md.treeprocessors["mkdocs_extract_anchors"]
            found = getattr(anchors, "present_anchor_ids", None)
            if isinstance(found, set):
                found.update(_ANCHOR.findall(text))
        return text


class BlockCacheExtension(Extension):
    """Registers the two steps when the page being converted is one whose blocks are kept."""

    def __init__(self, cache: BlockCache) -> None:
        super().__init__()
        self.cache = cache

    def extendMarkdown(self, md: Markdown) -> None:
        page = self.cache.page
        if page is None:
            return
        kept = self.cache.pages.get(page, {})
        rows: list = []
        if page not in self.cache.whole_pages:
            # after normalize_whitespace (30, which takes STX out), before all else
            md.preprocessors.register(
                _StandInForKeptRows(md, self.cache, kept, rows), "playbook_rows", 27
            )
            md.postprocessors.register(_FindStrayStandIns(md, self.cache), "playbook_rows", -100)
        md.postprocessors.register(_ShowKeptAnchors(md), "playbook_kept_anchors", -110)
        blocks = _UseKeptBlocks(md, kept, rows)
        # before 'inline' (20); after every other step, MkDocs' link rewriting (0) included
        md.treeprocessors.register(blocks, "playbook_kept_blocks", 25)
        md.treeprocessors.register(
            _KeepNewBlocks(md, self.cache, page, blocks), "playbook_keep_blocks", -100
        )
