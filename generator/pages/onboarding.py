"""What a new colleague reads first: the first-week path, a one-page brief per client, and
the built-in guides (editing, the format reference)."""

from __future__ import annotations

from pathlib import Path

from ..format.model import Client, ClientStatus, Tier
from ..format.rules import next_milestone, running_projects
from ..reading.loader import Entry, Handbook
from . import places, reference
from .glance import at_a_glance
from .places import GeneratedPage
from .site import Site

GUIDES = Path(__file__).resolve().parents[1] / "guides"
GUIDE_IMAGES = tuple(sorted((GUIDES / "images").glob("*.png")))
"""Screenshots the guides show, taken by the editor's browser tests."""


def first_week_clients(handbook: Handbook) -> list[Entry[Client]]:
    """The clients a new colleague reads first: tier A but former ones, by name (the
    first-week page lists their briefs; the PDF pack holds them in this order)."""
    clients = sorted(handbook.clients.values(), key=lambda e: e.data.name)
    return [
        e for e in clients if e.data.tier is Tier.A and e.data.status is not ClientStatus.former
    ]


def first_week(site: Site) -> GeneratedPage:
    tier_a = first_week_clients(site.handbook)
    return site.page(
        places.FIRST_WEEK,
        "first-week.md.j2",
        site.t("first_week"),
        site.t("first_week_intro"),
        tier_a=tier_a,
        house_norms=places.NORMS in site.context.hand_written,
    )


def brief(site: Site, entry: Entry[Client]) -> GeneratedPage:
    """A client on one printable page (kept under serve while the client is unchanged)."""

    def render() -> GeneratedPage:
        client = entry.data
        live = running_projects(client.projects)
        return site.page(
            places.brief(entry.id),
            "brief.md.j2",
            site.t("brief_of", name=client.name),
            client.name,
            searchable=False,  # a summary of the client page: search leads to the page itself
            entry=entry,
            client=client,
            live=live,
            next_milestones={p.id: next_milestone(p) for p in live},
            contacts={c.id: c for c in client.contacts},
            glance=at_a_glance(entry.id, entry.path, client, site.today, site.context.review_days),
        )

    return site.r.cached("brief", entry, render)


def guides(site: Site) -> list[GeneratedPage]:
    """The editing guide and the like, in the site's language; a hand-written page wins."""
    folder = GUIDES / site.t.language
    return [
        GeneratedPage(places.guide(path.name), path.read_text("utf-8"))
        for path in sorted(folder.glob("*.md"))
        if places.guide(path.name) not in site.context.hand_written
    ]


def format_reference(site: Site) -> GeneratedPage:
    return site.page(
        places.FORMAT_REFERENCE,
        "reference.md.j2",
        site.t("format_reference"),
        site.t("format_reference_intro"),
        sections=reference.sections(site.t.language),
    )


def pages(site: Site) -> list[GeneratedPage]:
    return [
        first_week(site),
        format_reference(site),
        *guides(site),
        *(brief(site, entry) for entry in site.clients),
    ]
