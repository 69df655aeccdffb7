"""The pages' own scripts and layout in a real headless Chromium, on the sample site: the
first-week path narrowed to a hire's clients, the norms table at a desktop width."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests.browsing import ARTIFACTS, NEEDS_CHROMIUM, Visit

pytestmark = NEEDS_CHROMIUM

PATH = "onboarding/first-week/"
STORED = "playbook.onboardingPath"


@pytest.fixture
def visit(browser, served_sample) -> Iterator[Visit]:
    v = Visit(browser, served_sample, viewport={"width": 1400, "height": 900})
    yield v
    assert v.problems() == [], (v.errors, v.failed)
    assert v.foreign_requests() == [], v.foreign_requests()
    v.close()


def _shown(page, selector: str) -> bool:
    return page.locator(selector).first.is_visible()


def test_a_hire_narrows_the_path_to_their_clients(visit: Visit) -> None:
    """A lead's link (?clients=…) picks 绿野乳业, a tier B client; an id no longer on the page
    is dropped; the choice is kept for the next visit, and unticking shows every client."""
    lvye = 'li[data-client="lvye-dairy"] a[href$="briefs/lvye-dairy/"]'
    xinghe = 'li[data-client="xinghe-tech"] a[href$="briefs/xinghe-tech/"]'
    page = visit.open(PATH + "?clients=lvye-dairy,gone-client")
    assert _shown(page, ".pb-path-picker")
    assert page.locator('input[value="lvye-dairy"]').is_checked()
    assert _shown(page, lvye) and not _shown(page, xinghe)
    assert _shown(page, 'a[href$="industries/fmcg/"]')
    assert not _shown(page, 'a[href$="industries/finance/"]')
    assert _shown(page, 'a[href$="norms/"]')  # the house norms are for everyone
    assert json.loads(page.evaluate(f"localStorage.getItem('{STORED}')")) == ["lvye-dairy"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "onboarding-path-lvye.png"), full_page=True)

    page = visit.open(PATH)  # no query: the stored choice
    assert _shown(page, lvye) and not _shown(page, xinghe)
    page.locator('input[value="lvye-dairy"]').uncheck()
    assert _shown(page, lvye) and _shown(page, xinghe)
    assert json.loads(page.evaluate(f"localStorage.getItem('{STORED}')")) == []


def test_the_norms_table_fits_the_page_at_1400px(visit: Visit) -> None:
    page = visit.open("norms/accounts/")
    widths = page.evaluate(
        """() => [...document.querySelectorAll('article table')].map(table => {
            const box = table.closest('.md-typeset__scrollwrap') || table.parentElement;
            return [table.scrollWidth, table.clientWidth, box.scrollWidth, box.clientWidth];
        })"""
    )
    assert widths, "no table"
    for table_scroll, table_client, box_scroll, box_client in widths:
        assert table_scroll <= table_client and box_scroll <= box_client, widths
    assert (
        page.locator('tr[data-client="lvye-dairy"] li')
        .first.inner_text()
        .startswith("不要把奶酪棒说成“零食”")
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "norms-accounts-1400.png"), full_page=True)
