"""The calendar page and its iCalendar file, in a real strict build of the sample."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import icalendar
from synthetic import write_handbook as write_synthetic  # bench/, on the path (conftest)

from generator.format.rules import is_open, is_running
from generator.pages import calendar_pages
from generator.pages.care_calendar import care_events
from generator.pages.handbook import render_handbook
from generator.pages.site import SiteContext
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


def test_calendar_page_starts_at_today_and_marks_past_dates(sample_site: Path) -> None:
    """Built on 2026-11-21: the page is November's, the coming dates first; the month's
    earlier ones follow, marked as past in words; the other months are pages of their own."""
    html = page_html(sample_site, "calendar")
    text = page_text(html)
    assert 'href="playbook.ics"' in html
    month = text[text.index("2026 年 11 月¶") :]
    coming, past = month.split("已过去的日期¶")
    assert "2026-11-30" in coming and "(已过去)" not in coming
    assert "2026-11-10 (已过去) 冷泡茶全国上市: 上市发布会" in past
    assert html.count('<tr class="pb-past"') == past.count("(已过去)") >= 2
    assert html.count("<tr ") == html.count("data-client=") - html.count("<li data-client=")
    assert 'data-client="dingsheng-beverage"' in html
    # the months, in order, this one the current page; earlier months look past
    months = re.search(r'<nav class="pb-months".*?</nav>', html, re.DOTALL).group(0)
    assert (
        months.index("2026 年 5 月") < months.index("2026 年 11 月") < months.index("2027 年 10 月")
    )
    assert re.search(r'aria-current="page">2026 年 11 月<', months)
    assert re.search(r'<li class="pb-past"><a href="months/2026-05/">', months)
    assert 'href="months/2026-12/" rel="next"' in html
    # a yearly date is on its month's page in the coming twelve months, with the year
    august = page_html(sample_site, "calendar/months/2027-08")
    assert "2027-08-16 (每年)" in page_text(august) and "蒋思琪生日" in page_text(august)
    assert 'href="../2027-07/" rel="prev"' in august and 'href="../2027-09/" rel="next"' in august
    assert 'href="../../../accounts/dingsheng-beverage/#' in august
    assert 'href="../../playbook.ics"' in august
    assert "(已过去)" not in page_text(august)
    assert "(已过去)" in page_text(page_html(sample_site, "calendar/months/2026-05"))


def test_a_long_month_is_split_into_parts_and_the_list_is_short(
    monkeypatch, tmp_path: Path
) -> None:
    """Each page holds at most MONTH_ROWS dates, whatever the handbook's size."""
    monkeypatch.setattr(calendar_pages, "MONTH_ROWS", 10)
    monkeypatch.setattr(calendar_pages, "SHOWN", 3)
    handbook = load_handbook(write_synthetic(tmp_path / "h60", 60))
    blocks: dict[str, str] = {}
    context = SiteContext(today=dt.date(2026, 11, 21))
    pages = render_handbook(handbook, "zh", None, context, blocks=blocks)
    # the build day's list shows the first SHOWN entries, and where to find the others
    (block,) = blocks.values()
    assert block.count("<li data-client=") == 3 and 'class="pb-upcoming-more"' in block
    calendar = {path: p.markdown for path, p in pages.items() if path.startswith("calendar/")}
    assert all(md.count("<tr ") <= 10 for path, md in calendar.items() if path.endswith(".md"))
    second = calendar["calendar/months/2026-11-2.md"]
    assert "2026 年 11 月 (第 2/" in second
    assert 'href="../../" rel="prev"' in second  # back to part 1: the calendar's own page
