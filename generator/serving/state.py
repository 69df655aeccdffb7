"""What ``playbook serve`` keeps between rebuilds (MkDocs reuses the plugin instance)."""

from __future__ import annotations

import gc

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ..pages.sources import PageSources
from ..pipeline import Generated, GenerationCache
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
        self.last_good: Generated = Generated(pages={}, search_terms=frozenset())
        """The pages of the last build whose handbook was valid (a broken save keeps them)."""
        self.sources = PageSources()
        """The generated pages' files, kept between rebuilds (rewritten only when changed)."""
        self.frozen = False
        """The first build's survivors are out of the garbage collector's sight (gc.freeze)."""
        self.blocks = BlockCache()
        """Converted blocks of generated pages (a rename re-converts only the rows it changed)."""
        self.templates = CompiledTemplates()
        """The theme's templates, compiled once (MkDocs makes a new environment each build)."""
        self.titles: dict[str, str] = {}
        """Each page's title (docs path → title), as the build that last read the page set it."""

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

    def renew_blocks(self, files: Files, config: MkDocsConfig) -> None:
        """A kept block's links were resolved against these files and Markdown settings."""
        self.blocks.renew(
            (
                frozenset(file.src_uri for file in files),
                repr([name for name in config.markdown_extensions if isinstance(name, str)]),
                repr(config.mdx_configs),
                config.use_directory_urls,
            )
        )

    def convert_again_if_spoiled(
        self, html: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """The page's HTML, converted again without kept blocks if one of them was spoiled
        (a kept rows' stand-in that did not land in a table)."""
        blocks = self.blocks
        if blocks.spoiled:
            blocks.spoiled = False
            blocks.whole_pages.add(page.file.src_uri)
            page.render(config, files)
            html = page.content or ""
        blocks.page = None
        return html

    def freeze_first_build(self) -> None:
        """What serve keeps from its first build (loaded handbook, pages, blocks) lives
        until it stops: out of the collector's way, a save's rebuild is not slowed by full
        collections over it (~1 s at 1,000 clients)."""
        if not self.frozen:
            gc.collect()
            gc.freeze()
            self.frozen = True
