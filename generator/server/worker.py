"""One audience's site, kept current as ``playbook serve`` keeps its preview: a process of
its own that holds the plugin's serve state (loaded handbook, rendered pages, compiled
templates, converted blocks) between rebuilds, and rebuilds *dirty*: only the pages whose
generated Markdown changed are rendered again.

The process renders into a private working folder that nobody serves; the server
publishes from it (:mod:`generator.server.publishing`). It does not index the search:
the full build does (:mod:`generator.server.fullbuild`), off the save's path.

Protocol: the server writes ``render`` (a line) on the process's standard input; the
process answers one JSON line ``{"seconds": …, "error": …}`` on the descriptor that was
its standard output (its standard output itself goes to standard error, so that nothing
a library prints can break the protocol). End of input ends it.

    python -m generator.server.worker --root HANDBOOK --audience team --site-dir WORK
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any


def quiet_git() -> dict[str, str]:
    """The environment of the server's children: the renderers read git's history and
    status (the pages' change history), and without optional locks a ``git status`` never
    holds the index's lock that a save's commit needs."""
    return {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}


class _NotDirtyWarning(logging.Filter):
    """MkDocs warns on every dirty build that links may be off; serve's dirty builds
    keep them right (generated pages are rewritten when their text changes)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


class _NoSearchIndex:
    """Stands for serve's background indexer: the full build indexes the search."""

    runs = 1

    def request(self, site_dir: Path) -> None:
        """Nothing: a dirty rebuild's site is published without a new search index."""


def _render_forever(root: Path, audience: str, site_dir: Path, answers: IO[str]) -> None:
    from mkdocs.commands.build import build

    from ..mkdocs_plugin.loading import handbook_config

    started = None
    while True:
        line = sys.stdin.readline()
        if not line:
            break
        if line.strip() != "render":
            continue
        began, began_cpu = time.perf_counter(), time.process_time()
        error = None
        try:
            # as serve does: the configuration read again for each build, the plugin's
            # instance (and its serve state) kept by MkDocs between them
            config = handbook_config(
                root / "mkdocs.yml", {"audience": audience}, site_dir=str(site_dir)
            )
            plugin: Any = config.plugins["playbook"]
            if started is None:
                config.plugins.on_startup(command="serve", dirty=True)
                plugin.indexer = _NoSearchIndex()
                started = config.plugins
            build(config, dirty=True)
        except Exception as exc:  # said to the server, which shows it on the status page
            error = f"{type(exc).__name__}: {getattr(exc, 'message', None) or exc}"
        seconds = round(time.perf_counter() - began, 3)
        cpu = round(time.process_time() - began_cpu, 3)
        answers.write(json.dumps({"seconds": seconds, "cpu": cpu, "error": error}) + "\n")
        answers.flush()
    if started is not None:
        started.on_shutdown()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m generator.server.worker")
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--audience", required=True)
    parser.add_argument("--site-dir", type=Path, required=True)
    arguments = parser.parse_args(argv)
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    logging.basicConfig(format="%(levelname)-7s -  %(message)s", level=logging.WARNING)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    logging.getLogger("mkdocs.commands.build").addFilter(_NotDirtyWarning())
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    _render_forever(arguments.root.resolve(), arguments.audience, arguments.site_dir, answers)


class SiteWorker:
    """The server's side of one worker process (started again if it dies)."""

    def __init__(self, root: Path, audience: str, site_dir: Path) -> None:
        self.root = root
        self.audience = audience
        self.site_dir = site_dir
        self._lock = threading.Lock()
        self._process: subprocess.Popen[str] | None = None
        self._stopped = False

    def _start(self) -> subprocess.Popen[str]:
        command = [
            sys.executable,
            "-m",
            "generator.server.worker",
            "--root",
            str(self.root),
            "--audience",
            self.audience,
            "--site-dir",
            str(self.site_dir),
        ]
        return subprocess.Popen(
            command,
            env=quiet_git(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            bufsize=1,
        )

    def render(self) -> tuple[float, float, str | None]:
        """Rebuild the site (the first time: every page): the seconds it took, the CPU
        seconds it used, and its error if it failed."""
        with self._lock:
            for _ in range(2):  # a process that died is started again, once
                if self._stopped:
                    break
                if self._process is None or self._process.poll() is not None:
                    self._process = self._start()
                process = self._process
                assert process.stdin is not None and process.stdout is not None
                try:
                    process.stdin.write("render\n")
                    process.stdin.flush()
                    answer = process.stdout.readline()
                except (BrokenPipeError, OSError):
                    answer = ""
                if answer:
                    said = json.loads(answer)
                    return float(said["seconds"]), float(said["cpu"]), said["error"]
                process.kill()
                process.wait()
                self._process = None
            return 0.0, 0.0, f"the renderer of {self.audience} stopped"

    def stop(self) -> None:
        """End the process now: a render in progress is abandoned (its working folder is
        private and made afresh at the next start)."""
        self._stopped = True
        process = self._process
        if process is None:
            return
        try:
            assert process.stdin is not None
            process.stdin.close()
            process.wait(timeout=1)
        except (OSError, subprocess.TimeoutExpired):
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


if __name__ == "__main__":  # pragma: no cover
    main()
