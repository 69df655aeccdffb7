"""What is coming up: computed at build time, and again in the reader's browser on their day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from generator.pages.upcoming import UpcomingItem, due_within
from tests.browsing import CHROMIUM, FLAGS, playwright, serve
from tests.conftest import page_text, run_cli, write_handbook

SHANGHAI = "Asia/Shanghai"
LOCAL = ZoneInfo(SHANGHAI)


def _item(title: str, *, day: str | None = None, month_day: str | None = None, milestone=False):
    return UpcomingItem(
        title, "C", "accounts/c/", "", milestone=milestone, day=day, month_day=month_day
    )


def test_the_window_the_year_end_the_leap_day_and_what_is_overdue() -> None:
    items = [
        _item("new year", month_day="01-02"),
        _item("leap", month_day="02-29"),
        _item("late milestone", day="2026-11-01", milestone=True),
        _item("past one-off date", day="2026-11-01"),
        _item("far", day="2027-03-01", milestone=True),
    ]
    titles = lambda today: [d.item.title for d in due_within(items, today)]  # noqa: E731
    assert titles(dt.date(2026, 12, 20)) == ["late milestone", "new year"]
    # a milestone past its day stays on the list as overdue, however long ago
    assert titles(dt.date(2028, 2, 10)) == ["late milestone", "far", "leap"]
    assert titles(dt.date(2027, 2, 10)) == ["late milestone", "far"]  # no 02-29 in 2027
    (new_year,) = [
        d for d in due_within(items, dt.date(2026, 12, 20)) if d.item.title == "new year"
    ]
    assert new_year.day == dt.date(2027, 1, 2) and new_year.days == 13


def test_the_build_day_list_on_the_home_and_calendar_pages(sample_site: Path) -> None:
    for page in ("index.html", "calendar/index.html"):
        text = page_text((sample_site / page).read_text("utf-8"))
        assert "接下来 30 天" in text and "截至 2026-11-21" in text
        assert "2026-11-10 鼎盛饮料集团 · 冷泡茶全国上市: 上市发布会 已过期" in text
        assert "2026-12-20 星河科技 · Buds Pro 3 全球发布: 创意方向确认" in text
    home = (sample_site / "index.html").read_text("utf-8")
    assert 'href="accounts/dingsheng-beverage/#project-coldbrew-launch"' in home
    assert "<!-- playbook:upcoming -->" not in home


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed")
    with playwright().sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=[*FLAGS, "--no-sandbox"]
        )
        yield browser
        browser.close()


def _live_list(
    browser, base: str, path: str, now: dt.datetime | None, javascript: bool = True
) -> str:
    context = browser.new_context(timezone_id=SHANGHAI, java_script_enabled=javascript)
    try:
        page = context.new_page()
        if now is not None:
            page.clock.set_fixed_time(now)
        page.goto(base + path)
        section = page.locator(".pb-upcoming")
        if javascript:
            page.wait_for_selector(".pb-upcoming[data-live]")
        return " ".join(section.inner_text().split())
    finally:
        context.close()


@pytest.fixture(scope="module")
def served_sample(sample_site: Path) -> Iterator[str]:
    base, server = serve(sample_site)
    yield base
    server.shutdown()


def test_months_after_the_build_the_browser_shows_todays_list(chromium, served_sample: str) -> None:
    text = _live_list(chromium, served_sample, "", dt.datetime(2027, 6, 1, 9, 0, tzinfo=LOCAL))
    assert "截至 2027-06-01" in text
    # open milestones due since the build are now overdue; the build day's future ones too
    assert "2027-01-20 鼎盛饮料集团 · 冷泡茶全国上市: 第一阶段效果评估 已过期" in text
    assert "2026-12-01 绿野乳业 · 2026 双十二大促内容: 直播脚本 已过期" in text
    assert "创意方向确认" in text and "2026-11-30" not in text  # a birthday is not "overdue"


def test_across_the_year_end(chromium, served_sample: str) -> None:
    # 23:30 in Shanghai is already the 26th in UTC: the reader's own day counts
    late_evening = dt.datetime(2026, 12, 25, 23, 30, tzinfo=LOCAL)
    text = _live_list(chromium, served_sample, "calendar/", late_evening)
    assert "截至 2026-12-25" in text and "6 天后" in text
    assert "2026-12-31 鼎盛饮料集团 · 年度合同到期" in text
    assert "2027-01-10 青峰汽车 · 合作周年" in text  # a yearly date, in next year's January


def test_without_javascript_the_build_day_list_stays(chromium, served_sample: str) -> None:
    text = _live_list(chromium, served_sample, "", dt.datetime(2027, 6, 1), javascript=False)
    assert "截至 2026-11-21" in text and "创意方向确认" in text


LEAP = """\
name: 闰日客户
industry: fmcg
tier: B
status: active
team:
  lead: 王芳
contacts:
  - id: li-ming
    name: 李明
    birthday: "02-29"
"""


def test_a_leap_day_birthday_shows_only_in_leap_years(chromium, tmp_path: Path) -> None:
    root = write_handbook(
        tmp_path / "leap", clients={"leap.yaml": LEAP}, industries={"fmcg.yaml": "name: 快消\n"}
    )
    (root / "docs" / "index.md").write_text(
        "# Home\n\n<!-- playbook:upcoming -->\n", encoding="utf-8"
    )
    set_today_plugin(root, "2026-11-21")
    assert run_cli("build", "--root", str(root)).exit_code == 0
    base, server = serve(root / "site")
    try:
        leap = _live_list(chromium, base, "", dt.datetime(2028, 2, 20, 8, 0, tzinfo=LOCAL))
        plain = _live_list(chromium, base, "", dt.datetime(2027, 2, 20, 8, 0, tzinfo=LOCAL))
    finally:
        server.shutdown()
    assert "2028-02-29 闰日客户 · 李明 生日" in leap and "9 天后" in leap
    assert "李明" not in plain and "接下来 30 天没有" in plain


def set_today_plugin(root: Path, today: str) -> None:
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8").replace(
        "  - playbook\n", f"  - playbook:\n      today: '{today}'\n"
    )
    config.write_text(text, encoding="utf-8")
