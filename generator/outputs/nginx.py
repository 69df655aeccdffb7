"""An nginx configuration for the built audiences: ``playbook nginx``.

One ``server`` block (for ``/etc/nginx/conf.d/``) that serves each audience's folder of
``site/`` at ``/<audience>/``, each behind its own password file unless it is named
open; Pagefind's files with their types; gzip; hashed assets cached for good, pages and
``calendar/upcoming/`` revalidated; security headers with a Content-Security-Policy that lets
the theme's own inline scripts run by their hashes (read from the built pages) and
nothing else; no directory listing, and nothing outside the built sites.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..editor.admin import content_security_policy as editor_policy
from ..editor.config import EDITOR_FOLDER

_INLINE_SCRIPT = re.compile(r"<script(\s[^>]*)?>(.*?)</script>", re.DOTALL | re.IGNORECASE)
_HASHED_ASSET = r"assets/(?:javascripts|stylesheets)/.+\.[0-9a-f]{8}\.min\.(?:js|css)"
_PAGEFIND_CHUNK = r"pagefind/(?:fragment|index|filter)/.+"
_IMMUTABLE = "public, max-age=31536000, immutable"
_REVALIDATE = "no-cache"


@dataclass(frozen=True)
class Site:
    """One audience's built folder, and whether it needs a password."""

    name: str
    folder: Path
    """Where it was built (read for its pages' inline scripts)."""
    open: bool = False
    editor: bool = False
    """Whether its readers see everything, so that ``playbook server`` offers the form."""


def edits(options: Mapping[str, Any], audience: str) -> bool:
    """Whether ``audience`` (of the playbook plugin's validated ``options``) gets the form
    editor: the editor is on and its readers see everything."""
    editor = options.get("editor") or {}
    found = (options.get("audiences") or {}).get(audience)
    return bool(editor.get("enabled", True)) and bool(getattr(found, "sees_everything", False))


def inline_script_hashes(folders: Iterable[Path]) -> list[str]:
    """``'sha256-…'`` of every inline script the pages run (the theme's own, a handful)."""
    hashes = set()
    for folder in folders:
        for page in folder.rglob("*.html"):
            if page.relative_to(folder).parts[0] == EDITOR_FOLDER:
                continue
            for attributes, body in _INLINE_SCRIPT.findall(page.read_text("utf-8")):
                if "src=" in attributes or "application/json" in attributes:
                    continue
                digest = hashlib.sha256(body.encode("utf-8")).digest()
                hashes.add(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return sorted(hashes)


def page_policy(hashes: Iterable[str]) -> str:
    """The pages' Content-Security-Policy: the site's own files, the theme's inline scripts,
    WebAssembly for the search; no other origin, no frames of other sites."""
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *hashes])
    return (
        f"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
        "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; "
        "frame-ancestors 'self'"
    )


def _headers(policy: str, cache: str | None, indent: str) -> str:
    """The headers of every answer (a location with an ``add_header`` inherits none);
    ``cache`` ``None``: the answer's own ``Cache-Control`` (a proxied one's) stays."""
    lines = [
        f"add_header Content-Security-Policy {policy} always;",
        'add_header X-Content-Type-Options "nosniff" always;',
        'add_header Referrer-Policy "same-origin" always;',
        'add_header X-Frame-Options "SAMEORIGIN" always;',
    ]
    if cache is not None:
        lines.append(f'add_header Cache-Control "{cache}" always;')
    return "".join(f"{indent}{line}\n" for line in lines)


def _to_server(server: str, editor: str, indent: str) -> str:
    """A location's body that passes requests to ``playbook server`` with who signed in:
    ``X-Remote-User`` is nginx's ``$remote_user`` (a person's own header of that name is
    replaced, never passed on); the server's answers keep their own ``Cache-Control``."""
    lines = [
        f"proxy_pass http://{server};",
        "proxy_set_header Host $http_host;",
        "proxy_set_header X-Remote-User $remote_user;",
        "proxy_hide_header X-Content-Type-Options;",
        "proxy_hide_header Referrer-Policy;",
        "proxy_read_timeout 120s;",
        "client_max_body_size 5m;",
    ]
    return "".join(f"{indent}{line}\n" for line in lines) + _headers(editor, None, indent)


def _audience(
    site: Site, pages: str, editor: str, htpasswd_dir: str, title: str, server: str | None
) -> str:
    name = site.name
    block = f"    location /{name}/ {{\n"
    if site.open:
        block += "        # open to everyone who reaches this server (the intranet)\n"
        block += "        auth_basic off;\n"
    else:
        block += f'        auth_basic "{title} ({name})";\n'
        block += f"        auth_basic_user_file {htpasswd_dir}/{name}.htpasswd;\n"
    block += "        try_files $uri $uri/ =404;\n"
    block += _headers(pages, _REVALIDATE, "        ")
    block += (
        # quoted: nginx would read the braces of {8} as a block
        f'        location ~ "^/{name}/(?:{_HASHED_ASSET}|{_PAGEFIND_CHUNK})$" {{\n'
        + _headers(pages, _IMMUTABLE, "            ")
        + "        }\n"
    )
    block += (
        f"        location ~ ^/{name}/.+\\.ics$ {{\n"
        "            types { }\n"
        # the type alone, its charset added by nginx: gzip_types compares the type as set,
        # and "text/calendar; charset=utf-8" there matched no entry (the feed went raw)
        "            default_type text/calendar;\n"
        "            charset utf-8;\n"
        "            charset_types text/calendar;\n"
        + _headers(pages, _REVALIDATE, "            ")
        + "        }\n"
    )
    if server is not None and site.editor:
        block += (
            "        # the form editor and its API: answered by playbook server, as the person\n"
            "        # signed in above\n"
            f"        location /{name}/{EDITOR_FOLDER}/ {{\n"
            + _to_server(server, editor, "            ")
            + "        }\n"
            f"        location = /{name}/api/v1 {{\n"
            + _to_server(server, editor, "            ")
            + "        }\n"
        )
    elif (site.folder / EDITOR_FOLDER).is_dir():
        block += (
            f"        location /{name}/{EDITOR_FOLDER}/ {{\n"
            + _headers(editor, _REVALIDATE, "            ")
            + "        }\n"
        )
    return block + "    }\n"


def nginx_config(
    root: Path,
    sites: list[Site],
    *,
    listen: str = "80",
    server_name: str = "_",
    htpasswd_dir: str = "/etc/nginx/playbook",
    title: str = "Playbook",
    server: str | None = None,
) -> str:
    """The ``server`` block serving ``sites``, the audiences' folders in ``root``
    (``site/`` of ``playbook build``, as an absolute path on the server); with ``server``
    (``host:port`` of ``playbook server``), the form editor and its API of each site
    with ``editor`` are passed to it."""
    hashes = inline_script_hashes(site.folder for site in sites)
    pages, editor = "$playbook_pages_policy", "$playbook_editor_policy"
    # `/` leads to a site anyone may read when there is one (else to the first): nobody is
    # asked for a password just for opening the handbook's address
    first = next((site.name for site in sites if site.open), sites[0].name)
    text = (
        "# Written by `playbook nginx` from the built sites; write it again after a theme\n"
        "# upgrade (the Content-Security-Policy lists the theme's inline scripts by hash).\n"
        "# Goes in the http context: /etc/nginx/conf.d/playbook.conf on Debian.\n"
        "# Passwords: htpasswd -c "
        f"{htpasswd_dir}/<audience>.htpasswd <user> (Debian: apache2-utils).\n"
        "# Single sign-on instead: see examples/nginx/README.md (auth_request, oauth2-proxy).\n"
        "server {\n"
        f"    listen {listen};\n"
        f"    server_name {server_name};\n"
        f"    root {root.as_posix()};\n"
        "    server_tokens off;\n"
        "    autoindex off;\n"
        "    charset utf-8;\n"
        "    gzip on;\n"
        "    gzip_vary on;\n"
        "    gzip_types text/css application/javascript application/json image/svg+xml\n"
        "               text/calendar application/xml text/xml;\n"
        "\n"
        f'    set $playbook_pages_policy "{page_policy(hashes)}";\n'
        f"    set $playbook_editor_policy \"{editor_policy(None)}; frame-ancestors 'self'\";\n"
        "\n"
        f"    location = / {{ return 302 /{first}/; }}\n"
        "    # dot files (.git), sources (YAML, Python): never, even if a root is set wrong\n"
        "    location ~ (?:^|/)\\. { return 404; }\n"
        "    # (but the editor's own configuration, admin/config.yml)\n"
        f'    location ~ "^(?!/[^/]+/{EDITOR_FOLDER}/config\\.yml$).+\\.(?:ya?ml|py|j2)$" '
        "{ return 404; }\n"
        "    # nothing but the audiences' sites\n"
        "    location / { return 404; }\n"
        "\n"
    )
    text += "\n".join(_audience(site, pages, editor, htpasswd_dir, title, server) for site in sites)
    return text + "}\n"
