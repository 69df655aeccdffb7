"""Benchmark: `playbook check` over 1,000 files, all good, then with one bad file.

    .venv/bin/python bench/check.py [N]

A bad file must cost no more than a good one: the run still reads every file once and
reports every problem, located.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import write_handbook  # noqa: E402


def timed_check(root: Path, runs: int = 3) -> tuple[float, int, str]:
    times, code, output = [], 0, ""
    for _ in range(runs):
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "generator.cli", "check", "--root", str(root)],
            capture_output=True,
            text=True,
        )
        times.append(time.perf_counter() - started)
        code, output = result.returncode, result.stderr.strip().splitlines()[:1]
    return statistics.median(times), code, (output[0] if output else "")


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory(prefix="playbook-check-bench-") as tmp:
        root = write_handbook(Path(tmp) / "h", n)
        good, good_code, _ = timed_check(root)
        bad = root / "clients" / "client-00500.yaml"
        bad.write_text(bad.read_text("utf-8").replace("tier: ", "tier: Z", 1), encoding="utf-8")
        broken, bad_code, first = timed_check(root)
        print("| clients | all good: s (exit) | one bad file: s (exit) | ratio | first line |")
        print("|---:|---:|---:|---:|---|")
        print(
            f"| {n:,} | {good:.2f} ({good_code}) | {broken:.2f} ({bad_code}) | "
            f"{broken / good:.2f}x | `{first}` |"
        )
