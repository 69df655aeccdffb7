"""Benchmark: `playbook export` and `playbook import` of N clients, against the YAML floor.

    .venv/bin/python bench/spreadsheet.py [N]     # default N = 1,000 clients

Writes the synthetic handbook, then times, in one process and one run:
- floor: libyaml's CSafeLoader over the same client files, nothing else;
- export to a workbook (.xlsx) and to a folder of CSV files;
- import of each into an empty handbook (read, check with the loader, write the files).
Each time is the median of 3; the ratio is against the floor of the same run.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml
from click.testing import CliRunner

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from synthetic import write_handbook  # noqa: E402

from generator.cli.commands import main  # noqa: E402


def _median(run: Callable[[], None], before: Callable[[], None] = lambda: None) -> float:
    times = []
    for _ in range(3):
        before()
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _cli(*args: str) -> None:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    if result.exit_code != 0:
        raise SystemExit(result.output)


def measure(n: int, work: Path) -> list[tuple[str, float]]:
    root = write_handbook(work / f"h{n}", n)
    empty = work / "empty"
    shutil.copytree(root, empty, ignore=shutil.ignore_patterns("clients", "industries"))

    def floor() -> None:
        for path in sorted((root / "clients").glob("*.yaml")):
            yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)

    def clear() -> None:
        for folder in ("clients", "industries"):
            shutil.rmtree(empty / folder, ignore_errors=True)

    book, csv = work / "book.xlsx", work / "csv"
    return [
        ("YAML parse floor", _median(floor)),
        ("export .xlsx", _median(lambda: _cli("export", "--root", str(root), str(book)))),
        ("export CSV folder", _median(lambda: _cli("export", "--root", str(root), str(csv)))),
        ("import .xlsx", _median(lambda: _cli("import", "--root", str(empty), str(book)), clear)),
        (
            "import CSV folder",
            _median(lambda: _cli("import", "--root", str(empty), str(csv)), clear),
        ),
    ]


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory(prefix="playbook-sheet-bench-") as tmp:
        rows = measure(n, Path(tmp))
    floor = rows[0][1]
    print(f"| step ({n:,} clients) | seconds | × YAML parse floor |")
    print("|---|---:|---:|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.2f} | {seconds / floor:.1f}x |")
