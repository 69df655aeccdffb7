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
