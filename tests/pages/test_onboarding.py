"""The first-week path and the briefs, in a real strict build of the sample."""

from __future__ import annotations

from pathlib import Path

from generator.format.model import ClientStatus, Tier
from generator.reading.loader import load_handbook
from tests.conftest import (
    REPO,
    page_html,
    page_text,
)

SAMPLE = load_handbook(REPO)


def test_first_week_path(sample_site: Path) -> None:
    page = page_html(sample_site, "onboarding/first-week").split("<article", 1)[1]
    norms = page.index('href="../../norms/"')
    lessons = page.index('href="../../lessons/"')
    for entry in SAMPLE.clients.values():
        link = f'href="../../briefs/{entry.id}/"'
        wanted = entry.data.tier is Tier.A and entry.data.status is not ClientStatus.former
        assert (link in page) == wanted, entry.id
        if wanted:
            assert norms < page.index(link) < lessons


def test_brief_is_one_printable_page(sample_site: Path) -> None:
    page = page_html(sample_site, "briefs/qingfeng-auto")
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
