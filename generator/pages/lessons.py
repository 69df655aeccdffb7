"""The lessons pages: the newest lessons, each industry's lessons and retrospectives, by tag.

Every lesson lives on its client's page; these pages gather them across accounts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..format.model import Client, Lesson, Project, ProjectStatus
from ..reading.loader import Entry
from . import places
from .places import GeneratedPage
from .site import Site

LATEST_LESSONS = 10
"""How many of the newest lessons the lessons index shows first."""


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


def lessons_of(site: Site) -> Lessons:
    """The build's lessons (the results page numbers its tags the same way)."""
    return site.once("lessons", lambda: collect_lessons(site.clients))


IndustryLessons = tuple[str, str, dict[str, list[LessonRef]], list[tuple[Entry[Client], Project]]]
"""(id, name, lessons by client, retrospectives) of one industry."""


def _industries(site: Site) -> list[IndustryLessons]:
    """Each industry with lessons or retrospectives, by name."""
    lessons = lessons_of(site)
    ids = set(lessons.by_industry) | set(lessons.retrospectives)
    industries = [
        (
            industry_id,
            site.r.industry_name(industry_id),
            lessons.by_industry.get(industry_id, {}),
            lessons.retrospectives.get(industry_id, []),
        )
        for industry_id in ids
    ]
    return sorted(industries, key=lambda industry: (industry[1], industry[0]))


def pages(site: Site) -> list[GeneratedPage]:
    """The newest lessons and the industries, then a page per industry with its lessons and
    retrospectives in full (a rename re-converts only its own industry's page), the lessons
    by tag and the retrospectives."""
    t = site.t
    industries = _industries(site)
    index = site.page(
        places.LESSONS_INDEX,
        "lessons.md.j2",
        t("lessons"),
        t("lessons_intro"),
        industries=industries,
        lessons=lessons_of(site),
        latest=lessons_of(site).latest(LATEST_LESSONS),
    )
    by_industry = [
        site.page(
            places.industry_lessons(industry_id),
            "lessons-industry.md.j2",
            t("lessons_of_industry", industry=name),
            t("lessons_of_industry_intro", industry=name),
            # each lesson is on its client's page too, which is where search should lead
            searchable=False,
            industry_id=industry_id,
            industry_name=name,
            groups=groups,
            retrospectives=retrospectives,
            lessons=lessons_of(site),
        )
        for industry_id, name, groups, retrospectives in industries
    ]
    by_tag = site.page(
        places.LESSONS_BY_TAG,
        "lesson-tags.md.j2",
        t("lessons_by_tag"),
        t("lessons_by_tag_intro"),
        lessons=lessons_of(site),
    )
    retrospectives = site.page(
        places.RETROSPECTIVES,
        "retrospectives.md.j2",
        t("retrospectives"),
        t("retrospectives_intro"),
        industries=[
            (industry_id, name, retrospectives)
            for industry_id, name, _, retrospectives in industries
            if retrospectives
        ],
    )
    return [index, *by_industry, by_tag, retrospectives]
