"""Benchmark: the 最近更新 page (``changes/``) and its feed against the history's length.

    .venv/bin/python bench/changes.py              # 1,000 clients, 2,000 commits
    .venv/bin/python bench/changes.py 1000 2000 200
    PLAYBOOK_BENCH_DIR=/tmp/bench bench/changes.py    # keeps the repositories, reuses them

A synthetic handbook (bench/synthetic.py) in a git repository made with ``git
fast-import``: one commit of every file, then one commit per change (a taboo added to a
client, or a contact's title changed, in turn). For each history length asked (by default
2,000 commits, and 200 to compare), it times, in this process, best of five:

- reading the recent changes (``git log -n 50``, one ``git cat-file --batch``, both
  versions parsed and compared): ``changes.with_recent``;
- making the page and the feed from them: ``changes.pages``.

Their sum is what the changes/ page adds to a build; it must not grow with the history.
For comparison it also times ``freshness.read_history`` (every file's last changes, read
from the whole history).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from synthetic import _Written, write_handbook  # noqa: E402

from generator.pages import changes  # noqa: E402
from generator.pages.freshness import _git, read_history  # noqa: E402
from generator.pages.site import Site, SiteContext  # noqa: E402
from generator.pages.views import PageRenderer  # noqa: E402
from generator.reading.loader import load_handbook  # noqa: E402

AUTHORS = ("陈静", "李娜", "王芳", "赵磊")


def _dump(data: dict) -> bytes:
    text = yaml.dump(data, Dumper=_Written, allow_unicode=True, sort_keys=False, width=100)
    return text.encode("utf-8")


def make_repository(root: Path, clients: int, commits: int) -> Path:
    """A handbook of ``clients`` clients whose history has ``commits`` commits."""
    write_handbook(root, clients)
    files = {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }
    names = sorted(name for name in files if name.startswith("clients/"))
    data = {name: yaml.safe_load(files[name]) for name in names}
    start = int(dt.datetime(2024, 1, 1, tzinfo=dt.UTC).timestamp())
    stream = bytearray()

    def commit(index: int, changed: dict[str, bytes], message: str) -> None:
        author = AUTHORS[index % len(AUTHORS)]
        when = start + index * 3600
        body = message.encode("utf-8")
        stream.extend(
            b"commit refs/heads/main\n"
            + f"author {author} <a{index % 4}@example.com> {when} +0800\n".encode()
            + f"committer {author} <a{index % 4}@example.com> {when} +0800\n".encode()
            + f"data {len(body)}\n".encode()
            + body
            + b"\n"
        )
        for name, content in changed.items():
            stream.extend(f"M 100644 inline {name}\ndata {len(content)}\n".encode())
            stream.extend(content + b"\n")

    commit(0, files, "全部资料")
    for index in range(1, commits):
        name = names[(index * 7) % len(names)]
        client = data[name]
        if index % 2 and client.get("contacts"):
            client["contacts"][0]["title"] = f"职务 {index}"
            message = "职务变动"
        else:
            preferences = client.setdefault("preferences", {})
            preferences.setdefault("taboos", []).append(f"第 {index} 条禁忌")
            message = "加一条禁忌"
        content = _dump(client)
        (root / name).write_bytes(content)
        commit(index, {name: content}, message)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    subprocess.run(
        ["git", "-C", str(root), "fast-import", "--quiet"], input=bytes(stream), check=True
    )
    subprocess.run(["git", "-C", str(root), "reset", "-q"], check=True)  # the index
    return root


def best(work: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def measure(root: Path) -> dict[str, float]:
    handbook = load_handbook(root, "clients", "industries")
    history = read_history(root, ("clients", "industries"))
    recent = changes.with_recent(history, root, "clients", "industries")
    assert recent.recent_read and recent.recent, "no recent changes read"
    context = SiteContext(history=recent, today=dt.date(2026, 11, 21))
    site = Site(PageRenderer(handbook, "zh", history=recent), context)
    log = ("log", f"-n{changes.COMMITS}", "--raw", "--no-abbrev", "--", "clients", "industries")
    return {
        "of which git log -n 50": best(lambda: _git(root, *log)),
        "read": best(lambda: changes.with_recent(history, root, "clients", "industries")),
        "page": best(lambda: changes.pages(site)),
        "read_history (all files, whole history)": best(
            lambda: read_history(root, ("clients", "industries")), 3
        ),
        "shown": len(changes.shown(site)),
    }


def main() -> None:
    clients = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    lengths = [int(arg) for arg in sys.argv[2:]] or [2000, 200]
    with tempfile.TemporaryDirectory() as folder:
        for commits in lengths:
            # PLAYBOOK_BENCH_DIR: keep (and reuse) the repositories there
            kept = Path(os.environ.get("PLAYBOOK_BENCH_DIR", folder)) / f"h{clients}-{commits}"
            made = (kept / ".git").is_dir()
            root = kept if made else make_repository(kept, clients, commits)
            figures = measure(root)
            shown = int(figures.pop("shown"))
            print(f"{clients} clients, {commits} commits, {shown} changes shown:")
            for name, seconds in figures.items():
                print(f"  {name}: {seconds * 1000:.0f} ms")
            print(f"  changes/ page in all: {(figures['read'] + figures['page']) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
