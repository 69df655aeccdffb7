"""The form editor the server answers at ``/<audience>/admin/``: the editor of the site
(:func:`generator.editor.admin.admin_files`) with its local API at
``/<audience>/api/v1``, plus the server's own script beside it (``playbook-server.js``:
a client's history in the form, and restoring an earlier version).

The server answers these files itself, from memory, rather than the built sites: a
built site's ``admin/`` is the one a build without a server makes.
"""

from __future__ import annotations

import json
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from ..editor.admin import admin_files
from ..editor.config import API_PATH, EDITOR_FOLDER
from ..format.catalogs import MESSAGE, catalog
from ..format.wording import message_key

SCRIPT = Path(__file__).resolve().parent / "playbook-server.js"
DATA = "playbook-server-data.js"
BROWSER_WORDS = (  # the words of playbook-server.js, unfilled (it fills in {placeholders})
    message_key("server_history_title"),
    message_key("server_history_button"),
    message_key("server_history_current"),
    message_key("server_history_restore"),
    message_key("server_history_confirm"),
    message_key("server_history_restored"),
    message_key("server_history_none"),
    message_key("server_history_close"),
    message_key("server_history_failed"),
    message_key("server_history_unavailable"),
)


@dataclass(frozen=True)
class Asset:
    """One file of the editor: its bytes and its content type."""

    content: bytes
    content_type: str


def _content_type(name: str) -> str:
    if name.endswith((".yml", ".yaml")):
        return "text/yaml; charset=utf-8"
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind.endswith("javascript"):
        kind += "; charset=utf-8"
    return kind


def api_path(mount: str, audience: str) -> str:
    """Where an audience's editor finds its API (root-relative)."""
    return f"{mount}{audience}/{API_PATH}"


def editor_assets(
    *,
    language: str,
    site_name: str,
    site_url: str | None,
    clients_dir: str,
    industries_dir: str,
    mount: str,
    audience: str,
) -> dict[str, Asset]:
    """The files of ``<audience>/admin/`` by their path below ``admin/``."""
    api = api_path(mount, audience)
    texts, copied = admin_files(
        language,
        site_name,
        clients_dir=clients_dir,
        industries_dir=industries_dir,
        host=None,
        local_api=api,
        site_url=site_url,
    )
    prefix = f"{EDITOR_FOLDER}/"
    assets: dict[str, Asset] = {}
    for path, text in texts.items():
        if path == f"{prefix}index.html":
            extra = f'<script src="{DATA}"></script>\n<script src="{SCRIPT.name}"></script>\n'
            text = text.replace("</body>", extra + "</body>", 1)
        assets[path.removeprefix(prefix)] = Asset(text.encode("utf-8"), _content_type(path))
    for path, source in copied.items():
        assets[path.removeprefix(prefix)] = Asset(source.read_bytes(), _content_type(path))
    data = {
        "language": language,
        "api": api,
        "folders": {"clients": clients_dir, "industries": industries_dir},
        "words": {key: catalog(language).text(key, MESSAGE) for key in BROWSER_WORDS},
    }
    said = "window.PLAYBOOK_SERVER = " + json.dumps(data, ensure_ascii=False) + ";\n"
    assets[DATA] = Asset(said.encode("utf-8"), _content_type(DATA))
    assets[SCRIPT.name] = Asset(SCRIPT.read_bytes(), _content_type(SCRIPT.name))
    return assets
