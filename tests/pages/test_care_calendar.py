"""The calendar file: written here for small calendars, by a second process for large ones."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import icalendar
import pytest

from generator.pages.care_calendar import (
    Feed,
    PendingCalendar,
    care_events,
    ical_events,
    to_ical,
    to_icals,
)
from generator.pages.places import person_key
from generator.reading.loader import load_handbook
from tests.conftest import (
    MINIMAL_CLIENT,
    MINIMAL_INDUSTRY,
    REPO,
    copy_sample,
    page_html,
    run_cli,
    run_js_check,
)


@pytest.fixture(scope="module")
def events():
    handbook = load_handbook(REPO)
    found = care_events(handbook)
    return ical_events(
        found,
        lambda e: f"{e.client_name} · {e.title}",
        lambda e: None,
        lambda e: f"{e.client_name}\n手册页面:accounts/{e.client_id}/#{e.anchor}",
        # long enough to be folded, with characters to escape (, ; \)
        lambda e: f"提醒:{e.client_name}, {e.title}; 还有几天 \\ " * 3,
    )


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


def test_colleague_feeds_from_the_second_process_equal_those_written_here(events) -> None:
    """The writer process writes the feeds too, from the events it serialized once."""
    feeds = [Feed("a.ics", "甲的日历", (0, 2, 5)), Feed("b.ics", "乙的日历", ())]
    with PendingCalendar(events, "日历", background_from=1, feeds=feeds) as pending:
        assert pending.in_background
        files = [data for _, data in pending.feed_results()]
        assert pending.result() == to_ical(events, "日历")
    assert files == to_icals(events, "日历", feeds)[1:]
    parsed = icalendar.Calendar.from_ical(files[0])
    assert [str(e["uid"]) for e in parsed.walk("VEVENT")] == [events[i].uid for i in (0, 2, 5)]
    assert len(parsed.walk("VALARM")) == 3


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
    # A colleague's calendar too; the description names the page for apps that show no URL.
    feed = root / "site/team" / person_key("林晓雯") / "calendar.ics"
    events = icalendar.Calendar.from_ical(feed.read_bytes()).walk("VEVENT")
    linked = [e for e in events if str(e.get("url")) == address]
    assert linked and all(address in str(e["description"]) for e in linked)
    page = address.removeprefix("https://handbook.agency.example/").split("#")[0]
    assert (root / "site" / (page + "index.html" if page.endswith("/") else page)).is_file()


def test_a_colleagues_feed_holds_their_accounts_dates_with_reminders(sample_site) -> None:
    """林晓雯 leads 鼎盛: her own calendar file, linked from her page, reminds her of its
    12-31 renewal ("start a month before") on 12-01, of a birthday three days ahead, and
    links each event back to its place in the handbook."""
    from generator.pages.calendar_pages import colleagues_accounts

    handbook = load_handbook(sample_site.parent)
    mine = colleagues_accounts(handbook)["林晓雯"]
    assert "dingsheng-beverage" in mine and len(mine) < len(handbook.clients)
    folder = f"team/{person_key('林晓雯')}"
    assert 'href="calendar.ics"' in page_html(sample_site, folder)
    events = _read_with_icaljs(sample_site / folder / "calendar.ics", 2026, 2027)
    expected = [e for e in care_events(handbook) if e.client_id in mine]
    assert [e["uid"] for e in events] == [e.uid for e in expected]
    for event in events:
        assert [a["action"] for a in event["alarms"]] == ["DISPLAY"], event
        assert event["alarms"][0]["description"].startswith("提醒:"), event
    by_summary = {e["summary"]: e for e in events}
    renewal = by_summary["鼎盛饮料集团 · 年度合同到期,需提前一个月启动续约"]
    assert renewal["start"] == "2026-12-31"
    assert renewal["alarms"][0]["at"] == "2026-12-01T09:00:00"  # 30 days ahead, 09:00
    assert "手册页面:accounts/dingsheng-beverage/#dates" in renewal["description"]
    birthday = by_summary["鼎盛饮料集团 · 蒋思琪生日"]
    assert birthday["alarms"][0]["at"].endswith("-08-13T09:00:00")  # a care date: 3 days
    assert "\n" in birthday["description"] and birthday["url"] is None  # no site_url here
    party = by_summary["鼎盛饮料集团 · 鼎盛集团年会(通常在春节前两周)"]  # remind: 14
    assert party["alarms"][0]["at"].endswith("-01-14T09:00:00")
    agency = _read_with_icaljs(sample_site / "calendar/playbook.ics", 2026, 2026)
    assert {e["uid"] for e in events} < {e["uid"] for e in agency}
    assert all(e["alarms"] for e in agency)
    calendar = page_html(sample_site, "calendar")
    assert 'href="../team/"' in calendar.split('href="playbook.ics"')[1]


def test_a_date_reminds_when_its_remind_says(handbook) -> None:
    """``remind`` (days ahead) overrides the default; 0 reminds on the day."""
    root = handbook(
        clients={
            "acme.yaml": MINIMAL_CLIENT
            + "dates:\n"
            + "  - {date: 2026-12-31, title: 续约, kind: renewal, remind: 45}\n"
            + "  - {date: '05-20', title: 节日, kind: holiday, remind: 0}\n"
            + "  - {date: 2026-06-30, title: 续约二, kind: renewal}\n"
        },
        industries={"fmcg.yaml": MINIMAL_INDUSTRY},
    )
    found = care_events(load_handbook(root))
    assert [e.lead_days for e in found] == [0, 30, 45]
    path = root / "acme.ics"
    path.write_bytes(to_ical(ical_events(found, lambda e: e.title, lambda e: None), "日历"))
    alarms = {e["summary"]: e["alarms"][0]["at"] for e in _read_with_icaljs(path, 2026, 2026)}
    assert alarms == {
        "节日": "2000-05-20T09:00:00",
        "续约二": "2026-05-31T09:00:00",
        "续约": "2026-11-16T09:00:00",
    }


def test_serve_writes_the_same_colleague_files() -> None:
    """Under serve (a cache) the feeds are put together from the kept events' bytes."""
    import datetime as dt

    from generator.pages.handbook import render_handbook
    from generator.pages.site import SiteContext

    handbook = load_handbook(REPO)
    context = SiteContext(today=dt.date(2026, 11, 21))
    plain = render_handbook(handbook, "zh", context=context)
    served = render_handbook(handbook, "zh", context=context, cache={})
    feeds = [path for path in plain if path.startswith("team/") and path.endswith(".ics")]
    assert len(feeds) > 3 and all(served[p].markdown == plain[p].markdown for p in feeds)
    assert served["calendar/playbook.ics"].markdown == plain["calendar/playbook.ics"].markdown
