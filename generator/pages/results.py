"""Results across accounts: KPI targets against actuals, and budgets, grouped.

A KPI counts when it has both a target and an actual, and its project has ended (a running
one, or one ending after today, counts once it is over); it is met when the actual reaches
the target, or for a cost KPI (``rules.is_cost_kpi``) stays at or under it. A project's year
is the year it ended (else started); its tags are those of the lessons drawn from it. The
same numbers are compared client by client and lead by lead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from ..format.labels import label_key
from ..format.model import Client, Project
from ..format.rules import has_ended, kpi_met
from ..reading.loader import Entry, Handbook
from . import charts, places, raw_html
from .lessons import lessons_of
from .places import GeneratedPage
from .site import Site


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
    """(met, measured): the project's KPIs with both a target and an actual, and those met
    (a cost KPI by staying at or under its target)."""
    scored = [met for met in map(kpi_met, project.kpis) if met is not None]
    return sum(scored), len(scored)


def kpi_groups(
    handbook: Handbook,
    keys_of: Callable[[Entry[Client], Project], Iterable[str]],
    today: dt.date,
) -> list[KpiGroup]:
    """KPI results per group of ended projects; a project may fall in several groups (tags)."""
    groups: dict[str, KpiGroup] = {}
    for entry, project in _projects(handbook):
        if not has_ended(project, today):
            continue
        met, measured = kpi_score(project)
        if not measured:
            continue
        for key in keys_of(entry, project):
            group = groups.setdefault(key, KpiGroup(key))
            group.measured += measured
            group.met += met
            group.projects.append((entry, project))
    return sorted(groups.values(), key=lambda g: g.key)


@dataclass
class Comparison:
    """One client's, or one lead's, KPIs: those of ended projects, and projects still running."""

    key: str
    """The client's id, or the lead's name."""
    clients: list[Entry[Client]]
    measured: int = 0
    met: int = 0
    waiting: int = 0
    """Projects with KPIs that have not ended yet (counted once they are over)."""

    @property
    def rate(self) -> float | None:
        return self.met / self.measured if self.measured else None


def _compare(groups: Mapping[str, list[Entry[Client]]], today: dt.date) -> list[Comparison]:
    """The comparison of each group of clients with a KPI, in the mapping's order."""
    rows = []
    for key, clients in groups.items():
        row = Comparison(key, clients)
        with_kpis = [p for entry in clients for p in entry.data.projects if p.kpis]
        for project in with_kpis:
            if not has_ended(project, today):
                row.waiting += 1
                continue
            met, measured = kpi_score(project)
            row.met += met
            row.measured += measured
        if with_kpis:
            rows.append(row)
    return rows


def by_client_compared(handbook: Handbook, today: dt.date) -> list[Comparison]:
    """Each client with a KPI, by name."""
    clients = sorted(handbook.clients.values(), key=lambda e: e.data.name)
    return _compare({entry.id: [entry] for entry in clients}, today)


def by_lead_compared(handbook: Handbook, today: dt.date) -> list[Comparison]:
    """Each lead (``team.lead``) of a client with a KPI, by name, over all their clients."""
    leads: dict[str, list[Entry[Client]]] = {}
    for entry in sorted(handbook.clients.values(), key=lambda e: e.data.name):
        leads.setdefault(entry.data.team.lead, []).append(entry)
    return _compare(dict(sorted(leads.items())), today)


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


# --- the pages ---------------------------------------------------------------------------

RESULT_HEADINGS = {
    "by-industry": label_key("results_by_industry"),
    "by-year": label_key("results_by_year"),
    "by-tag": label_key("results_by_tag"),
}


class ProjectGroup(NamedTuple):
    """One group on a list of projects behind the results page's numbers."""

    anchor: str
    heading: str
    summary: str
    """The group's figure (hit rate, budget) as on the results page."""
    projects: list[tuple[Entry[Client], Project, str]]
    """Each project with its own figure (KPIs met, budget)."""


class _Wording:
    """The results' texts in the site's language."""

    def __init__(self, site: Site):
        self.site = site
        self.t = site.t

    def group_label(self, section: str, key: str) -> str:
        if section == "by-industry":
            return self.site.r.industry_name(key)
        if section == "budgets":
            industry, year = key.split(" ", 1)
            return f"{self.site.r.industry_name(industry)} {year}"
        return key

    def group_anchor(self, section: str, key: str) -> str:
        return group_anchor(section, key, lessons_of(self.site).anchors)

    def kpis_met(self, project: Project) -> str:
        met, measured = kpi_score(project)
        return self.t("results_project_kpis", met=met, measured=measured)

    def amounts(self, amounts: dict[str, float]) -> list[str]:
        """A group's budget by currency (never added across currencies)."""
        return [self.site.r.fmt.money(amount, currency) for currency, amount in amounts.items()]


def _project_list(
    site: Site, section: str, heading: str, groups: list[ProjectGroup]
) -> GeneratedPage:
    """One grouping's projects, group by group."""
    return site.page(
        places.RESULT_LISTS[section],
        "results-projects.md.j2",
        site.t("results_projects", what=heading),
        site.t("results_projects_intro"),
        # client and project names: search leads to the client's page instead
        searchable=False,
        groups=groups,
    )


def pages(site: Site) -> list[GeneratedPage]:
    """KPI hit rates by industry, year and lesson tag, and budgets; and, one page per
    grouping, the projects behind each number (the page itself names no client, so a
    rename leaves it as it was)."""
    t = site.t
    words = _Wording(site)
    sections = []
    lists = []
    for section, keys_of in GROUPINGS:
        heading = t(RESULT_HEADINGS[section])
        groups = kpi_groups(site.handbook, keys_of, site.today)
        rows = [(words.group_label(section, g.key), g.rate or 0.0, rate_text(g)) for g in groups]
        chart = charts.shares(rows, t("results_chart", what=heading))
        sections.append((section, heading, groups, chart))
        projects = [
            ProjectGroup(
                words.group_anchor(section, g.key),
                words.group_label(section, g.key),
                t("results_rate") + f": {rate_text(g)}",
                [(entry, project, words.kpis_met(project)) for entry, project in g.projects],
            )
            for g in groups
        ]
        lists.append(_project_list(site, section, heading, projects))
    budgets = budget_groups(site.handbook)
    projects = [
        ProjectGroup(
            words.group_anchor("budgets", g.key),
            words.group_label("budgets", g.key),
            " · ".join(words.amounts(g.amounts)),
            [
                (entry, project, site.r.fmt.money(project.budget.amount, project.budget.currency))
                for entry, project in g.projects
                if project.budget is not None
            ],
        )
        for g in budgets
    ]
    lists.append(_project_list(site, "budgets", t("results_budgets"), projects))
    index = site.page(
        places.RESULTS,
        "results.md.j2",
        t("results"),
        t("results_intro"),
        kpi_sections=sections,
        budgets=budgets,
        percent=percent,
        group_label=words.group_label,
        group_anchor=words.group_anchor,
        amounts=words.amounts,
        by_client=by_client_compared(site.handbook, site.today),
        by_lead=by_lead_compared(site.handbook, site.today),
        cell=raw_html.cell,
        link=lambda target, anchor="": raw_html.href(
            places.RESULTS, target, anchor, site.context.directory_urls
        ),
    )
    return [index, *lists]
