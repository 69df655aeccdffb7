"""Hand-written pages kept to some audiences: ``audiences: [team]`` in a page's front matter.

Such a page (and, when it is a folder's index, its whole section) is left out of every
other audience's site: MkDocs does not build it (it is *excluded*, as a draft is), the
navigation does not list it, so neither the sitemap nor the search index holds it, a link
to it from a page everyone sees becomes plain text, and an image only it shows is not
copied. A build without audiences (everyone sees everything) keeps every page; a
redacted build keeps none of them.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils.meta import get_data

from ..format.wording import Message, say

INDEX_NAMES = ("index.md", "README.md")
_IMAGE = re.compile(r"""!\[[^\]]*\]\(\s*<?([^)\s>]+)|<img\b[^>]*?\bsrc\s*=\s*["']([^"']+)""")
"""An image a page shows: Markdown's ``![alt](path)`` or an ``<img src>``."""


@dataclass
class Restrictions:
    """What this build leaves out, by docs path, and the pages' problems."""

    pages: set[str] = field(default_factory=set)
    images: set[str] = field(default_factory=set)
    urls: set[str] = field(default_factory=set)
    """The left-out pages' URLs (site-relative), which links must not point to."""
    problems: list[Message] = field(default_factory=list)


def audiences_of(file: File) -> object:
    """The ``audiences`` a hand-written page's front matter names (``None`` if it names none)."""
    try:
        _, meta = get_data(file.content_string)
    except (OSError, UnicodeDecodeError):
        return None
    return meta.get("audiences")


def restrict(
    files: Files,
    hand_written: set[str],
    audience: str | None,
    known: dict[str, object],
    everything: bool,
) -> Restrictions:
    """Leave out (mark excluded) what ``audience`` may not see; ``everything``: a build for
    everyone, which leaves out nothing (but still checks the pages' ``audiences``)."""
    restrictions = Restrictions()
    sections: dict[str, bool] = {}  # folder → whether this audience may see it
    allowed: dict[str, bool] = {}
    for file in files.documentation_pages():
        if file.src_uri not in hand_written:
            continue
        named = audiences_of(file)
        if named is None:
            continue
        if not (isinstance(named, list) and all(isinstance(n, str) for n in named)):
            restrictions.problems.append(
                say("page_audiences_not_list", page=f"docs/{file.src_uri}")
            )
            continue
        for name in named:
            if known and name not in known:  # without audiences, every build is the team's
                known_names = ", ".join(known) or "-"
                restrictions.problems.append(
                    say(
                        "page_audience_unknown",
                        page=f"docs/{file.src_uri}",
                        name=name,
                        known=known_names,
                    )
                )
        sees = everything or (audience is not None and audience in named)
        allowed[file.src_uri] = sees
        folder, _, name = file.src_uri.rpartition("/")
        if name in INDEX_NAMES and folder:
            sections[folder + "/"] = sees
    if restrictions.problems or everything:
        return restrictions
    for file in files.documentation_pages():
        own = allowed.get(file.src_uri)
        section = _section_allows(file.src_uri, sections)
        if own is False or (own is None and section is False):
            restrictions.pages.add(file.src_uri)
    restrictions.images = _images_only_of(files, restrictions.pages)
    for file in files:
        if file.src_uri in restrictions.pages or file.src_uri in restrictions.images:
            file.inclusion = InclusionLevel.EXCLUDED
            if file.src_uri in restrictions.pages:
                restrictions.urls.add(file.url)
    return restrictions


def _section_allows(path: str, sections: dict[str, bool]) -> bool | None:
    """Whether the innermost restricted section holding ``path`` lets this audience in."""
    best: tuple[int, bool] | None = None
    for folder, sees in sections.items():
        if path.startswith(folder) and (best is None or len(folder) > best[0]):
            best = (len(folder), sees)
    return None if best is None else best[1]


def _images_only_of(files: Files, left_out: set[str]) -> set[str]:
    """Images the left-out pages show that no page kept shows."""
    if not left_out:
        return set()
    shown_by_left_out: set[str] = set()
    shown_by_kept: set[str] = set()
    for file in files.documentation_pages():
        try:
            text = file.content_string
        except (OSError, UnicodeDecodeError):
            continue
        target = shown_by_left_out if file.src_uri in left_out else shown_by_kept
        folder = posixpath.dirname(file.src_uri)
        for match in _IMAGE.finditer(text):
            path = (match.group(1) or match.group(2)).split("#")[0].split("?")[0]
            if "://" in path or path.startswith(("/", "data:")):
                continue
            target.add(posixpath.normpath(posixpath.join(folder, path)))
    return {
        path
        for path in shown_by_left_out - shown_by_kept
        if files.get_file_from_path(path) is not None
    }


def without_left_out(nav: Any, left_out: set[str]) -> Any:
    """``mkdocs.yml``'s ``nav`` without the left-out pages (and sections left empty)."""
    if isinstance(nav, list):
        kept = [without_left_out(item, left_out) for item in nav]
        return [item for item in kept if item not in (None, [], {})]
    if isinstance(nav, dict):
        kept = {title: without_left_out(item, left_out) for title, item in nav.items()}
        kept = {title: item for title, item in kept.items() if item not in (None, [], {})}
        return kept or None
    if isinstance(nav, str) and nav in left_out:
        return None
    return nav


class UnlinkLeftOut(Extension):
    """A link to a left-out page becomes its text: runs after MkDocs has made every link
    relative to the page (``page_url`` is the page being converted)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: set[str] = set()
        self.page_url = ""

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_Unlink(md, self), "playbook-unlink-left-out", -10)


class _Unlink(Treeprocessor):
    def __init__(self, md: Markdown, owner: UnlinkLeftOut):
        super().__init__(md)
        self.owner = owner

    def run(self, root: ElementTree.Element) -> None:
        if not self.owner.urls:
            return
        here = posixpath.dirname(self.owner.page_url.rstrip("/") + "/x")
        for element in root.iter("a"):
            href = element.get("href") or ""
            if not href or "://" in href or href.startswith(("#", "mailto:")):
                continue
            path = href.split("#")[0].split("?")[0]
            target = posixpath.normpath(posixpath.join(here, path)).lstrip("./")
            if target in self.owner.urls or target + "/" in self.owner.urls:
                element.tag = "span"
                for attribute in list(element.attrib):
                    del element.attrib[attribute]
