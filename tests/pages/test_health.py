"""Agency conflicts: a competitor named by an active client is also our client."""

from __future__ import annotations

import datetime as dt

from generator.pages.health import Concern, handbook_health
from generator.reading.loader import load_handbook
from tests.conftest import MINIMAL_INDUSTRY, page_text, run_cli
from tests.pages.test_crossviews import html

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
    text = page_text(html(root / "site", "health"))
    assert "竞争冲突" in text and "清源饮品 — 鼎盛饮料集团 → 清源饮品" in text
