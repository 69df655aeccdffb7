"""The calendar page, its iCalendar file, and the coming dates (``calendar/upcoming.json``
and the list the calendar and the home page show)."""

from __future__ import annotations

from typing import NamedTuple

from babel.dates import get_month_names

from ..format.labels import Translator
from . import places
from .care_calendar import CareEvent, EventKind, PendingCalendar, by_month, ical_events, to_ical
from .places import GeneratedPage
from .site import Site
from .upcoming import (
    ROOT_PLACEHOLDER,
    WINDOW_DAYS,
    UpcomingItem,
    data_file,
    due_within,
    upcoming_items,
)


class CalendarRow(NamedTuple):
    """One line of the calendar page."""

    date: str
    title: str
    client_name: str
    client_id: str
    anchor: str
    kind: str


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


def upcoming_file(site: Site) -> GeneratedPage:
    """The data file the pages' script computes "what is coming up" from, on the day."""
    t = site.t
    labels = {
        "glance_overdue": t("glance_overdue"),
        "glance_today": t("glance_today"),
        "glance_in_days": t("glance_in_days"),
        "upcoming_as_of": t("upcoming_as_of"),
        "none": t("upcoming_none", days=WINDOW_DAYS),
    }
    return GeneratedPage(places.UPCOMING_FILE, data_file(upcoming_of(site), labels, site.today))


def upcoming_block(site: Site) -> str:
    """The list as of the build day (what shows without JavaScript), as an HTML block,
    rendered once for the calendar and the hand-written pages that ask for it.

    ``ROOT_PLACEHOLDER`` stands for the way from the page to the site's root.
    """
    return site.once("upcoming block", lambda: _upcoming_block(site))


def _upcoming_block(site: Site) -> str:
    return site.r._render(
        "upcoming.html.j2",
        places.UPCOMING_FILE,  # links start from the site's root (``root``), not from here
        root=ROOT_PLACEHOLDER,
        dues=due_within(upcoming_of(site), site.today),
        today=site.today,
        window=WINDOW_DAYS,
    )


def calendar(site: Site, events: list[CareEvent]) -> GeneratedPage:
    t = site.t
    names = get_month_names("wide", locale=site.r.fmt.locale)
    yearly = t("yearly")
    # One row per event, its texts ready: the page lists every event of every client.
    months = [
        (
            t("month", month=month, month_name=names[month]),
            month,
            [
                CalendarRow(
                    e.day.isoformat() if e.day else f"{e.month_day} ({yearly})",
                    event_title(t, e),
                    e.client_name,
                    e.client_id,
                    e.anchor,
                    event_kind(t, e),
                )
                for e in items
            ],
        )
        for month, items in by_month(events)
    ]
    return site.page(
        places.CALENDAR,
        "calendar.md.j2",
        t("calendar"),
        t("calendar_intro"),
        # Every date is also on its client's page, which is where a search should lead.
        searchable=False,
        months=months,
        upcoming=upcoming_block(site).replace(ROOT_PLACEHOLDER, "../"),
    )


def calendar_file(site: Site, events: list[CareEvent]) -> PendingCalendar:
    """Start writing ``calendar/playbook.ics`` (see :class:`PendingCalendar`)."""
    t = site.t
    site_url = site.context.site_url

    def url_of(event: CareEvent) -> str | None:
        if not site_url:
            return None
        page = places.url(
            places.account(event.client_id), event.anchor, site.context.directory_urls
        )
        return f"{site_url.rstrip('/')}/{page}"

    def summary_of(event: CareEvent) -> str:
        return f"{event.client_name} · {event_title(t, event, prefixed=True)}"

    ical = ical_events(events, summary_of, url_of)
    name = t("calendar")
    cache = site.r.cache
    if cache is None:
        return PendingCalendar(ical, name)
    # Under serve a save changes a few events at most: only those are serialized
    # again, here (faster than starting the second process).
    kept = cache.setdefault(("calendar", places.CALENDAR_FILE), {})
    return PendingCalendar(ical, name, data=to_ical(ical, name, kept))


def calendar_page(pending: PendingCalendar) -> GeneratedPage:
    return GeneratedPage(places.CALENDAR_FILE, pending.result().decode("utf-8"))


def pages(site: Site, events: list[CareEvent]) -> list[GeneratedPage]:
    """The data file of coming dates and the calendar page (the file: :func:`calendar_file`)."""
    return [upcoming_file(site), calendar(site, events)]
