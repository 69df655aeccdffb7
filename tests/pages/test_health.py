"""Agency conflicts: a competitor named by an active client is also our client."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.pages.health import Concern, handbook_health
from generator.pages.places import person_key
from generator.reading.loader import load_handbook
from tests.conftest import MINIMAL_INDUSTRY, copy_sample, page_html, page_text, run_cli, set_today

ACTIVE = """\
name: 鼎盛饮料集团
industry: fmcg
tier: A
status: active
team:
  lead: 王芳
business:
  competitors:
    - name: ｑｉｎｇｙｕａｎ  Drinks
      notes: 价格更低
    - name: 不是我们的客户
"""
PROSPECT = """\
name: 清源饮品
aliases: [QingYuan Drinks]
industry: fmcg
tier: B
status: prospect
team:
  lead: 李雷
business:
  competitors:
    - name: 鼎盛饮料集团
"""


def test_a_competitor_that_is_our_client_is_flagged(handbook) -> None:
    root = handbook(
        clients={"dingsheng.yaml": ACTIVE, "qingyuan.yaml": PROSPECT},
        industries={"fmcg.yaml": MINIMAL_INDUSTRY},
    )
    items = [
        i
        for i in handbook_health(load_handbook(root), dt.date(2026, 11, 21))
        if i.concern is Concern.agency_conflict
    ]
    # Only the active client's list counts: the prospect naming 鼎盛 is not flagged again.
    assert [(i.client_id, i.path, i.loc, i.subject) for i in items] == [
        (
            "qingyuan",
            "clients/dingsheng.yaml",
            ("business", "competitors", 0, "name"),
            "鼎盛饮料集团 → 清源饮品",
        )
    ]
    result = run_cli("check", "--root", str(root), "--lang", "en")
    assert result.exit_code == 0  # a warning, not an error
    assert (
        "clients/dingsheng.yaml:9:13: business.competitors[0].name: warning: this competitor is "
        "also our client (鼎盛饮料集团 → 清源饮品)"
    ) in result.output
    assert run_cli("check", "--root", str(root), "--strict").exit_code == 1


def test_two_active_clients_listing_each_other_are_both_flagged(handbook) -> None:
    root = handbook(
        clients={"dingsheng.yaml": ACTIVE, "qingyuan.yaml": PROSPECT.replace("prospect", "active")},
        industries={"fmcg.yaml": MINIMAL_INDUSTRY},
    )
    items = [
        (i.client_id, i.path)
        for i in handbook_health(load_handbook(root), dt.date(2026, 11, 21))
        if i.concern is Concern.agency_conflict
    ]
    assert sorted(items) == [
        ("dingsheng", "clients/qingyuan.yaml"),
        ("qingyuan", "clients/dingsheng.yaml"),
    ]


def test_the_health_page_lists_conflicts(handbook) -> None:
    root = handbook(
        clients={"dingsheng.yaml": ACTIVE, "qingyuan.yaml": PROSPECT},
        industries={"fmcg.yaml": MINIMAL_INDUSTRY},
    )
    assert run_cli("build", "--root", str(root)).exit_code == 0
    text = page_text(page_html(root / "site", "health"))
    assert "竞争冲突" in text and "清源饮品 — 鼎盛饮料集团 → 清源饮品" in text


def test_health_lists_what_needs_attention(sample_site: Path) -> None:
    text = page_text(page_html(sample_site, "health"))
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
    # Who acts (the owner, else the lead), and the form to fix it in, not a file path.
    assert "发布会场地锁定 (6 天) · 由谁处理: 韩雪 · 在编辑器中修改" in text
    assert "绿野乳业 (203 天) · 由谁处理: 周航 · 在编辑器中修改" in text
    assert "clients/lvye-dairy.yaml" not in text
    page = page_html(sample_site, "health")
    assert 'href="../admin/#/collections/clients/entries/lvye-dairy"' in page
    assert f'href="../team/{person_key("韩雪")}/"' in page
    assert '<li data-client="qingfeng-auto">' in page


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
    page = page_html(root / "site", "health")
    assert 'href="https://git.example.com/a/h/edit/main/clients/lvye-dairy.yaml"' in page


def test_check_prints_health_warnings_and_strict_fails(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "s")
    set_today(root)
    result = run_cli("check", "--root", str(root), "--lang", "en")
    assert result.exit_code == 0
    assert (
        "clients/lvye-dairy.yaml:59:18: review.last_reviewed: warning: last reviewed 203 days "
        "ago (policy: 90 days)"
    ) in result.output
    chinese = run_cli("check", "--root", str(root))  # the sample's language
    assert (
        "clients/lvye-dairy.yaml:59:18: review.last_reviewed: 提醒: 档案复核 › 最近复核:"
        "上次复核是 203 天前(复核周期 90 天)"
    ) in chinese.output
    assert (
        "clients/qingfeng-auto.yaml:94:14: projects[0].milestones[1].due: warning: milestone"
        in result.output
    )
    # a contact who left still has personal data in the file: remove it
    assert (
        "clients/lvye-dairy.yaml:21:5: contacts[1]: warning: remove the personal data of 朱涛 "
        "(phone, email, WeChat, birthday): they left on 2026-09-30"
    ) in result.output
    assert "no errors, 10 warnings." in result.output
    assert run_cli("check", "--root", str(root), "--strict").exit_code == 1
