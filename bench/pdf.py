"""Benchmark: `playbook pdf` against the site build, for the sample and N synthetic clients.

    .venv/bin/python bench/pdf.py          # the sample, and 1,000 clients
    .venv/bin/python bench/pdf.py 300      # another size

Each step runs in a fresh process (wall seconds, as a person waits for it): the site build
(`playbook build`), the new colleague's pack (`playbook pdf`: every tier-A client's brief,
the norms and the industries), and one client's brief (`playbook pdf --client`). Both PDF
steps read, check and render the handbook as the build does, then set their pages.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from synthetic import copy_sample, timed_playbook, write_handbook  # noqa: E402

TODAY = "2026-11-21"


def timed(*args: str) -> float:
    return timed_playbook(*args, SOURCE_DATE_EPOCH="1795219200")  # the build day: TODAY


def pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def measure(root: Path, label: str, client: str) -> None:
    build = timed("build", "--root", str(root))
    pack = timed("pdf", "--root", str(root), "--out", str(root / "pack.pdf"))
    brief = timed("pdf", "--root", str(root), "--client", client, "--out", str(root / "b.pdf"))
    print(
        f"{label}: build {build:.1f} s; pack {pack:.1f} s ({pages(root / 'pack.pdf')} pages, "
        f"{pack / build:.2f}x the build); one brief {brief:.1f} s"
    )


def main(sizes: list[int]) -> None:
    work = Path(tempfile.mkdtemp(prefix="playbook-pdf-bench-"))
    measure(copy_sample(work / "sample"), "sample (8 clients)", "dingsheng-beverage")
    for size in sizes:
        root = write_handbook(work / f"n{size}", size)
        measure(root, f"{size} clients", "client-00000")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1000])
