"""Our own team: who leads and serves which account, owns which milestones and health items.

People of the agency appear in the format only by name (``team.lead``, ``team.members``,
a milestone's ``owner``, ``review.owner``); a name is a person. Each gets a page at
``team/<key>.md``, where the key is made from the name (names are mostly Chinese).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..format.model import Client, ClientStatus, Milestone, Project
from ..format.rules import is_open, is_overdue, running_projects
from ..reading.loader import Entry, Handbook
from . import places
from .health import Concern, HealthItem
from .health_page import items_of
from .places import GeneratedPage, person_key
from .site import Site

BUSIEST = 10
"""How many of the people carrying the most accounts the team index lists."""


@dataclass(frozen=True)
class OwnedMilestone:
    entry: Entry[Client]
    project: Project
    milestone: Milestone
    overdue: bool


@dataclass
class Person:
    name: str
    leads: list[Entry[Client]] = field(default_factory=list)
    serves: list[tuple[Entry[Client], str]] = field(default_factory=list)
    """Accounts they are a member of, with their role there."""
    milestones: list[OwnedMilestone] = field(default_factory=list)
    health: list[HealthItem] = field(default_factory=list)

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


def _health_owner(client: Client, item: HealthItem) -> str:
    """Who acts on a health item: a milestone's owner, else the page's reviewer, else the lead."""
    if item.concern in (Concern.milestone_late, Concern.milestone_overdue):
        _, p, _, m, *_ = item.loc
        owner = client.projects[int(p)].milestones[int(m)].owner  # type: ignore[call-overload]
        if owner:
            return owner
    if client.review and client.review.owner:
        return client.review.owner
    return client.team.lead


def our_team(handbook: Handbook, health: list[HealthItem], today: dt.date) -> list[Person]:
    """Everyone of the agency named in the handbook, by name."""
    people: dict[str, Person] = {}

    def person(name: str) -> Person:
        return people.setdefault(name, Person(name))

    for entry in handbook.clients.values():
        client = entry.data
        person(client.team.lead).leads.append(entry)
        for member in client.team.members:
            person(member.name).serves.append((entry, member.role or ""))
        for project in running_projects(client.projects):
            for milestone in project.milestones:
                if milestone.owner and is_open(milestone):
                    overdue = is_overdue(milestone, today)
                    person(milestone.owner).milestones.append(
                        OwnedMilestone(entry, project, milestone, overdue)
                    )
        if client.review and client.review.owner:
            person(client.review.owner)
    for item in health:
        client = handbook.clients[item.client_id].data
        if item.concern is not Concern.agency_conflict:
            person(_health_owner(client, item)).health.append(item)
    for p in people.values():
        p.milestones.sort(key=lambda m: (m.milestone.due or dt.date.max, m.entry.id))
    return sorted(people.values(), key=lambda p: p.name)


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
        tuple((m.entry, m.project.id, m.milestone.name, m.overdue) for m in person.milestones),
        tuple((item, names[item.client_id]) for item in person.health),
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
    index = site.page(
        places.TEAM_INDEX,
        "team.md.j2",
        site.t("team"),
        site.t("team_intro"),
        people=people,
        coverage=coverage(site.handbook, people),
    )
    return [index, *(_person_page(site, p) for p in people)]
