"""The MkDocs plugin: wires the loader and the page renderer into MkDocs' events.

``plugins: [playbook]`` in ``mkdocs.yml``. Pages are added at build time with
``File.generated``; nothing is written into ``docs/``.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import nest_paths

from .errors import HandbookInvalid, Problem
from .loader import load_handbook
from .redaction import redact
from .text import neutralize_html
from .views import (
    ACCOUNTS_INDEX,
    INDUSTRIES_INDEX,
    GeneratedPage,
    render_pages,
    template_environment,
)

log = logging.getLogger("mkdocs.plugins.playbook")

REQUIRED_EXTENSIONS = ("tables", "admonition", "attr_list", "toc")

# Under `mkdocs serve` every rebuild loads the configuration (and this plugin) anew;
# the last good pages of each handbook survive here so a broken save keeps them.
_LAST_GOOD: dict[str, dict[str, GeneratedPage]] = {}


class HandbookBuildError(PluginError):
    """The handbook's files are invalid; ``problems`` lists every one."""

    def __init__(self, problems: list[Problem], report: str):
        super().__init__(report)
        self.problems = problems


class PlaybookConfig(base.Config):
    language = c.Optional(c.Choice(("zh", "en")))
    """Language of generated labels; defaults to the theme's language (zh or en)."""
    clients_dir = c.Type(str, default="clients")
    industries_dir = c.Type(str, default="industries")
    templates_dir = c.Type(str, default="templates")
    redact = c.Type(bool, default=False)
    """Leave out personal data (email, phone, wechat, birthday) and confidential clients."""


def handbook_language(option: str | None, config: MkDocsConfig) -> str:
    if option:
        return option
    theme_language = str(config.theme.get("language") or "en")
    return "zh" if theme_language.lower().startswith("zh") else "en"


class PlaybookPlugin(BasePlugin[PlaybookConfig]):
    """Generates the handbook's account and industry pages from its YAML files."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.pages: dict[str, GeneratedPage] = {}
        self.root = Path(".")
        self.problems: list[Problem] = []
        """The problems that stopped the last build; the CLI prints them itself."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path or ".").resolve().parent
        self.language = handbook_language(self.config.language, config)
        # jieba (Chinese search) announces its dictionary at DEBUG level on every build.
        logging.getLogger("jieba").setLevel(logging.WARNING)
        for extension in REQUIRED_EXTENSIONS:
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        return config

    def _generate(self) -> dict[str, GeneratedPage]:
        handbook = load_handbook(self.root, self.config.clients_dir, self.config.industries_dir)
        if self.config.redact:
            handbook = redact(handbook)
        env = template_environment(self.root / self.config.templates_dir)
        try:
            return render_pages(handbook, self.language, env)
        except jinja2.TemplateError as exc:
            where = getattr(exc, "filename", None) or getattr(exc, "name", None) or "a template"
            line = getattr(exc, "lineno", None)
            raise PluginError(
                f"{where}{f':{line}' if line else ''}: template error: {exc}"
            ) from None

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        key = str(self.root)
        self.problems = []
        try:
            self.pages = self._generate()
            _LAST_GOOD[key] = self.pages
        except HandbookInvalid as exc:
            if not self.serving:
                self.problems = list(exc.problems)
                raise HandbookBuildError(self.problems, exc.report()) from None
            log.error("The handbook has problems; showing the last good version.\n%s", exc.report())
            self.pages = _LAST_GOOD.get(key, {})

        docs_dir = Path(config.docs_dir)
        clashes = [path for path in self.pages if files.get_file_from_path(path) is not None]
        if clashes:
            raise PluginError(
                "These hand-written pages have the paths of generated pages; move or rename "
                "them: " + ", ".join(f"{config.docs_dir}/{path}" for path in clashes)
            )
        for page in self.pages.values():
            # Generated pages are reached from the indexes, not the sidebar (see _default_nav).
            file = File.generated(
                config, page.path, content=page.markdown, inclusion=InclusionLevel.NOT_IN_NAV
            )
            if page.source is not None:
                file.edit_uri = os.path.relpath(self.root / page.source, docs_dir).replace(
                    os.sep, "/"
                )
            files.append(file)

        if config.nav is None:
            config.nav = self._default_nav(files)
        return files

    def _default_nav(self, files: Files) -> list[Any]:
        """Home, the two indexes, then the hand-written pages: never one entry per client."""
        generated = set(self.pages)
        hand_written = [
            f.src_uri for f in files.documentation_pages() if f.src_uri not in generated
        ]
        home = [path for path in hand_written if path in ("index.md", "README.md")]
        rest = [path for path in hand_written if path not in home]
        indexes = [path for path in (ACCOUNTS_INDEX, INDUSTRIES_INDEX) if path in generated]
        return [*home, *indexes, *nest_paths(rest)]

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri in self.pages:
            return neutralize_html(html)
        return html

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        for folder in (
            self.config.clients_dir,
            self.config.industries_dir,
            self.config.templates_dir,
        ):
            path = self.root / folder
            if path.is_dir():
                server.watch(str(path))
        return server
