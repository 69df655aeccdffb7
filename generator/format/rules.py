"""The rules every page shares, written once: which projects are running, which milestones
are open, overdue or next. The client page, its brief, the at-a-glance block, the team
page, the upcoming list, the health page and the timeline chart all ask here, so they
cannot disagree."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from .model import Contact, Kpi, Milestone, MilestoneStatus, Project, ProjectStatus

RUNNING = frozenset({ProjectStatus.planned, ProjectStatus.active})


def is_running(project: Project) -> bool:
    """Planned or active: the project still has work ahead (not done, not cancelled)."""
    return project.status in RUNNING


def is_open(milestone: Milestone) -> bool:
    """Not done yet (to do, late, or with no status written)."""
    return milestone.status is not MilestoneStatus.done


def is_overdue(milestone: Milestone, today: dt.date) -> bool:
    """Open, with a due date before ``today``."""
    return is_open(milestone) and milestone.due is not None and milestone.due < today


def next_milestone(project: Project) -> Milestone | None:
    """The open milestone due first; milestones without a due date are never "next"."""
    dated = [m for m in project.milestones if is_open(m) and m.due is not None]
    return min(dated, key=lambda m: m.due or dt.date.max, default=None)


def running_projects(projects: Iterable[Project]) -> list[Project]:
    return [project for project in projects if is_running(project)]


def has_ended(project: Project, today: dt.date) -> bool:
    """Over by ``today``: not running, and not ending after today. Only an ended project's
    KPIs count towards results (a running one has not had its chance yet)."""
    return not is_running(project) and (project.end is None or project.end <= today)


COST_WORDS = ("成本", "费用", "花费", "单价", "cost", "cpa", "cpc", "cpm", "cpl", "cpe", "cpv")
"""Words that make a KPI a cost, in its name or its unit (case ignored): lower is better."""
_COST = re.compile(
    "|".join(
        # Latin words stand alone ("CPC", "cost per lead"), not inside another ("costume")
        rf"(?<![a-z]){re.escape(word)}(?![a-z])" if word.isascii() else re.escape(word)
        for word in COST_WORDS
    ),
    re.IGNORECASE,
)


def is_cost_kpi(kpi: Kpi) -> bool:
    """A cost (cost per click, 获客成本…): met by staying at or under its target."""
    return any(_COST.search(text) for text in (kpi.name, kpi.unit or ""))


def kpi_met(kpi: Kpi) -> bool | None:
    """Whether the KPI reached its target (a cost: did not exceed it); ``None`` when the
    target or the actual is missing."""
    if kpi.target is None or kpi.actual is None:
        return None
    return kpi.actual <= kpi.target if is_cost_kpi(kpi) else kpi.actual >= kpi.target


def who_acts(owner: str | None, lead: str) -> str:
    """Who should act on something of a client: whoever owns it, else the client's lead.

    The team pages and the health page both ask here (an overdue milestone nobody owns
    is its lead's to act on, never nobody's)."""
    return owner or lead


def has_left(contact: Contact, today: dt.date) -> bool:
    """The contact left the client by ``today``: shown as such, never offered as a way in."""
    return contact.left is not None and contact.left <= today
