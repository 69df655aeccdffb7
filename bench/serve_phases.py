"""Where a save's rebuild spends its time under `serve`, phase by phase (in one process).

    .venv/bin/python bench/serve_phases.py [N]     # default N = 1,000 clients

`bench/serve.py` measures what a reader sees (save → page updated over HTTP). This one
runs the same dirty rebuilds as `playbook serve` does, in this process, and splits each
into: generating the pages (Playbook), converting changed Markdown to HTML (MkDocs and
Python-Markdown), the safety pass, rendering and writing pages, navigation, the theme's
static templates, and the rest (MkDocs' per-file work). The slowest pages are listed.
"""

from __future__ import annotations

import collections
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import mkdocs.commands.build as mkdocs_build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402
from serve import EDITED, edited  # noqa: E402
from synthetic import write_handbook  # noqa: E402

from generator.mkdocs_plugin import plugin as playbook_plugin  # noqa: E402

totals: collections.Counter[str] = collections.Counter()
pages: collections.Counter[str] = collections.Counter()


def timed(owner: object, name: str, label: str, per_page: bool = False) -> None:
    """Add the time of every call of ``owner.name`` to ``label``."""
    function: Callable = getattr(owner, name)

    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent = time.perf_counter() - started
            totals[label] += spent
            if per_page and spent > 0.05:
                pages[f"{label} {args[0].file.src_uri}"] += spent

    setattr(owner, name, wrapper)


timed(mkdocs_build, "_populate_page", "convert", per_page=True)
timed(mkdocs_build, "_build_page", "render+write", per_page=True)
timed(mkdocs_build, "_build_theme_template", "theme templates")
timed(mkdocs_build, "get_navigation", "navigation")
timed(playbook_plugin.PlaybookPlugin, "_generate", "generate")
timed(playbook_plugin.PlaybookPlugin, "on_page_content", "safety pass")


def rebuild(root: Path, site: Path, first: bool = False) -> float:
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
    if first:
        config.plugins.on_startup(command="serve", dirty=True)
    totals.clear()
    pages.clear()
    started = time.perf_counter()
    mkdocs_build.build(config, dirty=True)
    return time.perf_counter() - started


def report(label: str, total: float) -> None:
    known = sum(totals.values())
    parts = ", ".join(f"{name} {seconds:.2f}" for name, seconds in totals.most_common())
    print(f"{label}: {total:.2f} s = {parts}, rest {total - known:.2f}", flush=True)
    slowest = ", ".join(f"{name} {seconds:.2f}" for name, seconds in pages.most_common(6))
    if slowest:
        print(f"    slowest pages: {slowest}", flush=True)


def main(n: int) -> None:
    with tempfile.TemporaryDirectory(prefix="playbook-serve-phases-") as tmp:
        root = write_handbook(Path(tmp) / f"h{n}", n)
        site = Path(tmp) / "site"
        os.chdir(root)
        report("first build", rebuild(root, site, first=True))
        client = root / "clients" / f"{EDITED}.yaml"
        original = client.read_text("utf-8")
        for kind, label in (("edit", "summary edit"), ("rename", "rename")):
            for i in range(3):
                client.write_text(edited(original, kind, f"改动{i}"), encoding="utf-8")
                report(f"{label} {i + 1}", rebuild(root, site))
        client.write_text(original, encoding="utf-8")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
