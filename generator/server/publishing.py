"""Publishing sites so that nginx never serves a half-written one.

Each audience's site is served from ``<site dir>/<audience>``, a symbolic link to a
*release*, a complete folder under ``<site dir>/.playbook-server/releases/``. Two ways a
site changes:

- **a full build** (every page, the search index) becomes a new release, complete before
  anyone sees it, and the link is swapped to it in one ``rename`` (atomic on POSIX): a
  request sees the old site or the new one, never a mix;
- **a render after a save** changes a handful of files (at 1,000 clients some 13 of 6,000:
  the client's pages, the indexes and lists that name it). Each is copied, whole, beside
  its place in the current release and then renamed over it, the renames one right after
  the other once every copy is done (as ``rsync --delay-updates`` does): a page is always
  the old one or the new one, never half-written, and for those few milliseconds some
  pages may be new while others are still old. Making a whole new release for each save
  would cost seconds at 1,000 clients (a folder per page to make, and to remove later),
  which the save's page cannot wait for.

A file being sent stays readable while it is replaced (its old data lives until closed).
The renderers rewrite their working files in place, so nothing published is ever the
same file as a working one. Old releases go once two newer ones are published.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

STATE = ".playbook-server"
"""The server's folder in the site folder (nginx answers 404 for every dot path)."""
KEEP = 2
"""Releases kept per audience: the current one, and the one before (requests in flight)."""

Stat = tuple[int, int, int]
Stats = dict[str, Stat]


def scan(folder: Path) -> Stats:
    """Every file under ``folder`` (relative path → size, modification time, inode)."""
    found: Stats = {}
    if not folder.is_dir():
        return found
    pending = [str(folder)]
    start = len(str(folder)) + 1
    while pending:
        current = pending.pop()
        with os.scandir(current) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                elif entry.is_file(follow_symlinks=False):
                    stat = entry.stat(follow_symlinks=False)
                    relative = entry.path[start:].replace(os.sep, "/")
                    found[relative] = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
    return found


def _staged(source: Path, target: Path) -> Path:
    """A copy of ``source`` (content, mode, times) beside ``target``, to be renamed over it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.{time.monotonic_ns()}.tmp")
    shutil.copy2(source, temporary)
    return temporary


class Publisher:
    """The published releases of every audience's site in ``site_dir``."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.state = site_dir / STATE
        self.releases = self.state / "releases"
        self.releases.mkdir(parents=True, exist_ok=True)
        # what a stop in the middle of a publish or a full build left behind
        shutil.rmtree(self.state / "full", ignore_errors=True)
        for link in site_dir.glob(".*.link"):
            link.unlink(missing_ok=True)
        self.recorded: dict[str, Stats] = {}
        """Each working folder's files as the last publish from it found them."""
        self._locks: dict[str, threading.Lock] = {}

    def lock(self, audience: str) -> threading.Lock:
        return self._locks.setdefault(audience, threading.Lock())

    def current(self, audience: str) -> Path | None:
        """The release ``<site dir>/<audience>`` serves now, if any."""
        link = self.site_dir / audience
        return link.resolve() if link.is_dir() else None

    def adopt(self, audience: str) -> None:
        """A site ``playbook build`` left as a plain folder becomes the first release."""
        link = self.site_dir / audience
        if link.is_dir() and not link.is_symlink():
            release = self._new_release(audience)
            link.rename(release)
            self._swap(audience, release)

    def _new_release(self, audience: str) -> Path:
        return self.releases / f"{audience}.{time.time_ns()}"

    def _swap(self, audience: str, release: Path) -> None:
        link = self.site_dir / audience
        temporary = self.site_dir / f".{audience}.{time.time_ns()}.link"
        os.symlink(os.path.relpath(release, self.site_dir), temporary)
        os.replace(temporary, link)

    def prune(self, audience: str) -> None:
        """Remove the audience's releases but the newest two (the current one among them);
        outside the publish lock: removing 6,000 folders takes seconds."""
        current = self.current(audience)
        mine = sorted(
            (p for p in self.releases.glob(f"{audience}.*") if p.name.split(".")[-1].isdigit()),
            key=lambda p: int(p.name.split(".")[-1]),
        )
        for old in mine[:-KEEP]:
            if old != current:
                shutil.rmtree(old, ignore_errors=True)

    def publish_work(self, audience: str, work: Path) -> int:
        """Publish what a render changed in ``work`` (see the module); the number of files
        published (0: nothing changed)."""
        with self.lock(audience):
            now = scan(work)
            before = self.recorded.get(audience)
            current = self.current(audience)
            if current is None:  # nothing published yet: the whole working folder, at once
                release = self._new_release(audience)
                shutil.copytree(work, release)
                self._swap(audience, release)
                self.recorded[audience] = now
                return len(now)
            if before is None:  # the first render: its every file, over the last release
                changed = set(now)
            else:
                changed = {path for path, stat in now.items() if before.get(path) != stat}
            removed = set(before or ()) - set(now)
            staged = {path: _staged(work / path, current / path) for path in sorted(changed)}
            for path, temporary in staged.items():
                os.replace(temporary, current / path)
            for path in removed:
                (current / path).unlink(missing_ok=True)
            self.recorded[audience] = now
            return len(changed) + len(removed)

    def publish_build(
        self, audience: str, built: Path, work: Path, since: int, then: Stats
    ) -> None:
        """Publish a full build's site as a new release, with what renders changed in
        ``work`` since the build began (``since``: a ``time_ns``; ``then``: ``work`` as it
        was at that moment) laid over it."""
        with self.lock(audience):
            now = scan(work)
            for path, stat in now.items():
                if stat[1] > since:
                    os.replace(_staged(work / path, built / path), built / path)
            for path in set(then) - set(now):
                (built / path).unlink(missing_ok=True)
            release = self._new_release(audience)
            built.rename(release)
            self._swap(audience, release)
        self.prune(audience)
