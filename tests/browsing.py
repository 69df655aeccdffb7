"""What the browser tests share: Debian's Chromium, a local server, a recorded visit.

Only tests that drive the browser use the ``browser`` fixture; importing this module needs
no browser and no Playwright (tests that need neither import nothing from them).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[1]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
NEEDS_CHROMIUM = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"),
    reason="Debian's chromium is not installed (make test installs it)",
)
"""For modules of browser tests: with CI set, a missing Chromium fails instead."""


def playwright():
    """Playwright's sync API, imported only by tests that drive the browser."""
    return pytest.importorskip("playwright.sync_api")


ARTIFACTS = REPO / "test-artifacts" / "screenshots"
FLAGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--disable-gpu",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def heading(page) -> str:
    """The page's h1 without its permalink sign."""
    return page.locator("article h1").first.inner_text().rstrip("¶").strip()


def serve(directory: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@pytest.fixture(scope="module")
def served_sample(sample_site: Path) -> Iterator[str]:
    """The built sample on localhost, for a module's browser tests: its address."""
    base, server = serve(sample_site)
    yield base
    server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    assert CHROMIUM, "Debian's chromium is required: apt-get install chromium"
    args = [*FLAGS, *(["--no-sandbox"] if os.geteuid() == 0 else [])]
    with playwright().sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
        yield browser
        browser.close()


class Visit:
    """A browser page on a served site that records requests, console errors and dialogs."""

    def __init__(self, browser, base: str, **context_options: object):
        self.base = base
        self.context = browser.new_context(**context_options)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.failed: list[str] = []
        """Requests answered with an error status (what a console error leaves unnamed)."""
        self.page.on(
            "response", lambda r: r.status >= 400 and self.failed.append(f"{r.status} {r.url}")
        )
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def open(self, path: str = "") -> object:
        self.page.goto(self.base + path, wait_until="networkidle")
        return self.page

    def settle(self) -> None:
        """Wait for a definite state, not a guessed time: the page loaded, its network
        idle once loaded (no request for 500 ms), then a frame painted and the tasks queued
        by then run. What the page's scripts do as it loads (a fetch, a script the CSP
        blocks) has been logged by then, however long it took.

        Playwright's sync API hands the browser's events to the recorders only while it
        is called: this is also what brings every error logged so far into ``errors``.
        """
        self.page.wait_for_load_state("load")
        self.page.wait_for_load_state("networkidle")
        self.page.evaluate(
            "() => new Promise(done => requestAnimationFrame(() => setTimeout(done)))"
        )

    def problems(self) -> list[str]:
        """Console errors and uncaught exceptions until now, the page settled (see
        ``settle``); they go on being recorded after the call."""
        self.settle()
        return list(self.errors)

    def foreign_requests(self) -> list[str]:
        local = urlsplit(self.base).netloc
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != local
        ]

    def close(self) -> None:
        self.context.close()
