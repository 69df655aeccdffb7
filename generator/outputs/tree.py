"""A whole handbook as a plain Markdown tree that builds without the Playbook plugin.

``playbook render --out DIR`` writes ``DIR/docs/`` (hand-written pages, generated
pages, the calendar file, schemas and Playbook's stylesheet and script) and
``DIR/mkdocs.yml`` (the handbook's own configuration, minus the plugin, with the
navigation, theme settings and Markdown extensions the plugin would have added).
Plain MkDocs builds that tree (the benchmark's floor), and so does Zensical, which
reads ``mkdocs.yml`` natively.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, get_files
from mkdocs.utils.yaml import yaml_load

from ..search.pagefind import SEARCH_SCRIPT, THEME_SEARCH, UI_SCRIPT, UI_STYLESHEET

MARKER = ".playbook-render"
"""Marks a folder written by ``playbook render``, which a later run may replace."""
SAFETY_EXTENSION = "generator.pages.markdown_safety"


def _is_playbook(entry: Any) -> bool:
    return entry == "playbook" or (isinstance(entry, dict) and "playbook" in entry)


def _is_search(entry: Any) -> bool:
    return entry in THEME_SEARCH or (
        isinstance(entry, dict) and bool(set(THEME_SEARCH) & set(entry))
    )


def _extension_names(extensions: list[Any]) -> set[str]:
    """The extensions named in ``extensions`` (an extension object the plugin made for its
    own build, such as the one that unlinks pages an audience may not see, has no name)."""
    return {
        next(iter(e)) if isinstance(e, dict) else e for e in extensions if isinstance(e, dict | str)
    }


def _script(item: Any) -> str | dict[str, Any]:
    """An ``extra_javascript`` entry as the handbook wrote it: a path, or its ``type``,
    ``defer`` and ``async`` too (``type: module`` for a script that imports)."""
    if isinstance(item, str):
        return item
    entry: dict[str, Any] = {"path": item.path}
    if item.type:
        entry["type"] = item.type
    if item.defer:
        entry["defer"] = True
    if item.async_:
        entry["async"] = True
    return entry if len(entry) > 1 else item.path


def tree_config(config: MkDocsConfig) -> dict[str, Any]:
    """The handbook's ``mkdocs.yml`` as the exported tree needs it.

    Call after the plugin's ``on_config`` and ``on_files``: ``config`` then carries what
    the plugin decided (web fonts off, extensions, assets, the navigation when the
    handbook has none).
    """
    with open(config.config_file_path, "rb") as source:
        raw: dict[str, Any] = yaml_load(source) or {}
    raw.pop("INHERIT", None)  # yaml_load has merged the parent already
    raw["docs_dir"] = "docs"
    raw["site_dir"] = "site"
    if "plugins" in raw:
        plugins = raw["plugins"]
        if isinstance(plugins, dict):
            raw["plugins"] = {k: v for k, v in plugins.items() if k != "playbook"}
        else:
            raw["plugins"] = [p for p in plugins if not _is_playbook(p)]
    theme = raw.get("theme") or {}
    theme = {"name": theme} if isinstance(theme, str) else dict(theme)
    if config.theme.get("font") is False:  # the plugin's offline option turns web fonts off
        theme["font"] = False
    raw["theme"] = theme
    extensions = list(raw.get("markdown_extensions") or [])
    present = _extension_names(extensions)
    for name in (*_extension_names(config.markdown_extensions), SAFETY_EXTENSION):
        if name not in present:
            extensions.append(name)
            present.add(name)
    raw["markdown_extensions"] = extensions
    # Pagefind runs in the plugin, after the build: the tree's host searches with its own
    # search instead (MkDocs' and Zensical's `search` plugin), one index of the whole site.
    own_search = {UI_STYLESHEET, UI_SCRIPT, SEARCH_SCRIPT}
    raw["extra_css"] = [str(item) for item in config.extra_css if str(item) not in own_search]
    raw["extra_javascript"] = [
        _script(item) for item in config.extra_javascript if str(item) not in own_search
    ]
    plugins = raw.get("plugins") or []
    if not any(_is_search(entry) for entry in plugins):
        if isinstance(plugins, dict):
            raw["plugins"] = {"search": {}, **plugins}
        else:
            raw["plugins"] = ["search", *plugins]
        features = list(theme.get("features") or [])
        if "search.highlight" not in features:  # Playbook's search marks the words found too
            theme["features"] = [*features, "search.highlight"]
    raw["nav"] = config.nav
    return raw


@contextmanager
def files_as_built(config: MkDocsConfig) -> Iterator[tuple[MkDocsConfig, Files]]:
    """The site's files as the plugin makes them (generated pages included), without a
    build; readable until the block ends (the plugin then removes its generated files).

    Raises what the plugin raises for an invalid handbook (``HandbookBuildError``).
    """
    plugins = config.plugins
    plugins.on_startup(command="build", dirty=False)
    try:
        config = plugins.on_config(config)
        yield config, plugins.on_files(get_files(config), config=config)
    finally:
        plugins.on_shutdown()


def write_tree(config: MkDocsConfig, target: Path) -> int:
    """Write the tree into the (empty) folder ``target``; returns the number of pages.

    Raises what the plugin raises for an invalid handbook (``HandbookBuildError``).
    """
    docs = target / "docs"
    pages = 0
    with files_as_built(config) as (config, files):
        for file in files:
            if file.inclusion.is_excluded():  # kept to other audiences (see restricted.py)
                continue
            path = docs / file.src_uri
            path.parent.mkdir(parents=True, exist_ok=True)
            if file.abs_src_path:
                shutil.copyfile(file.abs_src_path, path)
            else:
                path.write_bytes(file.content_bytes)
            pages += file.src_uri.endswith(".md")
    raw = tree_config(config)
    root = Path(config.config_file_path).resolve().parent

    def carried(path: str) -> str:
        """A file or folder the config names: copied into the tree when it lives in the
        handbook (same relative path), else named by its absolute path."""
        source = (root / path).resolve()
        try:
            relative = source.relative_to(root)
        except ValueError:
            return str(source)
        if source.is_dir():
            shutil.copytree(source, target / relative)
        else:
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target / relative)
        return relative.as_posix()

    if config.theme.custom_dir:  # theme overrides
        raw["theme"]["custom_dir"] = carried(config.theme.custom_dir)
    if raw.get("hooks"):  # hook modules, given relative to mkdocs.yml
        raw["hooks"] = [carried(str(hook)) for hook in raw["hooks"]]
    (target / "mkdocs.yml").write_text(
        yaml.dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    (target / MARKER).write_text(
        "Written by `playbook render`; the next run replaces this folder.\n", encoding="utf-8"
    )
    return pages
