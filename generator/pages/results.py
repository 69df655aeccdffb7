"""Results across accounts: KPI targets against actuals, and budgets, grouped.

A KPI counts when it has both a target and an actual; it is met when the actual reaches
the target (the format has no "lower is better", so a cost KPI met by staying under its
target reads as missed: a known limit, said on the page). A project's year is the year it
ended (else started); its tags are those of the lessons drawn from it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from ..format.model import Client, Project
from ..reading.loader import Entry, Handbook

"""Per grouping, the projects behind each number of the results page, group by group."""


@dataclass
class KpiGroup:
    """KPIs of a group of projects: how many were measured and met, and which projects."""

    key: str
    measured: int = 0
    met: int = 0
    projects: list[tuple[Entry[Client], Project]] = field(default_factory=list)

    @property
    def rate(self) -> float | None:
        return self.met / self.measured if self.measured else None


@dataclass
class BudgetGroup:
    key: str
    amounts: dict[str, float] = field(default_factory=dict)
    """Total by currency (never added across currencies)."""
    projects: list[tuple[Entry[Client], Project]] = field(default_factory=list)


def project_year(project: Project) -> str | None:
    day = project.end or project.start
    return str(day.year) if day else None


def _lesson_tags(client: Client, project: Project) -> set[str]:
    return {tag for lesson in client.lessons if lesson.project == project.id for tag in lesson.tags}


def _projects(handbook: Handbook) -> Iterable[tuple[Entry[Client], Project]]:
    for entry in handbook.clients.values():
        for project in entry.data.projects:
            yield entry, project


def kpi_score(project: Project) -> tuple[int, int]:
    """(met, measured): the project's KPIs with both a target and an actual, and those met."""
    scored = [k for k in project.kpis if k.target is not None and k.actual is not None]
    return sum(1 for k in scored if k.actual >= k.target), len(scored)  # type: ignore[operator]


def kpi_groups(
    handbook: Handbook, keys_of: Callable[[Entry[Client], Project], Iterable[str]]
) -> list[KpiGroup]:
    """KPI results per group; a project may fall in several groups (tags)."""
    groups: dict[str, KpiGroup] = {}
    for entry, project in _projects(handbook):
        met, measured = kpi_score(project)
        if not measured:
            continue
        for key in keys_of(entry, project):
            group = groups.setdefault(key, KpiGroup(key))
            group.measured += measured
            group.met += met
            group.projects.append((entry, project))
    return sorted(groups.values(), key=lambda g: g.key)


def by_industry(entry: Entry[Client], project: Project) -> list[str]:
    return [entry.data.industry]


def by_year(entry: Entry[Client], project: Project) -> list[str]:
    year = project_year(project)
    return [year] if year else []


def by_tag(entry: Entry[Client], project: Project) -> list[str]:
    return sorted(_lesson_tags(entry.data, project))


def budget_groups(handbook: Handbook) -> list[BudgetGroup]:
    """Budgets per (industry, year), by currency."""
    groups: dict[str, BudgetGroup] = {}
    for entry, project in _projects(handbook):
        if project.budget is None:
            continue
        key = f"{entry.data.industry} {project_year(project) or '—'}"
        group = groups.setdefault(key, BudgetGroup(key))
        currency = project.budget.currency
        group.amounts[currency] = group.amounts.get(currency, 0) + project.budget.amount
        group.projects.append((entry, project))
    return sorted(groups.values(), key=lambda g: g.key)


GROUPINGS: tuple[tuple[str, Callable[[Entry[Client], Project], list[str]]], ...] = (
    ("by-industry", by_industry),
    ("by-year", by_year),
    ("by-tag", by_tag),
)
"""The KPI groupings of the results page, by the section's anchor."""


def percent(rate: float | None) -> str:
    return "" if rate is None else f"{round(rate * 100)}%"


def rate_text(group: KpiGroup) -> str:
    """ "50% (2/4)": the hit rate, then KPIs met of those measured."""
    return f"{percent(group.rate)} ({group.met}/{group.measured})"


def group_anchor(section: str, key: str, tag_anchors: Mapping[str, str]) -> str:
    """Where a group starts on its grouping's list of projects (``places.RESULT_LISTS``)."""
    if section == "by-tag":
        return tag_anchors[key]  # tags may be any text: the lessons' numbered anchors
    if section == "budgets":
        industry, year = key.split(" ", 1)
        return f"{industry}-{year if year.isdigit() else 'undated'}"
    return f"{section.removeprefix('by-')}-{key}"
