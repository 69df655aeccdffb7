"""Shared helpers: real handbooks in temporary folders, built by real MkDocs."""

from __future__ import annotations

import datetime as dt
import gzip
import html
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli.commands import main

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
sys.path.insert(0, str(REPO / "bench"))  # the sample and synthetic handbooks the benchmarks use

from synthetic import copy_sample  # noqa: E402 (tests import it from here)

MKDOCS_YML = """\
site_name: Test handbook
validation:
  links:
    anchors: warn
    unrecognized_links: warn
theme:
  name: material
  language: {language}
  font: false
plugins:
  - playbook
"""

MINIMAL_INDUSTRY = "name: 快速消费品\n"
MINIMAL_CLIENT = """\
name: 测试客户
industry: fmcg
tier: B
status: active
team:
  lead: 王芳
"""


def write_handbook(
    root: Path,
    clients: dict[str, str | bytes] | None = None,
    industries: dict[str, str | bytes] | None = None,
    language: str = "zh",
) -> Path:
    """A handbook folder with mkdocs.yml, docs/index.md and the given YAML files."""
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(language=language), encoding="utf-8")
    for folder, files in (("clients", clients or {}), ("industries", industries or {})):
        (root / folder).mkdir(exist_ok=True)
        for name, content in files.items():
            path = root / folder / name
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
    return root


def mkdocs_build_strict(root: Path) -> subprocess.CompletedProcess[str]:
    """Plain `mkdocs build --strict` in ``root``, as a user runs it (the plugin by entry point)."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=root,
        capture_output=True,
        text=True,
    )


TODAY = "2026-11-21"

# Every build a test makes is checked against TODAY unless the test names another day: the
# plugin (and MkDocs, for the sitemap's dates) read the reproducible-builds variable, and
# subprocesses (`mkdocs build`, `playbook serve`) inherit it. The suite passes on any day.
os.environ["SOURCE_DATE_EPOCH"] = str(
    int(dt.datetime.fromisoformat(TODAY).replace(tzinfo=dt.UTC).timestamp())
)


def set_today(root: Path, today: str = TODAY) -> None:
    """Pin the day health is checked against, so tests do not age."""
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "      language: zh\n" in text
    config.write_text(
        text.replace("      language: zh\n", f"      language: zh\n      today: {today!r}\n"),
        encoding="utf-8",
    )


def run_cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def search_fragments(site: Path) -> dict[str, dict]:
    """What Pagefind indexed, page by page (URL → its text, title and metadata).

    A fragment file is gzip, then Pagefind's signature ``pagefind_dcd``, then JSON.
    """
    fragments = {}
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(b"pagefind_dcd"), path
        fragment = json.loads(raw[len(b"pagefind_dcd") :])
        fragments[fragment["url"]] = fragment
    assert fragments, f"no search index in {site}"
    return fragments


def page_text(page_html: str) -> str:
    """The visible text of a built page's content, entities decoded, whitespace folded."""
    match = re.search(r"<article[^>]*>(.*)</article>", page_html, re.DOTALL)
    body = match.group(1) if match else page_html
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.DOTALL)
    body = re.sub(r"</?(strong|em|a|code|span|small|b|i|sup|sub)\b[^>]*>", "", body)
    text = re.sub(r"<[^>]+>", " ", body)
    return " ".join(html.unescape(text).split())


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def start_tags(page_html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Every start tag of a page with its attributes, as a browser's parser sees them."""
    parser = _Tags()
    parser.feed(page_html)
    return parser.tags


@pytest.fixture
def handbook(tmp_path: Path) -> Callable[..., Path]:
    def make(**kwargs: object) -> Path:
        return write_handbook(tmp_path / "handbook", **kwargs)  # type: ignore[arg-type]

    return make


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample handbook, built once with `playbook build` (strict)."""
    root = copy_sample(tmp_path_factory.mktemp("sample"))
    set_today(root)
    result = run_cli("build", "--root", str(root))
    assert result.exit_code == 0, result.output
    return root / "site"


JS_CHECKS = Path(__file__).resolve().parent / "js"
"""Third-party checkers from the npm registry (ical.js, ajv), installed by `make test`."""


def run_js_check(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run one of ``tests/js/``'s scripts with Node; skip (outside CI) when not installed."""
    node = shutil.which("node")
    if node is None or not (JS_CHECKS / "node_modules").is_dir():
        if os.environ.get("CI"):
            pytest.fail("Node and tests/js/node_modules are required (make test installs them)")
        pytest.skip("Node checkers not installed: npm ci --prefix tests/js")
    return subprocess.run(
        [node, str(JS_CHECKS / script), *args], capture_output=True, text=True, timeout=120
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> object:
    """In CI (``CI=true``) a skipped test is a failed one: a checker that did not install
    (Chromium, Node's checkers, Java's vnu.jar, git) must not pass the suite unseen."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if os.environ.get("CI") and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where every checker must run: {reason}"


def page_html(site: Path, page: str) -> str:
    """The built HTML of ``page`` (a folder of the site, with directory URLs)."""
    return (site / page / "index.html").read_text("utf-8")


from tests.browsing import browser, served_sample  # noqa: E402, F401 - fixtures for browser tests
