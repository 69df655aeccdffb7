"""Links written as HTML inside a generated page, where MkDocs does not rewrite them: a
table row that carries ``data-client`` (a Markdown table row cannot), a list in a cell."""

from __future__ import annotations

import posixpath

import markupsafe

from . import places


def _folder(address: str) -> str:
    """The folder a page's address resolves relative links from."""
    return (
        address.rstrip("/") if address.endswith("/") or not address else posixpath.dirname(address)
    )


def href(here: str, target: str, anchor: str = "", directory_urls: bool = True) -> str:
    """The relative address, from page ``here``, of page ``target`` as MkDocs writes it
    (both are source paths such as ``accounts/acme.md``)."""
    address = places.url(target, "", directory_urls)
    path = posixpath.relpath(
        address.rstrip("/") or ".", _folder(places.url(here, "", directory_urls)) or "."
    )
    if address.endswith("/") or not address:
        path = "./" if path == "." else f"{path}/"
    return path + (f"#{anchor}" if anchor else "")


def cell(value: object) -> str:
    """Text shown literally in HTML, on one line (a blank line would end the HTML block)."""
    return "" if value is None else str(markupsafe.escape(" ".join(str(value).split())))
