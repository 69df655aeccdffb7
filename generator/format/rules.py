"""The rules every page shares, written once: which projects are running, which milestones
are open, overdue or next. The client page, its brief, the at-a-glance block, the team
page, the upcoming list, the health page and the timeline chart all ask here, so they
cannot disagree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .model import Milestone, MilestoneStatus, Project, ProjectStatus

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
