"""The one way to change the handbook's files: every writer (the form, ``import``, ``forget``,
``new``) goes through :meth:`HandbookFiles.change`.

A change is a set of paths, each with its new text (``None``: delete it) and the version
the writer read it at (``None``: it must not exist yet). What the module guarantees, in
the order it checks:

- **the path policy**: only ``<clients_dir>/<id>.yaml`` and ``<industries_dir>/<id>.yaml``,
  never through a link or out of the handbook;
- **one lock across processes** (``.playbook.lock`` in the handbook, a ``filelock``): a
  ``serve`` and an ``import`` never write at once, and each sees the other's result;
- **a base version for every path it touches**: an update and a delete name the version
  they were made from, a new file and a rename's target must not exist; a path that has
  moved on is refused (409) and the other person's work stays;
- **the check with the whole handbook**: the handbook after the change must have no
  problem it did not have before (a deleted industry still used says by whom);
- **all or nothing, atomic**: every new text is staged beside its target, then swapped in;
  if one swap fails, the earlier ones are undone.

Files are read one way, the loader's (:func:`generator.reading.yamlsource.decode`): a file
that is not UTF-8 is refused with the loader's message, never decoded with replacement
characters.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout

from ..format.model import SLUG_PATTERN
from ..format.wording import Message, message_key, say
from ..reading.loader import LoadCache, load_handbook
from ..reading.problems import HandbookInvalid, Problem
from ..reading.yamlsource import SourceProblem, decode
from .atomic import write_all_or_none

log = logging.getLogger("mkdocs.plugins.playbook.files")

LOCK_NAME = "playbook.lock"
"""The lock file every writer holds while it checks and writes: in ``.git/`` (never
committed, as git's own locks), or ``.playbook.lock`` in a handbook that is no repository."""
LOCK_TIMEOUT = 30.0
"""Seconds a writer waits for another one (a large import) before it gives up."""

NEW = None
"""The base of a path that must not exist yet (a new file, a rename's target)."""


class Refused(Exception):
    """A change that is not carried out; nothing was written.

    ``status`` says why, as HTTP would (403: a path the handbook's writers never touch,
    409: changed by someone else since it was read, 422: the handbook would have new
    problems, 428: no base version given, 503: another writer holds the lock too long);
    ``problems`` are the located problems of a refused check.
    """

    def __init__(
        self, status: int, message: str | Message, problems: tuple[Problem, ...] = ()
    ) -> None:
        super().__init__(str(message))
        self.status = status
        self.message = message
        self.problems = problems

    def text(self, language: str) -> str:
        """What a person reads; messages a person can act on are in their language."""
        message = self.message
        return message.text(language) if isinstance(message, Message) else message


def version(content: str | bytes) -> str:
    """The version of a file's content: the SHA-256 of its bytes (the editor's ``file.id``)."""
    raw = content.encode("utf-8") if isinstance(content, str) else content
    return hashlib.sha256(raw).hexdigest()


@dataclass(frozen=True)
class Stored:
    """A handbook file as it is on disk: its text, read the loader's way, and its version."""

    path: str
    text: str
    version: str


@dataclass(frozen=True)
class Write:
    """One path of a change: its new text (``None``: delete) and the version it was made from."""

    text: str | None
    base: str | None
    """The version read (``file.id``); ``None``: the path must not exist."""


@dataclass
class HandbookFiles:
    """The handbook's client and industry files, and the one way to change them."""

    root: Path
    clients_dir: str = "clients"
    industries_dir: str = "industries"
    language: str = "en"
    """The handbook's language: refusals a person reads are worded in it."""
    cache: LoadCache = field(default_factory=LoadCache)

    @property
    def folders(self) -> tuple[str, str]:
        return (self.clients_dir, self.industries_dir)

    @property
    def lock_path(self) -> Path:
        git = self.root / ".git"
        return git / LOCK_NAME if git.is_dir() else self.root / f".{LOCK_NAME}"

    def lock(self) -> FileLock:
        """The handbook's lock: one writer at a time, across threads and processes."""
        return FileLock(self.lock_path, timeout=LOCK_TIMEOUT)

    # --- paths ------------------------------------------------------------------------

    def entry_path(self, relative: object) -> Path:
        """The file ``relative`` names, if it is a handbook file that writers may touch."""
        if not isinstance(relative, str):
            raise Refused(422, "a file path must be text")
        folder, _, name = relative.replace("\\", "/").rpartition("/")
        stem, dot, extension = name.rpartition(".")
        if folder in self.folders and name == ".yaml":
            raise Refused(422, say("editor_no_id", path=relative))
        if (
            folder not in self.folders
            or not dot
            or extension != "yaml"
            or not re.fullmatch(SLUG_PATTERN, stem)
        ):
            raise Refused(
                403,
                f"{relative}: only {self.clients_dir}/<id>.yaml and "
                f"{self.industries_dir}/<id>.yaml are written (id: lowercase letters, digits, "
                "hyphens)",
            )
        directory = self.root / folder
        if directory.is_symlink() or not directory.resolve().is_relative_to(self.root.resolve()):
            raise Refused(403, f"{folder}/ leads outside the handbook; nothing is written there")
        path = directory / name
        if path.is_symlink():
            raise Refused(403, f"{relative} is a link; nothing is written through links")
        return path

    # --- reading ----------------------------------------------------------------------

    def read(self, relative: str) -> Stored | None:
        """The file at ``relative`` (``None`` if there is none), read as the loader reads it.

        A file that is not UTF-8 (a GB18030 file from a Chinese Windows editor) is refused
        with the loader's located message, never decoded with replacement characters.
        """
        path = self.entry_path(relative)
        if not path.is_file():
            return None  # nothing there, or a folder in the way (which the write will meet)
        raw = path.read_bytes()
        try:
            text = decode(raw)
        except SourceProblem as exc:
            problem = Problem(relative, exc.line, exc.column, "", exc.message)
            raise Refused(422, problem.text(self.language), (problem,)) from None
        return Stored(relative, text, version(raw))

    def version_of(self, relative: str) -> str | None:
        """The version of the file on disk now (``None``: there is none)."""
        path = self.entry_path(relative)
        return version(path.read_bytes()) if path.is_file() else None

    # --- checking ---------------------------------------------------------------------

    def new_problems(self, pending: Mapping[str, str | None]) -> list[Problem]:
        """The problems the handbook would have after the change that it does not have now."""
        try:
            load_handbook(
                self.root, self.clients_dir, self.industries_dir, self.cache, pending=pending
            )
            return []
        except HandbookInvalid as after:
            problems = list(after.problems)
        touched = set(pending)
        elsewhere = [p for p in problems if p.path not in touched]
        if elsewhere:
            # Problems in files this change does not touch count only if it caused them.
            try:
                load_handbook(self.root, self.clients_dir, self.industries_dir, self.cache)
                before: set[str] = set()
            except HandbookInvalid as exc:
                before = {str(p) for p in exc.problems}
            elsewhere = [p for p in elsewhere if str(p) not in before]
        return [p for p in problems if p.path in touched] + self._still_used(pending, elsewhere)

    def _still_used(self, pending: Mapping[str, str | None], problems: list[Problem]) -> list:
        """A deleted industry that clients still name: one problem on the industry, naming them."""
        gone = {
            relative.rpartition("/")[2].removesuffix(".yaml"): relative
            for relative, text in pending.items()
            if text is None and relative.startswith(f"{self.industries_dir}/")
        }
        users: dict[str, list[str]] = {}
        kept = []
        for problem in problems:
            industry = problem.message.get("industry")
            if problem.message.kind == "unknown_industry" and industry in gone:
                users.setdefault(industry, []).append(problem.path)
            else:
                kept.append(problem)
        for industry, paths in users.items():
            clients = [path.rpartition("/")[2].removesuffix(".yaml") for path in sorted(paths)]
            message = say(
                "industry_still_used",
                industry=industry,
                count=len(clients),
                clients=", ".join(clients),
            )
            kept.append(Problem(gone[industry], None, None, "", message))
        return kept

    # --- changing ---------------------------------------------------------------------

    def change(self, writes: Mapping[str, Write]) -> dict[str, str]:
        """Carry out ``writes`` (all or nothing) and answer each written path's new version.

        Under the handbook's lock: every path's base is compared with the disk, the
        handbook after the change is checked, then every file is written atomically.
        """
        targets = {relative: self.entry_path(relative) for relative in writes}
        try:
            with self.lock():
                for relative, write in writes.items():
                    now = self.version_of(relative)
                    if now != write.base:
                        kind = (
                            message_key("editor_created_meanwhile")
                            if write.base is NEW
                            else message_key("editor_deleted_meanwhile")
                            if now is None
                            else message_key("editor_changed_since_opened")
                        )
                        raise Refused(409, say(kind, path=relative))
                texts = {relative: write.text for relative, write in writes.items()}
                problems = self.new_problems(texts)
                if problems:
                    raise Refused(
                        422,
                        "\n".join(problem.text(self.language) for problem in problems),
                        tuple(problems),
                    )
                write_all_or_none({targets[relative]: text for relative, text in texts.items()})
        except Timeout:
            raise Refused(503, say("files_busy", lock=str(self.lock_path))) from None
        for relative, write in writes.items():
            log.info("%s %s", "deleted" if write.text is None else "saved", relative)
        return {
            relative: version(write.text)
            for relative, write in writes.items()
            if write.text is not None
        }
