"""Benchmark: what a browser fetches for the home and calendar pages, for N clients.

    .venv/bin/python bench/page_weight.py               # the sample (8), 1,000 and 10,000
    .venv/bin/python bench/page_weight.py 8 1000        # other sizes (8: the sample itself)
    .venv/bin/python bench/page_weight.py --render 8 1000 10000

For each N it builds a handbook (the repository's sample for 8, else bench/synthetic.py)
with `playbook build`, the build day fixed, serves the site, and opens each page in
Chromium (Debian's, through Playwright, as the tests do) on the build day, the page's
script allowed to finish ("what is coming up" fetched and shown). It counts the bytes
of every response the page had (HTML, CSS, scripts, the JSON the script fetched…) as
served uncompressed, and as gzip would send them, and the ratios against the sample.

A build of 10,000 clients takes long on a small machine; ``--render`` measures only what
Playbook writes for the two pages, without MkDocs and the browser (the theme's CSS and
scripts are the same at any size): the pages' generated Markdown (its tables are HTML)
and, on top, the data files the script fetches on the build day — the index and, in each
stream, the file the day starts in and the next one (an upper bound: it stops earlier).
The page's estimated weight is the sample's, as the browser fetched it, with the
sample's own bytes replaced by these.
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import http.server
import json
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

TODAY = "2026-11-21"
PAGES = {"home": "", "calendar": "calendar/"}
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def build(root: Path) -> None:
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "      language: zh\n", f"      language: zh\n      today: '{TODAY}'\n"
        ),
        encoding="utf-8",
    )
    subprocess.run(
        [sys.executable, "-m", "generator.cli", "build", "--root", str(root)],
        check=True,
        capture_output=True,
    )


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _recorded(page) -> list:
    """The page's responses, as they come."""
    responses: list = []
    page.on("response", lambda response: responses.append(response))
    return responses


def weigh(site: Path) -> dict[str, dict[str, float]]:
    """Per page: bytes and gzip bytes of everything fetched, requests, JSON bytes."""
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    morning = dt.datetime.fromisoformat(TODAY).replace(hour=9, tzinfo=ZoneInfo("Asia/Shanghai"))
    found: dict[str, dict[str, float]] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            for name, path in PAGES.items():
                context = browser.new_context(timezone_id="Asia/Shanghai")
                page = context.new_page()
                page.clock.set_fixed_time(morning)
                responses = _recorded(page)
                page.goto(base + path, wait_until="networkidle")
                page.wait_for_selector(".pb-upcoming[data-live]", timeout=60_000)
                page.wait_for_load_state("networkidle")
                row = {"bytes": 0, "gzip": 0, "requests": 0, "json": 0}
                for response in responses:
                    if response.status != 200:
                        continue
                    body = response.body()
                    row["bytes"] += len(body)
                    row["gzip"] += len(gzip.compress(body, 6))
                    row["requests"] += 1
                    if response.url.endswith(".json"):
                        row["json"] += len(body)
                found[name] = row
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return found


def run(sizes: list[int]) -> list[dict]:
    from synthetic import copy_sample, write_handbook

    rows = []
    with tempfile.TemporaryDirectory(prefix="playbook-weight-") as tmp:
        for n in sizes:
            target = Path(tmp) / f"h{n}"
            root = copy_sample(target) if n == 8 else write_handbook(target, n)
            build(root)
            row = {"clients": n, **weigh(root / "site")}
            rows.append(row)
            print(json.dumps(row), file=sys.stderr, flush=True)
            shutil.rmtree(root)
    return rows


def rendered(root: Path) -> dict[str, dict[str, float]]:
    """``--render``: bytes of the two pages' own Markdown and of the data fetched on load."""
    from generator.pages import places
    from generator.pages.handbook import render_handbook
    from generator.pages.site import SiteContext
    from generator.pages.upcoming import fill_blocks
    from generator.reading.loader import load_handbook

    today = dt.date.fromisoformat(TODAY)
    blocks: dict[str, str] = {}
    pages = render_handbook(
        load_handbook(root), "zh", None, SiteContext(today=today), blocks=blocks
    )
    index = json.loads(pages[places.UPCOMING_FILE].markdown)
    fetched = [places.UPCOMING_FILE]
    for name, stream in index["streams"].items():
        first = stream["at"][0] if stream["at"] else stream["pages"]
        chosen = {0, 1} if name == "m" else set()  # overdue ones are read from the first
        chosen |= {first, first + 1}
        fetched += [f"{places.UPCOMING_FOLDER}/{name}{n}.json" for n in sorted(chosen)]
    data = sum(len(pages[p].markdown.encode()) for p in fetched if p in pages)
    home = fill_blocks((root / "docs/index.md").read_text("utf-8"), blocks, ".")
    calendar = pages[places.CALENDAR].markdown
    return {
        name: {"bytes": len(text.encode()) + data, "json": data, "requests": 0, "gzip": 0}
        for name, text in (("home", home), ("calendar", calendar))
    }


def run_rendered(sizes: list[int]) -> list[dict]:
    from synthetic import copy_sample, write_handbook

    rows = []
    with tempfile.TemporaryDirectory(prefix="playbook-weight-") as tmp:
        for n in sizes:
            target = Path(tmp) / f"h{n}"
            root = copy_sample(target) if n == 8 else write_handbook(target, n)
            row = {"clients": n, **rendered(root)}
            if n == 8:  # what the browser fetches for the sample: the base of the estimate
                build(root)
                for name, measured in weigh(root / "site").items():
                    row[name]["measured"] = measured["bytes"]
            rows.append(row)
            print(json.dumps(row), file=sys.stderr, flush=True)
            shutil.rmtree(root)
    return rows


def report_rendered(rows: list[dict]) -> str:
    base = next((r for r in rows if r["clients"] == 8), rows[0])
    lines = [
        "| clients | page | Playbook's own KB | of which data KB | page MB (est.) | x sample |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    for r in rows:
        for name in PAGES:
            page, first = r[name], base[name]
            # the sample's page as the browser fetched it, with this size's own bytes instead
            total = first.get("measured", first["bytes"]) - first["bytes"] + page["bytes"]
            lines.append(
                f"| {r['clients']:,} | {name} | {page['bytes'] / 1024:.1f} | "
                f"{page['json'] / 1024:.1f} | {total / 2**20:.2f} | "
                f"{total / first.get('measured', first['bytes']):.2f}x |"
            )
    return "\n".join(lines)


def report(rows: list[dict]) -> str:
    base = next((r for r in rows if r["clients"] == 8), rows[0])
    lines = [
        "| clients | page | requests | MB | gzip MB | of which JSON KB | x sample | gzip x sample |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        for name in PAGES:
            page, first = r[name], base[name]
            lines.append(
                f"| {r['clients']:,} | {name} | {page['requests']:.0f} | "
                f"{page['bytes'] / 2**20:.2f} | {page['gzip'] / 2**20:.2f} | "
                f"{page['json'] / 1024:.1f} | {page['bytes'] / first['bytes']:.2f}x | "
                f"{page['gzip'] / first['gzip']:.2f}x |"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    arguments = sys.argv[1:]
    only_rendered = "--render" in arguments
    sizes = [int(arg) for arg in arguments if arg != "--render"] or [8, 1000, 10000]
    if only_rendered:
        print(report_rendered(run_rendered(sizes)))
    else:
        print(report(run(sizes)))
