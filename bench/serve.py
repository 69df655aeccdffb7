"""Benchmark: how long after saving one client file its page shows the change, under serve.

    .venv/bin/python bench/serve.py [N]     # default N = 1,000 clients

It writes a synthetic handbook, starts `playbook serve` (dirty rebuilds, the default)
and, for comparison, `playbook serve --full`; waits for the first build; then edits
one client file several times and measures from the save until the page, fetched over
HTTP, shows the new text. Two kinds of edit: a change to the client's summary (the usual
edit: it shows on the client's own pages) and a rename (the worst case: the name shows
on every cross-account page, which are all rebuilt). The first build's time is reported.
"""

from __future__ import annotations

import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import write_handbook  # noqa: E402


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait(url: str, text: str, limit: float) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if text in _fetch(url):
            return time.perf_counter() - started
        time.sleep(0.05)
    raise SystemExit(f"{url} did not show {text!r} within {limit:.0f} s")


def _summary(times: list[float]) -> str:
    return f"{statistics.median(times):.2f} ({', '.join(f'{t:.2f}' for t in times)})"


def start(root: Path, full: bool = False, name: str = "dirty"):
    """`playbook serve` of ``root`` on a free port: (process, its log file, base URL)."""
    port = _port()
    args = [sys.executable, "-m", "generator.cli", "serve", "--root", str(root)]
    args += ["--dev-addr", f"127.0.0.1:{port}", *(["--full"] if full else [])]
    log = (root / f"serve-{name}.log").open("w")
    process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
    return process, log, f"http://127.0.0.1:{port}/"


EDITED = "client-00007"
"""The client both serve benchmarks edit."""


def client_name(original: str) -> str:
    return original.split("\n", 1)[0].removeprefix("name: ").strip()


def edited(original: str, kind: str, marker: str) -> str:
    """The client file after one save: ``edit`` of the summary, or ``rename`` (the worst case)."""
    if kind == "edit":
        return original.replace("\nsummary: ", f"\nsummary: {marker} ", 1)
    name = client_name(original)
    return original.replace(name, f"{name}{marker}", 1)


def measure(root: Path, full: bool, saves: int = 3) -> tuple[float, list[float], list[float]]:
    process, log, base = start(root, full, "full" if full else "dirty")
    client = root / "clients" / f"{EDITED}.yaml"
    url = f"{base}accounts/{EDITED}/"
    original = client.read_text("utf-8")
    name = client_name(original)
    try:
        first = _wait(url, name, 900)
        edits: list[float] = []
        renames: list[float] = []
        for kind, times in (("edit", edits), ("rename", renames)):
            for i in range(saves):
                time.sleep(1.5)  # let the server settle, as between two real saves
                marker = f"改动{kind}{i}号"
                client.write_text(edited(original, kind, marker), encoding="utf-8")
                times.append(_wait(url, marker, 300))
        return first, edits, renames
    finally:
        client.write_text(original, encoding="utf-8")
        process.terminate()
        process.wait(timeout=30)
        log.close()


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory(prefix="playbook-serve-bench-") as tmp:
        root = write_handbook(Path(tmp) / f"h{n}", n)
        print(
            "| serve mode | clients | first build s | save → page updated s: summary edit "
            "| rename |"
        )
        print("|---|---:|---:|---:|---:|")
        for full in (False, True):
            first, edits, renames = measure(root, full)
            mode = "--full" if full else "default (dirty)"
            print(
                f"| {mode} | {n:,} | {first:.1f} | {_summary(edits)} | {_summary(renames)} |",
                flush=True,
            )
