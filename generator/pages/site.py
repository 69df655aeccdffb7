"""What every page family draws on in one build: the handbook, the renderer, the site.

A page family is a module with ``pages(site)`` (lessons, results, team, people, calendar,
health, onboarding; :mod:`.handbook` calls them all). What one family works out and
another uses too (the lessons, the health items, the coming dates) is worked out once
per build through :meth:`Site.once`, by the family it belongs to.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..format.model import Client
from ..reading.loader import Entry
from . import text
from .freshness import RepoHistory
from .places import GeneratedPage
from .views import PageRenderer

T = TypeVar("T")


@dataclass(frozen=True)
class SiteContext:
    """What the page families need to know about the site being built."""

    today: dt.date = field(default_factory=dt.date.today)
    review_days: int = 90
    hand_written: frozenset[str] = frozenset()
    source_url: Callable[[str], str | None] = lambda path: None
    site_url: str | None = None
    history: RepoHistory = field(default_factory=RepoHistory)
    directory_urls: bool = True
    editor: bool = False
    """The site has the form editor at ``admin/``: pages link to their entry in it."""
    pdf: bool = False
    """The site offers PDF downloads of the pack and the briefs: pages link to them."""
    repo_url: str | None = None
    """``mkdocs.yml``'s ``repo_url``: changes link to their commit there."""


class Site:
    """The handbook, the renderer and the site's context of one build, for every page family."""

    def __init__(self, renderer: PageRenderer, context: SiteContext):
        self.r = renderer
        self.t = renderer.t
        self.handbook = renderer.handbook
        self.context = context
        self.today = context.today
        self.clients: list[Entry[Client]] = sorted(
            renderer.handbook.clients.values(), key=lambda e: e.data.name
        )
        self.shared: dict[str, Any] = {}
        """What one family works out and others use too (the lessons, the health items),
        worked out once per build: see :meth:`once`."""

    def once(self, key: str, work: Callable[[], T]) -> T:
        """``work()``'s result, worked out on the first call with ``key`` in this build."""
        if key not in self.shared:
            self.shared[key] = work()
        return self.shared[key]

    def page(
        self,
        path: str,
        template: str,
        title: str,
        description: str,
        searchable: bool = True,
        **context: object,
    ) -> GeneratedPage:
        """Page ``path`` from ``template``, with its title and description in its front matter."""
        markdown = self.r._render(
            template,
            path,
            meta=text.front_matter(title=title, description=description, searchable=searchable),
            title=title,
            **context,
        )
        return GeneratedPage(path, markdown)

    @functools.cached_property
    def names(self) -> dict[str, str]:
        """Each client's name by its id."""
        return {e.id: e.data.name for e in self.clients}
