"""Care dates across all accounts: one list of events, as a page and as an iCalendar file."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import logging
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import icalendar
from icalendar.parser import Contentline, Parameters
from icalendar.prop import vDate, vDatetime, vDuration, vRecur, vText, vUri

if TYPE_CHECKING:  # the calendar writer's process imports this module: keep it light
    from ..format.model import Client
    from ..reading.loader import Handbook

log = logging.getLogger("mkdocs.plugins.playbook")

CARE_LEAD_DAYS = 3
"""How many days ahead a calendar reminds of a care date (a birthday, an anniversary)."""
RENEWAL_LEAD_DAYS = 30
"""... of a renewal: a contract is renewed over weeks, not days."""
MILESTONE_LEAD_DAYS = 7
"""... of a project milestone's due date."""
REMINDER_HOUR = 9
"""Reminders go off at this hour of their day (not at midnight, when the day starts)."""


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
    remind: int | None = None
    """The dates[] entry's own ``remind`` (days ahead), if it gives one."""

    @property
    def lead_days(self) -> int:
        """How many days ahead calendars remind of the event."""
        if self.remind is not None:
            return self.remind
        if self.kind is EventKind.milestone:
            return MILESTONE_LEAD_DAYS
        if self.date_kind is not None and self.date_kind.value == "renewal":
            return RENEWAL_LEAD_DAYS
        return CARE_LEAD_DAYS

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
                remind=item.remind,
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
    description: str | None = None
    remind: int | None = None
    """Days ahead of the event that its reminder goes off (``None``: no reminder)."""
    alarm: str | None = None
    """What the reminder says (the summary when ``None``)."""


def ical_events(
    events: list[CareEvent],
    summary_of: Callable[[CareEvent], str],
    url_of: Callable[[CareEvent], str | None],
    description_of: Callable[[CareEvent], str | None] | None = None,
    alarm_of: Callable[[CareEvent], str] | None = None,
) -> list[IcalEvent]:
    """The file's view of the events; yearly ones recur from their day in 2000.

    Every event has a reminder, ``lead_days`` ahead of it (:attr:`CareEvent.lead_days`).
    """
    return [
        IcalEvent(
            event.uid,
            summary_of(event),
            event.first_day,
            event.day is None,
            url_of(event),
            description_of(event) if description_of else None,
            event.lead_days,
            alarm_of(event) if alarm_of else None,
        )
        for event in events
    ]


@dataclass(frozen=True)
class Feed:
    """A calendar file of some of the events (a colleague's): ``events`` are their indices."""

    path: str
    name: str
    events: tuple[int, ...]


def _ical_event(
    event: IcalEvent, stamp: vDatetime, yearly: vRecur, with_alarm: bool = True
) -> icalendar.Event:
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
    if event.description:
        item["description"] = vText(event.description)
    if event.remind is not None and with_alarm:
        alarm = icalendar.Alarm()
        alarm["action"] = vText("DISPLAY")
        alarm["description"] = vText(event.alarm or event.summary)
        alarm["trigger"] = _trigger(event.remind)
        item.add_component(alarm)
    return item


@functools.lru_cache(maxsize=64)
def _trigger(remind: int) -> vDuration:
    """From the start of the (all-day) event: ``remind`` days back, then on to the hour."""
    return vDuration(dt.timedelta(days=-remind, hours=REMINDER_HOUR))


@functools.lru_cache(maxsize=64)
def _alarm_lines(remind: int) -> tuple[bytes, bytes]:
    return b"BEGIN:VALARM\r\nACTION:DISPLAY\r\n", b"TRIGGER:" + _trigger(remind).to_ical() + b"\r\n"


_END_EVENT = b"END:VEVENT\r\n"


def _event_bytes(event: IcalEvent, stamp: vDatetime, yearly: vRecur) -> bytes:
    """The event as :func:`_ical_event` serializes it, at half the cost: its reminder's
    lines are put together here (a VALARM component costs as much as its event)."""
    data = _ical_event(event, stamp, yearly, False).to_ical()
    if event.remind is None:
        return data
    begin, trigger = _alarm_lines(event.remind)
    text = vText(event.alarm or event.summary)
    description = Contentline.from_parts("DESCRIPTION", Parameters(), text).to_ical()
    alarm = b"".join([begin, description, b"\r\n", trigger, b"END:VALARM\r\n"])
    return data.removesuffix(_END_EVENT) + alarm + _END_EVENT


def _head(calendar_name: str) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Playbook//Account handbook//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", calendar_name)
    return cal.to_ical().removesuffix(_END)


_END = b"END:VCALENDAR\r\n"


def _assemble(calendar_name: str, parts: Iterable[bytes]) -> bytes:
    return b"".join([_head(calendar_name), *parts, _END])


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
    # Property objects are built directly and shared where equal: Component.add()
    # converts every value anew, which doubles the cost of a large calendar.
    stamp = vDatetime(dt.datetime(2000, 1, 1, tzinfo=dt.UTC))  # reproducible builds
    yearly = vRecur(freq="yearly")
    parts = []
    known = kept or {}
    now: dict[IcalEvent, bytes] = {}
    for event in events:
        data = known.get(event) or _event_bytes(event, stamp, yearly)
        now[event] = data
        parts.append(data)
    if kept is not None:
        kept.clear()
        kept.update(now)
    return _assemble(calendar_name, parts)


def to_icals(
    events: list[IcalEvent],
    calendar_name: str,
    feeds: Sequence[Feed] = (),
    kept: dict[IcalEvent, bytes] | None = None,
) -> list[bytes]:
    """The calendar of every event, then each feed's: an event is serialized once for all."""
    serialized: dict[IcalEvent, bytes] = {} if kept is None else kept
    whole = to_ical(events, calendar_name, serialized)
    return [
        whole,
        *(_assemble(feed.name, (serialized[events[i]] for i in feed.events)) for feed in feeds),
    ]


BACKGROUND_FROM = 2_000
"""Calendars with at least this many events are written by a second process."""


class PendingCalendar:
    """A calendar file (and its feeds) being written, by a second process when it is large.

    icalendar needs about 0.14 ms per event (12,000 events at 1,000 clients: 1.6 s),
    while MkDocs and the page templates use one core. A large calendar is therefore
    written by ``python -m generator.pages.care_calendar`` while this process renders the
    pages; ``result()`` waits for it. The events go to it, and the files come back,
    through a temporary folder. Small calendars, one-core machines and any failure of
    that process fall back to writing the files here, with the same bytes.

    ``feeds`` (each colleague's calendar) take their events' bytes from the whole
    calendar's, so they cost no serialization of their own.
    """

    def __init__(
        self,
        events: list[IcalEvent],
        calendar_name: str,
        background_from: int = BACKGROUND_FROM,
        data: list[bytes] | None = None,
        feeds: Sequence[Feed] = (),
    ):
        self.events = events
        self.calendar_name = calendar_name
        self.feeds = tuple(feeds)
        self._data = data
        """The files' bytes once known, the whole calendar's first (``data``: already
        written, e.g. by an earlier build)."""
        self._process: subprocess.Popen[bytes] | None = None
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        if data is not None or len(events) < background_from or (os.cpu_count() or 1) < 2:
            return
        try:
            self._folder = tempfile.TemporaryDirectory(prefix="playbook-calendar-")
            folder = Path(self._folder.name)
            write_job(events, calendar_name, folder, self.feeds)
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

    def _files(self) -> list[bytes]:
        if self._data is None and self._process is not None and self._folder is not None:
            _, errors = self._process.communicate()
            folder = Path(self._folder.name)
            outputs = [folder / "calendar.ics"]
            outputs += [folder / f"feed-{i}.ics" for i in range(len(self.feeds))]
            if self._process.returncode == 0 and all(path.is_file() for path in outputs):
                self._data = [path.read_bytes() for path in outputs]
            else:  # pragma: no cover - the fallback below writes the same files
                log.debug("calendar writer failed (%s): %s", self._process.returncode, errors)
            self.close()
        if self._data is None:
            self._data = to_icals(self.events, self.calendar_name, self.feeds)
        return self._data

    def result(self) -> bytes:
        """The whole calendar's file."""
        return self._files()[0]

    def feed_results(self) -> list[tuple[Feed, bytes]]:
        """Each feed and its file."""
        return list(zip(self.feeds, self._files()[1:], strict=True))

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


_ICAL_FIELDS = tuple(each.name for each in fields(IcalEvent))


def write_job(
    events: list[IcalEvent], calendar_name: str, folder: Path, feeds: Sequence[Feed] = ()
) -> None:
    """What the writer process reads: ``events.json`` in ``folder``."""
    job = {
        "name": calendar_name,
        "events": [[getattr(e, name) for name in _ICAL_FIELDS] for e in events],
        "feeds": [[feed.name, list(feed.events)] for feed in feeds],
    }
    (folder / "events.json").write_text(
        json.dumps(job, ensure_ascii=False, default=str), encoding="utf-8"
    )


def _write_calendar(folder: Path) -> None:
    """The second process: ``events.json`` in ``folder`` → ``calendar.ics`` beside it,
    and ``feed-<n>.ics`` for each feed."""
    job = json.loads((folder / "events.json").read_text("utf-8"))
    events = [
        IcalEvent(uid, summary, dt.date.fromisoformat(start), *rest)
        for uid, summary, start, *rest in job["events"]
    ]
    feeds = [Feed(f"feed-{i}.ics", name, tuple(ids)) for i, (name, ids) in enumerate(job["feeds"])]
    files = to_icals(events, job["name"], feeds)
    names = ["calendar.ics", *(feed.path for feed in feeds)]
    for name, data in zip(names, files, strict=True):
        partial = folder / f"{name}.partial"
        partial.write_bytes(data)
    # The whole calendar last: the feeds are in place once it is.
    for name in [*names[1:], names[0]]:
        (folder / f"{name}.partial").rename(folder / name)


if __name__ == "__main__":
    _write_calendar(Path(sys.argv[1]))
