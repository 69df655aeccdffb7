"""When each data file last changed, and by whom: read from git in one pass.

One ``git log`` for the whole repository (never one process per file), one
``git status`` for uncommitted changes. Without git, outside a repository or in a
shallow clone the handbook still builds; the pages say what is known and what is not.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

RECORD = "\x1e"  # separates commits in the log output
UNIT = "\x1f"  # separates a commit's fields


@dataclass(frozen=True)
class Change:
    """One commit that touched a file."""

    when: dt.datetime
    author: str
    subject: str
    commit: str


@dataclass(frozen=True)
class FileHistory:
    """The latest commits touching one file (newest first), and whether it has local edits."""

    changes: tuple[Change, ...] = ()
    uncommitted: bool = False

    @property
    def last(self) -> Change | None:
        return self.changes[0] if self.changes else None


@dataclass(frozen=True)
class Edit:
    """One difference between two versions of a data file, in the format's terms.

    ``where`` is the way to the field: ``(model, field, item)`` steps, ``item`` naming the
    list entry when the field is a list of records (``("Client", "contacts", "唐丽")``,
    then ``("Contact", "title", None)``). ``kind``: ``created`` (the file is new),
    ``added``, ``removed`` or ``changed``; ``value`` is the entry or text added or removed,
    when it is shown (never for personal fields); ``personal``: the change is to a
    contact's personal data, which audiences without it do not see.
    """

    kind: str
    where: tuple[tuple[str, str, str | None], ...] = ()
    value: str | None = None
    personal: bool = False

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(step[1] for step in self.where)


@dataclass(frozen=True)
class FileChange:
    """What one commit changed in one data file."""

    change: Change
    path: str
    edits: tuple[Edit, ...]


@dataclass
class RepoHistory:
    """History of the handbook's data files; ``available`` is False without git."""

    available: bool = False
    reason: str = ""
    shallow: bool = False
    files: dict[str, FileHistory] = field(default_factory=dict)
    messages: bool = True
    """Whether the commits' messages are shown: they are text from outside the format (a
    client's name, a phone number typed into a message), for audiences that see everything."""
    recent: tuple[FileChange, ...] = ()
    """The last changes to the data files, newest first, in the format's terms (a bounded
    window: see :func:`generator.pages.recent_changes.read_recent`)."""
    recent_read: bool = False
    """Whether ``recent`` was read (git available and the window read without error)."""

    def recent_of(self, path: str) -> tuple[FileChange, ...]:
        """The recent changes of one file, newest first."""
        return self._recent_by_path.get(path, ())

    @functools.cached_property
    def _recent_by_path(self) -> dict[str, tuple[FileChange, ...]]:
        by_path: dict[str, list[FileChange]] = {}
        for item in self.recent:
            by_path.setdefault(item.path, []).append(item)
        return {path: tuple(items) for path, items in by_path.items()}

    def of(self, path: str) -> FileHistory:
        return self.files.get(path, FileHistory())

    def without_messages(self) -> RepoHistory:
        """The same history with only each change's date and author."""
        return dataclasses.replace(
            self,
            messages=False,
            files={
                path: dataclasses.replace(
                    history,
                    changes=tuple(
                        dataclasses.replace(change, subject="") for change in history.changes
                    ),
                )
                for path, history in self.files.items()
            },
            recent=tuple(
                dataclasses.replace(item, change=dataclasses.replace(item.change, subject=""))
                for item in self.recent
            ),
        )

    def without_personal_changes(self) -> RepoHistory:
        """The same history without the changes to contacts' personal data."""
        recent = []
        for item in self.recent:
            edits = tuple(edit for edit in item.edits if not edit.personal)
            if edits:
                recent.append(dataclasses.replace(item, edits=edits))
        return dataclasses.replace(self, recent=tuple(recent))


def _git_environment() -> dict[str, str]:
    """The environment git runs in: ours, with its messages in English whatever the locale.

    Errors are told apart by their text ("does not have any commits"), and a translated
    message (under ``zh_CN``, say) would not match. Only messages change: paths, names and
    commit subjects come out as the bytes stored, read here as UTF-8.
    """
    env = {
        name: value
        for name, value in os.environ.items()
        if name != "LANGUAGE" and not name.startswith("LC_")
    }
    env["LC_ALL"] = env["LANG"] = "C"
    return env


def _git(root: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-C", str(root), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        check=False,
        env=_git_environment(),
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip() or f"git {args[0]} failed")
    return result.stdout


def read_history(root: Path, folders: Iterable[str], limit: int = 5) -> RepoHistory:
    """The last ``limit`` commits of every file under ``folders`` (relative to ``root``)."""
    if shutil.which("git") is None:
        return RepoHistory(reason="git is not installed")
    folders = [folder for folder in folders if (root / folder).is_dir()]
    try:
        inside = _git(root, "rev-parse", "--is-inside-work-tree").strip() == "true"
    except RuntimeError:
        inside = False
    if not inside:
        return RepoHistory(reason="not a git repository")
    history = RepoHistory(available=True)
    try:
        history.shallow = _git(root, "rev-parse", "--is-shallow-repository").strip() == "true"
        log = _git(
            root,
            "log",
            "--relative",
            "--no-renames",
            "--name-only",
            f"--format={RECORD}%H{UNIT}%aI{UNIT}%an{UNIT}%s",
            "--",
            *folders,
        )
        status = _git(root, "status", "--porcelain", "--untracked-files=all", "--", *folders)
    except RuntimeError as exc:  # e.g. a repository without any commit yet
        if "does not have any commits" not in str(exc):
            return RepoHistory(reason=str(exc))
        log, status = (
            "",
            _git(root, "status", "--porcelain", "--untracked-files=all", "--", *folders),
        )
    changes: dict[str, list[Change]] = {}
    for record in log.split(RECORD)[1:]:
        head, _, names = record.partition("\n")
        commit, when, author, subject = head.split(UNIT, 3)
        change = Change(dt.datetime.fromisoformat(when), author, subject, commit)
        for name in names.split("\n"):
            if name and len(changes.setdefault(name, [])) < limit:
                changes[name].append(change)
    top = _git(root, "rev-parse", "--show-prefix").strip()  # status paths are repo-relative
    dirty = {
        line[3:].split(" -> ")[-1].strip().strip('"').removeprefix(top)
        for line in status.splitlines()
        if len(line) > 3
    }
    for name in set(changes) | dirty:
        history.files[name] = FileHistory(tuple(changes.get(name, ())), name in dirty)
    return history
