"""Benchmark: a form save applied to a file's own text, against the loader's reading of it.

    .venv/bin/python bench/edits.py

For every client file of the sample, in one process and one run:
- floor: the loader's reading of the file (``values_of``: YAML 1.2, text kept as written);
- edit: ``changed_text`` with one value changed (the client's name), which reads the file
  twice more, writes it with ruamel and merges three ways.
Each time is the best of 5 rounds of 20; the ratio is against the floor of the same run.
"""

from __future__ import annotations

import copy
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from generator.format.model import Client  # noqa: E402
from generator.reading.loader import values_of  # noqa: E402
from generator.writing.edits import changed_text  # noqa: E402


def best(work: Callable[[], object], rounds: int = 5, times: int = 20) -> float:
    found = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(times):
            work()
        found.append((time.perf_counter() - start) / times)
    return min(found)


def main() -> None:
    # by their lines, not their ids: the performance page is published to every audience
    print("| lines | loader reading ms (floor) | one-field save ms | ratio |")
    print("|---:|---:|---:|---:|")
    for path in sorted((HERE.parent / "clients").glob("*.yaml")):
        text = path.read_text("utf-8")
        values = values_of(text, Client)
        assert isinstance(values, dict)
        changed = copy.deepcopy(values)
        changed["name"] = f"{values['name']}(新)"
        floor = best(lambda text=text: values_of(text, Client))
        edit = best(lambda text=text, changed=changed: changed_text(text, changed, Client))
        lines = text.count("\n")
        print(
            f"| {path.name} | {lines} | {floor * 1000:.2f} | {edit * 1000:.1f} | {edit / floor:.0f}x |"
        )


if __name__ == "__main__":
    main()
