"""What the plugin asks of MkDocs' configuration before a build (``on_config``)."""

from __future__ import annotations

import logging

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig

from ..search.pagefind import SEARCH_SCRIPT, THEME_SEARCH, UI_SCRIPT, UI_STYLESHEET
from ..serving.blockcache import BlockCache, BlockCacheExtension
from .options import PlaybookConfig
from .site_files import CHANGES_SCRIPT, MY_CLIENTS_SCRIPT, PATH_SCRIPT, SCRIPT, STYLESHEET

log = logging.getLogger("mkdocs.plugins.playbook")

REQUIRED_EXTENSIONS = ("tables", "admonition", "attr_list", "toc", "generator.search.cjk")
FORMER_NAMES = {"generator.search.cjk": ("generator.cjk",)}
"""Where an extension lived before: a configuration naming it there needs no second copy."""


class ThemeSearchToo(Exception):
    """``search: pagefind`` while the theme's search plugin is listed as well."""


def prepare(config: MkDocsConfig, options: PlaybookConfig, blocks: BlockCache | None) -> None:
    """Fonts off when offline, the Markdown extensions the pages need, the site's assets,
    Pagefind's searchbox; under serve (``blocks``), the block cache, and no sitemap."""
    if options.offline and config.theme.get("font") is not False:
        # Material would load Roboto from Google Fonts, unreachable on an intranet.
        log.info("playbook: theme.font turned off (offline: true): no web fonts are loaded")
        config.theme["font"] = False
    for extension in REQUIRED_EXTENSIONS:
        named = {extension, *FORMER_NAMES.get(extension, ())}
        if not named & set(config.markdown_extensions):
            config.markdown_extensions.append(extension)
    assets = (
        (STYLESHEET, config.extra_css),
        (SCRIPT, config.extra_javascript),
        (PATH_SCRIPT, config.extra_javascript),
        (CHANGES_SCRIPT, config.extra_javascript),
        (MY_CLIENTS_SCRIPT, config.extra_javascript),
    )
    for asset, target in assets:
        if asset not in [str(item) for item in target]:
            target.append(asset)
    if options.search == "pagefind":
        _use_pagefind(config)
    if blocks is not None:
        config.markdown_extensions.append(BlockCacheExtension(blocks))
        # The sitemap is for crawlers, not for a preview; it lists every page and was
        # rendered again on each save (~0.2 s at 1,000 clients).
        config.theme.static_templates.discard("sitemap.xml")


def _use_pagefind(config: MkDocsConfig) -> None:
    """Pagefind's searchbox on every page; the theme's search must be off."""
    if any(name in config.plugins for name in THEME_SEARCH):
        raise ThemeSearchToo
    if UI_STYLESHEET not in [str(item) for item in config.extra_css]:
        config.extra_css.append(UI_STYLESHEET)
    scripts = [str(item) for item in config.extra_javascript]
    for path in (UI_SCRIPT, SEARCH_SCRIPT):  # in this order: search.js uses the UI's API
        if path not in scripts:
            script = ExtraScriptValue(path)
            script.type = "module"
            config.extra_javascript.append(script)
