"""The health page: what needs attention across accounts, grouped by concern."""

from __future__ import annotations

from . import places
from .health import Concern, HealthItem, acting, handbook_health
from .places import GeneratedPage
from .site import Site


def items_of(site: Site) -> list[HealthItem]:
    """Every health item of the build (the health page and the team's pages list them)."""
    return site.once(
        "health", lambda: handbook_health(site.handbook, site.today, site.context.review_days)
    )


def pages(site: Site) -> list[GeneratedPage]:
    """The health page: what needs attention, grouped by concern."""
    t = site.t
    clients = site.handbook.clients
    groups: dict[Concern, list[tuple[HealthItem, str]]] = {}
    for item in items_of(site):
        actor = acting(clients[item.client_id].data, item)
        groups.setdefault(item.concern, []).append((item, actor))
    intro = t("health_intro", days=site.context.review_days, today=site.today.isoformat())
    return [
        site.page(
            places.HEALTH,
            "health.md.j2",
            t("health"),
            intro,
            groups=[(concern, groups[concern]) for concern in Concern if concern in groups],
            names=site.names,
            source_url=site.context.source_url,
            intro=intro,
            editor=site.context.editor,
        )
    ]
