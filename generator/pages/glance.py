"""A client "at a glance": what to know before the next call, above the full sections.

Computed from the client's own data and the day of the build; the template only lays
it out. Everything here is also somewhere in the full page below it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..format.model import (
    Channel,
    Client,
    Contact,
    DecisionRole,
    Milestone,
    Project,
)
from ..format.rules import has_left, is_overdue, next_milestone, running_projects
from .care_calendar import CareEvent, client_events
from .health import HealthItem, client_health


@dataclass(frozen=True)
class ProjectNext:
    """A running project and its next open milestone (``None``: none left with a date)."""

    project: Project
    milestone: Milestone | None
    overdue: bool


@dataclass(frozen=True)
class CareDate:
    """The next day of a care event, and how many days away it is."""

    day: dt.date
    days: int
    event: CareEvent


@dataclass(frozen=True)
class Glance:
    deciders: list[Contact]
    blockers: list[Contact]
    taboos: list[str]
    channels: list[Channel]
    response_time_hours: float | None
    cadence: str | None
    projects: list[ProjectNext]
    next_date: CareDate | None
    health: list[HealthItem]
    added: dict[str, str] = field(default_factory=dict)
    """When each taboo was added (ISO date and time), when the recent history says: the
    reader's browser marks those added since their last visit (``changes-seen.js``)."""

    @property
    def reach(self) -> bool:
        return bool(self.channels or self.response_time_hours or self.cadence)


def next_yearly(month_day: str, today: dt.date) -> dt.date | None:
    """The next day from ``today`` on that is ``MM-DD`` (02-29 waits for a leap year)."""
    month, day = (int(part) for part in month_day.split("-"))
    for year in range(today.year, today.year + 9):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if candidate >= today:
            return candidate
    return None


def next_occurrence(event: CareEvent, today: dt.date) -> dt.date | None:
    """The event's next day from ``today`` on (``None``: a one-off day already past)."""
    if event.day is not None:
        return event.day if event.day >= today else None
    return next_yearly(str(event.month_day), today)


def at_a_glance(
    client_id: str,
    path: str,
    client: Client,
    today: dt.date,
    review_days: int,
    added: dict[str, dt.datetime] | None = None,
) -> Glance:
    preferences = client.preferences
    projects = []
    for project in running_projects(client.projects):
        milestone = next_milestone(project)
        overdue = milestone is not None and is_overdue(milestone, today)
        projects.append(ProjectNext(project, milestone, overdue))
    upcoming = [
        (day, event)
        for event in client_events(client_id, client)
        if (day := next_occurrence(event, today)) is not None
    ]
    soonest = min(upcoming, key=lambda pair: (pair[0], pair[1].sort_key), default=None)
    return Glance(
        # Who decides or blocks now: people who left are no way in any more.
        deciders=[
            c
            for c in client.contacts
            if c.role is DecisionRole.decision_maker and not has_left(c, today)
        ],
        blockers=[
            c for c in client.contacts if c.role is DecisionRole.blocker and not has_left(c, today)
        ],
        taboos=list(preferences.taboos) if preferences else [],
        channels=list(preferences.channels) if preferences else [],
        response_time_hours=preferences.response_time_hours if preferences else None,
        cadence=preferences.cadence if preferences else None,
        projects=projects,
        next_date=CareDate(soonest[0], (soonest[0] - today).days, soonest[1]) if soonest else None,
        health=list(client_health(client_id, path, client, today, review_days)),
        added={
            taboo: when.isoformat()
            for taboo, when in (added or {}).items()
            if preferences and taboo in preferences.taboos
        },
    )
