"""What a new colleague reads first: the first-week path, a one-page brief per client, and
the built-in guides (editing, the format reference)."""

from __future__ import annotations

from pathlib import Path

from ..format.model import Client, ClientStatus, Tier
from ..format.rules import next_milestone, running_projects
from ..reading.loader import Entry, Handbook
from . import places, raw_html, reference
from .glance import at_a_glance
from .places import GeneratedPage
from .site import Site

GUIDES = Path(__file__).resolve().parents[1] / "guides"
GUIDE_IMAGES = tuple(sorted((GUIDES / "images").glob("*.png")))
"""Screenshots the guides show, taken by the editor's browser tests."""
ONBOARDING_INDEX = "onboarding/index.md"
"""The hand-written welcome (what to do in the first week); the path links to it."""


def first_week_clients(handbook: Handbook) -> list[Entry[Client]]:
    """The clients every new colleague reads: tier A but former ones, by name. The PDF pack
    holds their briefs in this order, the order they head the first-week path in."""
    clients = sorted(handbook.clients.values(), key=lambda e: e.data.name)
    return [
        e for e in clients if e.data.tier is Tier.A and e.data.status is not ClientStatus.former
    ]


def path_clients(handbook: Handbook) -> list[Entry[Client]]:
    """Every client a new colleague may be assigned to (all but former ones), tier A first,
    then by name: the first-week path lists them all, and narrows to the hire's own."""
    clients = [e for e in handbook.clients.values() if e.data.status is not ClientStatus.former]
    return sorted(clients, key=lambda e: (e.data.tier.value, e.data.name))


def first_week(site: Site) -> GeneratedPage:
    """The one reading path of the first week: the house norms, then the briefs, industries
    and lessons of the hire's clients (all of them until the hire picks theirs)."""
    clients = path_clients(site.handbook)
    industries: dict[str, list[str]] = {}
    for entry in clients:
        industries.setdefault(entry.data.industry, []).append(entry.id)
    return site.page(
        places.FIRST_WEEK,
        "first-week.md.j2",
        site.t("first_week"),
        site.t("first_week_intro"),
        clients=clients,
        industries=sorted(industries.items(), key=lambda item: site.r.industry_name(item[0])),
        house_norms=places.NORMS in site.context.hand_written,
        tasks=ONBOARDING_INDEX in site.context.hand_written,
        cell=raw_html.cell,
        link=lambda target, anchor="": raw_html.href(
            places.FIRST_WEEK, target, anchor, site.context.directory_urls
        ),
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
