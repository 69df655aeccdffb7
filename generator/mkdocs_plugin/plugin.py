"""The MkDocs plugin: wires the loader and the page renderer into MkDocs' events.

``plugins: [playbook]`` in ``mkdocs.yml``. Pages are added at build time with
``File.generated``; nothing is written into ``docs/``.
"""

from __future__ import annotations

import functools
import gc
import logging
import os
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import jinja2
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from ..editor.backend import EditorApp, LocalBackend
from ..editor.config import API_PATH, EditorHost
from ..format.labels import Translator
from ..format.model import FormatValueError
from ..format.wording import say
from ..outputs.pdf import PackSetting
from ..pages import places
from ..pages.freshness import read_history
from ..pages.pipeline import GenerationCache, generate, release_free_memory
from ..pages.places import GeneratedPage
from ..pages.site import SiteContext
from ..pages.text import neutralize_html
from ..pages.upcoming import fill_blocks
from ..reading.problems import HandbookInvalid
from ..reading.redaction import EVERYTHING, REDACTED, Audience
from ..search.pagefind import (
    SEARCH_SCRIPT,
    THEME_SEARCH,
    UI_SCRIPT,
    UI_STYLESHEET,
    BackgroundIndexer,
    SearchIndexError,
    index_site,
    mark_searchable,
    search_slot,
    with_search_slot,
)
from ..serving.blockcache import BlockCacheExtension
from ..serving.state import ServeState
from ..writing.files import HandbookFiles
from . import site_files
from .options import (
    AUDIENCE_VARIABLE,
    PlaybookConfig,
    handbook_language,
    parse_today,
    read_audiences,
    unknown_clients,
)
from .site_files import SCRIPT, STYLESHEET
from .stops import HandbookBuildError, PlaybookStop

log = logging.getLogger("mkdocs.plugins.playbook")
MESSAGES_LANGUAGE = "PLAYBOOK_LANG"
"""Set by ``playbook serve --lang``: the language of the messages, whatever the site's."""

REQUIRED_EXTENSIONS = ("tables", "admonition", "attr_list", "toc", "generator.search.cjk")
FORMER_NAMES = {"generator.search.cjk": ("generator.cjk",)}
"""Where an extension lived before: a configuration naming it there needs no second copy."""


def _excluded_from_search(page: Page) -> bool:
    """``search: {exclude: true}`` in a page's front matter, the theme's own convention
    (the calendar and the briefs: search leads to the client's page instead)."""
    options = page.meta.get("search")
    return isinstance(options, dict) and bool(options.get("exclude"))


def _keep_words_whole(terms: frozenset[str]) -> None:
    """Teach jieba (the search's Chinese word segmenter) the handbook's names and aliases."""
    try:
        import jieba
    except ImportError:  # Chinese segmentation is optional for the search plugin
        return
    for term in terms:
        if any("\u4e00" <= char <= "\u9fff" for char in term):
            jieba.add_word(term)


class PlaybookPlugin(BasePlugin[PlaybookConfig]):
    """Generates the handbook's account and industry pages from its YAML files."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.serve_state: ServeState | None = None
        self.pages: dict[str, GeneratedPage] = {}
        self.generated: frozenset[str] = frozenset()
        """Docs paths of the generated pages (``pages`` is emptied once MkDocs has them)."""
        self.root = Path(".")
        self.blocks: dict[str, str] = {}
        """HTML blocks hand-written pages ask for with a marker (``<!-- playbook:upcoming -->``)."""
        self.stopped: PlaybookStop | None = None
        """The stop this plugin raised in the last build, if it stopped it (the CLI says it)."""
        self.search_keys: dict[str, str] = {}
        """The names each client page is found by (docs path → Pagefind metadata)."""
        self.indexer: BackgroundIndexer | None = None
        """Under `serve`: indexes the site after each rebuild, off the reload's path."""
        self.search_slot = ""
        """The header's searchbox slot, in the handbook's language (see ``search_slot``)."""
        self.first_week: tuple[str, ...] = ()
        """The clients the first-week page lists (the PDF pack's briefs)."""
        self.audience_name: str | None = os.environ.get(AUDIENCE_VARIABLE) or None
        """The audience this build is for (``playbook build`` sets it for each in turn)."""
        self.audiences: dict[str, Audience] = {}
        self.audience: Audience = EVERYTHING
        self.shared_cache: GenerationCache | None = None
        """Validated files and compiled templates shared by the builds of one run (one per
        audience), so that the handbook is read and checked once."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.serve_state = ServeState() if self.serving else None
        self.indexer = None  # made by on_config under serve

    def on_build_error(self, *, error: Exception) -> None:
        self.stopped = error if isinstance(error, PlaybookStop) else None

    def on_shutdown(self) -> None:
        """`serve` ends: its folder of generated pages goes with it."""
        if self.serve_state is not None:
            shutil.rmtree(self.serve_state.folder, ignore_errors=True)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path or ".").resolve().parent
        self.config_file_path = config.config_file_path
        self.language = handbook_language(self.config.language, config)
        self.said = os.environ.get(MESSAGES_LANGUAGE) or self.language
        """The language of the messages people read (``--lang`` on the CLI), else the site's."""
        # jieba (Chinese search) announces its dictionary at DEBUG level on every build.
        logging.getLogger("jieba").setLevel(logging.WARNING)
        if self.config.offline and config.theme.get("font") is not False:
            # Material would load Roboto from Google Fonts, unreachable on an intranet.
            log.info("playbook: theme.font turned off (offline: true): no web fonts are loaded")
            config.theme["font"] = False
        for extension in REQUIRED_EXTENSIONS:
            named = {extension, *FORMER_NAMES.get(extension, ())}
            if not named & set(config.markdown_extensions):
                config.markdown_extensions.append(extension)
        for asset, target in ((STYLESHEET, config.extra_css), (SCRIPT, config.extra_javascript)):
            if asset not in [str(item) for item in target]:
                target.append(asset)
        if self.config.search == "pagefind":
            self._use_pagefind(config)
        if self.serve_state is not None:
            config.markdown_extensions.append(BlockCacheExtension(self.serve_state.blocks))
            # The sitemap is for crawlers, not for a preview; it lists every page and was
            # rendered again on each save (~0.2 s at 1,000 clients).
            config.theme.static_templates.discard("sitemap.xml")
        try:
            self.today = parse_today(self.config.today)
        except FormatValueError as exc:
            raise PlaybookStop(f"playbook: {exc.message.text(self.said)}") from None
        self.audience = self._choose_audience(config)
        return config

    def _choose_audience(self, config: MkDocsConfig) -> Audience:
        """``--redact`` or ``redact: true``, else the audience named for this build, else the
        first of ``audiences``, else everyone sees everything."""
        audiences, problems = read_audiences(self.config.audiences, config.config_file_path)
        if problems:
            raise PlaybookStop("\n".join(problem.text(self.said) for problem in problems))
        self.audiences = audiences
        if self.config.redact:
            return REDACTED
        if self.audience_name is not None:
            if self.audience_name not in audiences:
                known = ", ".join(audiences) or "-"
                message = say("audience_unknown", name=self.audience_name, known=known)
                raise PlaybookStop(message.text(self.said))
            return audiences[self.audience_name]
        return next(iter(audiences.values()), EVERYTHING)

    def _use_pagefind(self, config: MkDocsConfig) -> None:
        """Pagefind's searchbox on every page; the theme's search must be off."""
        if any(name in config.plugins for name in THEME_SEARCH):
            raise PlaybookStop(say("theme_search_too").text(self.said))
        if UI_STYLESHEET not in [str(item) for item in config.extra_css]:
            config.extra_css.append(UI_STYLESHEET)
        scripts = [str(item) for item in config.extra_javascript]
        for path in (UI_SCRIPT, SEARCH_SCRIPT):  # in this order: search.js uses the UI's API
            if path not in scripts:
                script = ExtraScriptValue(path)
                script.type = "module"
                config.extra_javascript.append(script)
        self.search_slot = search_slot(Translator(self.language))
        if self.serving and self.indexer is None:
            self.indexer = BackgroundIndexer(self.language, log.error)

    def _relative_to_docs(self, path: str, *, config: MkDocsConfig) -> str:
        return os.path.relpath(self.root / path, config.docs_dir).replace(os.sep, "/")

    def _site_context(self, files: Files, config: MkDocsConfig) -> SiteContext:
        def source_url(path: str) -> str | None:
            if not config.repo_url or not config.edit_uri:
                return None
            base = config.repo_url if config.repo_url.endswith("/") else config.repo_url + "/"
            return urljoin(base, config.edit_uri + self._relative_to_docs(path, config=config))

        return SiteContext(
            history=read_history(self.root, (self.config.clients_dir, self.config.industries_dir)),
            today=self.today,
            review_days=self.config.review_days,
            hand_written=frozenset(f.src_uri for f in files.documentation_pages()),
            source_url=source_url,
            site_url=config.site_url,
            directory_urls=config.use_directory_urls,
            editor=self._has_editor,
            pdf=self.config.pdf,
        )

    def _generate(self, context: SiteContext) -> dict[str, GeneratedPage]:
        try:
            generated = generate(
                self.root,
                self.config,
                self.language,
                context,
                self.serve_state.cache if self.serve_state else self.shared_cache,
                self.audience,
            )
        except jinja2.TemplateError as exc:
            where = getattr(exc, "filename", None) or getattr(exc, "name", None) or "a template"
            line = getattr(exc, "lineno", None)
            raise PlaybookStop(
                say(
                    "template_error", where=f"{where}{f':{line}' if line else ''}", detail=str(exc)
                ).text(self.said)
            ) from None
        unknown = unknown_clients(
            self.audiences, set(generated.every_client), self.config_file_path
        )
        if unknown:
            raise PlaybookStop("\n".join(problem.text(self.said) for problem in unknown))
        if self.config.search == "theme":
            _keep_words_whole(generated.search_terms)
        self.search_keys = generated.search_keys
        self.blocks = generated.blocks
        self.first_week = generated.first_week
        return generated.pages

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        state = self.serve_state
        try:
            self.pages = self._generate(self._site_context(files, config))
            if state:
                state.last_good = self.pages
        except HandbookInvalid as exc:
            if state is None:
                raise HandbookBuildError(list(exc.problems), exc.report(self.said)) from None
            log.error("%s\n%s", say("last_good").text(self.said), exc.report(self.said))
            self.pages = state.last_good

        clashing = site_files.clashes(self.pages, files)
        if clashing:
            paths = ", ".join(f"{config.docs_dir}/{path}" for path in clashing)
            raise PlaybookStop(say("pages_clash", paths=paths).text(self.said))
        edit_uri_of = functools.partial(self._relative_to_docs, config=config)
        site_files.add_pages(files, config, self.pages, state, edit_uri_of)
        site_files.add_schemas(files, config)
        site_files.add_assets(files, config, pagefind=self.config.search == "pagefind")
        if self._has_editor:
            self._add_editor(files, config)
        if self.config.pdf:
            self._add_pdfs(files, config)

        self.generated = frozenset(self.pages)
        if state:
            # A kept block's links were resolved against these files and Markdown settings.
            state.blocks.renew(
                (
                    frozenset(file.src_uri for file in files),
                    repr([name for name in config.markdown_extensions if isinstance(name, str)]),
                    repr(config.mdx_configs),
                    config.use_directory_urls,
                )
            )
        if config.nav is None:
            config.nav = site_files.default_nav(files, self.generated)
        if state is None:
            # The Files now hold the generated Markdown; holding it here too would keep a
            # second reference to every page until the build ends (see on_page_content).
            self.pages = {}
            # The loaded handbook is garbage now: collect it (the loader ran with the
            # collector paused) and give its memory back before MkDocs converts pages.
            gc.collect()
            release_free_memory()
        return files

    def _add_pdfs(self, files: Files, config: MkDocsConfig) -> None:
        """The pack and each brief as PDF downloads (``pdf: true``), from this site's pages."""
        from ..outputs.pdf import REDACTED_READERS, PackStop, make_pdfs

        audience = REDACTED_READERS if self.config.redact else self.audience_name
        clients = [
            path.removeprefix("briefs/").removesuffix(".md")
            for path in sorted(self.pages)
            if path.startswith("briefs/")
        ]
        try:
            pack, *briefs = make_pdfs(
                config, files, self.pack_setting(), [None, *clients], audience=audience
            )
        except PackStop as exc:  # said as the build's stop
            raise PlaybookStop(str(exc)) from None
        files.append(File.generated(config, places.PACK_PDF, content=pack))
        for client_id, brief in zip(clients, briefs, strict=True):
            files.append(File.generated(config, places.brief_pdf(client_id), content=brief))

    def pack_setting(self) -> PackSetting:
        """What ``playbook pdf`` needs of this build (after ``on_files``)."""
        return PackSetting(self.first_week, self.language, self.said, self.today)

    @property
    def _has_editor(self) -> bool:
        """The editor is on, and this build's readers see everything (the editor shows every
        field of every file)."""
        return self.config.editor.enabled and self.audience.sees_everything

    def _mount_path(self, config: MkDocsConfig) -> str:
        path = urlsplit(config.site_url or "").path or "/"
        return path if path.endswith("/") else path + "/"

    def _add_editor(self, files: Files, config: MkDocsConfig) -> None:
        """``admin/``: the form editor (never in a redacted build: it shows every field)."""
        options = self.config.editor
        if options.backend and not options.repo:
            raise PlaybookStop(say("editor_repo_required").text(self.said))
        host = None
        if options.backend:
            host = EditorHost(
                options.backend,
                options.repo,
                options.branch,
                options.base_url,
                options.api_root,
                options.app_id,
                options.auth_endpoint,
            )
        site_files.add_editor(
            files,
            config,
            language=self.language,
            clients_dir=self.config.clients_dir,
            industries_dir=self.config.industries_dir,
            host=host,
            local_api=self._mount_path(config) + API_PATH if self.serving else None,
        )

    def on_env(
        self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        if self.serve_state is not None:
            env.bytecode_cache = self.serve_state.templates
            self.serve_state.keep_titles(files)  # the pages a dirty rebuild did not read
        return env

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if page.file.src_uri in self.generated:
            if self.serve_state:
                self.serve_state.blocks.page = page.file.src_uri  # the page converted next
            return markdown
        return fill_blocks(markdown, self.blocks, get_relative_url("", page.url))

    @event_priority(100)  # first: converting again must come before others change the HTML
    def _convert_again_if_spoiled(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if self.serve_state:
            blocks = self.serve_state.blocks
            if blocks.spoiled:
                # a kept rows' stand-in was not in a table: convert without stand-ins
                blocks.spoiled = False
                blocks.whole_pages.add(page.file.src_uri)
                page.render(config, files)
                html = page.content or ""
            blocks.page = None
        return html

    @event_priority(-50)  # after other plugins: the safety pass sees the final HTML
    def _neutralize_generated(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if page.file.src_uri not in self.generated:
            return html
        if not self.serving:
            # MkDocs converts every page before it writes any, so at that moment it would
            # hold each generated page three times: the File's text, the page's Markdown
            # and its HTML. Only the HTML is needed from here on; at 3,000 clients the
            # other two are some 200 MB.
            # (Not None: MkDocs reads a page without Markdown as one without a title.)
            page.markdown = ""
            page.file.content_string = ""
        return neutralize_html(html)

    on_page_content = CombinedEvent(_convert_again_if_spoiled, _neutralize_generated)

    @event_priority(-100)  # last: every other plugin has seen the page
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if not self.serving and page.file.src_uri in self.generated:
            # The page's output is final; its HTML is not read again (search indexed it in
            # on_page_context), so it need not stay in memory until the build ends.
            page.content = None
        if self.config.search == "pagefind":
            output = with_search_slot(output, self.search_slot)
            if not _excluded_from_search(page):
                output = mark_searchable(output, self.search_keys.get(page.file.src_uri))
        return output

    @event_priority(100)  # before the search plugin serializes its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        state = self.serve_state
        if state is not None and not state.frozen:
            # What serve keeps from its first build (loaded handbook, pages, blocks) lives
            # until it stops: out of the collector's way, a save's rebuild is not slowed by
            # full collections over it (~1 s at 1,000 clients).
            gc.collect()
            gc.freeze()
            state.frozen = True
        if not self.serving:
            # Every page is written and most of their memory freed (on_post_page); the
            # search index's JSON, written next, is the build's last large allocation.
            release_free_memory()
        if self.config.search != "pagefind":
            return
        site_dir = Path(config.site_dir)
        if self.indexer is not None and self.indexer.runs:
            # serve, after a save: the page reloads now, the search catches up in a moment
            self.indexer.request(site_dir)
            return
        try:
            report = index_site(site_dir, self.language)
        except SearchIndexError as exc:
            raise PlaybookStop(str(exc)) from None
        if self.indexer is not None:
            self.indexer.runs += 1  # serve's first build: indexed before the first page
        log.info(
            "playbook: search index: %d pages, %.1f MB, %.1f s",
            report.pages,
            report.bytes / 1e6,
            report.seconds,
        )

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        for folder in (
            self.config.clients_dir,
            self.config.industries_dir,
            self.config.templates_dir,
        ):
            path = self.root / folder
            if path.is_dir():
                server.watch(str(path))
        if self._has_editor:
            # The editor's local backend answers on serve's own address (same origin).
            # It shares serve's cache of validated files: a save re-reads only that file.
            files = HandbookFiles(
                self.root, self.config.clients_dir, self.config.industries_dir, self.said
            )
            if self.serve_state is not None:
                files.cache = self.serve_state.cache.files
            backend = LocalBackend(files)
            server.set_app(
                EditorApp(
                    backend,
                    server.get_app(),
                    site_dir=lambda: config.site_dir,
                    mount_path=self._mount_path(config),
                    host=str(config.dev_addr.host),
                    port=int(config.dev_addr.port),
                )
            )
        return server
