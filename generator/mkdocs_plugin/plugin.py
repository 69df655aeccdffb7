"""The MkDocs plugin: MkDocs' events, each handed to the function that does its work.

``plugins: [playbook]`` in ``mkdocs.yml``. Pages are added at build time as files of a
folder of their own (``pages/sources.py``); nothing is written into ``docs/``. The plugin
keeps what one event learns for the next (the build's :class:`Setting`, the pages'
search keys, serve's state) and changes no page MkDocs holds: other plugins see every
page as MkDocs made it.
"""

from __future__ import annotations

import gc
import logging
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from ..format.labels import Translator
from ..format.model import FormatValueError
from ..format.wording import say
from ..outputs.pdf import PackSetting
from ..pages.recent_changes import page_dates
from ..pages.sources import PageSources
from ..pages.text import neutralize_html
from ..pages.upcoming import fill_blocks
from ..pipeline import GenerationCache, release_free_memory
from ..reading.problems import HandbookInvalid
from ..search.pagefind import (
    BackgroundIndexer,
    SearchIndexError,
    index_site,
    mark_searchable,
    search_slot,
    with_search_slot,
)
from ..serving.editing import serve_editor
from ..serving.state import ServeState
from . import configuration, generation, restricted
from .generation import Setting
from .options import (
    PlaybookConfig,
    chosen_audience,
    handbook_language,
    messages_language,
    parse_today,
)
from .stops import HandbookBuildError, PlaybookStop

log = logging.getLogger("mkdocs.plugins.playbook")


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
        self.serve_state: ServeState | None = None
        self.sources: PageSources | None = None
        """This build's generated pages, as files (serve's are kept between rebuilds)."""
        self.setting: Setting | None = None
        self.generated: frozenset[str] = frozenset()
        """Docs paths of the generated pages."""
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
        self.unlink = restricted.UnlinkLeftOut()
        """Turns links to pages this audience may not see into text (see ``restricted``)."""
        self.page_dates: dict[str, str] = {}
        """When each hand-written page last changed in git (docs path → ISO date)."""
        self.shared_cache: GenerationCache | None = None
        """Validated files and compiled templates shared by the builds of one run (one per
        audience), so that the handbook is read and checked once; given by ``playbook``."""

    # -- the build's life -------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serve_state = ServeState() if command == "serve" else None
        self.indexer = None  # made by on_config under serve

    def on_build_error(self, *, error: Exception) -> None:
        self.stopped = error if isinstance(error, PlaybookStop) else None
        self._remove_sources()

    def on_shutdown(self) -> None:
        """The build or `serve` ends: its folder of generated pages goes with it."""
        self._remove_sources()
        if self.serve_state is not None:
            self.serve_state.sources.remove()

    def _remove_sources(self) -> None:
        if self.sources is not None and self.serve_state is None:
            self.sources.remove()
        self.sources = None

    # -- configuration ----------------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.stopped = None
        self.setting = self._setting(config)
        # jieba (Chinese search) announces its dictionary at DEBUG level on every build.
        logging.getLogger("jieba").setLevel(logging.WARNING)
        state = self.serve_state
        try:
            configuration.prepare(config, self.config, state.blocks if state else None)
            config.markdown_extensions.append(self.unlink)
        except configuration.ThemeSearchToo:
            raise PlaybookStop(say("theme_search_too").text(self.setting.messages)) from None
        if self.config.search == "pagefind":
            self.search_slot = search_slot(Translator(self.setting.language))
            if state is not None and self.indexer is None:
                self.indexer = BackgroundIndexer(self.setting.language, log.error)
        return config

    def _setting(self, config: MkDocsConfig) -> Setting:
        theme_language = config.theme.get("language")
        messages = messages_language(self.config, theme_language)
        try:
            today = parse_today(self.config.today)
        except FormatValueError as exc:
            raise PlaybookStop(f"playbook: {exc.message.text(messages)}") from None
        audience = chosen_audience(self.config)
        if audience is None:
            known = ", ".join(self.config.audiences) or "-"
            message = say("audience_unknown", name=self.config.audience, known=known)
            raise PlaybookStop(message.text(messages))
        return Setting(
            root=Path(config.config_file_path or ".").resolve().parent,
            options=self.config,
            language=handbook_language(self.config.language, config),
            messages=messages,
            today=today,
            audience=audience,
            audience_name=self.config.audience or next(iter(self.config.audiences), None),
            serving=self.serve_state is not None,
        )

    # -- the generated pages ----------------------------------------------------------

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.setting is not None
        setting, state = self.setting, self.serve_state
        context = generation.site_context(setting, files, config)
        cache = state.cache if state else self.shared_cache
        self.sources = state.sources if state else PageSources()
        # A build of its own (not serve's, not one of several sharing a cache) generates
        # in another process: the loaded handbook never takes up this one's memory.
        apart = self.sources if state is None and cache is None else None
        try:
            generated = generation.generated_pages(
                setting, context, cache, config.config_file_path, apart
            )
        except HandbookInvalid as exc:
            if state is None:
                raise HandbookBuildError(list(exc.problems), exc.report(setting.messages)) from None
            problems = exc.report(setting.messages)
            log.error("%s\n%s", say("last_good").text(setting.messages), problems)
            generated = state.last_good
        if state is not None:
            state.last_good = generated
        if self.config.search == "theme":
            _keep_words_whole(generated.search_terms)
        self.search_keys = generated.search_keys
        self.blocks = generated.blocks
        self.first_week = generated.first_week
        self.generated = frozenset(generated.pages)
        generation.add_to_site(files, config, setting, generated, self.sources)
        self.page_dates = page_dates(config, context.hand_written)
        self._leave_out_restricted(files, config, context.hand_written)
        if state is not None:
            state.renew_blocks(files, config)
        else:
            # The loaded handbook and the pages' Markdown (now in files) are garbage:
            # collect them (the loader ran with the collector paused) and give their
            # memory back before MkDocs converts pages.
            del generated
            gc.collect()
            release_free_memory()
        return files

    def _leave_out_restricted(
        self, files: Files, config: MkDocsConfig, hand_written: frozenset[str]
    ) -> None:
        """Hand-written pages kept to other audiences (``audiences:`` in their front matter)."""
        assert self.setting is not None
        options = self.config
        left = restricted.restrict(
            files,
            set(hand_written),
            None if options.redact else self.setting.audience_name,
            options.audiences,
            everything=not options.redact and not options.audiences,
        )
        if left.problems:
            raise PlaybookStop("\n".join(p.text(self.setting.messages) for p in left.problems))
        self.unlink.urls = left.urls
        if left.pages and config.nav is not None:
            config.nav = restricted.without_left_out(config.nav, left.pages)

    def pack_setting(self) -> PackSetting:
        """What ``playbook pdf`` needs of this build (after ``on_files``)."""
        assert self.setting is not None
        return generation.pack_setting(self.setting, self.first_week)

    # -- each page --------------------------------------------------------------------

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
        self.unlink.page_url = page.url
        if page.file.src_uri in self.page_dates:  # the theme shows it (Material: "updated")
            page.meta.setdefault("revision_date", self.page_dates[page.file.src_uri])
        if page.file.src_uri in self.generated:
            if self.serve_state:
                self.serve_state.blocks.page = page.file.src_uri  # the page converted next
            return markdown
        return fill_blocks(markdown, self.blocks, get_relative_url("", page.url))

    @event_priority(100)  # first: converting again must come before others change the HTML
    def _convert_again_if_spoiled(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if self.serve_state is None:
            return html
        return self.serve_state.convert_again_if_spoiled(html, page, config, files)

    @event_priority(-50)  # after other plugins: the safety pass sees the final HTML
    def _neutralize_generated(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        return neutralize_html(html) if page.file.src_uri in self.generated else html

    on_page_content = CombinedEvent(_convert_again_if_spoiled, _neutralize_generated)

    @event_priority(-100)  # last: every other plugin has seen the page
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self.config.search == "pagefind":
            output = with_search_slot(output, self.search_slot)
            if not _excluded_from_search(page):
                output = mark_searchable(output, self.search_keys.get(page.file.src_uri))
        return output

    # -- the built site ---------------------------------------------------------------

    @event_priority(100)  # before the search plugin serializes its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self.setting is not None
        if self.serve_state is not None:
            self.serve_state.freeze_first_build()
        else:
            self._remove_sources()
            # Every page is written; the search index's JSON, written next, is the
            # build's last large allocation.
            release_free_memory()
        if self.config.search != "pagefind":
            return
        site_dir = Path(config.site_dir)
        if self.indexer is not None and self.indexer.runs:
            # serve, after a save: the page reloads now, the search catches up in a moment
            self.indexer.request(site_dir)
            return
        try:
            report = index_site(site_dir, self.setting.language)
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
        assert self.setting is not None
        for folder in (
            self.config.clients_dir,
            self.config.industries_dir,
            self.config.templates_dir,
        ):
            path = self.setting.root / folder
            if path.is_dir():
                server.watch(str(path))
        if self.setting.has_editor:
            serve_editor(
                server,
                config,
                root=self.setting.root,
                clients_dir=self.config.clients_dir,
                industries_dir=self.config.industries_dir,
                messages=self.setting.messages,
                cache=self.serve_state.cache.files if self.serve_state else None,
                mount_path=generation.mount_path(config),
            )
        return server
