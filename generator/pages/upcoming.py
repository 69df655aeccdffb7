"""What is coming up: care dates and open milestones of the next days, and what is overdue.

The list is computed twice from the same data: at build time, so that it shows with
JavaScript off, and in the reader's browser on the day they read it
(``assets/playbook/playbook.js``), so that a site built last month still shows the right
list today. Both follow the rules here:

- a care date (dates[], birthdays) shows when its next day is within the window;
- a milestone shows when it is open (not done) in a project that is neither done nor
  cancelled, and due within the window, or already overdue (due before today).

Both show the first :data:`SHOWN` entries (overdue first, oldest first, then the window
by day); "more" shows as many again. The browser's data is split so that a reader
fetches a few small files whatever the handbook's size (``calendar/upcoming/``):
``index.json`` (the words, and for each day where its items start in each stream) and
the items, :data:`PAGE_ITEMS` to a file, in three sorted streams — open milestones by
due day (``m0.json``…), one-off care dates by day (``d0.json``…), yearly ones by
``MM-DD`` (``y0.json``…).
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
from dataclasses import dataclass, fields

from ..format.rules import is_open, running_projects
from ..reading.loader import Handbook
from . import places
from .care_calendar import EventKind, client_events
from .glance import next_yearly

WINDOW_DAYS = 30
SHOWN = 20
"""Entries the list shows at first (and each "more" adds): the list weighs the same for
eight clients as for ten thousand."""
PAGE_ITEMS = 40
"""Items in each data file the browser fetches."""
INDEX_DAYS = 1100
"""How many days from the build day the data's day index covers (about three years)."""
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
    client_id: str = ""
    """The client's id (``data-client`` of the entry: the "my clients" filter reads it)."""


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
                    client_id=client_id,
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
                        client_id=client_id,
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


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _leap_rank(month_day: str) -> int:
    """``MM-DD``'s day of a leap year, from 0 (``01-01``) to 365 (``12-31``)."""
    month, day = (int(part) for part in month_day.split("-"))
    return (dt.date(2000, month, day) - dt.date(2000, 1, 1)).days


def _stream(items: list[UpcomingItem], keys: list[int], starts: range) -> tuple[dict, list]:
    """The stream's index (``pages``; ``at[i]``: the file holding its first item whose key
    is ``starts[i]`` or later) and its files' contents, items sorted by ``keys``."""
    pages = [
        [_compact(item) for item in items[first : first + PAGE_ITEMS]]
        for first in range(0, len(items), PAGE_ITEMS)
    ]
    # past its last item: no file (a stream read on from there, yearly, starts again at 0)
    firsts = (bisect.bisect_left(keys, key) for key in starts)
    at = [first // PAGE_ITEMS if first < len(keys) else len(pages) for first in firsts]
    return {"pages": len(pages), "at": at}, pages


def data_files(items: list[UpcomingItem], labels: dict[str, str], built: dt.date) -> dict[str, str]:
    """The browser's data (``calendar/upcoming/…``), by path: see the module's description."""
    by_title = lambda item: (item.client, item.title)  # noqa: E731
    dated = sorted((i for i in items if i.day), key=lambda i: (str(i.day), *by_title(i)))
    yearly = sorted(
        (i for i in items if i.month_day), key=lambda i: (str(i.month_day), *by_title(i))
    )
    index: dict[str, object] = {
        "built": built.isoformat(),
        "window": WINDOW_DAYS,
        "shown": SHOWN,
        "labels": labels,
    }
    files: dict[str, str] = {}
    streams: dict[str, object] = {}
    for name, chosen in (
        ("m", [i for i in dated if i.milestone]),
        # a one-off care date before the build day is never shown again: not written
        ("d", [i for i in dated if not i.milestone and str(i.day) >= built.isoformat()]),
    ):
        keys = [dt.date.fromisoformat(str(i.day)).toordinal() for i in chosen]
        last = max(keys, default=0)
        span = max(0, min(INDEX_DAYS, last - built.toordinal() + 2))
        streams[name], pages = _stream(
            chosen, keys, range(built.toordinal(), built.toordinal() + span)
        )
        files.update(
            {f"{places.UPCOMING_FOLDER}/{name}{n}.json": _json(p) for n, p in enumerate(pages)}
        )
    keys = [_leap_rank(str(i.month_day)) for i in yearly]
    streams["y"], pages = _stream(yearly, keys, range(366))
    files.update({f"{places.UPCOMING_FOLDER}/y{n}.json": _json(p) for n, p in enumerate(pages)})
    index["streams"] = streams
    files[places.UPCOMING_FILE] = _json(index)
    return files


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
