"""The lessons pages, in a real strict build of the sample."""

from __future__ import annotations

import re
from pathlib import Path

from generator.reading.loader import load_handbook
from tests.conftest import (
    REPO,
    page_html,
    page_text,
)

SAMPLE = load_handbook(REPO)


def test_every_lesson_is_indexed_and_linked(sample_site: Path) -> None:
    """Every lesson is in full on its industry's page and listed under its tags; the
    index shows the newest first and links every industry's page."""
    index = page_html(sample_site, "lessons")
    tags = page_html(sample_site, "lessons/tags")
    for entry in SAMPLE.clients.values():
        page = page_html(sample_site, f"lessons/by-industry/{entry.data.industry}")
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
    fmcg = page_text(page_html(sample_site, "lessons/by-industry/fmcg"))
    assert fmcg.index("鼎盛饮料集团") < fmcg.index("终端物料的排期要倒推四周")
    assert "星河科技" not in fmcg  # another industry's account


def test_industry_pages_show_their_lessons(sample_site: Path) -> None:
    page = page_html(sample_site, "industries/finance")
    assert 'href="../../accounts/huitong-bank/#lesson-0"' in page
    assert 'href="../../accounts/anxin-insurance/#lesson-0"' in page
    assert "huitong-bank/#lesson" not in page_html(sample_site, "industries/fmcg")


def test_retrospectives_of_done_projects(sample_site: Path) -> None:
    """Listed by industry, each opening its industry's page where it is in full."""
    index = page_html(sample_site, "lessons/retrospectives")
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
    fmcg = page_html(sample_site, "lessons/by-industry/fmcg")
    assert 'id="retro-dingsheng-beverage-summer-2026"' in fmcg
    assert "物料生产至少预留四周" in page_text(fmcg)
