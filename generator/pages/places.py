"""Where every generated page lives, and the way from one page to another.

Page paths are the docs-relative Markdown paths MkDocs reads (``accounts/acme.md``).
Modules and templates ask here; none spells a path. Templates link with
:func:`template_links`' helpers, which know the page being rendered (``here``) and give
the relative link MkDocs checks and rewrites (``../accounts/acme.md#project-x``).
"""

from __future__ import annotations

import functools
import hashlib
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jinja2


@dataclass(frozen=True)
class GeneratedPage:
    """A page made from a data file (``source`` is that file, repository-relative)."""

    path: str
    markdown: str | None
    """The page's Markdown; ``None`` once it is only in its file (``sources.PageSources``)."""
    source: str | None = None


ACCOUNTS_INDEX = "accounts/index.md"
INDUSTRIES_INDEX = "industries/index.md"
NORMS = "norms/index.md"
"""The house norms: hand-written, the generated pages link to it when it exists."""
NORMS_BY_ACCOUNT = "norms/accounts.md"
LESSONS_INDEX = "lessons/index.md"
LESSONS_BY_TAG = "lessons/tags.md"
RETROSPECTIVES = "lessons/retrospectives.md"
PEOPLE = "people/index.md"
TEAM_INDEX = "team/index.md"
CALENDAR = "calendar/index.md"
CALENDAR_FILE = "calendar/playbook.ics"
UPCOMING_FOLDER = "calendar/upcoming"
"""The data of "what is coming up", in small files (``pages.upcoming``)."""
UPCOMING_FILE = f"{UPCOMING_FOLDER}/index.json"
CALENDAR_MONTHS = "calendar/months"
"""The calendar's month pages (``calendar/months/2026-12.md``; the current month is the index)."""
HEALTH = "health/index.md"
CHANGES = "changes/index.md"
"""The last changes across the handbook (its Atom feed beside it: ``changes/feed.xml``)."""
RESULTS = "results/index.md"
RESULT_LISTS = {
    "by-industry": "results/by-industry.md",
    "by-year": "results/by-year.md",
    "by-tag": "results/by-tag.md",
    "budgets": "results/budgets.md",
}
"""The projects behind each number of the results page, one list per grouping."""
FIRST_WEEK = "onboarding/first-week.md"
GUIDES = "playbook"
"""The folder of the built-in guides (``playbook/editing.md``)."""
FORMAT_REFERENCE = f"{GUIDES}/format.md"
EDITING_GUIDE = f"{GUIDES}/editing.md"
HOSTING_GUIDE = f"{GUIDES}/hosting.md"
PRIVACY_GUIDE = f"{GUIDES}/privacy.md"
FIRST_HOUR_GUIDE = f"{GUIDES}/first-hour.md"
SERVER_GUIDE = f"{GUIDES}/server.md"
PACK_PDF = "downloads/onboarding-pack.pdf"
"""The new colleague's pack as a PDF (with the plugin's ``pdf: true``)."""
EDITOR = "admin/index.html"
"""The form editor's page (not a Markdown page: links to it are kept as written)."""


def account(client_id: str) -> str:
    return f"accounts/{client_id}.md"


def industry(industry_id: str) -> str:
    return f"industries/{industry_id}.md"


def brief(client_id: str) -> str:
    return f"briefs/{client_id}.md"


def brief_pdf(client_id: str) -> str:
    """A client's brief as a PDF (with the plugin's ``pdf: true``)."""
    return f"downloads/briefs/{client_id}.pdf"


def industry_lessons(industry_id: str) -> str:
    """One industry's lessons and retrospectives, account by account."""
    return f"lessons/by-industry/{industry_id}.md"


def person_key(name: str) -> str:
    """A stable page key for a name: its ASCII letters if it has enough, else a short hash."""
    ascii_part = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
    return f"{ascii_part}-{digest}" if len(ascii_part) >= 2 else f"p-{digest}"


def person(name: str) -> str:
    """A colleague's page on the team."""
    return f"team/{person_key(name)}.md"


def person_calendar(name: str) -> str:
    """A colleague's calendar file (the dates of the clients they lead or serve), in the
    folder their page's address names (``team/<key>/``)."""
    return f"team/{person_key(name)}/calendar.ics"


def calendar_month(month: str, part: int = 1) -> str:
    """The calendar page of a month (``2026-12``), or of its ``part``-th list of dates."""
    return f"{CALENDAR_MONTHS}/{month}" + (f"-{part}" if part > 1 else "") + ".md"


def guide(name: str) -> str:
    return f"{GUIDES}/{name}"


def editor_entry(collection: str, entry_id: str) -> str:
    """An entry's form in the editor (a path from the site's root)."""
    return f"{EDITOR}#/collections/{collection}/entries/{entry_id}"


def url(page: str, anchor: str = "", directory_urls: bool = True) -> str:
    """A page's address from the site's root, as MkDocs will write it.

    ``accounts/acme.md`` → ``accounts/acme/#anchor`` (``accounts/acme.html`` without
    directory URLs); an ``index.md`` is its folder.
    """
    stem = page.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        address = stem.removesuffix("index") + ("" if directory_urls else "index.html")
    else:
        address = f"{stem}/" if directory_urls else f"{stem}.html"
    return address + (f"#{anchor}" if anchor else "")


@functools.lru_cache(maxsize=4096)
def _relative(target: str, folder: str) -> str:
    return posixpath.relpath(target, folder or ".")


def link(here: str, target: str, anchor: str = "") -> str:
    """The relative link from page ``here`` to page ``target`` (and an anchor on it)."""
    return _relative(target, posixpath.dirname(here)) + (f"#{anchor}" if anchor else "")


def template_links() -> dict[str, Callable[..., str]]:
    """The link helpers templates get: each links from the page being rendered (``here``)."""

    def helper(place: Callable[..., str]) -> Callable[..., str]:
        @jinja2.pass_context
        def to(context: Any, key: str, anchor: str = "") -> str:
            return link(context["here"], place(key), anchor)

        return to

    @jinja2.pass_context
    def to_page(context: Any, target: str, anchor: str = "") -> str:
        return link(context["here"], target, anchor)

    @jinja2.pass_context
    def to_editor(context: Any, collection: str, entry_id: str) -> str:
        return link(context["here"], editor_entry(collection, entry_id))

    return {
        "to_account": helper(account),
        "to_industry": helper(industry),
        "to_brief": helper(brief),
        "to_person": helper(person),
        "to_industry_lessons": helper(industry_lessons),
        "to_page": to_page,
        "to_editor": to_editor,
    }
