"""Pages that cut across all accounts: norms, lessons, people, calendar, health, onboarding.

Each view is built in one pass over the clients; the page renderer only lays it out.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import jinja2
from babel.dates import get_month_names

from ..format.model import Client, ClientStatus, Lesson, Project, ProjectStatus, Tier
from ..format.rules import next_milestone, running_projects
from ..reading.loader import Entry, Handbook
from . import charts, places, reference, results, text
from .care_calendar import (
    CareEvent,
    EventKind,
    PendingCalendar,
    by_month,
    care_events,
    ical_events,
    to_ical,
)
from .freshness import RepoHistory
from .health import Concern, HealthItem, handbook_health
from .team import Person, coverage, our_team
from .upcoming import (
    MARKER,
    ROOT_PLACEHOLDER,
    WINDOW_DAYS,
    UpcomingItem,
    data_file,
    due_within,
    upcoming_items,
)
from .views import GeneratedPage, PageRenderer

RESULT_HEADINGS = {
    "by-industry": "results_by_industry",
    "by-year": "results_by_year",
    "by-tag": "results_by_tag",
}
LATEST_LESSONS = 10
"""How many of the newest lessons the lessons index shows first."""
GUIDES = Path(__file__).resolve().parents[1] / "guides"
GUIDE_IMAGES = tuple(sorted((GUIDES / "images").glob("*.png")))
"""Screenshots the guides show, taken by the editor's browser tests."""


@dataclass(frozen=True)
class LessonRef:
    """A lesson with where it comes from."""

    client: Entry[Client]
    index: int
    lesson: Lesson
    project: Project | None


@dataclass
class Lessons:
    """Every lesson grouped by industry and client, and by tag."""

    by_industry: dict[str, dict[str, list[LessonRef]]] = field(default_factory=dict)
    by_tag: dict[str, list[LessonRef]] = field(default_factory=dict)
    retrospectives: dict[str, list[tuple[Entry[Client], Project]]] = field(default_factory=dict)
    """Finished projects with a retrospective, by industry."""

    tags: list[str] = field(default_factory=list)
    anchors: dict[str, str] = field(default_factory=dict)

    def tag_anchor(self, tag: str) -> str:
        return self.anchors[tag]

    def latest(self, count: int) -> list[LessonRef]:
        """The ``count`` newest lessons that have a date, newest first."""
        dated = [
            ref
            for groups in self.by_industry.values()
            for refs in groups.values()
            for ref in refs
            if ref.lesson.date is not None
        ]
        dated.sort(key=lambda ref: (ref.lesson.date, ref.client.data.name), reverse=True)
        return dated[:count]


def collect_lessons(clients: list[Entry[Client]]) -> Lessons:
    found = Lessons()
    for entry in clients:
        projects = {project.id: project for project in entry.data.projects}
        for i, lesson in enumerate(entry.data.lessons):
            ref = LessonRef(entry, i, lesson, projects.get(lesson.project or ""))
            found.by_industry.setdefault(entry.data.industry, {}).setdefault(entry.id, []).append(
                ref
            )
            for tag in dict.fromkeys(lesson.tags):
                found.by_tag.setdefault(tag, []).append(ref)
        for project in entry.data.projects:
            if project.status is ProjectStatus.done and project.retrospective is not None:
                found.retrospectives.setdefault(entry.data.industry, []).append((entry, project))
    found.tags = sorted(found.by_tag)
    found.anchors = {tag: f"tag-{i + 1}" for i, tag in enumerate(found.tags)}
    return found


class CrossViews:
    """Renders the cross-account pages with the templates and labels of ``renderer``."""

    def __init__(
        self,
        renderer: PageRenderer,
        *,
        today: dt.date,
        review_days: int = 90,
        hand_written: frozenset[str] = frozenset(),
        source_url: Callable[[str], str | None] = lambda path: None,
        site_url: str | None = None,
        directory_urls: bool = True,
    ):
        self.r = renderer
        self.t = renderer.t
        self.today = today
        self.review_days = review_days
        self.hand_written = hand_written
        self.source_url = source_url
        self.site_url = site_url
        self.directory_urls = directory_urls
        self.clients = sorted(renderer.handbook.clients.values(), key=lambda e: e.data.name)
        self.lessons = collect_lessons(self.clients)

    def _page(
        self,
        path: str,
        template: str,
        title: str,
        description: str,
        searchable: bool = True,
        **context: object,
    ) -> GeneratedPage:
        markdown = self.r._render(
            template,
            path,
            meta=text.front_matter(title=title, description=description, searchable=searchable),
            title=title,
            **context,
        )
        return GeneratedPage(path, markdown)

    def norms(self) -> GeneratedPage:
        active = [e for e in self.clients if e.data.status is ClientStatus.active]
        return self._page(
            places.NORMS_BY_ACCOUNT,
            "norms.md.j2",
            self.t("norms_by_account"),
            self.t("norms_by_account_intro"),
            clients=active,
            house_norms=places.NORMS in self.hand_written,
        )

    @functools.cached_property
    def _lesson_industries(
        self,
    ) -> list[tuple[str, str, dict[str, list[LessonRef]], list[tuple[Entry[Client], Project]]]]:
        """(id, name, lessons by client, retrospectives) of each industry with either, by name."""
        ids = set(self.lessons.by_industry) | set(self.lessons.retrospectives)
        industries = [
            (
                industry_id,
                self.r.industry_name(industry_id),
                self.lessons.by_industry.get(industry_id, {}),
                self.lessons.retrospectives.get(industry_id, []),
            )
            for industry_id in ids
        ]
        return sorted(industries, key=lambda industry: (industry[1], industry[0]))

    def lessons_index(self) -> list[GeneratedPage]:
        """The newest lessons and the industries, then a page per industry with its lessons
        and retrospectives in full (a rename re-converts only its own industry's page)."""
        index = self._page(
            places.LESSONS_INDEX,
            "lessons.md.j2",
            self.t("lessons"),
            self.t("lessons_intro"),
            industries=self._lesson_industries,
            lessons=self.lessons,
            latest=self.lessons.latest(LATEST_LESSONS),
        )
        pages = [
            self._page(
                places.industry_lessons(industry_id),
                "lessons-industry.md.j2",
                self.t("lessons_of_industry", industry=name),
                self.t("lessons_of_industry_intro", industry=name),
                # each lesson is on its client's page too, which is where search should lead
                searchable=False,
                industry_id=industry_id,
                industry_name=name,
                groups=groups,
                retrospectives=retrospectives,
                lessons=self.lessons,
            )
            for industry_id, name, groups, retrospectives in self._lesson_industries
        ]
        return [index, *pages]

    def lessons_by_tag(self) -> GeneratedPage:
        return self._page(
            places.LESSONS_BY_TAG,
            "lesson-tags.md.j2",
            self.t("lessons_by_tag"),
            self.t("lessons_by_tag_intro"),
            lessons=self.lessons,
        )

    def retrospectives(self) -> GeneratedPage:
        return self._page(
            places.RETROSPECTIVES,
            "retrospectives.md.j2",
            self.t("retrospectives"),
            self.t("retrospectives_intro"),
            industries=[
                (industry_id, name, retrospectives)
                for industry_id, name, _, retrospectives in self._lesson_industries
                if retrospectives
            ],
        )

    def results(self) -> list[GeneratedPage]:
        """KPI hit rates by industry, year and lesson tag, and budgets; and, one page per
        grouping, the projects behind each number (the page itself names no client, so a
        rename leaves it as it was)."""
        handbook = self.r.handbook
        sections = []
        lists = []
        for section, keys_of in results.GROUPINGS:
            heading = self.t(RESULT_HEADINGS[section])
            groups = results.kpi_groups(handbook, keys_of)
            rows = [
                (self._group_label(section, g.key), g.rate or 0.0, results.rate_text(g))
                for g in groups
            ]
            chart = charts.shares(rows, self.t("results_chart", what=heading))
            sections.append((section, heading, groups, chart))
            projects = [
                ProjectGroup(
                    self._group_anchor(section, g.key),
                    self._group_label(section, g.key),
                    f"{self.t('results_rate')}: {results.rate_text(g)}",
                    [(entry, project, self._kpis_met(project)) for entry, project in g.projects],
                )
                for g in groups
            ]
            lists.append(self._project_list(section, heading, projects))
        budgets = results.budget_groups(handbook)
        projects = [
            ProjectGroup(
                self._group_anchor("budgets", g.key),
                self._group_label("budgets", g.key),
                " · ".join(self._amounts(g.amounts)),
                [
                    (
                        entry,
                        project,
                        self.r.fmt.money(project.budget.amount, project.budget.currency),
                    )
                    for entry, project in g.projects
                    if project.budget is not None
                ],
            )
            for g in budgets
        ]
        lists.append(self._project_list("budgets", self.t("results_budgets"), projects))
        index = self._page(
            places.RESULTS,
            "results.md.j2",
            self.t("results"),
            self.t("results_intro"),
            kpi_sections=sections,
            budgets=budgets,
            percent=results.percent,
            group_label=self._group_label,
            group_anchor=self._group_anchor,
            amounts=self._amounts,
        )
        return [index, *lists]

    def _group_label(self, section: str, key: str) -> str:
        if section == "by-industry":
            return self.r.industry_name(key)
        if section == "budgets":
            industry, year = key.split(" ", 1)
            return f"{self.r.industry_name(industry)} {year}"
        return key

    def _group_anchor(self, section: str, key: str) -> str:
        return results.group_anchor(section, key, self.lessons.anchors)

    def _kpis_met(self, project: Project) -> str:
        met, measured = results.kpi_score(project)
        return self.t("results_project_kpis", met=met, measured=measured)

    def _amounts(self, amounts: dict[str, float]) -> list[str]:
        """A group's budget by currency (never added across currencies)."""
        return [self.r.fmt.money(amount, currency) for currency, amount in amounts.items()]

    def _project_list(
        self,
        section: str,
        heading: str,
        groups: list[ProjectGroup],
    ) -> GeneratedPage:
        """One grouping's projects, group by group."""
        path = places.RESULT_LISTS[section]
        title = self.t("results_projects", what=heading)
        return self._page(
            path,
            "results-projects.md.j2",
            title,
            self.t("results_projects_intro"),
            # client and project names: search leads to the client's page instead
            searchable=False,
            groups=groups,
        )

    def team(self) -> list[GeneratedPage]:
        """The team index (coverage, who carries the most) and a page per colleague."""
        people = our_team(self.r.handbook, self.health_items, self.today)
        names = {e.id: e.data.name for e in self.clients}
        pages = [
            self._page(
                places.TEAM_INDEX,
                "team.md.j2",
                self.t("team"),
                self.t("team_intro"),
                people=people,
                coverage=coverage(self.r.handbook, people),
            )
        ]
        pages += [self._person(p, names) for p in people]
        return pages

    def _person(self, person: Person, names: dict[str, str]) -> GeneratedPage:
        """A colleague's page; under serve, reused while nothing it shows has changed.

        Its inputs are the entries it lists (the loader hands back the very same objects
        for unchanged files, so the comparison is mostly identity) and the health items.
        """

        def render() -> GeneratedPage:
            return self._page(
                places.person(person.name),
                "person.md.j2",
                person.name,
                self.t("team_intro"),
                person=person,
                names=names,
            )

        cache = self.r.cache
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

    def people(self) -> GeneratedPage:
        rows = []
        for entry in self.clients:
            names = {contact.id: contact.name for contact in entry.data.contacts}
            rows.extend(
                (entry, contact, names.get(contact.reports_to or ""))
                for contact in entry.data.contacts
            )
        return self._page(
            places.PEOPLE, "people.md.j2", self.t("people"), self.t("people_intro"), rows=rows
        )

    def _event_title(self, event: CareEvent, *, prefixed: bool = False) -> str:
        """The event's title; ``prefixed`` names milestones as such (calendar apps show no kind)."""
        if event.kind is EventKind.birthday:
            return self.t("event_birthday", name=event.title)
        if event.kind is EventKind.milestone and prefixed:
            return f"{self.t('event_milestone')}: {event.title}"
        return event.title

    def _event_kind(self, event: CareEvent) -> str:
        if event.date_kind is not None:
            return self.t.enum(event.date_kind)
        return self.t("birthday") if event.kind is EventKind.birthday else self.t("milestone")

    @functools.cached_property
    def upcoming(self) -> list[UpcomingItem]:
        """Care dates and open milestones for the data file and both build-day lists."""
        return upcoming_items(
            self.r.handbook, self._event_kind, self._event_title, self.directory_urls
        )

    @functools.cached_property
    def health_items(self) -> list[HealthItem]:
        """Every health item, for the health page and the team's pages."""
        return handbook_health(self.r.handbook, self.today, self.review_days)

    def upcoming_file(self) -> GeneratedPage:
        """The data file the pages' script computes "what is coming up" from, on the day."""
        words = ("glance_overdue", "glance_today", "glance_in_days", "upcoming_as_of")
        labels = {key: self.t.labels.__dict__[key] for key in words}
        labels["none"] = self.t("upcoming_none", days=WINDOW_DAYS)
        return GeneratedPage(places.UPCOMING_FILE, data_file(self.upcoming, labels, self.today))

    @functools.cached_property
    def upcoming_block(self) -> str:
        """The list as of the build day (what shows without JavaScript), as an HTML block.

        Rendered once for the calendar and the hand-written pages that ask for it:
        ``ROOT_PLACEHOLDER`` stands for the way from the page to the site's root.
        """
        return self.r._render(
            "upcoming.html.j2",
            places.UPCOMING_FILE,  # links start from the site's root (``root``), not from here
            root=ROOT_PLACEHOLDER,
            dues=due_within(self.upcoming, self.today),
            today=self.today,
            window=WINDOW_DAYS,
        )

    def calendar(self, events: list[CareEvent], upcoming: str = "") -> GeneratedPage:
        names = get_month_names("wide", locale=self.r.fmt.locale)
        yearly = self.t("yearly")
        # One row per event, its texts ready: the page lists every event of every client.
        months = [
            (
                self.t("month", month=month, month_name=names[month]),
                month,
                [
                    CalendarRow(
                        e.day.isoformat() if e.day else f"{e.month_day} ({yearly})",
                        self._event_title(e),
                        e.client_name,
                        e.client_id,
                        e.anchor,
                        self._event_kind(e),
                    )
                    for e in items
                ],
            )
            for month, items in by_month(events)
        ]
        return self._page(
            places.CALENDAR,
            "calendar.md.j2",
            self.t("calendar"),
            self.t("calendar_intro"),
            # Every date is also on its client's page, which is where a search should lead.
            searchable=False,
            months=months,
            upcoming=upcoming,
        )

    def calendar_file(self, events: list[CareEvent]) -> PendingCalendar:
        """Start writing ``calendar/playbook.ics`` (see :class:`PendingCalendar`)."""

        def url_of(event: CareEvent) -> str | None:
            if not self.site_url:
                return None
            page = places.url(places.account(event.client_id), event.anchor, self.directory_urls)
            return f"{self.site_url.rstrip('/')}/{page}"

        def summary_of(event: CareEvent) -> str:
            return f"{event.client_name} · {self._event_title(event, prefixed=True)}"

        ical = ical_events(events, summary_of, url_of)
        name = self.t("calendar")
        cache = self.r.cache
        if cache is None:
            return PendingCalendar(ical, name)
        # Under serve a save changes a few events at most: only those are serialized
        # again, here (faster than starting the second process).
        kept = cache.setdefault(("calendar", places.CALENDAR_FILE), {})
        return PendingCalendar(ical, name, data=to_ical(ical, name, kept))

    def calendar_page(self, pending: PendingCalendar) -> GeneratedPage:
        return GeneratedPage(places.CALENDAR_FILE, pending.result().decode("utf-8"))

    def health(self) -> GeneratedPage:
        groups: dict[Concern, list[HealthItem]] = {}
        for item in self.health_items:
            groups.setdefault(item.concern, []).append(item)
        return self._page(
            places.HEALTH,
            "health.md.j2",
            self.t("health"),
            self.t("health_intro", days=self.review_days, today=self.today.isoformat()),
            groups=[(concern, groups[concern]) for concern in Concern if concern in groups],
            names={e.id: e.data.name for e in self.clients},
            source_url=self.source_url,
            intro=self.t("health_intro", days=self.review_days, today=self.today.isoformat()),
        )

    def guides(self) -> list[GeneratedPage]:
        """The editing guide and the like, in the site's language; a hand-written page wins."""
        folder = GUIDES / self.t.language
        return [
            GeneratedPage(places.guide(path.name), path.read_text("utf-8"))
            for path in sorted(folder.glob("*.md"))
            if places.guide(path.name) not in self.hand_written
        ]

    def format_reference(self) -> GeneratedPage:
        return self._page(
            places.FORMAT_REFERENCE,
            "reference.md.j2",
            self.t("format_reference"),
            self.t("format_reference_intro"),
            sections=reference.sections(self.t.language),
        )

    def first_week(self) -> GeneratedPage:
        tier_a = [
            e
            for e in self.clients
            if e.data.tier is Tier.A and e.data.status is not ClientStatus.former
        ]
        return self._page(
            places.FIRST_WEEK,
            "first-week.md.j2",
            self.t("first_week"),
            self.t("first_week_intro"),
            tier_a=tier_a,
            house_norms=places.NORMS in self.hand_written,
        )

    def brief(self, entry: Entry[Client]) -> GeneratedPage:
        return self.r.cached("brief", entry, lambda: self._brief(entry))

    def _brief(self, entry: Entry[Client]) -> GeneratedPage:
        client = entry.data
        live = running_projects(client.projects)
        next_milestones = {p.id: next_milestone(p) for p in live}
        return self._page(
            places.brief(entry.id),
            "brief.md.j2",
            self.t("brief_of", name=client.name),
            client.name,
            searchable=False,  # a summary of the client page: search leads to the page itself
            entry=entry,
            client=client,
            live=live,
            next_milestones=next_milestones,
            contacts={c.id: c for c in client.contacts},
        )

    def all_pages(self, events: list[CareEvent]) -> list[GeneratedPage]:
        """Every cross-account page but the calendar file (see :func:`render_handbook`)."""
        pages = [
            self.upcoming_file(),
            self.norms(),
            *self.lessons_index(),
            self.lessons_by_tag(),
            self.retrospectives(),
            self.people(),
            self.calendar(events, self.upcoming_block.replace(ROOT_PLACEHOLDER, "../")),
            self.health(),
            *self.results(),
            *self.team(),
            self.first_week(),
            self.format_reference(),
            *self.guides(),
        ]
        pages.extend(self.brief(entry) for entry in self.clients)
        return pages


class ProjectGroup(NamedTuple):
    """One group on a list of projects behind the results page's numbers."""

    anchor: str
    heading: str
    summary: str
    """The group's figure (hit rate, budget) as on the results page."""
    projects: list[tuple[Entry[Client], Project, str]]
    """Each project with its own figure (KPIs met, budget)."""


class CalendarRow(NamedTuple):
    """One line of the calendar page."""

    date: str
    title: str
    client_name: str
    client_id: str
    anchor: str
    kind: str


@dataclass(frozen=True)
class SiteContext:
    """What the cross-account views need to know about the site being built."""

    today: dt.date = field(default_factory=dt.date.today)
    review_days: int = 90
    hand_written: frozenset[str] = frozenset()
    source_url: Callable[[str], str | None] = lambda path: None
    site_url: str | None = None
    history: RepoHistory = field(default_factory=RepoHistory)
    directory_urls: bool = True
    editor: bool = False
    """The site has the form editor at ``admin/``: pages link to their entry in it."""


def render_handbook(
    handbook: Handbook,
    language: str = "zh",
    env: jinja2.Environment | None = None,
    context: SiteContext | None = None,
    cache: dict | None = None,
    blocks: dict[str, str] | None = None,
) -> dict[str, GeneratedPage]:
    """Every generated page and file of the handbook, keyed by its path in the docs.

    ``cache`` (kept by ``serve`` across rebuilds) reuses the pages of unchanged clients.
    ``blocks`` receives the HTML blocks hand-written pages may ask for, by their marker.
    """
    context = context or SiteContext()
    renderer = PageRenderer(
        handbook,
        language,
        env,
        today=context.today,
        cache=cache,
        history=context.history,
        editor=context.editor,
        review_days=context.review_days,
    )
    cross = CrossViews(
        renderer,
        today=context.today,
        review_days=context.review_days,
        hand_written=context.hand_written,
        source_url=context.source_url,
        site_url=context.site_url,
        directory_urls=context.directory_urls,
    )
    events = care_events(handbook)
    # A large calendar file is written by a second process meanwhile (PendingCalendar).
    with cross.calendar_file(events) as calendar:
        pages = [*renderer.all_pages(), *cross.all_pages(events), cross.calendar_page(calendar)]
    if blocks is not None:
        # For hand-written pages that ask for it (MARKER); the host puts in the site's root.
        blocks[MARKER] = cross.upcoming_block
    return {page.path: page for page in pages}
