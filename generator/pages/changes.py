"""The 最近更新 page and its Atom feed: the recent changes (:mod:`.recent_changes`) this
build's readers may see, newest first."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from . import places
from .freshness import Change
from .places import GeneratedPage
from .recent_changes import FEED, commit_url, describe_all
from .site import Site

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML 1.0 cannot hold: left out of the feed."""


@dataclass(frozen=True)
class Shown:
    """One change as the page and the feed show it."""

    page: str
    name: str
    words: str
    change: Change
    url: str | None
    client_id: str | None = None
    """The client the change is of (none for an industry): 我的客户 narrows by it."""


def shown(site: Site) -> list[Shown]:
    """The recent changes this build's readers may see: of the files of the clients and
    industries in its handbook (the audience's), newest first."""
    pages: dict[str, tuple[str, str, str | None]] = {
        entry.path: (places.account(entry.id), entry.data.name, entry.id) for entry in site.clients
    }
    pages.update(
        (entry.path, (places.industry(entry.id), entry.data.name, None))
        for entry in site.handbook.industries.values()
    )
    items = []
    for item in site.context.history.recent:
        if item.path not in pages:
            continue
        page, name, client_id = pages[item.path]
        url = commit_url(site.context.repo_url, item.change.commit)
        words = describe_all(item.edits, site.t)
        items.append(Shown(page, name, words, item.change, url, client_id))
    return items


def pages(site: Site) -> list[GeneratedPage]:
    """``changes/``: the last changes across the handbook; ``changes/feed.xml``: the same."""
    history = site.context.history
    items = shown(site)
    page = site.page(
        places.CHANGES,
        "changes.md.j2",
        site.t("changes_title"),
        site.t("changes_intro", count=len(items)),
        searchable=False,  # search leads to the clients' pages, which say the same
        items=items,
        repo=history,
        feed=FEED,
    )
    return [page, GeneratedPage(FEED, feed(site, items))]


def _clean(value: str) -> str:
    """Text XML 1.0 can hold (a commit subject may have control characters)."""
    return _CONTROL.sub("", value)


def feed(site: Site, items: list[Shown]) -> str:
    """The Atom feed of ``items``; links are absolute with ``site_url``, else relative."""
    atom = "http://www.w3.org/2005/Atom"
    ET.register_namespace("", atom)

    def tag(parent: ET.Element, name: str, value: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{atom}}}{name}", attrs)
        if value is not None:
            element.text = _clean(value)
        return element

    def address(page: str) -> str:
        url = places.url(page, directory_urls=site.context.directory_urls)
        if site.context.site_url:
            return site.context.site_url.rstrip("/") + "/" + url
        return posixpath.relpath(url or ".", "changes") + ("/" if url.endswith("/") else "")

    root = ET.Element(f"{{{atom}}}feed")
    base = site.context.site_url or "playbook:"
    tag(root, "id", f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, base + FEED)}")
    tag(root, "title", site.t("changes_title"))
    updated = items[0].change.when if items else dt.datetime.combine(site.today, dt.time(), dt.UTC)
    tag(root, "updated", updated.isoformat())
    tag(root, "link", rel="alternate", type="text/html", href=address(places.CHANGES))
    if site.context.site_url:
        tag(root, "link", rel="self", type="application/atom+xml", href=address(FEED))
    for item in items:
        entry = tag(root, "entry")
        key = f"{item.change.commit}/{item.page}"
        tag(entry, "id", f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, base + key)}")
        words = item.words
        tag(entry, "title", f"{item.name}: {words}")
        tag(entry, "updated", item.change.when.isoformat())
        author = tag(entry, "author")
        tag(author, "name", item.change.author or "?")
        tag(entry, "link", rel="alternate", type="text/html", href=address(item.page))
        if item.url:
            tag(entry, "link", rel="related", href=item.url)
        summary = words + (f"\n{item.change.subject}" if item.change.subject else "")
        tag(entry, "summary", summary)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
