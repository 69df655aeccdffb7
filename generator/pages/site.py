"""One build's pages: what every page family draws on, and the call that renders them all.

A page family is a module with ``pages(site)`` (lessons, results, team, people, calendar,
health, onboarding); the accounts and industries are :class:`~.views.PageRenderer`'s.
Each family reads the handbook once through :class:`Site`, which holds what several of
them share (the clients by name, the lessons, the health items, the coming dates).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field

import jinja2

from ..format.model import Client
from ..reading.loader import Entry, Handbook
from . import (
    calendar_pages,
    health,
    lessons,
    norms,
    onboarding,
    people,
    results,
    team,
    text,
)
from .care_calendar import care_events
from .freshness import RepoHistory
from .health import HealthItem, handbook_health
from .lessons import Lessons, collect_lessons
from .places import GeneratedPage
from .upcoming import MARKER, UpcomingItem, upcoming_items
from .views import PageRenderer


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

    @functools.cached_property
    def lessons(self) -> Lessons:
        return collect_lessons(self.clients)

    @functools.cached_property
    def health_items(self) -> list[HealthItem]:
        """Every health item, for the health page and the team's pages."""
        return handbook_health(self.handbook, self.today, self.context.review_days)

    @functools.cached_property
    def upcoming(self) -> list[UpcomingItem]:
        """Care dates and open milestones for the data file and both build-day lists."""
        return upcoming_items(
            self.handbook,
            lambda event: calendar_pages.event_kind(self.t, event),
            lambda event: calendar_pages.event_title(self.t, event),
            self.context.directory_urls,
        )

    @functools.cached_property
    def upcoming_block(self) -> str:
        """The coming dates as of the build day, rendered once for every page that shows them."""
        return calendar_pages.upcoming_block(self)


def render_handbook(
    handbook: Handbook,
    language: str = "zh",
    env: jinja2.Environment | None = None,
    context: SiteContext | None = None,
    cache: dict | None = None,
    blocks: dict[str, str] | None = None,
) -> dict[str, GeneratedPage]:
    """Every generated page and file of the handbook, keyed by its path in the docs.

    ``cache`` (kept by ``serve`` across rebuilds) reuses the pages of unchanged clients.
    ``blocks`` receives the HTML blocks hand-written pages may ask for, by their marker.
    """
    context = context or SiteContext()
    renderer = PageRenderer(
        handbook,
        language,
        env,
        today=context.today,
        cache=cache,
        history=context.history,
        editor=context.editor,
        review_days=context.review_days,
    )
    site = Site(renderer, context)
    events = care_events(handbook)
    # A large calendar file is written by a second process meanwhile (PendingCalendar).
    with calendar_pages.calendar_file(site, events) as calendar:
        pages = [
            *renderer.all_pages(),
            *calendar_pages.pages(site, events),
            *norms.pages(site),
            *lessons.pages(site),
            *people.pages(site),
            *health.pages(site),
            *results.pages(site),
            *team.pages(site),
            *onboarding.pages(site),
            calendar_pages.calendar_page(calendar),
        ]
    if blocks is not None:
        # For hand-written pages that ask for it (MARKER); the host puts in the site's root.
        blocks[MARKER] = site.upcoming_block
    return {page.path: page for page in pages}
