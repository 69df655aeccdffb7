"""Care dates across all accounts: one list of events, as a page and as an iCalendar file."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import icalendar
from icalendar.prop import vDate, vDatetime, vRecur, vText, vUri

if TYPE_CHECKING:  # the calendar writer's process imports this module: keep it light
    from ..format.model import Client
    from ..reading.loader import Handbook

log = logging.getLogger("mkdocs.plugins.playbook")


class EventKind(str, Enum):
    """What a calendar event comes from."""

    date = "date"  # an entry of a client's dates[]
    birthday = "birthday"  # a contact's birthday
    milestone = "milestone"  # a project milestone's due date


@dataclass(frozen=True)
class CareEvent:
    """One date worth remembering; ``month_day`` is set for yearly events, ``day`` for one-off ones."""

    client_id: str
    client_name: str
    title: str
    kind: EventKind
    anchor: str
    day: dt.date | None = None
    month_day: str | None = None
    date_kind: Enum | None = None

    @property
    def first_day(self) -> dt.date:
        """The event's day; a yearly one's in 2000, a leap year (so 02-29 exists)."""
        if self.day:
            return self.day
        month, day = (int(part) for part in str(self.month_day).split("-"))
        return dt.date(2000, month, day)

    @property
    def month(self) -> int:
        return self.first_day.month

    @property
    def sort_key(self) -> tuple[int, int, int, str]:
        first = self.first_day
        return (first.month, first.day, self.day.year if self.day else 0, self.title)

    @property
    def uid(self) -> str:
        """Stable across builds, so calendar apps update events instead of duplicating them."""
        key = f"{self.client_id}|{self.kind.value}|{self.day or self.month_day}|{self.title}"
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:20] + "@playbook"


def client_events(client_id: str, client: Client) -> list[CareEvent]:
    """One client's dates[] entries, contact birthdays and milestone due dates."""
    events: list[CareEvent] = []
    for item in client.dates:
        yearly = isinstance(item.date, str)
        events.append(
            CareEvent(
                client_id,
                client.name,
                item.title,
                EventKind.date,
                "dates",
                day=None if yearly else item.date,  # type: ignore[arg-type]
                month_day=item.date if yearly else None,  # type: ignore[arg-type]
                date_kind=item.kind,
            )
        )
    # One event per person per day: a dates[] birthday of a contact stands for that
    # contact's own birthday field when both give the same day.
    noted = {
        (item.contact, item.date)
        for item in client.dates
        if item.contact and item.kind is not None and item.kind.value == "birthday"
    }
    for contact in client.contacts:
        if contact.birthday and (contact.id, contact.birthday) not in noted:
            events.append(
                CareEvent(
                    client_id,
                    client.name,
                    contact.name,
                    EventKind.birthday,
                    f"contact-{contact.id}",
                    month_day=contact.birthday,
                )
            )
    from ..format.rules import is_open, running_projects  # (not at the top: see above)

    for project in running_projects(client.projects):
        for milestone in project.milestones:
            if milestone.due and is_open(milestone):
                events.append(
                    CareEvent(
                        client_id,
                        client.name,
                        f"{project.name}: {milestone.name}",
                        EventKind.milestone,
                        f"project-{project.id}",
                        day=milestone.due,
                    )
                )
    return events


def care_events(handbook: Handbook) -> list[CareEvent]:
    """Every client's care events, in calendar order (month, day, year, title)."""
    events = [
        event
        for client_id, entry in handbook.clients.items()
        for event in client_events(client_id, entry.data)
    ]
    events.sort(key=lambda event: event.sort_key)
    return events


def by_month(events: list[CareEvent]) -> list[tuple[int, list[CareEvent]]]:
    """Events grouped by calendar month (1-12), months without events left out."""
    months: dict[int, list[CareEvent]] = {}
    for event in events:
        months.setdefault(event.month, []).append(event)
    return sorted(months.items())


@dataclass(frozen=True)
class IcalEvent:
    """What the calendar file says about one event: plain values, cheap to send to a process."""

    uid: str
    summary: str
    start: dt.date
    yearly: bool
    url: str | None = None


def ical_events(
    events: list[CareEvent],
    summary_of: Callable[[CareEvent], str],
    url_of: Callable[[CareEvent], str | None],
) -> list[IcalEvent]:
    """The file's view of the events; yearly ones recur from their day in 2000."""
    return [
        IcalEvent(event.uid, summary_of(event), event.first_day, event.day is None, url_of(event))
        for event in events
    ]


def _ical_event(event: IcalEvent, stamp: vDatetime, yearly: vRecur) -> icalendar.Event:
    item = icalendar.Event()
    item["uid"] = vText(event.uid)
    item["dtstamp"] = stamp
    item["summary"] = vText(event.summary)
    start = vDate(event.start)
    start.params["VALUE"] = "DATE"  # RFC 5545 3.3.4: a date, not a date-time, must say so
    item["dtstart"] = start
    if event.yearly:
        item["rrule"] = yearly
    # No DTEND: an event whose DTSTART is a date lasts that one day (RFC 5545 3.6.1).
    if event.url:
        item["url"] = vUri(event.url)
    return item


def to_ical(
    events: list[IcalEvent], calendar_name: str, kept: dict[IcalEvent, bytes] | None = None
) -> bytes:
    """An iCalendar file; yearly dates recur every year from their first possible year.

    Each event is serialized by icalendar on its own and dropped, instead of building
    one Calendar object of all of them: the bytes are the same (a test compares them),
    but a 12,000-event calendar no longer holds some 150 MB of property objects.
    ``kept`` (under serve) holds each event's bytes from the last build: only new or
    changed events are serialized again, and events no longer in the file are let go.
    """
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Playbook//Account handbook//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", calendar_name)
    # Property objects are built directly and shared where equal: Component.add()
    # converts every value anew, which doubles the cost of a large calendar.
    stamp = vDatetime(dt.datetime(2000, 1, 1, tzinfo=dt.UTC))  # reproducible builds
    yearly = vRecur(freq="yearly")
    head = cal.to_ical()
    end = b"END:VCALENDAR\r\n"
    parts = [head.removesuffix(end)]
    known = kept or {}
    now: dict[IcalEvent, bytes] = {}
    for event in events:
        data = known.get(event) or _ical_event(event, stamp, yearly).to_ical()
        now[event] = data
        parts.append(data)
    if kept is not None:
        kept.clear()
        kept.update(now)
    parts.append(end)
    return b"".join(parts)


BACKGROUND_FROM = 2_000
"""Calendars with at least this many events are written by a second process."""


class PendingCalendar:
    """A calendar file being written, by a second process when it is large.

    icalendar needs about 0.14 ms per event (12,000 events at 1,000 clients: 1.6 s),
    while MkDocs and the page templates use one core. A large calendar is therefore
    written by ``python -m generator.pages.care_calendar`` while this process renders the
    pages; ``result()`` waits for it. The events go to it, and the file comes back,
    through a temporary folder. Small calendars, one-core machines and any failure of
    that process fall back to writing the file here, with the same bytes.
    """

    def __init__(
        self,
        events: list[IcalEvent],
        calendar_name: str,
        background_from: int = BACKGROUND_FROM,
        data: bytes | None = None,
    ):
        self.events = events
        self.calendar_name = calendar_name
        self._data = data
        """The file's bytes once known (``data``: already written, e.g. by an earlier build)."""
        self._process: subprocess.Popen[bytes] | None = None
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        if data is not None or len(events) < background_from or (os.cpu_count() or 1) < 2:
            return
        try:
            self._folder = tempfile.TemporaryDirectory(prefix="playbook-calendar-")
            folder = Path(self._folder.name)
            write_job(events, calendar_name, folder)
            package_parent = str(Path(__file__).resolve().parents[2])
            path = os.environ.get("PYTHONPATH")
            env = {
                **os.environ,
                "PYTHONPATH": os.pathsep.join(filter(None, [package_parent, path])),
            }
            self._process = subprocess.Popen(
                [sys.executable, "-m", "generator.pages.care_calendar", str(folder)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                env=env,
            )
        except OSError:
            self.close()

    @property
    def in_background(self) -> bool:
        return self._process is not None

    def result(self) -> bytes:
        if self._data is None and self._process is not None and self._folder is not None:
            _, errors = self._process.communicate()
            output = Path(self._folder.name) / "calendar.ics"
            if self._process.returncode == 0 and output.is_file():
                self._data = output.read_bytes()
            else:  # pragma: no cover - the fallback below writes the same file
                log.debug("calendar writer failed (%s): %s", self._process.returncode, errors)
            self.close()
        if self._data is None:
            self._data = to_ical(self.events, self.calendar_name)
        return self._data

    def close(self) -> None:
        """Stop the writer process (if any) and remove its folder."""
        process, self._process = self._process, None
        if process is not None:
            if process.poll() is None:
                process.kill()
            process.wait()
            if process.stderr is not None:
                process.stderr.close()
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None

    def __enter__(self) -> PendingCalendar:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def write_job(events: list[IcalEvent], calendar_name: str, folder: Path) -> None:
    """What the writer process reads: ``events.json`` in ``folder``."""
    job = {
        "name": calendar_name,
        "events": [[e.uid, e.summary, e.start.isoformat(), e.yearly, e.url] for e in events],
    }
    (folder / "events.json").write_text(json.dumps(job, ensure_ascii=False), encoding="utf-8")


def _write_calendar(folder: Path) -> None:
    """The second process: ``events.json`` in ``folder`` → ``calendar.ics`` beside it."""
    job = json.loads((folder / "events.json").read_text("utf-8"))
    events = [
        IcalEvent(uid, summary, dt.date.fromisoformat(start), yearly, url)
        for uid, summary, start, yearly, url in job["events"]
    ]
    partial = folder / "calendar.ics.partial"
    partial.write_bytes(to_ical(events, job["name"]))
    partial.rename(folder / "calendar.ics")


if __name__ == "__main__":
    _write_calendar(Path(sys.argv[1]))
