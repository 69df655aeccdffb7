"""The git commands the server runs, one function each, in one working copy.

Git runs as a subprocess (``git`` on the PATH), never through a library: what the server
does is exactly what an administrator would type, and can be repeated by hand. Messages
come out in English whatever the locale (``LC_ALL=C``), because the server tells outcomes
apart by their text in a few places; paths and commit messages are UTF-8 either way.
Nothing here waits for a person: no credential prompt (``GIT_TERMINAL_PROMPT=0``), ssh in
batch mode.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

RECORD = "\x1e"
UNIT = "\x1f"
SERVER_NAME = "Playbook server"
SERVER_EMAIL = "playbook-server@localhost"
LOCK_ATTEMPTS = 30
"""Tries of a commit while another git holds the index's lock (0.1 s apart)."""


class GitFailed(Exception):
    """A git command that did not succeed: its arguments and what it said."""

    def __init__(self, args: tuple[str, ...], code: int, said: str) -> None:
        super().__init__(f"git {' '.join(args)}: {said or f'exit {code}'}")
        self.args_run = args
        self.code = code
        self.said = said


@dataclass(frozen=True)
class Signature:
    """Who a commit names: ``Name <email>``."""

    name: str
    email: str

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


@dataclass(frozen=True)
class Version:
    """One commit that touched a file, as the form's history lists it."""

    commit: str
    when: dt.datetime
    author: str
    subject: str


def _environment(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if name != "LANGUAGE" and not name.startswith("LC_")
    }
    # no optional locks: a `git status` here never takes the index's lock from a commit
    env.update(LC_ALL="C", LANG="C", GIT_TERMINAL_PROMPT="0", GIT_OPTIONAL_LOCKS="0")
    env.setdefault("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")
    if extra:
        env.update(extra)
    return env


@dataclass
class Repository:
    """The handbook's working copy: ``root`` (the folder of ``mkdocs.yml``), inside a
    git work tree whose top may be above it (``prefix``: ``root`` relative to the top)."""

    root: Path
    committer: Signature = Signature(SERVER_NAME, SERVER_EMAIL)

    def run(
        self,
        *args: str,
        env: Mapping[str, str] | None = None,
        check: bool = True,
        timeout: float = 120,
    ) -> subprocess.CompletedProcess[str]:
        """``git args`` in ``root``; raises :class:`GitFailed` unless ``check`` is off."""
        result = subprocess.run(
            ["git", *args],
            cwd=self.root,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=_environment(env),
            timeout=timeout,
            check=False,
        )
        if check and result.returncode != 0:
            said = (result.stderr or result.stdout).strip()
            raise GitFailed(args, result.returncode, said)
        return result

    def out(self, *args: str) -> str:
        return self.run(*args).stdout.strip()

    # --- what the repository is -------------------------------------------------------

    def is_work_tree(self) -> bool:
        done = self.run("rev-parse", "--is-inside-work-tree", check=False)
        return done.returncode == 0 and done.stdout.strip() == "true"

    def git_dir(self) -> Path:
        return (self.root / self.out("rev-parse", "--git-dir")).resolve()

    def prefix(self) -> str:
        """``root`` relative to the work tree's top, with a trailing slash (or empty)."""
        return self.out("rev-parse", "--show-prefix")

    def head(self) -> str | None:
        done = self.run("rev-parse", "--verify", "-q", "HEAD", check=False)
        return done.stdout.strip() or None

    def branch(self) -> str | None:
        done = self.run("symbolic-ref", "--short", "-q", "HEAD", check=False)
        return done.stdout.strip() or None

    def configured_committer(self) -> Signature:
        """``user.name``/``user.email`` of the repository if set, else the server's own."""
        name = self.run("config", "user.name", check=False).stdout.strip()
        email = self.run("config", "user.email", check=False).stdout.strip()
        return Signature(name or SERVER_NAME, email or SERVER_EMAIL)

    # --- the working tree -------------------------------------------------------------

    def changed_paths(self, folders: Iterable[str] = ()) -> list[str]:
        """Paths (relative to ``root``) that differ from ``HEAD``: modified, new, deleted,
        staged or not; ignored files are not."""
        done = self.run("status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *folders)
        prefix = self.prefix()
        paths = []
        entries = done.stdout.split("\0")
        index = 0
        while index < len(entries):
            entry = entries[index]
            index += 1
            if len(entry) < 4:
                continue
            if entry[0] in "RC":  # a rename names its source in the next entry
                index += 1
            path = entry[3:]
            paths.append(path.removeprefix(prefix) if path.startswith(prefix) else "../" + path)
        return sorted(set(paths))

    def commit(self, paths: list[str], author: Signature, message: str) -> str:
        """Commit exactly ``paths`` (new, changed or deleted) by ``author``; the new commit.

        Another git on the machine (a colleague's ``git status`` in a shell) may hold the
        index's lock for a moment: the commit waits for it, a few seconds at most.
        """
        env = {
            "GIT_AUTHOR_NAME": author.name,
            "GIT_AUTHOR_EMAIL": author.email,
            "GIT_COMMITTER_NAME": self.committer.name,
            "GIT_COMMITTER_EMAIL": self.committer.email,
        }
        for attempt in range(LOCK_ATTEMPTS):
            try:
                self.run("add", "-A", "--", *paths)
                self.run("commit", "-q", "--no-edit", "-m", message, "--", *paths, env=env)
                break
            except GitFailed as exc:
                if "index.lock" not in exc.said or attempt == LOCK_ATTEMPTS - 1:
                    raise
                time.sleep(0.1)
        return self.out("rev-parse", "HEAD")

    def unstage(self, paths: list[str]) -> None:
        self.run("reset", "-q", "--", *paths, check=False)

    def discard(self, paths: list[str]) -> None:
        """Put ``paths`` back as ``HEAD`` has them (a path ``HEAD`` lacks is removed)."""
        tracked = set(self.out("ls-tree", "-r", "--name-only", "HEAD", "--", *paths).split("\n"))
        prefix = self.prefix()
        known = [path for path in paths if prefix + path in tracked]
        if known:
            self.run("checkout", "-q", "HEAD", "--", *known)
        for path in paths:
            if path not in known:
                (self.root / path).unlink(missing_ok=True)
        self.unstage(list(paths))

    # --- history ----------------------------------------------------------------------

    def versions(self, path: str, limit: int = 20) -> list[Version]:
        """The last ``limit`` commits that changed ``path``, newest first."""
        text = self.run(
            "log",
            f"-n{limit}",
            "--no-renames",
            f"--format={RECORD}%H{UNIT}%aI{UNIT}%an{UNIT}%s",
            "--",
            path,
        ).stdout  # not stripped: the separators count as white space to str.strip
        found = []
        for record in text.split(RECORD)[1:]:
            commit, when, author, subject = record.rstrip("\n").split(UNIT, 3)
            found.append(Version(commit, dt.datetime.fromisoformat(when), author, subject))
        return found

    def text_at(self, commit: str, path: str) -> str | None:
        """``path``'s text in ``commit`` (``None``: the commit has no such file)."""
        done = self.run("show", f"{commit}:./{path}", check=False)
        return done.stdout if done.returncode == 0 else None

    def subject(self, commit: str = "HEAD") -> str:
        return self.out("log", "-1", "--format=%s", commit)

    # --- the remote -------------------------------------------------------------------

    def reachable(self, remote: str) -> str | None:
        """Why ``remote`` cannot be read (``None``: it can)."""
        done = self.run("ls-remote", "--heads", remote, check=False, timeout=60)
        if done.returncode == 0:
            return None
        said = " ".join((done.stderr or done.stdout).split())
        return said[:400] or f"exit {done.returncode}"

    def push(self, remote: str, branch: str) -> subprocess.CompletedProcess[str]:
        return self.run(
            "push", "--porcelain", remote, f"HEAD:refs/heads/{branch}", check=False, timeout=300
        )

    def fetch(self, remote: str, branch: str) -> str:
        """Fetch ``branch`` of ``remote``; the commit it is at (raises if unreachable)."""
        self.run("fetch", "-q", remote, f"refs/heads/{branch}", timeout=300)
        return self.out("rev-parse", "FETCH_HEAD")

    def is_ancestor(self, older: str, newer: str) -> bool:
        return self.run("merge-base", "--is-ancestor", older, newer, check=False).returncode == 0

    def files_between(self, base: str, tip: str) -> set[str]:
        """Files the commits from the merge base of ``base`` and ``tip`` to ``tip`` change."""
        text = self.out("diff", "--name-only", "--no-renames", f"{base}...{tip}")
        return {line for line in text.split("\n") if line}

    def count_between(self, base: str, tip: str) -> int:
        return int(self.out("rev-list", "--count", f"{base}..{tip}") or 0)

    def rebase(self, onto: str) -> bool:
        """Put this branch's own commits after ``onto``; on any trouble, undo and say False."""
        env = {
            "GIT_COMMITTER_NAME": self.committer.name,
            "GIT_COMMITTER_EMAIL": self.committer.email,
        }
        done = self.run("rebase", "-q", onto, env=env, check=False)
        if done.returncode != 0:
            self.run("rebase", "--abort", check=False)
            return False
        return True

    def fast_forward(self, to: str) -> bool:
        return self.run("merge", "-q", "--ff-only", to, check=False).returncode == 0
