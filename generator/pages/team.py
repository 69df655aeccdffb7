"""Our own team: who leads and serves which account, owns which milestones and health items.

People of the agency appear in the format only by name (``team.lead``, ``team.members``,
a milestone's ``owner``, ``review.owner``); a name is a person. Each gets a page at
``team/<key>.md``, where the key is made from the name (names are mostly Chinese).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from ..format.model import Client, ClientStatus, Milestone, Project
from ..format.rules import is_open, is_overdue, running_projects, who_acts
from ..reading.loader import Entry, Handbook
from . import places
from .calendar_pages import event_kind, event_title
from .care_calendar import CareEvent, EventKind, client_events
from .glance import next_yearly
from .health import HealthItem, acting
from .health_page import items_of
from .places import GeneratedPage, person_key
from .site import Site

BUSIEST = 10
"""How many of the people carrying the most accounts the team index lists."""


CARE_DAYS = 30
"""How far ahead a lead's page lists the care dates of their accounts."""


@dataclass(frozen=True)
class OwnedMilestone:
    entry: Entry[Client]
    project: Project
    milestone: Milestone
    overdue: bool
    actor: str = ""
    """Who acts on it: its owner, else the client's lead (then ``assigned`` is false)."""
    assigned: bool = True


@dataclass(frozen=True)
class ActedItem:
    """A health item and who should act on it."""

    item: HealthItem
    actor: str


@dataclass(frozen=True)
class CareDate:
    """A care date of an account someone leads, on its next day."""

    entry: Entry[Client]
    day: dt.date
    title: str
    kind: str
    anchor: str


@dataclass
class Person:
    name: str
    leads: list[Entry[Client]] = field(default_factory=list)
    serves: list[tuple[Entry[Client], str]] = field(default_factory=list)
    """Accounts they are a member of, with their role there."""
    milestones: list[OwnedMilestone] = field(default_factory=list)
    """The open milestones they act on (they own it, or lead an account where nobody does)."""
    health: list[HealthItem] = field(default_factory=list)
    """The health items they act on."""
    watched_milestones: list[OwnedMilestone] = field(default_factory=list)
    """Theirs and every open milestone of the accounts they lead, whoever acts on it."""
    watched_health: list[ActedItem] = field(default_factory=list)
    """Theirs and every health item of the accounts they lead, with who acts on it."""
    care: list[CareDate] = field(default_factory=list)
    """The coming care dates of the accounts they lead."""

    @property
    def key(self) -> str:
        return person_key(self.name)

    @property
    def accounts(self) -> int:
        return len({e.id for e in self.leads} | {e.id for e, _ in self.serves})

    @property
    def overdue(self) -> int:
        return sum(1 for m in self.milestones if m.overdue)


@dataclass(frozen=True)
class Coverage:
    single: list[Entry[Client]]
    """Active accounts with one person of ours on them: a hand-over risk."""
    busiest: list[Person]


def our_team(handbook: Handbook, health: list[HealthItem], today: dt.date) -> list[Person]:
    """Everyone of the agency named in the handbook, by name, with what they act on and,
    for the accounts they lead, everything open there."""
    people: dict[str, Person] = {}

    def person(name: str) -> Person:
        return people.setdefault(name, Person(name))

    for entry in handbook.clients.values():
        client = entry.data
        lead = person(client.team.lead)
        lead.leads.append(entry)
        for member in client.team.members:
            person(member.name).serves.append((entry, member.role or ""))
        for project in running_projects(client.projects):
            for milestone in project.milestones:
                if not is_open(milestone):
                    continue
                actor = who_acts(milestone.owner, client.team.lead)
                owned = OwnedMilestone(
                    entry,
                    project,
                    milestone,
                    is_overdue(milestone, today),
                    actor,
                    bool(milestone.owner),
                )
                person(actor).milestones.append(owned)
                person(actor).watched_milestones.append(owned)
                if actor != client.team.lead:
                    lead.watched_milestones.append(owned)
        if client.review and client.review.owner:
            person(client.review.owner)
    for item in health:
        client = handbook.clients[item.client_id].data
        actor = acting(client, item)
        acted = ActedItem(item, actor)
        person(actor).health.append(item)
        person(actor).watched_health.append(acted)
        if actor != client.team.lead:
            person(client.team.lead).watched_health.append(acted)
    for p in people.values():
        for milestones in (p.milestones, p.watched_milestones):
            milestones.sort(key=lambda m: (m.milestone.due or dt.date.max, m.entry.id))
    return sorted(people.values(), key=lambda p: p.name)


def care_dates(
    entries: list[Entry[Client]],
    today: dt.date,
    kind_of: Callable[[CareEvent], str],
    title_of: Callable[[CareEvent], str],
    days: int = CARE_DAYS,
) -> list[CareDate]:
    """The care dates (dates[], birthdays) of ``entries`` whose next day is within ``days``."""
    last = today + dt.timedelta(days=days)
    found = []
    for entry in entries:
        for event in client_events(entry.id, entry.data):
            if event.kind is EventKind.milestone:
                continue
            day = next_yearly(event.month_day, today) if event.month_day else event.day
            if day is not None and today <= day <= last:
                found.append(CareDate(entry, day, title_of(event), kind_of(event), event.anchor))
    return sorted(found, key=lambda c: (c.day, c.entry.data.name, c.title))


def coverage(handbook: Handbook, people: list[Person]) -> Coverage:
    single = [
        entry
        for entry in handbook.clients.values()
        if entry.data.status is ClientStatus.active
        and not [m for m in entry.data.team.members if m.name != entry.data.team.lead]
    ]
    busiest = sorted(
        (p for p in people if p.accounts), key=lambda p: (-p.accounts, -p.overdue, p.name)
    )[:BUSIEST]
    return Coverage(single, busiest)


def _person_page(site: Site, person: Person) -> GeneratedPage:
    """A colleague's page; under serve, reused while nothing it shows has changed.

    Its inputs are the entries it lists (the loader hands back the very same objects
    for unchanged files, so the comparison is mostly identity) and the health items.
    """
    names = site.names

    def render() -> GeneratedPage:
        return site.page(
            places.person(person.name),
            "person.md.j2",
            person.name,
            site.t("team_intro"),
            person=person,
            names=names,
        )

    cache = site.r.cache
    if cache is None:
        return render()
    inputs = (
        tuple(person.leads),
        tuple(person.serves),
        tuple(
            (m.entry, m.project.id, m.milestone.name, m.overdue, m.actor)
            for m in person.watched_milestones
        ),
        tuple((a.item, a.actor, names[a.item.client_id]) for a in person.watched_health),
        tuple(person.care),
    )
    hit = cache.get(("person", person.name))
    if hit is not None and hit[0] == inputs:
        return hit[1]
    page = render()
    cache[("person", person.name)] = (inputs, page)
    return page


def pages(site: Site) -> list[GeneratedPage]:
    """The team index (coverage, who carries the most) and a page per colleague."""
    people = our_team(site.handbook, items_of(site), site.today)
    for p in people:
        p.care = care_dates(
            p.leads,
            site.today,
            lambda event: event_kind(site.t, event),
            lambda event: event_title(site.t, event),
        )
    index = site.page(
        places.TEAM_INDEX,
        "team.md.j2",
        site.t("team"),
        site.t("team_intro"),
        people=people,
        coverage=coverage(site.handbook, people),
    )
    return [index, *(_person_page(site, p) for p in people)]
