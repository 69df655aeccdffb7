"""The calendar page and its iCalendar file, in a real strict build of the sample."""

from __future__ import annotations

from pathlib import Path

import icalendar

from generator.format.rules import is_open, is_running
from generator.pages.care_calendar import care_events
from generator.reading.loader import load_handbook
from tests.conftest import (
    REPO,
    page_html,
    page_text,
)

SAMPLE = load_handbook(REPO)


def test_calendar_file_parses_back_with_every_event(sample_site: Path) -> None:
    calendar = icalendar.Calendar.from_ical((sample_site / "calendar/playbook.ics").read_bytes())
    events = calendar.walk("VEVENT")
    noted = {
        (e.id, d.contact, d.date)
        for e in SAMPLE.clients.values()
        for d in e.data.dates
        if d.contact and d.kind and d.kind.value == "birthday"
    }
    expected = (
        sum(len(e.data.dates) for e in SAMPLE.clients.values())
        + sum(
            1
            for e in SAMPLE.clients.values()
            for c in e.data.contacts
            if c.birthday and (e.id, c.id, c.birthday) not in noted
        )
        + sum(
            1
            for e in SAMPLE.clients.values()
            for p in e.data.projects
            for m in p.milestones
            if m.due and is_running(p) and is_open(m)  # what is still to come
        )
    )
    assert len(events) == expected == len(care_events(SAMPLE))
    by_summary = {str(event["summary"]): event for event in events}
    assert noted  # the sample has a contact's birthday also in dates[]: one event, not two
    birthday = by_summary["鼎盛饮料集团 · 蒋思琪生日"]
    assert birthday["rrule"]["FREQ"] == ["YEARLY"]
    assert birthday.decoded("dtstart").strftime("%m-%d") == "08-16"
    renewal = by_summary["青峰汽车 · 年框合同续约"]
    assert "rrule" not in renewal and str(renewal.decoded("dtstart")) == "2026-12-31"
    assert "鼎盛饮料集团 · 里程碑: 冷泡茶全国上市: 上市发布会" in by_summary
    assert len({str(event["uid"]) for event in events}) == len(events)


def test_calendar_page_by_month(sample_site: Path) -> None:
    text = page_text(page_html(sample_site, "calendar"))
    assert text.index("1 月") < text.index("3 月") < text.index("12 月")
    assert "蒋思琪生日" in text and "08-16 (每年)" in text
    assert 'href="playbook.ics"' in page_html(sample_site, "calendar")
