"""The generated pages' Markdown as files, for a site builder to read."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .places import GeneratedPage


class PageSources:
    """The generated pages' Markdown as files in a folder of their own, which MkDocs reads
    as it reads hand-written pages: a page's text is held by MkDocs' page alone, not also
    by its ``File`` (at 3,000 clients, some 100 MB). A file is rewritten only when its
    text changed, so that `serve`'s dirty rebuilds convert only the pages a save changed.
    """

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="playbook-pages-"))
        self.written: dict[str, bytes] = {}
        """Docs path → digest of the text written there."""

    def source_of(self, page: GeneratedPage) -> str:
        """The file that holds ``page``'s Markdown, written now unless it holds it already
        (a page whose ``markdown`` is ``None`` was written here by another process)."""
        target = self.folder / page.path
        if page.markdown is None:
            return str(target)
        digest = hashlib.blake2b(page.markdown.encode(), digest_size=16).digest()
        if self.written.get(page.path) != digest or not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.markdown, encoding="utf-8")
            self.written[page.path] = digest
        return str(target)

    def write_all(self, pages: Iterable[GeneratedPage]) -> dict[str, GeneratedPage]:
        """Write every page; the pages as they are known from now on: by their file."""
        written: dict[str, GeneratedPage] = {}
        for page in pages:
            self.source_of(page)
            written[page.path] = GeneratedPage(page.path, None, page.source)
        return written

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
