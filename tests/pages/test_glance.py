"""A client at a glance: what to know before the next call, above the full sections."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from generator.pages.care_calendar import CareEvent, EventKind
from generator.pages.glance import at_a_glance, next_occurrence
from generator.reading.loader import load_handbook
from tests.conftest import REPO, page_text


def _yearly(month_day: str) -> CareEvent:
    return CareEvent("c", "C", "x", EventKind.birthday, "a", month_day=month_day)


def test_next_occurrence_across_a_year_end_and_a_leap_day() -> None:
    assert next_occurrence(_yearly("01-02"), dt.date(2026, 12, 30)) == dt.date(2027, 1, 2)
    assert next_occurrence(_yearly("12-30"), dt.date(2026, 12, 30)) == dt.date(2026, 12, 30)
    assert next_occurrence(_yearly("02-29"), dt.date(2026, 3, 1)) == dt.date(2028, 2, 29)
    once = CareEvent("c", "C", "x", EventKind.milestone, "a", day=dt.date(2026, 5, 1))
    assert next_occurrence(once, dt.date(2026, 5, 2)) is None
    assert next_occurrence(once, dt.date(2026, 5, 1)) == dt.date(2026, 5, 1)


def test_the_glance_of_a_sample_client() -> None:
    entry = load_handbook(REPO).clients["dingsheng-beverage"]
    glance = at_a_glance(entry.id, entry.path, entry.data, dt.date(2026, 11, 21), 90)
    assert [c.name for c in glance.deciders] == ["蒋思琪"]
    assert [c.name for c in glance.blockers] == ["柯军"]
    assert glance.taboos[0].startswith("不要在任何场合提到竞品")
    assert glance.response_time_hours == 4
    (running,) = glance.projects  # the done summer campaign is not "running"
    assert running.project.id == "coldbrew-launch"
    assert running.milestone is not None and running.milestone.name == "上市发布会"
    assert running.overdue  # due 2026-11-10, not done
    assert glance.next_date is not None and glance.next_date.day == dt.date(2026, 12, 31)
    assert glance.next_date.days == 40
    assert {item.concern.value for item in glance.health} == {"milestone_late"}


def test_the_glance_comes_first_on_the_page(sample_site: Path) -> None:
    page = (sample_site / "accounts/dingsheng-beverage/index.html").read_text("utf-8")
    box = page.index('class="admonition abstract"')
    assert box < page.index('id="overview"')
    assert re.search(r"<th[^>]*>行业</th>", page), "the header table still renders as a table"
    text = page_text(page)
    glance = text[text.index("一览") : text.index("概览")]
    for expected in (
        "拍板的人: 蒋思琪 (市场中心总经理)",
        "可能反对的人: 柯军",
        "禁忌: 不要在任何场合提到竞品",
        "4 小时内回复",
        "冷泡茶全国上市 — 下一个里程碑: 上市发布会, 2026-11-10 (已过期)",
        "下一个关怀日期: 2026-12-31",
        "(40 天后)",
        "需要处理: 里程碑已延误",
    ):
        assert expected in glance, (expected, glance)
    assert 'href="#contact-jiang-siqi"' in page[box : page.index('id="overview"')]
