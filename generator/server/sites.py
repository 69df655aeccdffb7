"""The sites follow the saves: after each commit, every audience's site is rendered again
(dirty, by its worker process) and published, one thread per audience; a full build
follows in the background (:mod:`generator.server.fullbuild`).

Saves that come while a render runs are rendered together by the next one: a render
always reads the files as they are when it starts, so no save waits for more than the
render in progress and its own.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .background import WhenAsked
from .fullbuild import FullBuilds
from .publishing import Publisher
from .worker import SiteWorker

log = logging.getLogger("playbook.server")


@dataclass
class RenderRecord:
    """An audience's last render: the commit it showed, when, how long it took, its error."""

    commit: str = ""
    when: str = ""
    seconds: float = 0.0
    """From the request to the site published: the render and the publish."""
    render_seconds: float = 0.0
    render_cpu_seconds: float = 0.0
    publish_seconds: float = 0.0
    published_files: int = 0
    error: str | None = None
    renders: int = 0


class AudienceSite(WhenAsked):
    """One audience: its worker, its working folder and its render thread."""

    def __init__(
        self,
        name: str,
        work: Path,
        worker: SiteWorker,
        publisher: Publisher,
        head: Callable[[], str],
    ) -> None:
        self.name = name
        self.work = work
        self.worker = worker
        self.publisher = publisher
        self.head = head
        self.record = RenderRecord()
        super().__init__(f"playbook-render-{name}")

    def stopped(self) -> None:
        self.worker.stop()

    def run_once(self) -> None:
        self.render_once()

    def render_once(self) -> None:
        began = time.perf_counter()
        commit = self.head()
        seconds, cpu, error = self.worker.render()
        if self.stopping:
            return
        files, publishing = 0, time.perf_counter()
        if error is None:
            files = self.publisher.publish_work(self.name, self.work)
        else:
            log.error("%s: %s", self.name, error)
        published = time.perf_counter()
        self.record = RenderRecord(
            commit=commit,
            when=dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            seconds=round(published - began, 3),
            render_seconds=seconds,
            render_cpu_seconds=cpu,
            publish_seconds=round(published - publishing, 3),
            published_files=files,
            error=error,
            renders=self.record.renders + 1,
        )


class Sites:
    """Every audience's site, and the full builds."""

    def __init__(
        self,
        root: Path,
        site_dir: Path,
        audiences: list[str],
        head: Callable[[], str],
        nice: int = 10,
    ) -> None:
        self.publisher = Publisher(site_dir)
        works = self.publisher.state / "work"
        self.audiences: dict[str, AudienceSite] = {}
        for name in audiences:
            self.publisher.adopt(name)
            work = works / name
            # made afresh: a render the last stop abandoned may have left a file half-written
            shutil.rmtree(work, ignore_errors=True)
            worker = SiteWorker(root, name, work)
            self.audiences[name] = AudienceSite(name, work, worker, self.publisher, head)
        self.full = FullBuilds(root, self.publisher, lambda name: works / name, audiences, nice)

    def start(self) -> None:
        for site in self.audiences.values():
            site.start()
        self.full.start()

    def changed(self) -> None:
        """The handbook's files changed (a save, a pull): every site follows."""
        for site in self.audiences.values():
            site.request()
        self.full.request()

    def stop(self) -> None:
        self.full.stop()
        for site in self.audiences.values():
            site.stop()
