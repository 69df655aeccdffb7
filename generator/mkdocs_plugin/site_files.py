"""What the plugin adds to MkDocs' files: the generated pages, the JSON Schemas, the
assets, the editor, and the navigation when ``mkdocs.yml`` has none."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import nest_paths

from ..editor.admin import admin_files
from ..editor.config import EditorHost
from ..format.schema import LANGUAGES as SCHEMA_LANGUAGES
from ..format.schema import json_schema, schema_name
from ..pages import places
from ..pages.onboarding import GUIDE_IMAGES
from ..pages.places import GeneratedPage
from ..pages.sources import PageSources
from ..search.pagefind import SEARCH_SCRIPT

ASSETS = Path(__file__).resolve().parents[1] / "assets"
STYLESHEET = "assets/playbook/playbook.css"
SCRIPT = "assets/playbook/playbook.js"
PATH_SCRIPT = "assets/playbook/onboarding-path.js"
"""Narrows the first-week path to a new colleague's clients (it acts on that page only)."""
CHANGES_SCRIPT = "assets/playbook/changes-seen.js"
"""Marks 新 what was added since the reader's last visit of the page (``data-added``)."""
MY_CLIENTS_SCRIPT = "assets/playbook/my-clients.js"
"""Narrows lists of clients (``data-client``) to the reader's own, chosen in their browser."""
TOP_LEVEL_PAGES = (
    places.ACCOUNTS_INDEX,
    places.INDUSTRIES_INDEX,
    places.LESSONS_INDEX,
    places.PEOPLE,
    places.TEAM_INDEX,
    places.RESULTS,
    places.CALENDAR,
    places.HEALTH,
    places.CHANGES,
)
GENERATED_BESIDE_HAND_WRITTEN = (
    places.NORMS_BY_ACCOUNT,
    places.FIRST_WEEK,
    places.FIRST_HOUR_GUIDE,
    places.EDITING_GUIDE,
    places.HOSTING_GUIDE,
    places.SERVER_GUIDE,
    places.PRIVACY_GUIDE,
    places.FORMAT_REFERENCE,
)
"""Generated pages in folders people also write pages in (listed after theirs)."""


def clashes(pages: dict[str, GeneratedPage], files: Files) -> list[str]:
    """Generated pages a hand-written page already stands at."""
    return [path for path in pages if files.get_file_from_path(path) is not None]


def add_pages(
    files: Files,
    config: MkDocsConfig,
    pages: dict[str, GeneratedPage],
    sources: PageSources,
    edit_uri_of: Callable[[str], str],
) -> None:
    """The generated pages, as files of ``sources``."""
    for page in pages.values():
        # Generated pages are reached from the indexes, not the sidebar (see default_nav).
        file = File.generated(
            config,
            page.path,
            abs_src_path=sources.source_of(page),
            inclusion=InclusionLevel.NOT_IN_NAV,
        )
        if page.source is not None:
            file.edit_uri = edit_uri_of(page.source)
        files.append(file)


def add_schemas(files: Files, config: MkDocsConfig) -> None:
    """The format's JSON Schemas, for editors pointing at the published site."""
    for kind in ("client", "industry"):
        for language in SCHEMA_LANGUAGES:
            schema = json.dumps(json_schema(kind, language), ensure_ascii=False, indent=2)
            path = f"schemas/{schema_name(kind, language)}"
            files.append(File.generated(config, path, content=schema))


def add_assets(files: Files, config: MkDocsConfig, pagefind: bool) -> None:
    """The site's stylesheet and scripts, and the guides' screenshots."""
    scripts = (SCRIPT, PATH_SCRIPT, CHANGES_SCRIPT, MY_CLIENTS_SCRIPT)
    for asset in (STYLESHEET, *scripts, *((SEARCH_SCRIPT,) if pagefind else ())):
        files.append(File.generated(config, asset, abs_src_path=str(ASSETS / Path(asset).name)))
    for image in GUIDE_IMAGES:  # the editing guide's screenshots (from the browser tests)
        path = places.guide(f"guide-images/{image.name}")
        files.append(File.generated(config, path, abs_src_path=str(image)))


def add_editor(
    files: Files,
    config: MkDocsConfig,
    *,
    language: str,
    clients_dir: str,
    industries_dir: str,
    host: EditorHost | None,
    local_api: str | None,
) -> None:
    """``admin/``: the form editor."""
    texts, copied = admin_files(
        language,
        config.site_name,
        clients_dir=clients_dir,
        industries_dir=industries_dir,
        host=host,
        local_api=local_api,
        site_url=config.site_url,
    )
    for path, text in texts.items():
        files.append(File.generated(config, path, content=text))
    for path, source in copied.items():
        files.append(File.generated(config, path, abs_src_path=str(source)))


def _nav_order(path: str) -> tuple[str, int, str]:
    """MkDocs' own order (a folder's index first), with generated pages after hand-written ones."""
    folder, _, name = path.rpartition("/")
    generated = path in GENERATED_BESIDE_HAND_WRITTEN
    return (folder, 0 if name in ("index.md", "README.md") else 1 + generated, name)


def default_nav(files: Files, generated: frozenset[str]) -> list[Any]:
    """Home, the indexes and cross-account views, then the hand-written pages.

    Never one entry per client: Material repeats the navigation on every page.
    """
    hand_written = [f.src_uri for f in files.documentation_pages() if f.src_uri not in generated]
    home = [path for path in hand_written if path in ("index.md", "README.md")]
    # generated pages that belong beside hand-written ones (norms, onboarding)
    beside = [path for path in GENERATED_BESIDE_HAND_WRITTEN if path in generated]
    rest = [path for path in hand_written if path not in home] + beside
    indexes = [path for path in TOP_LEVEL_PAGES if path in generated]
    return [*home, *indexes, *nest_paths(sorted(rest, key=_nav_order))]
