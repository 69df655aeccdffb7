"""A page of the site made for paper (the PDF pack): converted with the site's own Markdown
extensions, then, in a tree processor after theirs, its ids made unique in the pack, its
editor link and change history left out, and each link a token that the pack says in words
once it knows which pages its document holds (:class:`PaperLink`)."""

from __future__ import annotations

import html as html_lib
import posixpath
import re
import secrets
from dataclasses import dataclass
from urllib.parse import unquote

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils.meta import get_data

_HEADING = re.compile(r"h[1-6]")
_EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
"""An address with a scheme (``https:``, ``mailto:``): outside the handbook."""


@dataclass(frozen=True)
class PaperLink:
    """A link of a pack page, said in words on paper once its document is known: a page
    reference when its target is in the same document, else where to find it."""

    target: str | None
    """The docs path of the page it leads to (``None``: an address outside the handbook)."""
    fragment: str
    where: str
    """Where it leads, in words: the page's title, or the address."""
    same_text: bool = False
    """The link's text already says the address, or the page's title."""


def _page_title(file) -> str:
    """A page's title as its readers see it: its front matter's, else its first heading."""
    body, meta = get_data(file.content_string)
    if meta.get("title"):
        return str(meta["title"])
    heading = re.search(r"^#\s+(.+?)\s*#*\s*$", body, re.MULTILINE)
    return heading.group(1) if heading else file.src_uri


class _OnPaper(Treeprocessor):
    """A page made for paper (a Markdown tree processor, after the site's own): its ids made
    unique in the pack, its links tokens to say on paper, no editor link nor history."""

    def __init__(self, md, pages: PagesBeingMade, path: str, index: int, generated: bool):
        super().__init__(md)
        self.pages, self.path, self.index, self.generated = pages, path, index, generated

    def run(self, root):
        if self.generated:
            _drop_editing(root)
        labels: dict[str, str] = {}
        current = f"pb{self.index}"  # the page's own label (see typst_pages)
        top = set(root)  # its headings (pandoc labels them; a heading in a box, maybe not)
        for number, element in enumerate(root.iter()):
            old = element.get("id")
            if old is None:
                continue
            new = f"pb{self.index}-{number}"  # unique in the pack, and a Typst label
            element.set("id", new)
            if element in top and _HEADING.fullmatch(element.tag):
                current = new
                labels.setdefault("", new)  # the page's title
            labels.setdefault(old, current)  # a heading, or the heading above the element
        labels.setdefault("", f"pb{self.index}")
        self.pages.labels[self.path] = labels
        for parent in list(root.iter()):
            for child in list(parent):
                if child.tag == "a":
                    self._as_words(parent, child)

    def _as_words(self, parent, link) -> None:
        if "headerlink" in (link.get("class") or "").split():
            parent.remove(link)
            return
        href = link.get("href") or ""
        said = self.pages.said(self.path, href, "".join(link.itertext()).strip())
        link.tag = "span"
        link.attrib.clear()
        if said is not None:
            link.tail = said + (link.tail or "")


def _drop_editing(root) -> None:
    """A generated page's editor link and change history: nothing a reader of paper can use."""
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag == "a" and "pb-edit" in (child.get("class") or "").split():
                parent.remove(child)
    for paragraph in list(root):
        if paragraph.tag == "p" and not len(paragraph) and not (paragraph.text or "").strip():
            root.remove(paragraph)
    children = list(root)
    for start, element in enumerate(children):
        if element.tag in ("h1", "h2") and element.get("id") == "changes":
            level = element.tag
            for other in children[start:]:
                if other is not element and _HEADING.fullmatch(other.tag) and other.tag <= level:
                    break
                root.remove(other)
            break


class PagesBeingMade:
    """What every page's conversion adds to: its labels, its links."""

    def __init__(self, files):
        self.by_path = {f.src_uri: f for f in files if not f.inclusion.is_excluded()}
        self.labels: dict[str, dict[str, str]] = {}
        self.links: dict[str, PaperLink] = {}
        self.token = f"PLAYBOOKLINK{secrets.token_hex(6).upper()}X"
        self._titles: dict[str, str] = {}

    def title(self, path: str) -> str:
        if path not in self._titles:
            self._titles[path] = _page_title(self.by_path[path])
        return self._titles[path]

    def said(self, page: str, href: str, text: str) -> str | None:
        """The token that says where ``href`` (on ``page``) leads; ``None``: nowhere."""
        href = html_lib.unescape(href)
        if not href:
            return None
        if _EXTERNAL.match(href):
            address = href.removeprefix("mailto:").removeprefix("tel:")
            link = PaperLink(None, "", address, same_text=text in (href, address))
        else:
            path, _, fragment = href.partition("#")
            target = self._resolve(page, unquote(path)) if path else page
            if target is None:
                return None  # a file the site does not have (or this audience does not see)
            where = self.title(target) if target.endswith(".md") else target
            link = PaperLink(target, fragment, where, same_text=text == where)
        token = f"{self.token}{len(self.links)}Z"
        self.links[token] = link
        return token

    def _resolve(self, page: str, path: str) -> str | None:
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
        for candidate in (joined, f"{joined}/index.md", f"{joined}.md"):
            if candidate in self.by_path:
                return candidate
        return None


class _Paper(Extension):
    def __init__(self, processor_args: tuple) -> None:
        super().__init__()
        self.processor_args = processor_args

    def extendMarkdown(self, md) -> None:
        # after the site's own processors: inline links (20), attr_list (8), toc (5)
        md.treeprocessors.register(_OnPaper(md, *self.processor_args), "playbook_paper", 3)


def page_html(config: MkDocsConfig, text: str, paper: tuple = ()) -> str:
    """A page's Markdown as HTML, with the site's own extensions (front matter left out),
    and made for paper (see :class:`_OnPaper`) when ``paper`` gives its arguments."""
    body, _ = get_data(text)
    extensions = [*config.markdown_extensions, *([_Paper(paper)] if paper else [])]
    return markdown.markdown(body, extensions=extensions, extension_configs=config.mdx_configs)
