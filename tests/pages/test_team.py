"""Our own team: a page per colleague, coverage and load on the team index."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.pages.health import handbook_health
from generator.pages.places import person as person_page
from generator.pages.places import person_key
from generator.pages.team import coverage, our_team
from generator.reading.loader import load_handbook
from tests.conftest import (
    MINIMAL_CLIENT,
    MINIMAL_INDUSTRY,
    REPO,
    page_html,
    page_text,
    run_cli,
    write_handbook,
)

TODAY = dt.date(2026, 11, 21)


def test_person_keys_are_stable_and_safe() -> None:
    assert person_key("林晓雯") == person_key("林晓雯") != person_key("林晓")
    assert person_key("林晓雯").startswith("p-") and len(person_key("林晓雯")) == 10
    assert person_key("Grace Liu").startswith("grace-liu-")
    assert person_page("林晓雯") == f"team/{person_key('林晓雯')}.md"


def test_who_leads_serves_and_owns_what_in_the_sample() -> None:
    handbook = load_handbook(REPO)
    people = {p.name: p for p in our_team(handbook, handbook_health(handbook, TODAY), TODAY)}
    lin = people["林晓雯"]
    assert sorted(e.id for e in lin.leads) == ["dingsheng-beverage", "xinghe-tech"]
    # the open milestone she owns, due 2026-11-10 and still not done, is overdue
    assert [(m.milestone.name, m.overdue) for m in lin.milestones] == [("上市发布会", True)]
    assert ("dingsheng-beverage", "客户经理,日常对接") in [
        (e.id, r) for e, r in people["周航"].serves
    ]
    # a late milestone is its owner's to act on; the rest of a page's items its reviewer's or lead's
    assert {i.concern.value for i in lin.health} >= {"milestone_late"}


def test_coverage_finds_accounts_with_one_person_on_them(tmp_path: Path) -> None:
    alone = MINIMAL_CLIENT  # 王芳 leads, nobody else
    shared = MINIMAL_CLIENT.replace("测试客户", "另一客户").replace(
        "  lead: 王芳\n", "  lead: 王芳\n  members:\n    - name: 李雷\n"
    )
    root = write_handbook(
        tmp_path / "h",
        clients={"alone.yaml": alone, "shared.yaml": shared},
        industries={"fmcg.yaml": MINIMAL_INDUSTRY},
    )
    handbook = load_handbook(root)
    people = our_team(handbook, [], TODAY)
    found = coverage(handbook, people)
    assert [e.id for e in found.single] == ["alone"]
    assert [(p.name, p.accounts) for p in found.busiest] == [("王芳", 2), ("李雷", 1)]


def test_pages_link_people_and_accounts_both_ways(sample_site: Path) -> None:
    key = person_key("林晓雯")
    client = (sample_site / "accounts/dingsheng-beverage/index.html").read_text("utf-8")
    assert f'href="../../team/{key}/"' in client
    person = page_text((sample_site / f"team/{key}/index.html").read_text("utf-8"))
    assert "鼎盛饮料集团" in person and "星河科技" in person
    assert "2026-11-10 已过期 · 鼎盛饮料集团 · 冷泡茶全国上市: 上市发布会" in person
    index = page_text((sample_site / "team/index.html").read_text("utf-8"))
    assert "负担最重的同事" in index and "林晓雯" in index


def test_an_english_handbook_has_team_pages(tmp_path: Path) -> None:
    root = write_handbook(
        tmp_path / "h",
        clients={"acme.yaml": MINIMAL_CLIENT},
        industries={"fmcg.yaml": MINIMAL_INDUSTRY},
        language="en",
    )
    assert run_cli("build", "--root", str(root)).exit_code == 0
    index = page_text((root / "site/team/index.html").read_text("utf-8"))
    assert "Accounts with one person on them" in index and "测试客户" in index


def test_a_lead_sees_everything_open_on_their_accounts(sample_site: Path) -> None:
    # 郑楠 leads 青峰汽车, whose overdue milestone 韩雪 owns: it was on her page only.
    zheng = page_text(page_html(sample_site, f"team/{person_key('郑楠')}"))
    assert "2026-11-15 已过期 · 青峰汽车 · 2027 新车型上市: 发布会场地锁定 · 负责人: 韩雪" in zheng
    assert "里程碑已过期未完成 (2027 新车型上市: 发布会场地锁定) (6 天) · 由谁处理: 韩雪" in zheng
    assert "待处理的档案问题 ¶ 无" not in zheng
    # 星河科技's review (owned by 苏杭) and its missing retrospective reach its lead too.
    lin = page_text(page_html(sample_site, f"team/{person_key('林晓雯')}"))
    assert "星河科技 — 档案超过复核周期 (159 天) · 由谁处理: 苏杭" in lin
    assert "星河科技 — 已完成项目缺少复盘 (Watch 3 发布) · 由谁处理: 林晓雯" in lin
    # A milestone nobody owns falls to the lead, on their page; 韩雪 keeps hers.
    zhou = page_text(page_html(sample_site, f"team/{person_key('周航')}"))
    assert "绿野乳业 · 2026 双十二大促内容: 直播脚本 · 由谁处理: 周航 (未指定负责人" in zhou
    han = page_text(page_html(sample_site, f"team/{person_key('韩雪')}"))
    assert "发布会场地锁定 · 负责人: 韩雪" in han and "直播脚本" not in han
    # "This is me" offers exactly the accounts the colleague leads and serves.
    page = page_html(sample_site, f"team/{person_key('郑楠')}")
    assert 'class="pb-this-is-me" data-clients="huitong-bank qingfeng-auto "' in page


def test_who_acts_is_the_owner_else_the_lead() -> None:
    handbook = load_handbook(REPO)
    people = {p.name: p for p in our_team(handbook, handbook_health(handbook, TODAY), TODAY)}
    unowned = [m for m in people["周航"].milestones if not m.assigned]
    assert [(m.entry.id, m.milestone.name) for m in unowned] == [("lvye-dairy", "直播脚本")]
    assert not any(
        m.milestone.name == "直播脚本"
        for p in people.values()
        if p.name != "周航"
        for m in p.milestones
    )
