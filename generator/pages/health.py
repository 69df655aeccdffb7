"""Handbook health: what in the handbook needs attention, computed at build time."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum

from ..format.labels import label_key
from ..format.model import Client, ClientStatus, DecisionRole, MilestoneStatus, ProjectStatus
from ..format.rules import is_overdue, is_running, who_acts
from ..format.wording import Message, message_key, say
from ..reading.loader import Handbook
from ..reading.problems import Loc


class Concern(str, Enum):
    """Kinds of attention a client page can need; each has a label and a message."""

    never_reviewed = "never_reviewed"
    review_overdue = "review_overdue"
    milestone_late = "milestone_late"
    milestone_overdue = "milestone_overdue"
    no_retrospective = "no_retrospective"
    no_decision_maker = "no_decision_maker"
    contact_without_role = "contact_without_role"
    agency_conflict = "agency_conflict"
    departed_personal_data = "departed_personal_data"

    @property
    def label_key(self) -> str:
        """The key of its label (the health page's headings, the glance box)."""
        return _CONCERN_WORDS[self][0]

    @property
    def message_key(self) -> str:
        """The kind of its message (`playbook check`'s warnings)."""
        return _CONCERN_WORDS[self][1]


_CONCERN_WORDS = {
    Concern.never_reviewed: (
        label_key("concern_never_reviewed"),
        message_key("health_never_reviewed"),
    ),
    Concern.review_overdue: (
        label_key("concern_review_overdue"),
        message_key("health_review_overdue"),
    ),
    Concern.milestone_late: (
        label_key("concern_milestone_late"),
        message_key("health_milestone_late"),
    ),
    Concern.milestone_overdue: (
        label_key("concern_milestone_overdue"),
        message_key("health_milestone_overdue"),
    ),
    Concern.no_retrospective: (
        label_key("concern_no_retrospective"),
        message_key("health_no_retrospective"),
    ),
    Concern.no_decision_maker: (
        label_key("concern_no_decision_maker"),
        message_key("health_no_decision_maker"),
    ),
    Concern.contact_without_role: (
        label_key("concern_contact_without_role"),
        message_key("health_contact_without_role"),
    ),
    Concern.agency_conflict: (
        label_key("concern_agency_conflict"),
        message_key("health_agency_conflict"),
    ),
    Concern.departed_personal_data: (
        label_key("concern_departed_personal_data"),
        message_key("health_departed_personal_data"),
    ),
}


@dataclass(frozen=True)
class HealthItem:
    """One thing to look at: which client, where in its file, what and about what."""

    client_id: str
    path: str
    loc: Loc
    concern: Concern
    subject: str = ""
    days: int | None = None
    day: dt.date | None = None
    """The day it is about (when a contact left)."""

    def message(self, review_days: int) -> Message:
        """The concern as a message, for `playbook check`."""
        return say(
            self.concern.message_key,
            subject=self.subject,
            days=self.days,
            policy=review_days,
            day=self.day.isoformat() if self.day else "",
        )


def acting(client: Client, item: HealthItem) -> str:
    """Who should act on a health item: its owner (a milestone's, the review's), else the
    client's lead (:func:`~generator.format.rules.who_acts`)."""
    owner: str | None = None
    if item.concern in (Concern.milestone_late, Concern.milestone_overdue):
        _, p, _, m, *_ = item.loc
        owner = client.projects[int(p)].milestones[int(m)].owner  # type: ignore[call-overload]
    elif item.concern in (Concern.never_reviewed, Concern.review_overdue) and client.review:
        owner = client.review.owner
    return who_acts(owner, client.team.lead)


def client_health(
    client_id: str, path: str, client: Client, today: dt.date, review_days: int
) -> Iterator[HealthItem]:
    """Every concern of one client."""
    review = client.review.last_reviewed if client.review else None
    if review is None:
        yield HealthItem(client_id, path, ("review",), Concern.never_reviewed)
    elif (today - review).days > review_days:
        yield HealthItem(
            client_id,
            path,
            ("review", "last_reviewed"),
            Concern.review_overdue,
            days=(today - review).days,
        )
    for p, project in enumerate(client.projects):
        if is_running(project):
            for m, milestone in enumerate(project.milestones):
                loc: Loc = ("projects", p, "milestones", m)
                subject = f"{project.name}: {milestone.name}"
                if milestone.status is MilestoneStatus.late:
                    yield HealthItem(
                        client_id, path, (*loc, "status"), Concern.milestone_late, subject
                    )
                elif is_overdue(milestone, today):
                    yield HealthItem(
                        client_id,
                        path,
                        (*loc, "due"),
                        Concern.milestone_overdue,
                        subject,
                        (today - milestone.due).days,  # type: ignore[operator]
                    )
        if project.status is ProjectStatus.done and project.retrospective is None:
            yield HealthItem(
                client_id, path, ("projects", p), Concern.no_retrospective, project.name
            )
    if client.status is not ClientStatus.former and not any(
        contact.role is DecisionRole.decision_maker for contact in client.contacts
    ):
        yield HealthItem(client_id, path, ("contacts",), Concern.no_decision_maker)
    for c, contact in enumerate(client.contacts):
        if contact.role is None:
            yield HealthItem(
                client_id, path, ("contacts", c), Concern.contact_without_role, contact.name
            )


def _comparable(name: str) -> str:
    """A name as two people would type it: full-width folded, case and spaces ignored."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(char for char in folded if char.isalnum())


def agency_conflicts(handbook: Handbook) -> Iterator[HealthItem]:
    """Competitors named by an active client that are themselves our clients (any status).

    The check an account department makes before taking a pitch: serving two companies
    that compete with each other needs both to agree, or one of them to go.
    """
    owners: dict[str, list[str]] = {}
    for client_id, entry in handbook.clients.items():
        for name in (entry.data.name, *entry.data.aliases):
            key = _comparable(name)
            if key and client_id not in owners.setdefault(key, []):
                owners[key].append(client_id)
    for client_id, entry in handbook.clients.items():
        client = entry.data
        if client.status is not ClientStatus.active or client.business is None:
            continue
        for c, competitor in enumerate(client.business.competitors):
            for other_id in owners.get(_comparable(competitor.name), []):
                if other_id == client_id:
                    continue
                other = handbook.clients[other_id].data  # of any status, even a prospect
                yield HealthItem(
                    other_id,
                    entry.path,
                    ("business", "competitors", c, "name"),
                    Concern.agency_conflict,
                    f"{client.name} → {other.name}",
                )


def withheld_personal_data(handbook: Handbook) -> Iterator[HealthItem]:
    """The personal data of people who left, still in the files though no build shows it."""
    for withheld in handbook.withheld:
        yield HealthItem(
            withheld.client_id,
            withheld.path,
            ("contacts", withheld.index),
            Concern.departed_personal_data,
            withheld.name,
            day=withheld.left,
        )


def handbook_health(handbook: Handbook, today: dt.date, review_days: int = 90) -> list[HealthItem]:
    """Every concern of every client, in one pass, in client order; then conflicts and the
    personal data of people who left (``handbook`` has been through ``without_departed``)."""
    return [
        *(
            item
            for client_id, entry in handbook.clients.items()
            for item in client_health(client_id, entry.path, entry.data, today, review_days)
        ),
        *agency_conflicts(handbook),
        *withheld_personal_data(handbook),
    ]
