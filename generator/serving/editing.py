"""The form editor under ``playbook serve``: its local backend on serve's own address."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from ..editor.backend import EditorApp, LocalBackend
from ..reading.loader import LoadCache
from ..writing.files import HandbookFiles


def serve_editor(
    server: Any,
    config: MkDocsConfig,
    *,
    root: Path,
    clients_dir: str,
    industries_dir: str,
    messages: str,
    cache: LoadCache | None,
    mount_path: str,
) -> None:
    """Answer the editor's API (same origin) in front of MkDocs' live-reload server.

    The backend shares serve's cache of validated files (``cache``): a save re-reads
    only that file.
    """
    files = HandbookFiles(root, clients_dir, industries_dir, messages)
    if cache is not None:
        files.cache = cache
    server.set_app(
        EditorApp(
            LocalBackend(files),
            server.get_app(),
            site_dir=lambda: config.site_dir,
            mount_path=mount_path,
            host=str(config.dev_addr.host),
            port=int(config.dev_addr.port),
        )
    )
