"""Benchmark: N audiences in one `playbook build` against N separate builds.

    .venv/bin/python bench/audiences.py            # 300 clients
    .venv/bin/python bench/audiences.py 1000

For a synthetic handbook (bench/synthetic.py) with one, two and three audiences (everything;
no personal data or confidential clients; only a tenth of the clients), it times, each in a
fresh process:

- one run: `playbook build`, which writes every audience's site and reads and checks the
  handbook once;
- separate runs: `playbook build --audience NAME` once per audience, as a team would without
  audiences (each run reads and checks the handbook again).

The ratio one run / separate runs, and what each further audience adds to one run, are the
figures the docs quote. Both write complete sites (pages, search index, calendar).
"""

from __future__ import annotations

import itertools
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from synthetic import timed_playbook as timed  # noqa: E402
from synthetic import write_handbook  # noqa: E402

TODAY = "2026-11-21"
AUDIENCES = (
    ("team", "{}"),
    ("company", "{personal_data: false, confidential: false}"),
    ("some", "{clients: [%s]}"),
)


def configure(root: Path, count: int, clients: int) -> list[str]:
    """Name the first ``count`` audiences in the handbook's mkdocs.yml; their names."""
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8")
    marker = "  - playbook:\n      language: zh\n"
    some = ", ".join(f"client-{i:05d}" for i in range(0, clients, 10))
    lines = [f'      today: "{TODAY}"', "      audiences:"]
    for name, settings in AUDIENCES[:count]:
        lines.append(f"        {name}: {settings % some if '%s' in settings else settings}")
    base = text.split(marker)[0] + marker
    config.write_text(base + "\n".join(lines) + "\n" + text.split(marker)[1], encoding="utf-8")
    return [name for name, _ in AUDIENCES[:count]]


def main(clients: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="playbook-audiences-"))
    root = write_handbook(work / "handbook", clients)
    original = (root / "mkdocs.yml").read_text("utf-8")
    print(f"{clients} clients; seconds (one run / separate runs / ratio)")
    one_runs = []
    for count in (1, 2, 3):
        (root / "mkdocs.yml").write_text(original, encoding="utf-8")
        names = configure(root, count, clients)
        one = timed("build", "--root", str(root), "--site-dir", str(work / "one"))
        separate = sum(
            timed("build", "--root", str(root), "--audience", name, "--site-dir", str(work / name))
            for name in names
        )
        one_runs.append(one)
        print(f"{count} audience(s): {one:6.1f} / {separate:6.1f} / {one / separate:.2f}x")
    print(
        "each further audience adds: "
        + ", ".join(f"{b - a:.1f} s" for a, b in itertools.pairwise(one_runs))
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
