"""HTML, checked by the Nu Html Checker (the W3C's validator, vnu.jar) on every built page.

Our own markup (generated pages, charts, the editor's page) must have no error. The
theme's templates have three kinds of error that only a copy of those templates could
fix; they are listed in docs/playbook/standards.md, and here, by message and element, so
that any other error fails.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import JS_CHECKS

VNU = JS_CHECKS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
THEME_ERRORS = (
    # (start of the message, what the offending element looks like)
    ("Attribute “autocomplete” is only allowed when the input type is", 'class="md-toggle"'),
    (
        "The value of the “for” attribute of the “label” element must be the ID of a non-hidden",
        'class="md-nav__title" for="__toc"',
    ),
    ("Bad value “” for attribute “tabindex” on element “label”", 'class="md-nav__link"'),
)


def _errors(paths: list[Path]) -> list[dict]:
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        pytest.skip("Java and vnu.jar are needed (make test installs them)")
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--errors-only", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    return [m for m in json.loads(result.stderr)["messages"] if m["type"] == "error"]


def _from_theme(message: dict) -> bool:
    return any(
        message["message"].startswith(start) and marker in message.get("extract", "")
        for start, marker in THEME_ERRORS
    )


def test_no_error_from_our_own_markup(sample_site: Path) -> None:
    pages = sorted(sample_site.rglob("*.html"))
    assert len(pages) > 40 and sample_site / "admin" / "index.html" in pages
    errors = _errors(pages)
    ours = [
        f"{m['url'].rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in errors
        if not _from_theme(m)
    ]
    assert ours == []
    # The list of the theme's errors is kept honest: each kind still occurs.
    assert {start for start, _ in THEME_ERRORS} == {
        start for m in errors for start, marker in THEME_ERRORS if m["message"].startswith(start)
    }


def test_the_checker_finds_errors_in_markup_like_ours(tmp_path: Path) -> None:
    """A broken page of the kind we generate is refused (so a pass above means something)."""
    page = tmp_path / "broken.html"
    page.write_text(
        '<!doctype html><html lang="zh"><head><title>x</title></head><body>'
        '<table><tr><th></th><td>1</td></tr></table><figure class="pb-chart"><svg viewBox="0 0 1 1">'
        '<a href="#x"><g><rect x="a"/></g></a></svg></figure><p id="a" id="a">x</p></body></html>',
        encoding="utf-8",
    )
    assert any("Duplicate attribute" in m["message"] for m in _errors([page]))
