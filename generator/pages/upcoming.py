"""What is coming up: care dates and open milestones of the next days, and what is overdue.

The list is computed twice from the same data file (``calendar/upcoming.json``): at build
time, so that it shows with JavaScript off, and in the reader's browser on the day they
read it (``assets/playbook/playbook.js``), so that a site built last month still shows
the right list today. Both follow the rules here:

- a care date (dates[], birthdays) shows when its next day is within the window;
- a milestone shows when it is open (not done) in a project that is neither done nor
  cancelled, and due within the window, or already overdue (due before today).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, fields

from ..format.rules import is_open, running_projects
from ..reading.loader import Handbook
from . import places
from .care_calendar import EventKind, client_events
from .glance import next_yearly

WINDOW_DAYS = 30
MARKER = "<!-- playbook:upcoming -->"
"""Put this line in a hand-written page (the home page) to show the list there."""
ROOT_PLACEHOLDER = "\ue000playbook-root\ue000"
"""Stands for the way from a page to the site's root in a block rendered once for all pages."""


@dataclass(frozen=True)
class UpcomingItem:
    """One entry of the data file: a yearly ``month_day`` or a one-off ``day``."""

    title: str
    client: str
    url: str
    """Site-relative address of the entry on its client's page."""
    kind: str
    milestone: bool = False
    day: str | None = None
    month_day: str | None = None


def upcoming_items(
    handbook: Handbook, kind_label, title_of, directory_urls: bool = True
) -> list[UpcomingItem]:
    """Every care date and open milestone of the handbook, ready for the data file.

    ``kind_label(event)`` and ``title_of(event)`` give an event's texts in the handbook's
    language (the calendar page's own wording).
    """
    items: list[UpcomingItem] = []
    for client_id, entry in handbook.clients.items():
        client = entry.data
        src = places.account(client_id)
        for event in client_events(client_id, client):
            if event.kind is EventKind.milestone:
                continue
            items.append(
                UpcomingItem(
                    title_of(event),
                    client.name,
                    places.url(src, event.anchor, directory_urls),
                    kind_label(event),
                    day=event.day.isoformat() if event.day else None,
                    month_day=event.month_day,
                )
            )
        for project in running_projects(client.projects):
            for milestone in project.milestones:
                if milestone.due is None or not is_open(milestone):
                    continue
                items.append(
                    UpcomingItem(
                        f"{project.name}: {milestone.name}",
                        client.name,
                        places.url(src, f"project-{project.id}", directory_urls),
                        "",
                        milestone=True,
                        day=milestone.due.isoformat(),
                    )
                )
    return items


@dataclass(frozen=True)
class Due:
    """An item on a given day, ``days`` from today (negative: overdue)."""

    item: UpcomingItem
    day: dt.date
    days: int


def due_within(items: list[UpcomingItem], today: dt.date, window: int = WINDOW_DAYS) -> list[Due]:
    """Overdue milestones first (oldest first), then everything of the window, by day."""
    last = today + dt.timedelta(days=window)
    found: list[Due] = []
    for item in items:
        if item.month_day:
            day = next_yearly(item.month_day, today)
        else:
            day = dt.date.fromisoformat(str(item.day))
        if day is None:
            continue
        if today <= day <= last or (item.milestone and day < today):
            found.append(Due(item, day, (day - today).days))
    return sorted(found, key=lambda d: (d.day >= today, d.day, d.item.client, d.item.title))


_ITEM_FIELDS = tuple(f.name for f in fields(UpcomingItem))


def _compact(item: UpcomingItem) -> dict[str, object]:
    """The item's set fields (``asdict`` deep-copies every value: 5x slower here)."""
    values = ((name, getattr(item, name)) for name in _ITEM_FIELDS)
    return {name: value for name, value in values if value not in (None, False, "")}


def data_file(items: list[UpcomingItem], labels: dict[str, str], built: dt.date) -> str:
    """``calendar/upcoming.json``: the items, the words the script shows, the build day."""
    return json.dumps(
        {
            "built": built.isoformat(),
            "window": WINDOW_DAYS,
            "labels": labels,
            "items": [_compact(item) for item in items],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def fill_blocks(markdown: str, blocks: dict[str, str], root: str) -> str:
    """A hand-written page with each marker it holds replaced by its block.

    ``root`` is the way from the page to the site's root (``.`` or ``../..``).
    """
    for marker, block in blocks.items():
        if marker in markdown:
            prefix = "" if root in (".", "") else root.rstrip("/") + "/"
            markdown = markdown.replace(
                marker, "\n" + block.replace(ROOT_PLACEHOLDER, prefix) + "\n"
            )
    return markdown
