"""Each save is one git commit by the person who saved, made through the one way to
change the handbook's files.

:class:`CommittingFiles` is :class:`~generator.writing.files.HandbookFiles` whose
``change`` also commits: the form's backend (:class:`~generator.editor.backend.
LocalBackend`) saves through it unchanged, with its path policy, base versions, check with
the whole handbook and atomic writes. Around that change, under one lock for every git
operation of the server (commits here, the pusher's rebase):

1. the save is written down first (a *journal*: who, the message, each path's new
   version), so that a restart in the middle knows what was under way
   (:mod:`generator.server.recovery`);
2. the files are changed (or the change is refused, and nothing happened);
3. exactly the changed paths are committed, authored by the person, with a message in
   words; if git cannot commit, the files get their earlier bytes back and the save is
   refused (500): a save is committed, or it did not happen;
4. the journal goes. The working tree is as clean as before the save.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..format.wording import say
from ..writing.atomic import write_all_or_none, write_atomically
from ..writing.files import HandbookFiles, Refused, Stored, Write, version
from .git import GitFailed, Repository, Signature
from .messages import describe
from .people import Person

log = logging.getLogger("playbook.server")

CRASH_AFTER_WRITE = "PLAYBOOK_SERVER_TEST_CRASH"
"""A test hook: set to ``after-write``, the server process ends (as a power cut would)
after a save's files are written and before they are committed."""

OnCommit = Callable[[str, list[str]], None]


@dataclass(frozen=True)
class Entry:
    """A save under way, as the journal holds it."""

    author: Signature
    message: str
    after: dict[str, str | None]
    """Each path's version once written (``None``: deleted)."""
    before: dict[str, str | None]
    """Each path's version as read before (``None``: it did not exist)."""


class Journal:
    """One file in the server's folder of ``.git``: the save under way, if any."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def begin(self, entry: Entry) -> None:
        record = {
            "author": {"name": entry.author.name, "email": entry.author.email},
            "message": entry.message,
            "after": entry.after,
            "before": entry.before,
            "started": dt.datetime.now(dt.UTC).isoformat(),
        }
        write_atomically(self.path, json.dumps(record, ensure_ascii=False, indent=1) + "\n")

    def read(self) -> Entry | None:
        try:
            record = json.loads(self.path.read_text("utf-8"))
            author = Signature(record["author"]["name"], record["author"]["email"])
            return Entry(author, record["message"], record["after"], record["before"])
        except FileNotFoundError:
            return None
        except (ValueError, KeyError, TypeError):
            log.error("%s cannot be read: a save's journal is damaged; ignored", self.path)
            return None

    def end(self) -> None:
        self.path.unlink(missing_ok=True)


class Recorder:
    """Commits saves, one at a time, and tells who listens (the pusher, the sites)."""

    def __init__(
        self, repository: Repository, journal: Journal, language: str, on_commit: OnCommit
    ) -> None:
        self.repository = repository
        self.journal = journal
        self.language = language
        self.on_commit = on_commit
        self.lock = threading.Lock()
        """Held by every git operation that changes the working tree, index or HEAD."""
        self.commits = 0

    def save(
        self,
        files: HandbookFiles,
        writes: Mapping[str, Write],
        person: Person,
        message: str | None,
        apply: Callable[[Mapping[str, Write]], dict[str, str]],
    ) -> dict[str, str]:
        """Carry out ``writes`` with ``apply`` (the checked change) and commit them."""
        with self.lock:
            before = {path: files.read(path) for path in writes}
            raw = {path: _raw(files.root / path) for path in writes}
            kinds = {path: _kind(files, path) for path in writes}
            subject = message or describe(kinds, writes, before, self.language)
            self.journal.begin(
                Entry(
                    person.signature,
                    subject,
                    {p: None if w.text is None else version(w.text) for p, w in writes.items()},
                    {p: None if s is None else s.version for p, s in before.items()},
                )
            )
            try:
                versions = apply(writes)
            except BaseException:
                self.journal.end()
                raise
            if os.environ.get(CRASH_AFTER_WRITE) == "after-write":
                os._exit(75)
            paths = [path for path, write in writes.items() if _differs(before[path], write)]
            if not paths:
                self.journal.end()
                return versions
            try:
                commit = self.repository.commit(paths, person.signature, subject)
            except GitFailed as exc:
                log.error("commit failed, the files are put back: %s", exc)
                self.repository.unstage(paths)
                write_all_or_none({files.root / path: raw[path] for path in paths})
                self.journal.end()
                detail = exc.said.splitlines()[-1] if exc.said else str(exc.code)
                raise Refused(
                    500, say("server_commit_failed", detail=detail).text(self.language)
                ) from None
            self.journal.end()
            self.commits += 1
        log.info("%s: %s (%s)", person.login, subject, commit[:10])
        self.on_commit(commit, paths)
        return versions


def _raw(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def _kind(files: HandbookFiles, path: str) -> str:
    return "industry" if path.startswith(f"{files.industries_dir}/") else "client"


def _differs(before: Stored | None, write: Write) -> bool:
    if write.text is None:
        return before is not None
    return before is None or before.version != version(write.text)


@dataclass
class CommittingFiles(HandbookFiles):
    """The handbook's files, each change a commit by ``person`` (see the module).

    One instance per request (``dataclasses.replace`` of the server's, sharing its cache
    of validated files); ``message`` stands for the words of the change when the request
    says them itself (a restore).
    """

    recorder: Recorder | None = None
    person: Person | None = None
    message: str | None = None

    def change(self, writes: Mapping[str, Write]) -> dict[str, str]:
        if self.recorder is None or self.person is None:  # a bug: the app always sets both
            raise Refused(500, "a change needs a person to commit it")
        return self.recorder.save(self, writes, self.person, self.message, super().change)
