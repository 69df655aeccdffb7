"""Benchmark: Lighthouse's performance score (mobile) of the home page and a client page.

    .venv/bin/python bench/lighthouse.py            # the sample, 3 runs per page
    .venv/bin/python bench/lighthouse.py --runs 5

Builds the sample (the build day fixed, as bench/page_weight.py does), serves it on
localhost without compression (as `python -m http.server` would; nginx's gzip makes it
lighter) and runs Google's Lighthouse (tests/js/node_modules, offline) with Debian's
Chromium, its default mobile emulation (a slow 4G link simulated, the CPU slowed 4x).
Reported per page: the median score of the runs, and the median of the metrics behind it.
A busy machine scores lower: run it with nothing else running.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import threading
from pathlib import Path

from page_weight import CHROMIUM, build
from synthetic import copy_sample

HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE.parent / "tests" / "js" / "node_modules" / "lighthouse" / "cli" / "index.js"
PAGES = {"home": "", "client": "accounts/dingsheng-beverage/"}
METRICS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _Gzipped(_Quiet):
    """Text sent gzip-compressed when the browser accepts it, as `playbook nginx`'s
    configuration has nginx do (``gzip on``, text types)."""

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        kind = self.guess_type(str(path))
        textual = kind.startswith("text/") or kind.endswith(("javascript", "json", "xml"))
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (path.is_file() and textual and accepts):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def lighthouse(url: str, report: Path) -> dict:
    flags = "--headless=new --no-sandbox --disable-gpu --disable-background-networking"
    subprocess.run(
        [
            shutil.which("node") or "node",
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--only-categories=performance",
            "--output=json",
            f"--output-path={report}",
            f"--chrome-flags={flags}",
        ],
        check=True,
        capture_output=True,
        timeout=300,
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
    )
    return json.loads(report.read_text("utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    work = Path(tempfile.mkdtemp(prefix="playbook-lighthouse-"))
    try:
        root = copy_sample(work / "sample")
        build(root)
        site = root / "site"
        print("| served | page | performance (median) | runs | " + " | ".join(METRICS) + " |")
        print("|---|---|---:|---|" + "---:|" * len(METRICS))
        for served, handler in (("plain", _Quiet), ("gzip", _Gzipped)):
            server = http.server.ThreadingHTTPServer(
                ("127.0.0.1", 0), functools.partial(handler, directory=str(site))
            )
            threading.Thread(target=server.serve_forever, daemon=True).start()
            base = f"http://127.0.0.1:{server.server_address[1]}/"
            for name, path in PAGES.items():
                reports = [
                    lighthouse(base + path, work / f"{served}-{name}-{n}.json") for n in range(runs)
                ]
                scores = [round(r["categories"]["performance"]["score"] * 100) for r in reports]
                metrics = [
                    statistics.median(r["audits"][m]["numericValue"] for r in reports)
                    for m in METRICS
                ]
                shown = " | ".join(f"{v:.0f}" if v >= 1 else f"{v:.3f}" for v in metrics)
                median = statistics.median(scores)
                print(f"| {served} | {name} | {median:.0f} | {scores} | {shown} |", flush=True)
            server.shutdown()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
