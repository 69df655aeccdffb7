"""The calendar file: written here for small calendars, by a second process for large ones."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import icalendar
import pytest

from generator.pages.care_calendar import PendingCalendar, care_events, ical_events, to_ical
from generator.reading.loader import load_handbook
from tests.conftest import REPO, copy_sample, run_cli, run_js_check


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

    from generator.pages.care_calendar import _ical_event

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Playbook//Account handbook//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "日历")
    stamp = vDatetime(dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    for event in events:
        calendar.add_component(_ical_event(event, stamp, vRecur(freq="yearly")))
    assert to_ical(events, "日历") == calendar.to_ical()
    assert len(events) > 15


def _read_with_icaljs(path: Path, first_year: int, last_year: int) -> list[dict]:
    result = run_js_check("read-calendar.mjs", str(path), str(first_year), str(last_year))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_mozillas_parser_reads_every_event_and_expands_every_yearly_one(sample_site) -> None:
    """ical.js (Thunderbird's parser) is strict where Python's parsers are lenient."""
    events = _read_with_icaljs(sample_site / "calendar" / "playbook.ics", 2026, 2028)
    expected = care_events(load_handbook(sample_site.parent))
    assert len(events) == len(expected)
    assert all(event["isDate"] for event in events)  # all-day: DTSTART;VALUE=DATE
    for event in events:
        if event["recurring"]:
            years = {occurrence[:4] for occurrence in event["occurrences"]}
            leap_day = event["start"].endswith("-02-29")
            assert years == ({"2028"} if leap_day else {"2026", "2027", "2028"}), event
    assert any(e["recurring"] for e in events) and any(not e["recurring"] for e in events)


def test_the_checker_refuses_a_date_without_value_date(tmp_path) -> None:
    """The defect the strict parser exists to catch (so its passing above means something)."""
    path = tmp_path / "old.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a\r\n"
        "DTSTAMP:20000101T000000Z\r\nSUMMARY:x\r\nDTSTART:20000110\r\nRRULE:FREQ=YEARLY\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    result = run_js_check("read-calendar.mjs", str(path), "2026", "2027")
    assert result.returncode != 0 and "invalid date-time" in result.stderr


def test_one_event_per_person_per_day(sample_site) -> None:
    """A contact's birthday and a dates[] birthday of that contact are one event."""
    handbook = load_handbook(sample_site.parent)
    events = care_events(handbook)
    dingsheng = [
        e for e in events if e.client_id == "dingsheng-beverage" and e.month_day == "08-16"
    ]
    assert len(dingsheng) == 1 and dingsheng[0].title == "蒋思琪生日"
    people_days = [
        (e.client_id, e.anchor if e.kind.value == "birthday" else e.title, e.first_day)
        for e in events
        if e.kind.value == "birthday"
        or (e.date_kind is not None and e.date_kind.value == "birthday")
    ]
    assert len(people_days) == len(set(people_days))


def test_kept_events_give_the_same_file_and_only_changed_events_are_serialized(
    events, monkeypatch
) -> None:
    """Under serve the file is rebuilt from each event's bytes of the last build."""
    import dataclasses

    from generator.pages import care_calendar

    kept: dict = {}
    assert to_ical(events, "日历", kept) == to_ical(events, "日历")
    assert len(kept) == len(set(events))
    renamed = [
        dataclasses.replace(e, summary=e.summary + " 改名") if i == 0 else e
        for i, e in enumerate(events)
    ]
    serialized = []
    real = care_calendar._ical_event
    monkeypatch.setattr(
        care_calendar, "_ical_event", lambda e, *a: serialized.append(e) or real(e, *a)
    )
    assert to_ical(renamed, "日历", kept) == to_ical(renamed, "日历", None)
    assert serialized[:1] == [renamed[0]] and len(serialized) == 1 + len(renamed)
    assert events[0] not in kept  # what is no longer in the file is let go
    icalendar.Calendar.from_ical(to_ical(renamed, "日历", kept))


@pytest.mark.parametrize(
    ("directory_urls", "address"),
    [
        (True, "https://handbook.agency.example/accounts/dingsheng-beverage/#dates"),
        (False, "https://handbook.agency.example/accounts/dingsheng-beverage.html#dates"),
    ],
)
def test_calendar_links_follow_the_sites_urls(tmp_path, directory_urls: bool, address: str) -> None:
    """A subscriber's calendar links each event to its client page, as the site names pages."""
    root = copy_sample(tmp_path / "handbook")
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8")
        + "site_url: https://handbook.agency.example/\n"
        + f"use_directory_urls: {str(directory_urls).lower()}\n",
        encoding="utf-8",
    )
    assert run_cli("build", "--root", str(root)).exit_code == 0
    calendar = icalendar.Calendar.from_ical((root / "site/calendar/playbook.ics").read_bytes())
    urls = {str(event.get("url")) for event in calendar.walk("VEVENT")}
    assert address in urls
    page = address.removeprefix("https://handbook.agency.example/").split("#")[0]
    assert (root / "site" / (page + "index.html" if page.endswith("/") else page)).is_file()
