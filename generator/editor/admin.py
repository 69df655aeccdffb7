"""The editor's page at ``admin/`` and the files beside it: Decap's bundle, our scripts,
the data they share with Python, and the Content-Security-Policy the page runs under."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..format.catalogs import CHOICE
from ..format.ids import id_rules
from ..format.labels import Translator
from ..format.model import Client, Contact, Industry, Project
from ..format.wording import html_lang
from .config import (
    BUNDLE,
    EDITOR_FOLDER,
    FIELD_ORDER,
    ID_FIELD,
    EditorHost,
    backend_config,
    config_yaml,
    editor_config,
    field_order,
    text_paths,
)


def content_security_policy(host: EditorHost | None) -> str:
    """What the editor's page may load: its own files, and the git host's API if it has one.

    A handbook file may hold a Markdown image or link to anywhere; the editor's rich-text
    view and preview render them, so the page itself refuses every other origin.
    """
    remote = ""
    if host is not None:
        backend = backend_config(host)
        origins = {
            _origin(url)
            for url in (backend.get("api_root"), backend.get("base_url"))
            if isinstance(url, str)
        }
        if host.backend == "github" and "api_root" not in backend:
            origins.add("https://api.github.com")
        remote = "".join(f" {origin}" for origin in sorted(origins) if origin)
    return (
        # 'unsafe-eval': Decap checks its configuration with ajv, which compiles to functions.
        "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
        f"img-src 'self' data: blob:{remote}; font-src 'self' data:; "
        f"connect-src 'self'{remote}; frame-src 'self' blob:; object-src 'none'; "
        "base-uri 'self'; form-action 'self'"
    )


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") else None


def _html_page(language: str, site_name: str, head: str, body: str) -> str:
    t = Translator(language)
    return f"""<!doctype html>
<html lang="{html_lang(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<link rel="icon" href="data:,">
<title>{escape(t("editor_title"))} · {escape(site_name)}</title>
{head}</head>
<body>
{body}</body>
</html>
"""


def admin_page(language: str, site_name: str, host: EditorHost | None = None) -> str:
    """``admin/index.html``: the editor's page, loading only files of the site itself."""
    t = Translator(language)
    policy = escape(content_security_policy(host))
    head = (
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        '<link rel="icon" href="data:,">\n'
        '<link href="config.yml" type="text/yaml" rel="cms-config-url">\n'
        f'<link rel="stylesheet" href="{EDITOR_STYLE.name}">\n'
    )
    scripts = (
        EDITOR_FIRST.name,
        BUNDLE,
        *(path.name for path in VENDORED_SCRIPTS),
        FIELD_ORDER,
        EDITOR_DATA,
        *(path.name for path in EDITOR_SCRIPTS),
    )
    noscript = t("editor_noscript")
    body = f"<noscript>{escape(noscript)}</noscript>\n" + "".join(
        f'<script src="{name}"></script>\n' for name in scripts
    )
    return _html_page(language, site_name, head, body)


def unconnected_page(language: str, site_name: str) -> str:
    """``admin/index.html`` of a built site with no git host configured yet."""
    t = Translator(language)
    title, text, link = t("editor_title"), t("editor_unconnected"), t("editor_guide_link")
    body = (
        f"<main>\n<h1>{escape(title)}</h1>\n"
        f"<p>{escape(text)}</p>\n"
        f'<p><a href="../playbook/editing/">{escape(link)}</a></p>\n</main>\n'
    )
    return _html_page(language, site_name, "", body)


ASSETS = Path(__file__).resolve().parents[1] / "assets"
BUNDLE_DIR = ASSETS / "decap"
VENDORED_SCRIPTS = tuple(
    ASSETS / "vendor" / name for name in ("pinyin-pro.js", "js-yaml.min.js", "yaml.js")
)
"""The libraries Playbook's own editor scripts use (``assets/vendor/VENDORED.md``)."""
EDITOR_SCRIPTS = (
    ASSETS / "playbook-ids.js",
    ASSETS / "playbook-yaml.js",
    ASSETS / "playbook-editor.js",
)
EDITOR_FIRST = ASSETS / "playbook-before.js"
"""Holds Decap back until ``playbook-editor.js`` has registered the handbook's format."""
EDITOR_DATA = "playbook-data.js"
EDITOR_STYLE = ASSETS / "playbook-editor.css"


def editor_data(language: str) -> dict[str, Any]:
    """What the editor's scripts need of Python's rules and words, in the handbook's language.

    The id rules are ``ids.py``'s (one list of compound surnames, one of surname readings);
    the words are the catalog's labels and choices (``catalogs.py``), so the form and its
    preview say what the site says: the scripts hold no words of their own.
    """
    t = Translator(language)
    enums: dict[str, dict[str, str]] = {}
    for key in t.catalog.keys(CHOICE):
        enum, value = key.split(".", 1)
        enums.setdefault(enum, {})[value] = t.catalog.text(key, CHOICE)
    return {
        "language": language,
        "lang": html_lang(language),
        "ids": id_rules(),
        "labels": t.texts(),
        "enums": enums,
        "fields": {
            "clients": {name: t.field("Client", name) for name in Client.model_fields},
            "contacts": {name: t.field("Contact", name) for name in Contact.model_fields},
            "projects": {name: t.field("Project", name) for name in Project.model_fields},
        },
        "idField": ID_FIELD,
        # where a plain value is read as written, as the loader does (playbook-yaml.js)
        "textPaths": {"clients": text_paths(Client), "industries": text_paths(Industry)},
    }


def admin_files(
    language: str,
    site_name: str,
    *,
    clients_dir: str,
    industries_dir: str,
    host: EditorHost | None,
    local_api: str | None,
    site_url: str | None,
) -> tuple[dict[str, str], dict[str, Path]]:
    """The files of ``admin/``: ``(generated texts, copied files)`` by site path.

    With neither a local API (``playbook serve``) nor a git host, ``admin/`` holds one page
    that says how to connect the editor, and no bundle.
    """
    if not local_api and host is None:
        return {f"{EDITOR_FOLDER}/index.html": unconnected_page(language, site_name)}, {}
    config = editor_config(
        language,
        clients_dir=clients_dir,
        industries_dir=industries_dir,
        host=host,
        local_api=local_api,
        site_url=site_url,
    )
    texts = {
        f"{EDITOR_FOLDER}/index.html": admin_page(language, site_name, host),
        f"{EDITOR_FOLDER}/config.yml": config_yaml(config),
        f"{EDITOR_FOLDER}/{FIELD_ORDER}": "window.PLAYBOOK_FIELD_ORDER = "
        + json.dumps({"clients": field_order(Client), "industries": field_order(Industry)})
        + ";\n",
        f"{EDITOR_FOLDER}/{EDITOR_DATA}": "window.PLAYBOOK = "
        + json.dumps(editor_data(language), ensure_ascii=False)
        + ";\n",
    }
    copied = {f"{EDITOR_FOLDER}/{path.name}": path for path in sorted(BUNDLE_DIR.glob("*.js"))}
    for path in (EDITOR_FIRST, *VENDORED_SCRIPTS, *EDITOR_SCRIPTS, EDITOR_STYLE):
        copied[f"{EDITOR_FOLDER}/{path.name}"] = path
    return texts, copied
