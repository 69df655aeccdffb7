"""Care dates across all accounts: one list of events, as a page and as an iCalendar file."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from enum import Enum

import icalendar
from icalendar.prop import vDate, vDatetime, vRecur, vText, vUri

from .loader import Handbook


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
    def month(self) -> int:
        return self.day.month if self.day else int(str(self.month_day)[:2])

    @property
    def sort_key(self) -> tuple[int, int, int, str]:
        if self.day:
            return (self.day.month, self.day.day, self.day.year, self.title)
        month, day = (int(part) for part in str(self.month_day).split("-"))
        return (month, day, 0, self.title)

    @property
    def uid(self) -> str:
        """Stable across builds, so calendar apps update events instead of duplicating them."""
        key = f"{self.client_id}|{self.kind.value}|{self.day or self.month_day}|{self.title}"
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:20] + "@playbook"


def care_events(handbook: Handbook) -> list[CareEvent]:
    """Every dates[] entry, contact birthday and milestone due date, in one pass."""
    events: list[CareEvent] = []
    for client_id, entry in handbook.clients.items():
        client = entry.data
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
        for contact in client.contacts:
            if contact.birthday:
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
        for project in client.projects:
            for milestone in project.milestones:
                if milestone.due:
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
    events.sort(key=lambda event: event.sort_key)
    return events


def by_month(events: list[CareEvent]) -> list[tuple[int, list[CareEvent]]]:
    """Events grouped by calendar month (1-12), months without events left out."""
    months: dict[int, list[CareEvent]] = {}
    for event in events:
        months.setdefault(event.month, []).append(event)
    return sorted(months.items())


def to_ical(events: list[CareEvent], calendar_name: str, summary_of, url_of) -> bytes:
    """An iCalendar file; yearly dates recur every year from their first possible year.

    ``summary_of(event)`` gives the event's title, ``url_of(event)`` the page it links to.
    """
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Playbook//Account handbook//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", calendar_name)
    # Property objects are built directly and shared where equal: Component.add()
    # converts every value anew, which doubles the cost of a large calendar.
    stamp = vDatetime(dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc))  # reproducible builds
    yearly = vRecur(freq="yearly")
    for event in events:
        item = icalendar.Event()
        item["uid"] = vText(event.uid)
        item["dtstamp"] = stamp
        item["summary"] = vText(summary_of(event))
        if event.day:
            item["dtstart"] = vDate(event.day)
        else:
            month, day = (int(part) for part in str(event.month_day).split("-"))
            item["dtstart"] = vDate(dt.date(2000, month, day))  # 2000 is a leap year: 02-29
            item["rrule"] = yearly
        # No DTEND: an event whose DTSTART is a date lasts that one day (RFC 5545 3.6.1).
        url = url_of(event)
        if url:
            item["url"] = vUri(url)
        cal.add_component(item)
    return cal.to_ical()
