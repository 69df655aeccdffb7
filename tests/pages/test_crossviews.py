"""The views across accounts, checked in a real strict build of the sample."""

from __future__ import annotations

import re
from pathlib import Path

import icalendar
import pytest

from generator.format.model import ClientStatus, Tier
from generator.format.rules import is_open, is_running
from generator.pages.care_calendar import care_events
from generator.reading.loader import load_handbook
from tests.conftest import REPO, copy_sample, page_text, run_cli, search_fragments, set_today

SAMPLE = load_handbook(REPO)


def html(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text("utf-8")


def test_norms_compare_every_active_account(sample_site: Path) -> None:
    page = html(sample_site, "norms/accounts")
    for entry in SAMPLE.clients.values():
        link = f'href="../../accounts/{entry.id}/#preferences"'
        assert (link in page) == (entry.data.status is ClientStatus.active), entry.id
    row = re.search(
        r'<tr>\s*<td><a href="../../accounts/dingsheng-beverage/#preferences">.*?</tr>',
        page,
        re.DOTALL,
    )
    assert row is not None
    cells = [page_text(cell) for cell in re.findall(r"<td>(.*?)</td>", row.group(0), re.DOTALL)]
    assert cells == [
        "鼎盛饮料集团",
        "面谈, 邮件, 微信",
        "每周一 10:00 例会,每月第一周月度复盘",
        "4 小时",
        "PPT,首页是一页结论,数据附在后面",
        "平衡",
        "3",
        "周航(客户经理)",
    ]


def test_every_lesson_is_indexed_and_linked(sample_site: Path) -> None:
    """Every lesson is in full on its industry's page and listed under its tags; the
    index shows the newest first and links every industry's page."""
    index = html(sample_site, "lessons")
    tags = html(sample_site, "lessons/tags")
    for entry in SAMPLE.clients.values():
        page = html(sample_site, f"lessons/by-industry/{entry.data.industry}")
        assert f'href="by-industry/{entry.data.industry}/"' in index
        for i, lesson in enumerate(entry.data.lessons):
            target = f'accounts/{entry.id}/#lesson-{i}"'
            assert f'href="../../../{target}' in page and f'href="../../{target}' in tags
            assert lesson.title in page_text(page)
    all_tags = {
        tag for e in SAMPLE.clients.values() for lesson in e.data.lessons for tag in lesson.tags
    }
    assert all_tags == set(re.findall(r'<h2 id="tag-\d+">(.*?)<a', tags))
    text = page_text(index)
    # newest first: 2026-09-15 (鼎盛) before 2026-04-02 (星河) before 2026-03-12 (青峰)
    assert (
        text.index("终端物料的排期要倒推四周")
        < text.index("保密素材只在客户现场处理")
        < text.index("参数描述先给产品经理过目")
        < text.index("快速消费品 — 1 个客户 · 2 条经验 · 1 个项目复盘")
    )
    fmcg = page_text(html(sample_site, "lessons/by-industry/fmcg"))
    assert fmcg.index("鼎盛饮料集团") < fmcg.index("终端物料的排期要倒推四周")
    assert "星河科技" not in fmcg  # another industry's account


def test_industry_pages_show_their_lessons(sample_site: Path) -> None:
    page = html(sample_site, "industries/finance")
    assert 'href="../../accounts/huitong-bank/#lesson-0"' in page
    assert 'href="../../accounts/anxin-insurance/#lesson-0"' in page
    assert "huitong-bank/#lesson" not in html(sample_site, "industries/fmcg")


def test_retrospectives_of_done_projects(sample_site: Path) -> None:
    """Listed by industry, each opening its industry's page where it is in full."""
    index = html(sample_site, "lessons/retrospectives")
    for industry, client, project in (
        ("fmcg", "dingsheng-beverage", "summer-2026"),
        ("finance", "anxin-insurance", "pension-campaign"),
    ):
        link = f'href="../by-industry/{industry}/#retro-{client}-{project}'
        assert link in index
    text = page_text(index)
    for expected in ("2026 夏季轻气泡水战役", "2026 秋季城市巡展", "养老险品牌宣传"):
        assert expected in text
    assert "Watch 3 发布" not in text  # done, but no retrospective
    assert "物料生产至少预留四周" not in text  # the retrospective itself is on the industry page
    fmcg = html(sample_site, "lessons/by-industry/fmcg")
    assert 'id="retro-dingsheng-beverage-summer-2026"' in fmcg
    assert "物料生产至少预留四周" in page_text(fmcg)


def test_people_directory_lists_every_contact(sample_site: Path) -> None:
    page = html(sample_site, "people")
    contacts = [(e.id, c) for e in SAMPLE.clients.values() for c in e.data.contacts]
    assert len(re.findall(r"<tr>", page)) == len(contacts) + 1
    for client_id, contact in contacts:
        assert f'href="../accounts/{client_id}/#contact-{contact.id}"' in page
    assert "jiang.siqi@example.com" not in page  # a directory of roles, not of addresses


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
    text = page_text(html(sample_site, "calendar"))
    assert text.index("1 月") < text.index("3 月") < text.index("12 月")
    assert "蒋思琪生日" in text and "08-16 (每年)" in text
    assert 'href="playbook.ics"' in html(sample_site, "calendar")


def test_health_lists_what_needs_attention(sample_site: Path) -> None:
    text = page_text(html(sample_site, "health"))
    assert "检查日期:2026-11-21" in text
    for expected in (
        "档案从未复核 (2)",
        "PixelBloom Audio",
        "档案超过复核周期 (3)",
        "绿野乳业 (203 天)",
        "里程碑已延误 (1)",
        "冷泡茶全国上市: 上市发布会",
        "里程碑已过期未完成 (1)",
        "发布会场地锁定 (6 天)",
        "已完成项目缺少复盘 (1)",
        "Watch 3 发布",
        "联系人没有决策角色 (1)",
        "冯怡",
    ):
        assert expected in text, expected
    assert "没有标记决策者" not in text  # every current client has a decision maker
    assert "clients/lvye-dairy.yaml" in text


def test_health_links_to_the_yaml_source_when_the_repo_is_known(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "s")
    set_today(root)
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8") + "repo_url: https://git.example.com/a/h\n"
        "edit_uri: edit/main/docs/\n",
        encoding="utf-8",
    )
    assert run_cli("build", "--root", str(root)).exit_code == 0
    page = html(root / "site", "health")
    assert 'href="https://git.example.com/a/h/edit/main/clients/lvye-dairy.yaml"' in page


def test_check_prints_health_warnings_and_strict_fails(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "s")
    set_today(root)
    result = run_cli("check", "--root", str(root), "--lang", "en")
    assert result.exit_code == 0
    assert (
        "clients/lvye-dairy.yaml:58:18: review.last_reviewed: warning: last reviewed 203 days "
        "ago (policy: 90 days)"
    ) in result.output
    chinese = run_cli("check", "--root", str(root))  # the sample's language
    assert (
        "clients/lvye-dairy.yaml:58:18: review.last_reviewed: 提醒: 档案复核 › 最近复核:"
        "上次复核是 203 天前(复核周期 90 天)"
    ) in chinese.output
    assert (
        "clients/qingfeng-auto.yaml:94:14: projects[0].milestones[1].due: warning: milestone"
        in result.output
    )
    assert "no errors, 9 warnings." in result.output
    assert run_cli("check", "--root", str(root), "--strict").exit_code == 1


def test_first_week_path(sample_site: Path) -> None:
    page = html(sample_site, "onboarding/first-week").split("<article", 1)[1]
    norms = page.index('href="../../norms/"')
    lessons = page.index('href="../../lessons/"')
    for entry in SAMPLE.clients.values():
        link = f'href="../../briefs/{entry.id}/"'
        wanted = entry.data.tier is Tier.A and entry.data.status is not ClientStatus.former
        assert (link in page) == wanted, entry.id
        if wanted:
            assert norms < page.index(link) < lessons


def test_brief_is_one_printable_page(sample_site: Path) -> None:
    page = html(sample_site, "briefs/qingfeng-auto")
    text = page_text(page)
    for expected in (
        "陆伟",
        "营销副总裁",
        "决策者",
        "每周三下午项目周会",
        "不要使用“遥遥领先”",
        "2027 新车型上市",
        "发布会场地锁定 (2026-11-15)",
    ):
        assert expected in text, expected
    assert "2026 秋季城市巡展" not in text  # done: not live
    assert "assets/playbook/playbook.css" in page
    css = (sample_site / "assets/playbook/playbook.css").read_text("utf-8")
    assert "@media print" in css and "size: A4" in css


def test_accounts_index_can_be_narrowed(sample_site: Path) -> None:
    page = html(sample_site, "accounts")
    assert '<div class="pb-filter" data-columns="1,2,3" data-all="全部"></div>' in page
    assert "assets/playbook/playbook.js" in page
    assert (sample_site / "assets/playbook/playbook.js").is_file()


@pytest.mark.parametrize(
    "alias, client_id",
    [
        ("DSB", "dingsheng-beverage"),
        ("Galaxy Tech", "xinghe-tech"),
        ("北风汽车", "boreas-motors"),
    ],
)
def test_search_index_knows_every_alias(sample_site: Path, alias: str, client_id: str) -> None:
    page = search_fragments(sample_site)[f"/accounts/{client_id}/"]
    assert alias in page["content"].replace("\u200b", "")
    assert "".join(alias.lower().split()) in page["meta"]["names"].split()


@pytest.mark.parametrize(
    "page",
    [
        "accounts",
        "industries",
        "lessons",
        "lessons/tags",
        "lessons/retrospectives",
        "lessons/by-industry/fmcg",
        "results",
        "results/by-tag",
        "people",
        "calendar",
        "health",
        "norms/accounts",
        "onboarding/first-week",
        "briefs/dingsheng-beverage",
        "accounts/dingsheng-beverage",
    ],
)
def test_every_generated_page_has_title_and_description(sample_site: Path, page: str) -> None:
    built = html(sample_site, page)
    title = re.search(r"<title>(.*?) - 青岚传播", built)
    assert title and title.group(1).strip()
    assert re.search(r'<meta name="description" content="[^"]+">', built)


def test_search_finds_clients_by_every_tail_of_their_names(sample_site: Path) -> None:
    """The browser cuts 北风汽车 where its dictionary says; each piece begins a tail."""
    names = search_fragments(sample_site)["/accounts/boreas-motors/"]["meta"]["names"].split()
    assert {"北风汽车", "风汽车", "汽车", "车", "boreas", "boreasmotors"} <= set(names)


def test_search_leads_to_client_pages_not_to_their_summaries(sample_site: Path) -> None:
    locations = set(search_fragments(sample_site))
    assert "/accounts/dingsheng-beverage/" in locations
    assert "/norms/" in locations  # hand-written pages are searched too
    assert "/calendar/" not in locations
    assert not any(location.startswith("/briefs/") for location in locations)
    assert (sample_site / "briefs/dingsheng-beverage/index.html").is_file()
