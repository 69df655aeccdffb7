"""The calendar file: written here for small calendars, by a second process for large ones."""

from __future__ import annotations

import sys
from pathlib import Path

import icalendar
import pytest

from generator.care_calendar import PendingCalendar, care_events, ical_events, to_ical
from generator.loader import load_handbook
from tests.conftest import REPO


@pytest.fixture(scope="module")
def events():
    handbook = load_handbook(REPO)
    found = care_events(handbook)
    return ical_events(found, lambda e: f"{e.client_name} · {e.title}", lambda e: None)


def test_small_calendars_are_written_here(events) -> None:
    with PendingCalendar(events, "日历") as pending:
        assert not pending.in_background
        assert pending.result() == to_ical(events, "日历")


def test_large_calendars_come_from_a_second_process_with_the_same_bytes(events) -> None:
    with PendingCalendar(events, "日历", background_from=1) as pending:
        assert pending.in_background
        data = pending.result()
    assert data == to_ical(events, "日历")
    parsed = icalendar.Calendar.from_ical(data)
    assert len(parsed.walk("VEVENT")) == len(events)


def test_a_writer_that_cannot_start_falls_back_to_this_process(events, monkeypatch) -> None:
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")
    with PendingCalendar(events, "日历", background_from=1) as pending:
        assert not pending.in_background
        assert pending.result() == to_ical(events, "日历")


def test_a_writer_that_fails_falls_back_to_this_process(events, monkeypatch) -> None:
    monkeypatch.setenv("PYTHONPATH", "")
    monkeypatch.setattr(sys, "executable", "/bin/false")
    with PendingCalendar(events, "日历", background_from=1) as pending:
        assert pending.in_background
        assert pending.result() == to_ical(events, "日历")


def test_closing_an_unfinished_writer_leaves_no_process_or_folder(events) -> None:
    pending = PendingCalendar(events * 50, "日历", background_from=1)
    process, folder = pending._process, pending._folder
    assert process is not None and folder is not None
    pending.close()
    assert process.poll() is not None
    assert not Path(folder.name).exists()


def test_event_by_event_file_equals_one_calendar_object(events) -> None:
    """to_ical serializes events one at a time; the bytes must equal icalendar's own
    serialization of one Calendar holding them all."""
    import datetime as dt

    from icalendar.prop import vDatetime, vRecur

    from generator.care_calendar import _ical_event

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Playbook//Account handbook//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "日历")
    stamp = vDatetime(dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc))
    for event in events:
        calendar.add_component(_ical_event(event, stamp, vRecur(freq="yearly")))
    assert to_ical(events, "日历") == calendar.to_ical()
    assert len(events) > 20
