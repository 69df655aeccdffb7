"""Benchmark: search in real Chromium, from a page load to the first matching result.

    .venv/bin/python bench/search.py [N ...]          # default: 100 1000 3000 clients
    .venv/bin/python bench/search.py --theme 1000     # also the theme's own search at N

For the sample handbook (8 clients, the floor) and each synthetic handbook of N clients
(registered Chinese company names such as 杭州德信科技集团有限公司), it builds the site
with `playbook build`, serves it on localhost and, for each query, opens a client page
(a fresh page load, as after any click; always a client page, whose size does not grow
with the handbook), types the query and stops the clock when the
expected client's page is among the results: the time since navigation started, and the
bytes fetched for search (index, chunks, scripts) during that page load. Reported: the
medians, their ratios to the sample's in the same run, how many queries found their page
among the first five results, the index's size and the build's indexing time.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

from synthetic import copy_sample, write_handbook  # noqa: E402

from generator.search.pagefind import index_site  # noqa: E402

TODAY = "2026-11-21"
SAMPLE_QUERIES = [
    ("鼎盛饮料集团", "dingsheng-beverage"),
    ("DSB", "dingsheng-beverage"),
    ("北风汽车", "boreas-motors"),
    ("蒋思琪", "dingsheng-beverage"),
    ("Galaxy Tech", "xinghe-tech"),
    ("汇通银行", "huitong-bank"),
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def synthetic_queries(root: Path, count: int = 12) -> list[tuple[str, str]]:
    """Full names, short and mixed aliases of clients spread over the handbook."""
    paths = sorted((root / "clients").glob("*.yaml"))
    step = max(1, len(paths) // count)
    queries = []
    for i, path in enumerate(paths[1::step][:count]):
        data = yaml.safe_load(path.read_text("utf-8"))
        aliases = data.get("aliases") or [data["name"]]
        query = [data["name"], aliases[0], aliases[-1]][i % 3]
        queries.append((query, path.stem))
    return queries


def prepare(root: Path, theme: bool) -> None:
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8").replace(
        "      language: zh\n", f"      language: zh\n      today: '{TODAY}'\n"
    )
    if theme:
        text = text.replace(
            "  - playbook:\n", "  - search:\n      lang: [zh, en]\n  - playbook:\n"
        ).replace("      language: zh\n", "      language: zh\n      search: theme\n", 1)
    config.write_text(text, encoding="utf-8")


def build(root: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "generator.cli", "build", "--root", str(root)],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def measure(
    site: Path, queries: list[tuple[str, str]], theme: bool, start: str
) -> dict[str, object]:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    times: list[float] = []
    fetched: list[int] = []
    found = 0
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=shutil.which("chromium"), headless=True, args=["--no-sandbox"]
            )
            for query, client_id in queries:
                context = browser.new_context()
                page = context.new_page()
                sizes: list[int] = []

                def count(response, sizes=sizes) -> None:
                    url = response.url
                    if (
                        "/pagefind/" in url
                        or "/search/" in url
                        or "search" in url.rsplit("/", 1)[-1]
                    ):
                        with contextlib.suppress(Exception):  # a redirect has no body
                            sizes.append(len(response.body()))

                page.on("response", count)
                page.goto(base + start, wait_until="load")
                expected = f"/accounts/{client_id}/"
                try:
                    if theme:
                        page.click(".md-search__input")
                        page.keyboard.type(query)
                        target = page.locator(
                            f".md-search-result__item > a.md-search-result__link[href*='{expected}']"
                        )
                        for _ in range(60):  # Material reads the query on keyup
                            page.keyboard.press("End")
                            try:
                                target.first.wait_for(timeout=500)
                                break
                            except PlaywrightTimeout:
                                continue
                        target.first.wait_for(timeout=1000)
                        results = page.locator(".md-search-result__item > a.md-search-result__link")
                    else:
                        page.locator(".pb-search pagefind-searchbox input").fill(query)
                        target = page.locator(
                            f"pagefind-searchbox a.pf-searchbox-result[href^='{expected}']"
                        )
                        target.first.wait_for(timeout=60000)
                        results = page.locator(
                            "pagefind-searchbox a.pf-searchbox-result:not(.pf-searchbox-subresult)"
                        )
                    times.append(page.evaluate("performance.now()") / 1000)
                    top = [
                        (results.nth(i).get_attribute("href") or "").split("?")[0]
                        for i in range(min(results.count(), 5))
                    ]
                    if any(href.endswith(expected) for href in top):
                        found += 1
                    else:
                        print(
                            f"  not in the first 5: {query!r} → {client_id}: {top}", file=sys.stderr
                        )
                except PlaywrightTimeout:
                    print(f"  not found: {query!r} → {client_id}", file=sys.stderr, flush=True)
                page.wait_for_timeout(300)
                fetched.append(sum(sizes))
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return {
        "seconds": statistics.median(times) if times else float("nan"),
        "fetched_mb": statistics.median(fetched) / 1e6,
        "found": f"{found}/{len(queries)}",
    }


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def row(root: Path, clients: int, queries, theme: bool) -> dict[str, object]:
    prepare(root, theme)
    seconds = build(root)
    site = root / "site"
    result: dict[str, object] = {"clients": clients, "engine": "theme" if theme else "pagefind"}
    result["build_s"] = seconds
    if theme:
        result["index_mb"] = _size(site / "search") / 1e6
        result["indexing_s"] = float("nan")
    else:
        result["index_mb"] = (
            _size(site / "pagefind/index") + _size(site / "pagefind/fragment")
        ) / 1e6
        result["indexing_s"] = index_site(site, "zh").seconds  # the same work, timed alone
    # Every query starts on a client page: a page of the same size at any handbook size
    # (an index page grows with the handbook, and its own load is not search's cost).
    start = f"accounts/{queries[-1][1]}/"
    result.update(measure(site, queries, theme, start))
    print(json.dumps(result, ensure_ascii=False), file=sys.stderr, flush=True)
    return result


def run(sizes: list[int], theme_sizes: list[int]) -> list[dict[str, object]]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="playbook-search-") as tmp:
        for theme in (False, True):
            if theme and not theme_sizes:
                continue
            sample = copy_sample(Path(tmp) / f"sample-{theme}")
            rows.append(row(sample, 8, SAMPLE_QUERIES, theme))
            shutil.rmtree(sample)
            for n in theme_sizes if theme else sizes:
                root = write_handbook(Path(tmp) / f"h{n}-{theme}", n)
                rows.append(row(root, n, synthetic_queries(root), theme))
                shutil.rmtree(root)
    return rows


def report(rows: list[dict[str, object]]) -> str:
    lines = [
        "| search | clients | page load → first matching result s | × sample | "
        "fetched for the query MB | × sample | found (top 5) | index MB | indexing s | build s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    floors: dict[str, dict[str, object]] = {}
    for r in rows:
        floor = floors.setdefault(str(r["engine"]), r)
        lines.append(
            f"| {r['engine']} | {r['clients']:,} | {r['seconds']:.2f} | "
            f"{r['seconds'] / floor['seconds']:.2f}x | {r['fetched_mb']:.2f} | "
            f"{r['fetched_mb'] / floor['fetched_mb']:.2f}x | {r['found']} | "
            f"{r['index_mb']:.1f} | {r['indexing_s']:.1f} | {r['build_s']:.1f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    args = sys.argv[1:]
    theme_sizes: list[int] = []
    if "--theme" in args:
        at = args.index("--theme")
        theme_sizes = [int(args[at + 1])]
        del args[at : at + 2]
    sizes = [int(arg) for arg in args] or [100, 1000, 3000]
    print(report(run(sizes, theme_sizes)))
