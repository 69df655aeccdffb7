"""Benchmark: the form editor's cost — a save through its API, the bundle, the build.

    .venv/bin/python bench/editor.py [N]     # default N = 1,000 clients

1. Save → page updated under `playbook serve`, for a summary edit saved the way the editor
   saves it (a ``persistEntry`` request to the local backend, which checks the whole
   handbook before writing), against the floor measured in the same run: the same edit
   written straight to the file (what a text editor does; no check).
2. The bundle the editor adds to a site (bytes, and gzip bytes as a web server sends it).
3. Build cost: `playbook build` of the sample with the editor connected to a git host
   (bundle copied) against the same build with ``editor.enabled: false``; median of three.
"""

from __future__ import annotations

import gzip
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from serve import _summary, _wait, start  # noqa: E402
from synthetic import write_handbook  # noqa: E402

BUNDLE = REPO / "generator" / "assets" / "decap"


def _persist(base: str, path: str, raw: str) -> float:
    body = json.dumps(
        {
            "action": "persistEntry",
            "params": {"dataFiles": [{"path": path, "raw": raw}], "assets": []},
        }
    ).encode()
    request = urllib.request.Request(
        base + "api/v1",
        data=body,
        headers={"Content-Type": "application/json", "Origin": base.rstrip("/")},
        method="POST",
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        response.read()
    return time.perf_counter() - started


def saves(root: Path, rounds: int = 3) -> tuple[list[float], list[float], list[float]]:
    process, log, base = start(root, name="editor")
    client = root / "clients" / "client-00007.yaml"
    url = base + "accounts/client-00007/"
    original = client.read_text("utf-8")
    name = original.split("\n", 1)[0].removeprefix("name: ").strip()
    direct: list[float] = []
    through_api: list[float] = []
    answered: list[float] = []
    try:
        _wait(url, name, 900)
        for i in range(rounds):
            for kind, times in (("file", direct), ("api", through_api)):
                time.sleep(1.5)
                marker = f"编辑器{kind}{i}号"
                text = original.replace("\nsummary: ", f"\nsummary: {marker} ", 1)
                started = time.perf_counter()
                if kind == "file":
                    client.write_text(text, encoding="utf-8")
                else:
                    answered.append(_persist(base, "clients/client-00007.yaml", text))
                _wait(url, marker, 300)
                times.append(time.perf_counter() - started)
        return direct, through_api, answered
    finally:
        client.write_text(original, encoding="utf-8")
        process.terminate()
        process.wait(timeout=30)
        log.close()


def bundle_bytes() -> tuple[int, int]:
    files = sorted(BUNDLE.glob("*.js"))
    raw = sum(p.stat().st_size for p in files)
    packed = sum(len(gzip.compress(p.read_bytes(), 6)) for p in files)
    return raw, packed


def build_times(rounds: int = 3) -> tuple[float, float]:
    """Median `playbook build` seconds of the sample: (editor off, editor with a git host)."""
    result = []
    for options in (
        "      editor:\n        enabled: false\n",
        "      editor:\n        backend: gitlab\n        repo: team/handbook\n",
    ):
        times = []
        for _ in range(rounds):
            with tempfile.TemporaryDirectory() as tmp:
                root = Path(tmp)
                for name in ("mkdocs.yml", "docs", "clients", "industries", "templates"):
                    source = REPO / name
                    copy = shutil.copytree if source.is_dir() else shutil.copy
                    copy(source, root / name)
                config = root / "mkdocs.yml"
                text = config.read_text("utf-8").replace(
                    "      language: zh\n", "      language: zh\n" + options, 1
                )
                config.write_text(text, encoding="utf-8")
                started = time.perf_counter()
                subprocess.run(
                    [sys.executable, "-m", "generator.cli", "build", "--root", str(root)],
                    check=True,
                    capture_output=True,
                )
                times.append(time.perf_counter() - started)
        result.append(statistics.median(times))
    return result[0], result[1]


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    raw, packed = bundle_bytes()
    off, on = build_times()
    print(
        f"editor bundle: {raw / 1e6:.2f} MB ({packed / 1e6:.2f} MB gzip), {len(list(BUNDLE.glob('*.js')))} files"
    )
    print(f"sample build: editor off {off:.2f} s, with editor {on:.2f} s ({on / off:.2f}x)")
    with tempfile.TemporaryDirectory(prefix="playbook-editor-bench-") as tmp:
        root = write_handbook(Path(tmp) / f"h{n}", n)
        direct, through_api, answered = saves(root)
    ratio = statistics.median(through_api) / statistics.median(direct)
    print(
        "| clients | file written directly → page s (floor) | editor save → page s | ratio | API answer s |"
    )
    print("|---:|---:|---:|---:|---:|")
    print(
        f"| {n:,} | {_summary(direct)} | {_summary(through_api)} | {ratio:.2f}x | {_summary(answered)} |"
    )
