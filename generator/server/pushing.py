"""Saves reach the team's remote: ``--push REMOTE``, in the background, never forced.

After each commit (and every minute, to pick up what others pushed) one thread pushes
``HEAD`` to the same branch of the remote. Pushing needs no lock: git reads a snapshot of
the branch, and a commit made meanwhile goes with the next push. When the remote refuses:

- it cannot be reached: the commits wait, the next round tries again;
- it has moved: its new commits are fetched. If ours are all on it already, ours is just
  behind: fast-forward. If theirs change other files than ours, ours are put after theirs
  (``git rebase``, under the server's git lock and the handbook's file lock, so no save
  writes meanwhile) and pushed again. If both change a same file, nothing is merged by
  guesswork: the commits stay on the server, and the status page names the files;
- anything else (a hook of the remote refusing): the commits wait, the status says why.

After a fast-forward or a rebase the sites are rendered again (``on_pulled``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

from ..format.wording import say
from .background import WhenAsked
from .git import GitFailed, Repository
from .saving import Recorder

log = logging.getLogger("playbook.server")
INTERVAL = 60.0
"""Seconds between two rounds when nothing asks for one (others' pushes are picked up)."""


@dataclass
class PushStatus:
    """Where the pushing stands, for the status page (JSON and words)."""

    state: str = "off"
    """``off``, ``done``, ``waiting`` (unreachable, refused) or ``diverged``."""
    detail: str = ""
    files: list[str] = field(default_factory=list)
    unpushed: int = 0
    when: str = ""
    said: str = ""


class Pusher(WhenAsked):
    """The background pushing of one branch to one remote (see the module)."""

    def __init__(
        self,
        repository: Repository,
        recorder: Recorder,
        file_lock: Callable[[], AbstractContextManager[object]],
        rebase_marker: Path,
        remote: str,
        branch: str,
        language: str,
        on_pulled: Callable[[], None],
        interval: float = INTERVAL,
    ) -> None:
        self.repository = repository
        self.recorder = recorder
        self.file_lock = file_lock
        self.rebase_marker = rebase_marker
        self.remote = remote
        self.branch = branch
        self.language = language
        self.on_pulled = on_pulled
        self.interval = interval
        self.status = PushStatus()
        self._remote_tip = ""
        """The remote branch's commit when last seen (fetched, or pushed to)."""
        super().__init__("playbook-push", every=interval)

    def run_once(self) -> None:
        self.round()

    def _set(
        self, state: str, detail: str = "", files: list[str] | None = None, count: int = 0
    ) -> None:
        if state != "done" and not count and self._remote_tip:
            try:
                count = self.repository.count_between(self._remote_tip, "HEAD")
            except GitFailed:
                count = 0
        when = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        status = PushStatus(state, detail, sorted(files or []), count, when)
        count, remote = status.unpushed, self.remote
        if state == "done":
            status.said = say("server_push_done", remote=remote).text(self.language)
        elif state == "diverged":
            listed = ", ".join(status.files)
            status.said = say(
                "server_push_diverged", count=count, remote=remote, files=listed
            ).text(self.language)
        else:
            status.said = say(
                "server_push_waiting", count=count, remote=remote, detail=detail
            ).text(self.language)
        if status.state != self.status.state or status.detail != self.status.detail:
            (log.info if state == "done" else log.warning)("push: %s", status.said)
        self.status = status

    def round(self) -> None:
        """Push once; when refused, fetch and fast-forward, rebase or hold (see the module)."""
        pushed = self.repository.push(self.remote, self.branch)
        if pushed.returncode == 0:
            self._remote_tip = self.repository.head() or ""
            self._set("done")
            return
        refused = " ".join((pushed.stderr or pushed.stdout).split())[:400]
        try:
            tip = self.repository.fetch(self.remote, self.branch)
        except GitFailed as exc:
            self._set("waiting", " ".join(exc.said.split())[:400])
            return
        self._remote_tip = tip
        if self.repository.is_ancestor(tip, "HEAD"):
            self._set("waiting", refused)  # the remote is not ahead: it refused for itself
            return
        if self.repository.is_ancestor("HEAD", tip):
            with self.recorder.lock, self.file_lock():
                moved = self.repository.fast_forward(tip)
            if moved:
                self.on_pulled()
                self._set("done")
            else:
                self._set("waiting", "git merge --ff-only failed")
            return
        ours = self.repository.files_between(tip, "HEAD")
        theirs = self.repository.files_between("HEAD", tip)
        count = self.repository.count_between(tip, "HEAD")
        if ours & theirs:
            self._set("diverged", refused, sorted(ours & theirs), count)
            return
        with self.recorder.lock, self.file_lock():
            self.rebase_marker.touch()
            try:
                rebased = self.repository.rebase(tip)
            finally:
                self.rebase_marker.unlink(missing_ok=True)
        if not rebased:
            self._set("diverged", refused, sorted(theirs), count)
            return
        self.on_pulled()
        if self.repository.push(self.remote, self.branch).returncode == 0:
            self._remote_tip = self.repository.head() or ""
            self._set("done")
            self.status.said = say("server_push_rebased", remote=self.remote, count=count).text(
                self.language
            )
            log.warning("push: %s", self.status.said)
        else:
            self.request()  # the remote moved again: one more round
