"""Every generated page and file of a handbook, family by family."""

from __future__ import annotations

import jinja2

from ..reading.loader import Handbook
from . import (
    calendar_pages,
    changes,
    health_page,
    lessons,
    norms,
    onboarding,
    people,
    results,
    team,
)
from .care_calendar import care_events
from .places import GeneratedPage
from .site import Site, SiteContext
from .upcoming import MARKER
from .views import PageRenderer


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
        pdf=context.pdf,
        review_days=context.review_days,
        repo_url=context.repo_url,
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
            *health_page.pages(site),
            *changes.pages(site),
            *results.pages(site),
            *team.pages(site),
            *onboarding.pages(site),
            calendar_pages.calendar_page(calendar),
            *calendar_pages.feed_pages(calendar),
        ]
    if blocks is not None:
        # For hand-written pages that ask for it (MARKER); the host puts in the site's root.
        blocks[MARKER] = calendar_pages.upcoming_block(site)
    return {page.path: page for page in pages}
