"""The first-week path and the briefs, in a real strict build of the sample."""

from __future__ import annotations

import re
from pathlib import Path

from generator.format.model import ClientStatus, Tier
from generator.pages.places import person_key
from generator.reading.loader import load_handbook
from tests.conftest import (
    REPO,
    page_html,
    page_text,
)

SAMPLE = load_handbook(REPO)


def test_first_week_path(sample_site: Path) -> None:
    """One path for every client a hire may serve, whatever the tier, in one order: house
    norms, briefs, industries, lessons; all there without JavaScript, each item marked with
    its clients for the picker (onboarding-path.js)."""
    page = page_html(sample_site, "onboarding/first-week").split("<article", 1)[1]
    norms = page.index('href="../../norms/"')
    industries = page.index('id="path-industries"')
    lessons = page.index('id="path-lessons"')
    for entry in SAMPLE.clients.values():
        link = f'<li data-client="{entry.id}"><a href="../../briefs/{entry.id}/">'
        wanted = entry.data.status is not ClientStatus.former
        assert (link in page) == wanted, entry.id
        if wanted:
            assert norms < page.index(link) < industries
            assert f'value="{entry.id}"' in page  # a box in the picker
    # 绿野乳业 is tier B: still on the path, with its industry
    assert SAMPLE.clients["lvye-dairy"].data.tier is Tier.B
    fmcg = re.search(r'<li data-client="([^"]*)"><a href="../../industries/fmcg/">', page)
    assert fmcg and "lvye-dairy" in fmcg.group(1).split()
    assert industries < fmcg.start() < lessons
    assert 'href="../../accounts/dingsheng-beverage/#lesson-0"' in page[lessons:]
    assert '<fieldset class="pb-path-picker" data-onboarding-path hidden>' in page
    assert 'href="../"' in page[: page.index("<fieldset")]  # the welcome page, its tasks


def test_onboarding_is_in_the_sidebar_once(sample_site: Path) -> None:
    """The section and its pages: 新人入职 names the section only, not a page in it too."""
    for page in ("onboarding/first-week", "onboarding"):
        html = page_html(sample_site, page)
        sidebar = html[html.index('class="md-sidebar md-sidebar--primary"') :]
        sidebar = sidebar[: sidebar.index('class="md-sidebar md-sidebar--secondary"')]
        names = re.findall(r'<span class="md-ellipsis">\s*([^<]*?)\s*</span>', sidebar)
        assert names.count("新人入职") == 1, (page, names)
        assert "第一周阅读路线" in names and "入职须知" in names


def test_a_colleague_page_links_their_path(sample_site: Path) -> None:
    lead = SAMPLE.clients["lvye-dairy"].data.team.lead
    html = page_html(sample_site, f"team/{person_key(lead)}")
    (link,) = re.findall(r'href="../../onboarding/first-week/\?clients=([^"]*)">新人路径<', html)
    assert "lvye-dairy" in link.split(",")


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
