"""What is coming up: computed at build time, and again in the reader's browser on their day."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from generator.pages.upcoming import PAGE_ITEMS, UpcomingItem, data_files, due_within
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


def _many(count: int) -> list[UpcomingItem]:
    """``count`` items over three years around the build day, a third of them yearly."""
    start = dt.date(2025, 6, 1)
    items = []
    for n in range(count):
        day = start + dt.timedelta(days=(n * 7) % 1000)
        if n % 3 == 0:
            items.append(_item(f"y{n}", month_day=day.strftime("%m-%d")))
        else:
            items.append(_item(f"o{n}", day=day.isoformat(), milestone=n % 3 == 1))
    return items


def test_the_browser_data_is_split_into_small_files() -> None:
    """The list's data weighs the same to a reader for 30 items as for 30,000: small
    files, and an index that says, for each day, which file its first items are in."""
    built = dt.date(2026, 11, 21)
    medium = data_files(_many(3_000), {}, built)
    large = data_files(_many(30_000), {}, built)
    assert len(large) > 500 and all(
        len(json.loads(text)) <= PAGE_ITEMS for path, text in large.items() if "index" not in path
    )
    index = json.loads(large["calendar/upcoming/index.json"])
    size = len(large["calendar/upcoming/index.json"])
    assert size < 20_000 and size < 1.5 * len(medium["calendar/upcoming/index.json"])
    for name in ("m", "d"):
        stream = index["streams"][name]
        for offset in (0, 40, 300):
            day = (built + dt.timedelta(days=offset)).isoformat()
            at = stream["at"][offset]
            assert json.loads(large[f"calendar/upcoming/{name}{at}.json"])[-1]["day"] >= day
            if at > 0:
                before = json.loads(large[f"calendar/upcoming/{name}{at - 1}.json"])
                assert before[-1]["day"] < day
    # the care dates before the build day are never shown: not written
    assert json.loads(large["calendar/upcoming/d0.json"])[0]["day"] >= built.isoformat()
    yearly = index["streams"]["y"]
    assert len(yearly["at"]) == 366
    december = json.loads(large[f"calendar/upcoming/y{yearly['at'][334]}.json"])  # 12-01
    assert december[-1]["month_day"] >= "12-01"


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


def test_the_home_page_fetches_a_few_files_and_marks_each_client(
    chromium, served_sample: str
) -> None:
    """The list is read from the index and the first file of each stream; every entry says
    whose it is, and the "my clients" filter is asked to act on the list it shows."""
    context = browser_context(chromium)
    try:
        page = context.new_page()
        page.clock.set_fixed_time(dt.datetime(2026, 11, 21, 9, 0, tzinfo=LOCAL))
        # record what the filter (generator/assets/my-clients.js, if there) is asked to act on
        page.add_init_script(
            """window.applied = [];
            Object.defineProperty(window, "playbookMyClients", {
              configurable: true,
              get: function () { return window.filter; },
              set: function (filter) {
                var apply = filter.apply;
                filter.apply = function (element) {
                  window.applied.push(element.className || "");
                  return apply.call(filter, element);
                };
                window.filter = filter;
              },
            });
            window.playbookMyClients = { apply: function () {} };"""
        )
        fetched: list[str] = []
        page.on("request", lambda request: fetched.append(request.url))
        page.goto(served_sample)
        page.wait_for_selector(".pb-upcoming[data-live]")
        clients = page.eval_on_selector_all(
            ".pb-upcoming-list li", "items => items.map(li => li.dataset.client)"
        )
        calls = page.evaluate("window.applied")
    finally:
        context.close()
    data = sorted(url.rsplit("/calendar/", 1)[1] for url in fetched if url.endswith(".json"))
    assert data == [
        "upcoming/d0.json",
        "upcoming/index.json",
        "upcoming/m0.json",
        "upcoming/y0.json",
    ]
    assert "dingsheng-beverage" in clients and all(clients)
    assert "pb-upcoming-list" in calls


def browser_context(browser):
    return browser.new_context(timezone_id=SHANGHAI)


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
