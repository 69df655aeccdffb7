"""Benchmark: Playbook against its floors, for N = 100, 1,000 and 3,000 clients.

    .venv/bin/python bench/run.py            # or: make bench
    .venv/bin/python bench/run.py 100 1000   # other sizes

For each N it writes a synthetic handbook (bench/synthetic.py) and measures, each step
in a fresh process so that peak memory is the step's own (the short steps parse, load and
render three times, reporting the median):

- parse floor: libyaml's CSafeLoader over the same client files, nothing else;
- load: Playbook's located, validated load of all files;
- render: every generated page and file from the loaded handbook;
- build: `playbook build` end to end (strict), with its peak memory;
- MkDocs floor: plain `mkdocs build --strict` of the very same pages written out as
  Markdown tree (`playbook render --out`), with the same theme and configuration, no plugin;
- site size and search index size.

It prints a table and the ratios that the targets are stated in.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

TODAY = "2026-11-21"  # health is computed against a fixed day, so runs compare


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _children_peak_mb() -> float:
    """The largest peak of the step's child processes (the page generator a build forks,
    the calendar writer, Pagefind), each on its own: they do not all run at once."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def step(name: str, root: Path) -> dict[str, float]:
    """Run one measured step in this process; returns seconds and peak memory."""
    import yaml

    from generator.pages.site import SiteContext
    from generator.pipeline import gc_paused

    started = time.perf_counter()
    if name == "parse":
        for path in sorted((root / "clients").glob("*.yaml")):
            yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)
    elif name in ("load", "render"):
        import datetime as dt

        from generator.pages.handbook import render_handbook
        from generator.reading.loader import load_handbook

        with gc_paused():
            handbook = load_handbook(root)
            loaded = time.perf_counter()
            if name == "render":
                render_handbook(
                    handbook, "zh", None, SiteContext(today=dt.date.fromisoformat(TODAY))
                )
                return {"seconds": time.perf_counter() - loaded, "peak_mb": _peak_mb()}
    elif name == "calendar-job":
        import datetime as dt

        from generator.pages.care_calendar import care_events, ical_events, write_job
        from generator.reading.loader import load_handbook

        events = care_events(load_handbook(root))
        write_job(
            ical_events(events, lambda e: f"{e.client_name} · {e.title}", lambda e: None),
            "日历",
            Path(os.environ["PLAYBOOK_BENCH_JOB"]),
        )
    elif name == "writer":
        # The calendar writer on its own. Its peak is read from /proc while it runs: a
        # forked child's rusage starts from its parent's size, so it would overstate it.
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "generator.pages.care_calendar",
                os.environ["PLAYBOOK_BENCH_JOB"],
            ]
        )
        peak_kb = 0
        while process.poll() is None:
            try:
                status = Path(f"/proc/{process.pid}/status").read_text("ascii")
            except OSError:
                break
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    peak_kb = max(peak_kb, int(line.split()[1]))
            time.sleep(0.01)
        if process.wait() != 0:
            raise SystemExit("the calendar writer failed")
        return {"seconds": time.perf_counter() - started, "peak_mb": peak_kb / 1024}
    elif name == "build":
        from click.testing import CliRunner

        from generator.cli.commands import main

        result = CliRunner().invoke(main, ["build", "--root", str(root)])
        if result.exit_code != 0:
            raise SystemExit(result.output)
    elif name == "floor":
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        config = load_config(config_file=str(root / "mkdocs.yml"), strict=True)
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
        config.plugins.on_shutdown()
    else:
        raise SystemExit(f"unknown step {name}")
    return {
        "seconds": time.perf_counter() - started,
        "peak_mb": _peak_mb(),
        "children_peak_mb": _children_peak_mb(),
    }


def measure(name: str, root: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--step", name, str(root)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    if out.returncode != 0:
        raise SystemExit(f"step {name} failed:\n{out.stdout}\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def floor_tree(root: Path, target: Path) -> Path:
    """The same site as plain MkDocs: `playbook render --out` (pages, assets, config), no plugin."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "generator.cli",
            "render",
            "--root",
            str(root),
            "--out",
            str(target),
        ],
        check=True,
        capture_output=True,
    )
    return target


def _size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def run(sizes: list[int]) -> list[dict[str, float]]:
    from synthetic import write_handbook

    rows = []
    with tempfile.TemporaryDirectory(prefix="playbook-bench-") as tmp:
        for n in sizes:
            root = write_handbook(Path(tmp) / f"h{n}", n)
            config = root / "mkdocs.yml"
            config.write_text(
                config.read_text("utf-8").replace(
                    "      language: zh\n", f"      language: zh\n      today: '{TODAY}'\n"
                ),
                encoding="utf-8",
            )
            row: dict[str, float] = {"clients": n}
            # The short steps are the noisiest on a shared machine: median of three runs.
            for name in ("parse", "load", "render"):
                row[name] = statistics.median(measure(name, root)["seconds"] for _ in range(3))
            job = Path(tmp) / f"calendar{n}"
            job.mkdir()
            os.environ["PLAYBOOK_BENCH_JOB"] = str(job)
            measure("calendar-job", root)
            writer = measure("writer", root)
            row["writer"], row["writer_peak_mb"] = writer["seconds"], writer["peak_mb"]
            build = measure("build", root)
            row["build"], row["build_peak_mb"] = build["seconds"], build["peak_mb"]
            floor = floor_tree(root, Path(tmp) / f"floor{n}")
            floor_run = measure("floor", floor)
            row["floor"], row["floor_peak_mb"] = floor_run["seconds"], floor_run["peak_mb"]
            row["site_mb"] = _size(root / "site") / 2**20
            row["floor_site_mb"] = _size(floor / "site") / 2**20
            row["search_mb"] = _size(root / "site/pagefind") / 2**20
            rows.append(row)
            print(json.dumps(row), file=sys.stderr, flush=True)
            shutil.rmtree(root)
            shutil.rmtree(floor)
    return rows


def report(rows: list[dict[str, float]]) -> str:
    lines = [
        "| clients | parse floor s | load s | render s | (load+render)/parse | build s | "
        "MkDocs floor s | build/floor | peak MB | floor peak MB | calendar writer s / MB | "
        "site MB | search index MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['clients']:,.0f} | {r['parse']:.2f} | {r['load']:.2f} | {r['render']:.2f} | "
            f"{(r['load'] + r['render']) / r['parse']:.2f}x | {r['build']:.1f} | "
            f"{r['floor']:.1f} | {r['build'] / r['floor']:.2f}x | {r['build_peak_mb']:.0f} | "
            f"{r['floor_peak_mb']:.0f} | {r['writer']:.2f} / {r['writer_peak_mb']:.0f} | "
            f"{r['site_mb']:.1f} | {r['search_mb']:.1f} |"
        )
    by_n = {int(r["clients"]): r for r in rows}
    if 1000 in by_n and 3000 in by_n:
        a, b = by_n[1000], by_n[3000]
        lines.append("")
        lines.append(
            f"From 1,000 to 3,000 clients: build time x{b['build'] / a['build']:.2f}, "
            f"site bytes x{b['site_mb'] / a['site_mb']:.2f} (linear would be x3.00)."
        )
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--step":
        print(json.dumps(step(sys.argv[2], Path(sys.argv[3]))))
    else:
        sizes = [int(arg) for arg in sys.argv[1:]] or [100, 1000, 3000]
        print(report(run(sizes)))
