"""The other pages follow: a full ``playbook build`` of every audience in the background.

A render after a save brings the saved client's pages (and every generated page whose
text changed) up to date within seconds; what it leaves is the search index, the
sitemap and the hand-written pages that show generated blocks. A full build does all of
it: after saves (one build for however many saves came while the last one ran), at start,
and at least once a day. It runs in a process of its own at a lower CPU priority
(``nice``), so that the renders after saves come first, into a new folder; each
audience's site is then published with what renders changed since the build began laid
over it (:meth:`~generator.server.publishing.Publisher.publish_build`).

    python -m generator.cli build --root HANDBOOK --site-dir NEW_FOLDER
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .background import WhenAsked
from .publishing import Publisher, Stats, scan
from .worker import quiet_git

log = logging.getLogger("playbook.server")
DAILY = 24 * 3600.0
SETTLE = 1.0
"""Seconds a build waits after a save, for the saves that come with it."""


@dataclass
class BuildRecord:
    """The last full build: when it ended, how long it took, and its error if it failed."""

    when: str = ""
    seconds: float = 0.0
    error: str | None = None
    running: bool = False


class FullBuilds(WhenAsked):
    """Runs full builds one at a time, when asked (see the module)."""

    def __init__(
        self,
        root: Path,
        publisher: Publisher,
        work_of: Callable[[str], Path],
        audiences: list[str],
        nice: int = 10,
    ) -> None:
        self.root = root
        self.publisher = publisher
        self.work_of = work_of
        self.audiences = audiences
        self.nice = nice
        self.record = BuildRecord()
        self.builds = 0
        self._process: subprocess.Popen[str] | None = None
        super().__init__("playbook-full-build", every=DAILY, settle=SETTLE)

    def stopped(self) -> None:
        process = self._process
        if process is not None and process.poll() is None:
            process.terminate()

    def run_once(self) -> None:
        self.build_once()

    def build_once(self) -> None:
        """One full build of every audience, published."""
        folder = self.publisher.state / "full" / str(time.time_ns())
        since = time.time_ns()
        then: dict[str, Stats] = {name: scan(self.work_of(name)) for name in self.audiences}
        command = [sys.executable, "-m", "generator.cli", "build"]
        command += ["--root", str(self.root), "--site-dir", str(folder)]
        nice = shutil.which("nice")
        if nice and self.nice:
            command = [nice, "-n", str(self.nice), *command]
        began = time.perf_counter()
        self.record.running = True
        try:
            self._process = subprocess.Popen(
                command,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                env=quiet_git(),
            )
            output, _ = self._process.communicate()
            failed = self._process.returncode != 0
        finally:
            self.record.running = False
            self._process = None
        seconds = round(time.perf_counter() - began, 1)
        when = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        if failed or self.stopping:
            error = " ".join(output.split())[-600:] if failed else "stopped"
            self.record = BuildRecord(when, seconds, error)
            if failed:
                log.error("full build failed: %s", error)
            shutil.rmtree(folder, ignore_errors=True)
            return
        for name in self.audiences:
            self.publisher.publish_build(name, folder / name, self.work_of(name), since, then[name])
        shutil.rmtree(folder, ignore_errors=True)
        self.record = BuildRecord(when, seconds, None)
        self.builds += 1
        log.info("full build published in %.1f s", seconds)
