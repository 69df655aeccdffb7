"""The calendar pages, its iCalendar file, and the coming dates (``calendar/upcoming/``
and the list the calendar and the home page show).

The calendar is a page a month (``calendar/months/2026-12.md``), the current month's
being the calendar's own page (``calendar/index.md``): from the twelve months from the
build day's on (yearly dates in each), and any other month a one-off date falls in. A
month of more than :data:`MONTH_ROWS` dates is split into parts, so that a page weighs
about the same for eight clients as for ten thousand. In the current month the dates
from today come first; those already past follow, marked as past."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from babel.dates import get_month_names

from ..format.labels import Translator
from ..reading.loader import Handbook
from . import places, raw_html
from .care_calendar import (
    CareEvent,
    EventKind,
    Feed,
    PendingCalendar,
    ical_events,
    to_icals,
)
from .places import GeneratedPage
from .site import Site
from .upcoming import (
    ROOT_PLACEHOLDER,
    SHOWN,
    WINDOW_DAYS,
    UpcomingItem,
    data_files,
    due_within,
    upcoming_items,
)

MONTH_ROWS = 200
"""Dates on one calendar page at most (a month of more is split into parts)."""
HORIZON_MONTHS = 12
"""Months from the build day's on that have a page (and show the yearly dates)."""


class CalendarRow(NamedTuple):
    """One line of the calendar page."""

    date: str
    title: str
    client_name: str
    client_id: str
    anchor: str
    kind: str
    day: dt.date
    past: bool = False


def event_title(t: Translator, event: CareEvent, *, prefixed: bool = False) -> str:
    """The event's title; ``prefixed`` names milestones as such (calendar apps show no kind)."""
    if event.kind is EventKind.birthday:
        return t("event_birthday", name=event.title)
    if event.kind is EventKind.milestone and prefixed:
        return t("event_milestone") + f": {event.title}"
    return event.title


def event_kind(t: Translator, event: CareEvent) -> str:
    if event.date_kind is not None:
        return t.enum(event.date_kind)
    return t("birthday") if event.kind is EventKind.birthday else t("milestone")


def upcoming_of(site: Site) -> list[UpcomingItem]:
    """Care dates and open milestones, for the data file and both build-day lists."""
    return site.once(
        "upcoming",
        lambda: upcoming_items(
            site.handbook,
            lambda event: event_kind(site.t, event),
            lambda event: event_title(site.t, event),
            site.context.directory_urls,
        ),
    )


def upcoming_files(site: Site) -> list[GeneratedPage]:
    """The data the pages' script computes "what is coming up" from, on the day."""
    t = site.t
    labels = {
        "glance_overdue": t("glance_overdue"),
        "glance_today": t("glance_today"),
        "glance_in_days": t("glance_in_days"),
        "upcoming_as_of": t("upcoming_as_of"),
        "none": t("upcoming_none", days=WINDOW_DAYS),
        "more": t("upcoming_more"),
    }
    files = data_files(upcoming_of(site), labels, site.today)
    return [GeneratedPage(path, text) for path, text in files.items()]


def upcoming_block(site: Site) -> str:
    """The list as of the build day (what shows without JavaScript), as an HTML block,
    rendered once for the calendar and the hand-written pages that ask for it.

    ``ROOT_PLACEHOLDER`` stands for the way from the page to the site's root.
    """
    return site.once("upcoming block", lambda: _upcoming_block(site))


def _upcoming_block(site: Site) -> str:
    dues = due_within(upcoming_of(site), site.today)
    return site.r._render(
        "upcoming.html.j2",
        places.UPCOMING_FILE,  # links start from the site's root (``root``), not from here
        root=ROOT_PLACEHOLDER,
        dues=dues[:SHOWN],
        more=len(dues) > SHOWN,
        calendar=places.url(places.CALENDAR, "", site.context.directory_urls),
        today=site.today,
        window=WINDOW_DAYS,
    )


def _month_key(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def calendar_rows(site: Site, events: list[CareEvent]) -> dict[str, list[CalendarRow]]:
    """Each month's rows (``2026-12``), from today on first, then those past (marked)."""
    t = site.t
    today = site.today
    yearly = t("yearly")
    horizon: list[tuple[int, int]] = []
    for n in range(HORIZON_MONTHS):
        year, month = divmod(today.month - 1 + n, 12)
        horizon.append((today.year + year, month + 1))
    months: dict[str, list[CalendarRow]] = {f"{y:04d}-{m:02d}": [] for y, m in horizon}
    for e in events:
        texts = (event_title(t, e), e.client_name, e.client_id, e.anchor, event_kind(t, e))
        if e.day is not None:
            months.setdefault(_month_key(e.day), []).append(
                CalendarRow(e.day.isoformat(), *texts, e.day, e.day < today)
            )
            continue
        month, day = (int(part) for part in str(e.month_day).split("-"))
        for year, _ in (h for h in horizon if h[1] == month):
            try:
                when = dt.date(year, month, day)
            except ValueError:  # 02-29 outside a leap year: at the month's end, as it is
                when, shown = dt.date(year, month, 28), f"{e.month_day} ({yearly})"
            else:
                shown = f"{when.isoformat()} ({yearly})"
            months[_month_key(when)].append(CalendarRow(shown, *texts, when, when < today))
    for rows in months.values():
        rows.sort(key=lambda r: (r.past, r.day, r.client_name, r.title))
    return dict(sorted(months.items()))


class MonthPart(NamedTuple):
    """One calendar page: a month's part."""

    path: str
    key: str
    part: int
    parts: int
    rows: list[CalendarRow]


def month_parts(rows_by_month: dict[str, list[CalendarRow]], today: dt.date) -> list[MonthPart]:
    current = _month_key(today)
    parts: list[MonthPart] = []
    for key, rows in rows_by_month.items():
        chunks = [rows[i : i + MONTH_ROWS] for i in range(0, len(rows), MONTH_ROWS)] or [[]]
        for n, chunk in enumerate(chunks, start=1):
            first = key == current and n == 1
            path = places.CALENDAR if first else places.calendar_month(key, n)
            parts.append(MonthPart(path, key, n, len(chunks), chunk))
    return parts


def calendar(site: Site, events: list[CareEvent]) -> list[GeneratedPage]:
    """The calendar's pages: the current month's (the calendar's own page), and the others'."""
    t = site.t
    directory_urls = site.context.directory_urls
    names = get_month_names("wide", locale=site.r.fmt.locale)
    parts = month_parts(calendar_rows(site, events), site.today)
    current = _month_key(site.today)

    def month_label(key: str) -> str:
        year, month = (int(part) for part in key.split("-"))
        return t("calendar_month", year=year, month=month, month_name=names[month])

    first_of = {part.key: part.path for part in reversed(parts)}  # each month's first part
    keys = sorted(first_of)
    pages = []
    for i, part in enumerate(parts):
        here = part.path
        root = raw_html.href(here, "index.md", "", directory_urls)
        root = "" if root == "./" else root

        def link(target: str, anchor: str = "", here: str = here) -> str:
            return raw_html.href(here, target, anchor, directory_urls)

        label = month_label(part.key)
        title = t("calendar") if here == places.CALENDAR else f"{t('calendar')} · {label}"
        if part.parts > 1:
            share = t("calendar_part", part=part.part, parts=part.parts)
            label = f"{label} ({share})"
        pages.append(
            site.page(
                here,
                "calendar.md.j2",
                title,
                t("calendar_intro"),
                # Every date is also on its client's page, which is where a search should lead.
                searchable=False,
                month_label=label,
                month_key=part.key,
                rows=[r for r in part.rows if not r.past],
                past=[r for r in part.rows if r.past],
                months=[
                    (month_label(k), link(first_of[k]), k == part.key, k < current) for k in keys
                ],
                previous=(
                    (t("calendar_previous"), link(parts[i - 1].path), month_label(parts[i - 1].key))
                    if i > 0
                    else None
                ),
                following=(
                    (t("calendar_next"), link(parts[i + 1].path), month_label(parts[i + 1].key))
                    if i + 1 < len(parts)
                    else None
                ),
                account=lambda client_id, anchor, root=root: (
                    root + places.url(places.account(client_id), anchor, directory_urls)
                ),
                cell=raw_html.cell,
                upcoming=upcoming_block(site).replace(ROOT_PLACEHOLDER, root)
                if here == places.CALENDAR
                else "",
            )
        )
    return pages


def colleagues_accounts(handbook: Handbook) -> dict[str, set[str]]:
    """The clients each colleague leads or serves (``team.lead``, ``team.members``), by name:
    the people of the team pages (``team.our_team``) who have a calendar of their own."""
    accounts: dict[str, set[str]] = {}
    for client_id, entry in handbook.clients.items():
        team = entry.data.team
        for name in (team.lead, *(member.name for member in team.members)):
            accounts.setdefault(name, set()).add(client_id)
    return accounts


def colleague_feeds(site: Site, events: list[CareEvent]) -> list[Feed]:
    """Each colleague's calendar: the events of the clients they lead or serve, in the
    whole calendar's order."""
    by_client: dict[str, list[int]] = {}
    for i, event in enumerate(events):
        by_client.setdefault(event.client_id, []).append(i)
    return [
        Feed(
            places.person_calendar(name),
            site.t("calendar_of_person", name=name),
            tuple(sorted(i for client_id in clients for i in by_client.get(client_id, ()))),
        )
        for name, clients in sorted(colleagues_accounts(site.handbook).items())
    ]


def calendar_file(site: Site, events: list[CareEvent]) -> PendingCalendar:
    """Start writing ``calendar/playbook.ics`` and each colleague's calendar file
    (see :class:`PendingCalendar`).

    Each event links to its place on its client's page: its URL when the site says where
    it lives (``site_url``), and in its description, there or from the site's root.
    """
    t = site.t
    site_url = site.context.site_url

    def page_of(event: CareEvent) -> str:
        page = places.url(
            places.account(event.client_id), event.anchor, site.context.directory_urls
        )
        return f"{site_url.rstrip('/')}/{page}" if site_url else page

    def url_of(event: CareEvent) -> str | None:
        return page_of(event) if site_url else None

    def summary_of(event: CareEvent) -> str:
        return f"{event.client_name} · {event_title(t, event, prefixed=True)}"

    def description_of(event: CareEvent) -> str:
        page = t("calendar_event_page", address=page_of(event))
        return f"{event.client_name} · {event_kind(t, event)}\n{page}"

    def alarm_of(event: CareEvent) -> str:
        return t("calendar_reminder", summary=summary_of(event))

    ical = ical_events(events, summary_of, url_of, description_of, alarm_of)
    feeds = colleague_feeds(site, events)
    name = t("calendar")
    cache = site.r.cache
    if cache is None:
        return PendingCalendar(ical, name, feeds=feeds)
    # Under serve a save changes a few events at most: only those are serialized
    # again, here (faster than starting the second process).
    kept = cache.setdefault(("calendar", places.CALENDAR_FILE), {})
    return PendingCalendar(ical, name, data=to_icals(ical, name, feeds, kept), feeds=feeds)


def calendar_page(pending: PendingCalendar) -> GeneratedPage:
    return GeneratedPage(places.CALENDAR_FILE, pending.result().decode("utf-8"))


def feed_pages(pending: PendingCalendar) -> list[GeneratedPage]:
    """Each colleague's calendar file."""
    return [GeneratedPage(feed.path, data.decode("utf-8")) for feed, data in pending.feed_results()]


def pages(site: Site, events: list[CareEvent]) -> list[GeneratedPage]:
    """The data file of coming dates and the calendar page (the file: :func:`calendar_file`)."""
    return [*upcoming_files(site), *calendar(site, events)]
