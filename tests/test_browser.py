"""The built handbook in a real headless Chromium (Debian's), served on localhost.

Every request the browser makes is recorded: none may leave the local server.
Screenshots land in test-artifacts/screenshots/.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browsing import ARTIFACTS, NEEDS_CHROMIUM, Visit, heading, serve
from tests.conftest import FIXTURES, copy_sample, run_cli, set_today, write_handbook

pytestmark = NEEDS_CHROMIUM


@pytest.fixture
def visit(browser, served_sample) -> Iterator[Visit]:
    v = Visit(browser, served_sample)
    yield v
    assert v.problems() == [], v.errors
    assert v.foreign_requests() == [], v.foreign_requests()
    v.close()


def test_home_to_client_and_back(visit: Visit) -> None:
    page = visit.open()
    page.click("a.md-tabs__link:has-text('客户')")
    page.wait_for_url("**/accounts/")
    page.click("text=鼎盛饮料集团")
    page.wait_for_url("**/accounts/dingsheng-beverage/")
    assert heading(page) == "鼎盛饮料集团"
    page.go_back()
    page.wait_for_url("**/accounts/")
    page.go_back()
    assert heading(page) == "青岚传播客户手册"


def test_charts_render_as_svg(visit: Visit) -> None:
    page = visit.open("accounts/dingsheng-beverage/")
    for selector in ("svg.pb-chain", "svg.pb-timeline", "svg.pb-kpis"):
        box = page.locator(selector).first.bounding_box()
        assert box and box["width"] > 100 and box["height"] > 20, selector
    assert page.locator("svg.pb-chain g.pb-role-decision_maker").count() == 1
    assert page.locator("svg.pb-timeline path.pb-milestone-late").count() >= 1


def test_accounts_filter_narrows_the_table(visit: Visit) -> None:
    page = visit.open("accounts/")
    rows = page.locator("article tbody tr")
    total = rows.count()
    tier = page.locator(".pb-filter select").nth(1)
    tier.select_option("A")
    visible = page.locator("article tbody tr:not(.pb-hidden)")
    assert 0 < visible.count() < total
    assert all(
        visible.nth(i).locator("td").nth(2).inner_text() == "A" for i in range(visible.count())
    )
    tier.select_option("")
    assert page.locator("article tbody tr:not(.pb-hidden)").count() == total


def test_dark_mode_toggle(visit: Visit) -> None:
    page = visit.open("accounts/qingfeng-auto/")
    before = page.get_attribute("body", "data-md-color-scheme")
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') !== {before!r}")
    assert page.get_attribute("body", "data-md-color-scheme") != before


def test_mobile_viewport_opens_the_navigation(browser, served_sample) -> None:
    visit = Visit(browser, served_sample, viewport={"width": 375, "height": 740}, is_mobile=True)
    try:
        page = visit.open("accounts/xinghe-tech/")
        assert heading(page) == "星河科技"
        page.click("label.md-header__button[for='__drawer']")
        page.locator("nav.md-nav--primary a:has-text('行业')").first.wait_for(state="visible")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375 + 1  # nothing forces sideways scrolling of the page itself
        assert visit.problems() == [] and visit.foreign_requests() == []
    finally:
        visit.close()


def test_screenshots(visit: Visit) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    visit.page.set_viewport_size({"width": 1280, "height": 900})
    visit.open().screenshot(path=str(ARTIFACTS / "home.png"))
    visit.open("accounts/dingsheng-beverage/").screenshot(
        path=str(ARTIFACTS / "client.png"), full_page=False
    )
    page = visit.open("accounts/dingsheng-beverage/")
    page.locator("#contacts").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "decision-chain.png"))
    assert (ARTIFACTS / "home.png").stat().st_size > 10_000


def test_an_error_logged_after_the_page_loads_is_seen(browser, tmp_path: Path) -> None:
    """``problems()`` waits for the page to settle: a script the page's CSP blocks once a
    fetch started after ``load`` has come back is an error of the visit, as one logged at
    once is."""
    (tmp_path / "index.html").write_text(
        "<!doctype html><meta http-equiv='Content-Security-Policy' "
        "content=\"script-src 'self'; connect-src 'self'\">"
        "<title>late</title><script src='late.js'></script>",
        encoding="utf-8",
    )
    (tmp_path / "data.json").write_text("{}", encoding="utf-8")
    (tmp_path / "late.js").write_text(
        "addEventListener('load', () => setTimeout(() => fetch('data.json').then(() => {\n"
        "  const script = document.createElement('script');\n"
        "  script.src = 'https://cdn.invalid/x.js';\n"
        "  document.head.append(script);\n"
        "}), 300));\n",
        encoding="utf-8",
    )
    base, server = serve(tmp_path)
    visit = Visit(browser, base)
    try:
        visit.page.goto(base, wait_until="load")
        assert visit.errors == []  # not yet: what a check right after loading saw
        problems = visit.problems()
        assert any("Content Security Policy" in problem for problem in problems), problems
    finally:
        visit.close()
        server.shutdown()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = write_handbook(
        tmp_path_factory.mktemp("hostile-browser"),
        clients={"hostile.yaml": (FIXTURES / "hostile/clients/hostile.yaml").read_text("utf-8")},
        industries={
            "hostile.yaml": (FIXTURES / "hostile/industries/hostile.yaml").read_text("utf-8")
        },
    )
    assert run_cli("build", "--root", str(root)).exit_code == 0
    base, server = serve(root / "site")
    yield base
    server.shutdown()


def test_hostile_text_shows_literally_and_runs_nothing(browser, hostile) -> None:
    visit = Visit(browser, hostile)
    try:
        page = visit.open("accounts/hostile/")
        assert visit.dialogs == []
        assert page.title().startswith('<script>alert("pwned")</script>')
        assert heading(page).startswith('<script>alert("pwned")</script>')
        body = page.locator("article").inner_text()
        assert '<b onclick="alert(1)">bold</b>' in body
        assert page.locator("article script, article iframe").count() == 0
        page.locator("a:has-text('click')").first.click()  # its javascript: target is gone
        problems = visit.problems()  # the page settled: a late dialog or error is in too
        assert visit.dialogs == [] and problems == []
        assert visit.foreign_requests() == []  # the remote image was not fetched
    finally:
        visit.close()


@pytest.fixture(scope="module")
def zensical_sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample exported with `playbook render` and built by Zensical, served."""
    from tests.outputs.test_tree import render, zensical_build

    root = copy_sample(tmp_path_factory.mktemp("sample"))
    set_today(root)
    tree = render(root, tmp_path_factory.mktemp("zensical") / "tree")
    result = zensical_build(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    base, server = serve(tree / "site")
    yield base
    server.shutdown()


@pytest.mark.parametrize(
    "query, expected",
    [
        ("蒋思琪", "accounts/dingsheng-beverage/"),
        ("动销", "accounts/dingsheng-beverage/"),
        ("Galaxy", "accounts/xinghe-tech/"),
    ],
)
def test_zensical_site_searches_and_stays_local(
    browser, zensical_sample: str, query: str, expected: str
) -> None:
    visit = Visit(browser, zensical_sample)
    try:
        page = visit.open()
        page.click(".md-search__button")  # Zensical's search opens as a dialog from this button
        page.keyboard.type(query)
        page.keyboard.press("End")
        page.locator(f"a[href*='/{expected}?h=']").first.wait_for(timeout=30000)
        page.goto(zensical_sample + expected, wait_until="networkidle")
        assert page.locator("svg.pb-chain").count() == 1
        assert visit.problems() == [], visit.errors
        assert visit.foreign_requests() == [], visit.foreign_requests()
    finally:
        visit.close()
