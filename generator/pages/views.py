"""From a loaded handbook to generated Markdown pages: pure functions, no file I/O.

``render_pages`` returns ``{page path: Markdown}``. Templates receive the model's
own objects plus a few helpers; anything that is logic (sorting, grouping,
number and date formatting, escaping) lives here or in :mod:`generator.pages.text`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import jinja2
from babel import Locale
from babel.numbers import format_currency, format_decimal

from ..format import rules
from ..format.labels import Translator
from ..format.model import Client, Contact, Industry, Kpi, Project
from ..reading.loader import Entry, Handbook
from . import charts, my_clients, places, text
from .freshness import RepoHistory
from .glance import at_a_glance
from .places import GeneratedPage
from .recent_changes import commit_url, describe_all, taboo_dates

PACKAGE = Path(__file__).resolve().parents[1]
BUILTIN_TEMPLATES = PACKAGE / "_templates"
if not BUILTIN_TEMPLATES.is_dir():  # running from a source checkout
    BUILTIN_TEMPLATES = PACKAGE.parent / "templates"

_BABEL_LOCALE = {"zh": "zh_CN", "en": "en_US", "zh-Hant": "zh_Hant"}
"""Babel's locale of each language, for numbers (Traditional Chinese: its script, no region)."""


def template_environment(user_templates: Path | None = None) -> jinja2.Environment:
    """Templates from the handbook's ``templates/`` first, then the built-in ones."""
    loaders: list[jinja2.BaseLoader] = []
    if (
        user_templates is not None
        and user_templates.is_dir()
        and user_templates.resolve() != BUILTIN_TEMPLATES.resolve()
    ):
        loaders.append(jinja2.FileSystemLoader(user_templates))
    loaders.append(jinja2.FileSystemLoader(BUILTIN_TEMPLATES))
    # "builtin/<name>" always reaches the built-in template, so an override can extend it:
    # {% extends "builtin/client.md.j2" %} and replace just one {% block %}.
    loaders.append(jinja2.PrefixLoader({"builtin": jinja2.FileSystemLoader(BUILTIN_TEMPLATES)}))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=False,  # the output is Markdown; escaping is done by the filters below
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # one build renders each template thousands of times; no stat each
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(plain=text.plain, md=text.markdown, indent_md=text.indent, url=text.url)
    return env


class Formatter:
    """Numbers, money and dates the way the page's language writes them."""

    def __init__(self, language: str):
        # A parsed Locale: babel re-parses a locale *name* on every call, at real cost.
        self.locale = Locale.parse(_BABEL_LOCALE[language])

    def date(self, value: dt.date | str | None) -> str:
        if value is None:
            return ""
        return value.isoformat() if isinstance(value, dt.date) else str(value)

    def number(self, value: float | None) -> str:
        if value is None:
            return ""
        return self._decimal(value)

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - one Formatter per build; values repeat
    def _decimal(self, value: float) -> str:
        return format_decimal(value, locale=self.locale)

    def money(self, amount: float, currency: str) -> str:
        """``CNY 3,200,000.00``: the ISO code, never an ambiguous symbol like ¥ or $."""
        return format_currency(
            amount, currency, format="¤¤ #,##0.00", locale=self.locale, currency_digits=False
        )


def kpi_progress(kpi: Kpi) -> int | None:
    """Actual as a whole percentage of target; ``None`` when either is unknown or target is 0."""
    if kpi.actual is None or kpi.target in (None, 0):
        return None
    return round(kpi.actual / kpi.target * 100)  # type: ignore[operator]


def _by_date_desc(items: Iterable[Any]) -> list[Any]:
    return sorted(items, key=lambda item: item.date, reverse=True)


def _description(summary: str | None, fallback: str) -> str:
    """A one-line plain-text description for search results and link previews."""
    words = " ".join(re.sub(r"[*_`#>\[\]]", "", summary or "").split())
    if not words:
        return fallback
    return words if len(words) <= 150 else words[:147] + "…"


class PageRenderer:
    """Renders every generated page of one handbook in one language."""

    def __init__(
        self,
        handbook: Handbook,
        language: str = "zh",
        env: jinja2.Environment | None = None,
        today: dt.date | None = None,
        cache: dict[tuple[str, str], tuple[object, object, GeneratedPage]] | None = None,
        history: RepoHistory | None = None,
        editor: bool = False,
        review_days: int = 90,
        pdf: bool = False,
        repo_url: str | None = None,
    ):
        self.handbook = handbook
        self.repo_url = repo_url
        self.review_days = review_days
        self.history = history or RepoHistory()
        self.today = today or dt.date.today()
        self.cache = cache
        self._my_clients: str | None = None
        self.t = Translator(language)
        self.fmt = Formatter(language)
        self.env = env or template_environment(handbook.root / "templates")
        # Filters compile to direct calls; a global function is called through Jinja's
        # context at several times the cost, thousands of times per build.
        self.env.filters.update(te=self.t.enum, date=self.fmt.date, number=self.fmt.number)
        self.env.globals.update(
            t=self.t,
            label=self.t.labels,
            te=self.t.enum,
            fmt=self.fmt,
            kpi_progress=kpi_progress,
            industry_name=self.industry_name,
            chart_decision_chain=self.chart_decision_chain,
            chart_timeline=self.chart_timeline,
            chart_kpis=self.chart_kpis,
            has_left=self.has_left,
            my_clients_block=self.my_clients_block,
            editor=editor,
            pdf=pdf,
            places=places,
            **places.template_links(),
            # the names templates used before they linked through ``to_person``:
            person_page=places.person,
            person_key=places.person_key,
        )

    def has_left(self, contact: Contact) -> bool:
        """The contact left by the build's day (templates mark them, offer no channels)."""
        return rules.has_left(contact, self.today)

    def my_clients_block(self) -> str:
        """The "my clients" block of the pages that list clients (see :mod:`.my_clients`)."""
        if self._my_clients is None:
            names = {e.id: e.data.name for e in self.handbook.clients.values()}
            self._my_clients = my_clients.block(names, self.t)
        return self._my_clients

    def chart_decision_chain(self, client: Client) -> str:
        return charts.decision_chain(
            client.contacts,
            self.t.enum,
            self.t("chart_decision_chain", name=client.name),
            departed=(self.t("departed"), self.has_left),
        )

    def chart_timeline(self, client: Client) -> str:
        return charts.timeline(
            client.projects, self.today, self.t("chart_timeline", name=client.name), self.t.enum
        )

    def chart_kpis(self, project: Project) -> str:
        def value_text(kpi: Kpi) -> str:
            unit = f" {kpi.unit}" if kpi.unit else ""
            actual = (
                self.fmt.number(kpi.actual) if kpi.actual is not None else self.t("not_measured")
            )
            target = self.fmt.number(kpi.target) if kpi.target is not None else "–"
            progress = kpi_progress(kpi)
            return f"{actual} / {target}{unit}" + (
                f" ({progress}%)" if progress is not None else ""
            )

        return charts.kpis(project.kpis, self.t("chart_kpis", name=project.name), value_text)

    def _render(self, name: str, here: str, **context: Any) -> str:
        """Template ``name`` rendered as the page at ``here`` (which its links start from)."""
        return self.env.get_template(name).render(here=here, **context)

    def industry_name(self, industry_id: str) -> str:
        entry = self.handbook.industries.get(industry_id)
        return entry.data.name if entry else industry_id

    def accounts_index(self) -> GeneratedPage:
        clients = list(self.handbook.clients.values())
        groups = [(tier, [c for c in clients if c.data.tier.value == tier]) for tier in "ABC"]
        markdown = self._render(
            "accounts.md.j2",
            places.ACCOUNTS_INDEX,
            groups=[
                (tier, sorted(items, key=lambda c: c.data.name)) for tier, items in groups if items
            ],
            meta=text.front_matter(title=self.t("accounts"), description=self.t("accounts_intro")),
        )
        return GeneratedPage(places.ACCOUNTS_INDEX, markdown)

    def industries_index(self) -> GeneratedPage:
        industries = sorted(self.handbook.industries.values(), key=lambda e: e.data.name)
        markdown = self._render(
            "industries.md.j2",
            places.INDUSTRIES_INDEX,
            industries=industries,
            count=lambda industry_id: len(self.handbook.clients_in(industry_id)),
            meta=text.front_matter(
                title=self.t("industries"), description=self.t("industries_intro")
            ),
        )
        return GeneratedPage(places.INDUSTRIES_INDEX, markdown)

    def cached(
        self, kind: str, entry: Entry[Client], render: Callable[[], GeneratedPage]
    ) -> GeneratedPage:
        """A client's page from the cache when neither its data nor its industry changed.

        The loader hands back the very same model object for an unchanged file, so
        identity tells "unchanged" without comparing contents.
        """
        depends = (
            self.industry_name(entry.data.industry),
            self.history.of(entry.path),
            self.history.recent_of(entry.path),
        )
        if self.cache is None:
            return render()
        hit = self.cache.get((kind, entry.id))
        if hit is not None and hit[0] is entry.data and hit[1] == depends:
            return hit[2]
        page = render()
        self.cache[(kind, entry.id)] = (entry.data, depends, page)
        return page

    def client(self, entry: Entry[Client]) -> GeneratedPage:
        return self.cached("client", entry, lambda: self._client(entry))

    def _client(self, entry: Entry[Client]) -> GeneratedPage:
        client = entry.data
        contacts: dict[str, Contact] = {c.id: c for c in client.contacts}
        projects: dict[str, Project] = {p.id: p for p in client.projects}
        markdown = self._render(
            "client.md.j2",
            places.account(entry.id),
            entry=entry,
            client=client,
            contacts=contacts,
            projects=projects,
            industry_title=self.industry_name(client.industry),
            freshness=self.history.of(entry.path),
            repo=self.history,
            history=_by_date_desc(client.history),
            glance=at_a_glance(
                entry.id,
                entry.path,
                client,
                self.today,
                self.review_days,
                added=taboo_dates(self.history.recent_of(entry.path)),
            ),
            changed=self.changed(entry.path),
            lessons=sorted(
                enumerate(client.lessons),
                key=lambda item: item[1].date or dt.date.min,
                reverse=True,
            ),
            meta=text.front_matter(
                title=client.name, description=_description(client.summary, client.name)
            ),
        )
        return GeneratedPage(places.account(entry.id), markdown, entry.path)

    def changed(self, path: str) -> dict[str, tuple[str, str | None]]:
        """What each recent commit changed in the file, in words, and the commit's page."""
        return {
            item.change.commit: (
                describe_all(item.edits, self.t),
                commit_url(self.repo_url, item.change.commit),
            )
            for item in self.history.recent_of(path)
        }

    def industry(self, entry: Entry[Industry]) -> GeneratedPage:
        industry = entry.data
        clients = sorted(
            self.handbook.clients_in(entry.id), key=lambda c: (c.data.tier.value, c.data.name)
        )
        markdown = self._render(
            "industry.md.j2",
            places.industry(entry.id),
            entry=entry,
            industry=industry,
            clients=clients,
            lessons=[(c, i, lesson) for c in clients for i, lesson in enumerate(c.data.lessons)],
            freshness=self.history.of(entry.path),
            repo=self.history,
            changed=self.changed(entry.path),
            meta=text.front_matter(
                title=industry.name, description=_description(industry.summary, industry.name)
            ),
        )
        return GeneratedPage(places.industry(entry.id), markdown, entry.path)

    def all_pages(self) -> list[GeneratedPage]:
        pages = [self.accounts_index(), self.industries_index()]
        pages.extend(self.client(entry) for entry in self.handbook.clients.values())
        pages.extend(self.industry(entry) for entry in self.handbook.industries.values())
        return pages


def render_pages(
    handbook: Handbook, language: str = "zh", env: jinja2.Environment | None = None
) -> dict[str, GeneratedPage]:
    """Every generated page of ``handbook``, keyed by its path in the site's docs."""
    return {page.path: page for page in PageRenderer(handbook, language, env).all_pages()}
