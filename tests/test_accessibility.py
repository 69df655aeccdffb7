"""Accessibility, checked by axe-core (Deque's engine) in real Chromium on every page.

Every page of the sample, in Chinese and in English, in the light and the dark scheme,
must have no serious or critical violation; what the theme leaves short is fixed from
the handbook's stylesheet and script. A keyboard reaches every generated control, and
shows where it is.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browsing import CHROMIUM, Visit, serve
from tests.conftest import JS_CHECKS, copy_sample, run_cli, set_today

AXE = JS_CHECKS / "node_modules" / "axe-core" / "axe.min.js"
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")


@pytest.fixture(scope="module")
def english_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_sample(tmp_path_factory.mktemp("english"))
    set_today(root)
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8").replace("  language: zh\n", "  language: en\n")
    config.write_text(text.replace("      language: zh\n", "      language: en\n"), "utf-8")
    result = run_cli("build", "--root", str(root))
    assert result.exit_code == 0, result.output
    return root / "site"


def _pages(site: Path) -> list[str]:
    return sorted(
        "" if p.parent == site else p.parent.relative_to(site).as_posix() + "/"
        for p in site.rglob("index.html")
    )


PER_ENTITY = ("briefs/", "industries/", "team/", "calendar/months/", "lessons/by-industry/")
"""Folders of pages that one template draws once per client, industry, colleague or month."""


def _one_of_each_kind(pages: list[str]) -> list[str]:
    """Every page but one of each folder of :data:`PER_ENTITY` (the client pages, the
    most varied, all kept): what a colour scheme or a language changes is the same on
    every page one template draws."""
    kept: dict[str, str] = {}
    for path in pages:
        folder = next((f for f in PER_ENTITY if path.startswith(f) and path != f), path)
        kept.setdefault(folder, path)
    return sorted(kept.values())


def _serious(page, rules: list[str] | None = None) -> list[str]:
    if not AXE.is_file():
        pytest.skip("axe-core not installed: npm ci --prefix tests/js")
    page.add_script_tag(path=str(AXE))
    options = {"resultTypes": ["violations"], **({"runOnly": rules} if rules else {})}
    result = page.evaluate("(options) => axe.run(document, options)", options)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]} {v['nodes'][0].get('failureSummary', '')[:200]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture(scope="module", params=["zh", "en"])
def site(request, sample_site: Path, english_site: Path) -> Iterator[tuple[str, str, list[str]]]:
    directory = sample_site if request.param == "zh" else english_site
    base, server = serve(directory)
    yield request.param, base, _pages(directory)
    server.shutdown()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_violation_on_any_page(browser, site, scheme: str) -> None:
    language, base, every_page = site
    assert len(every_page) > 40
    # every page once (the Chinese site, light); in the other three, one of each kind
    full = (language, scheme) == ("zh", "light")
    pages = every_page if full else _one_of_each_kind(every_page)
    visit = Visit(browser, base, color_scheme=scheme)
    found: dict[str, list[str]] = {}
    logged: dict[str, list[str]] = {}
    try:
        for path in pages:
            before = len(visit.errors)
            page = visit.open(path)
            if not path.startswith("admin/"):  # the editor's page is not a theme page
                expected = "slate" if scheme == "dark" else "default"
                assert page.evaluate("document.body.dataset.mdColorScheme") == expected
            problems = _serious(page)
            if problems:
                found[path or "/"] = problems
            errors = visit.problems()[before:]  # the page settled: its late errors are in
            if errors:
                logged[path or "/"] = errors
        assert found == {}, found
        assert logged == {}, logged
        assert visit.foreign_requests() == []
    finally:
        visit.close()


def _focus_walk(page, presses: int) -> list[dict]:
    """Press Tab ``presses`` times; what had the focus each time, and how it showed."""
    seen = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        seen.append(
            page.evaluate(
                """() => {
                  const el = document.activeElement;
                  const style = getComputedStyle(el);
                  return {tag: el.tagName, cls: el.getAttribute('class') || '',
                          inSvg: !!el.closest('svg'), inFilter: !!el.closest('.pb-filter'),
                          outline: style.outlineStyle, width: parseFloat(style.outlineWidth)};
                }"""
            )
        )
    return seen


def test_the_keyboard_reaches_filters_and_chart_links_and_shows_focus(
    browser,
    sample_site: Path,
) -> None:
    base, server = serve(sample_site)
    visit = Visit(browser, base)
    try:
        filters = [f for f in _focus_walk(visit.open("accounts/"), 60) if f["inFilter"]]
        assert len(filters) >= 2, filters  # every filter's select box
        walk = _focus_walk(visit.open("accounts/dingsheng-beverage/"), 120)
        chart_links = [f for f in walk if f["inSvg"]]
        editor_links = [f for f in walk if "pb-edit" in f["cls"]]  # the page's form in the editor
        assert editor_links, "the editor link took no focus"
        assert chart_links, "no chart link took the focus"
        for focused in filters + chart_links + editor_links:
            assert focused["outline"] != "none" and focused["width"] >= 2, focused
        assert visit.problems() == [], visit.errors
    finally:
        visit.close()
        server.shutdown()


LIGHTHOUSE = JS_CHECKS / "node_modules" / "lighthouse" / "cli" / "index.js"


@pytest.mark.parametrize("path", ["", "accounts/dingsheng-beverage/"])
def test_lighthouse_accessibility_is_100(sample_site: Path, tmp_path: Path, path: str) -> None:
    """Google's Lighthouse, its accessibility category, on the home and a client page."""
    if not LIGHTHOUSE.is_file() or shutil.which("node") is None:
        pytest.skip("Lighthouse not installed: npm ci --prefix tests/js")
    base, server = serve(sample_site)
    report = tmp_path / "report.json"
    flags = "--headless=new --no-sandbox --disable-gpu --disable-background-networking"
    try:
        result = subprocess.run(
            [
                shutil.which("node"),
                str(LIGHTHOUSE),
                base + path,
                "--quiet",
                "--only-categories=accessibility",
                "--output=json",
                f"--output-path={report}",
                f"--chrome-flags={flags}",
            ],
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
        )
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stderr[-2000:]
    audit = json.loads(report.read_text("utf-8"))
    failing = [
        key
        for key, item in audit["audits"].items()
        if item.get("scoreDisplayMode") == "binary" and item.get("score") == 0
    ]
    assert audit["categories"]["accessibility"]["score"] == 1, failing


CONTRAST = """() => {
  // WCAG's contrast ratio of each matched word's colour against what is drawn behind it:
  // translucent colours (the selected result's tint, the text's alpha) composited in turn.
  const rgba = (css) => {
    const [r, g, b, a = 1] = css.match(/[\\d.]+/g).map(Number);
    return [r, g, b, a];
  };
  const over = ([r, g, b, a], [R, G, B]) => [r * a + R * (1 - a), g * a + G * (1 - a), b * a + B * (1 - a)];
  const channel = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
  const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const backgroundOf = (el) => {
    const layers = [];
    for (; el; el = el.parentElement) {
      const colour = rgba(getComputedStyle(el).backgroundColor);
      if (colour[3] > 0) layers.push(colour);
      if (colour[3] === 1) break;
    }
    let drawn = [255, 255, 255];
    for (const layer of layers.reverse()) drawn = over(layer, drawn);
    return drawn;
  };
  return [...document.querySelectorAll("pagefind-searchbox mark")].map((mark) => {
    const behind = backgroundOf(mark);
    const [a, b] = [luminance(over(rgba(getComputedStyle(mark).color), behind)), luminance(behind)];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  });
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_marks_read_against_the_results_background(
    browser, sample_site: Path, scheme: str
) -> None:
    """A matched word in the results is as readable as the text around it (WCAG AA 4.5:1),
    computed from the colours Chromium draws, and axe finds no contrast problem with the
    results panel open."""
    base, server = serve(sample_site)
    visit = Visit(browser, base, color_scheme=scheme)
    try:
        page = visit.open("")
        page.locator(".pb-search pagefind-searchbox input").fill("渠道")
        page.locator("pagefind-searchbox mark").first.wait_for(timeout=30000)
        ratios = page.evaluate(CONTRAST)
        assert ratios and min(ratios) >= 4.5, ratios
        # every axe rule over the open panel: contrast, and each result named by all of
        # its visible text (search.js's result template; Pagefind's own fails 2.5.3)
        problems = _serious(page)
        assert problems == [], "\n".join(problems)
    finally:
        visit.close()
        server.shutdown()
