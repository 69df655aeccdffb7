"""What ``playbook serve`` keeps between rebuilds (MkDocs reuses the plugin instance)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import jinja2
from mkdocs.structure.files import Files

from ..pages.pipeline import GenerationCache
from ..pages.places import GeneratedPage
from .blockcache import BlockCache


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's bytecode of the theme's templates, in memory, between serve's rebuilds.

    MkDocs gives every build a new theme environment, so Material's templates were
    compiled again on each save (~0.3 s). Jinja checks a template's source against the
    bucket's checksum, so an edited override is compiled afresh.
    """

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}
        self.hits = 0
        self.misses = 0

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # left empty if the source changed since
        if bucket.code is None:
            self.misses += 1
        else:
            self.hits += 1

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


class ServeState:
    """What `serve` keeps between rebuilds (MkDocs reuses the plugin instance).

    Generated pages are written to files of their own, and rewritten only when their
    text changes, so that MkDocs' dirty rebuilds (`--dirty`, `playbook serve`'s
    default) render only the pages a save really changed.
    """

    def __init__(self) -> None:
        self.cache = GenerationCache()
        self.last_good: dict[str, GeneratedPage] = {}
        self.folder = Path(tempfile.mkdtemp(prefix="playbook-serve-"))
        self.written: dict[str, str] = {}
        self.frozen = False
        """The first build's survivors are out of the garbage collector's sight (gc.freeze)."""
        self.blocks = BlockCache()
        """Converted blocks of generated pages (a rename re-converts only the rows it changed)."""
        self.templates = CompiledTemplates()
        """The theme's templates, compiled once (MkDocs makes a new environment each build)."""
        self.titles: dict[str, str] = {}
        """Each page's title (docs path → title), as the build that last read the page set it."""

    def source_of(self, page: GeneratedPage) -> str:
        target = self.folder / page.path
        if self.written.get(page.path) != page.markdown:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.markdown, encoding="utf-8")
            self.written[page.path] = page.markdown
        return str(target)

    def keep_titles(self, files: Files) -> None:
        """Give the pages this rebuild did not read the titles they had.

        A dirty rebuild reads and converts only the pages whose source changed; MkDocs
        leaves the others without Markdown, so without a title, and the navigation of
        every page it writes would name them "None". Their source did not change since the
        build that read them, and neither did their title. Call after the pages are read
        (``on_env``), before any is written.
        """
        titles = {}
        for file in files.documentation_pages():
            page = file.page
            if page is None:
                continue
            if page.title is None and file.src_uri in self.titles:
                page.title = self.titles[file.src_uri]
            if page.title is not None:
                titles[file.src_uri] = page.title
        self.titles = titles  # the pages of this build only (a renamed client's go)
