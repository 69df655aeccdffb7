"""The norms of every active account side by side, in a real strict build of the sample."""

from __future__ import annotations

import re
from pathlib import Path

from generator.format.model import ClientStatus
from generator.reading.loader import load_handbook
from tests.conftest import (
    REPO,
    page_html,
    page_text,
)

SAMPLE = load_handbook(REPO)


def test_norms_compare_every_active_account(sample_site: Path) -> None:
    page = page_html(sample_site, "norms/accounts")
    for entry in SAMPLE.clients.values():
        link = f'href="../../accounts/{entry.id}/#preferences"'
        assert (link in page) == (entry.data.status is ClientStatus.active), entry.id
    row = re.search(
        r'<tr data-client="dingsheng-beverage"><td><a href="../../accounts/dingsheng-beverage/#preferences">.*?</tr>',
        page,
        re.DOTALL,
    )
    assert row is not None
    cells = [page_text(cell) for cell in re.findall(r"<td>(.*?)</td>", row.group(0), re.DOTALL)]
    taboos = re.findall(r"<li>(.*?)</li>", row.group(0))
    assert len(taboos) == 3  # a list in the cell, one taboo an item
    assert cells == [
        "鼎盛饮料集团",
        "面谈, 邮件, 微信",
        "每周一 10:00 例会,每月第一周月度复盘",
        "4 小时",
        "PPT,首页是一页结论,数据附在后面",
        "平衡",
        "不要在任何场合提到竞品“清源”的名字,统一说“主要竞品” 不要使用绿色以外的主色做茶饮包装提案"
        " 不要越过邵磊直接找蒋思琪谈创意",
        "周航(客户经理)",
    ]


def test_the_taboos_are_written_out(sample_site: Path) -> None:
    """Each account's taboos themselves, not how many there are (绿野乳业: never call its
    cheese sticks a snack)."""
    page = page_html(sample_site, "norms/accounts")
    row = re.search(r'<tr data-client="lvye-dairy">(.*?)</tr>', page, re.DOTALL)
    assert row is not None
    assert "不要把奶酪棒说成“零食”" in page_text(row.group(1))
