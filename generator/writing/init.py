"""`playbook init DIR --name NAME`: a new handbook repository, ready to build.

The starting files are under ``generator/scaffolds/handbook/<language>/``: ``mkdocs.yml``
with the agency's name and language, hand-written pages to start from (home, house norms,
onboarding, each marked as starting text to adapt), a README for the handbook's keepers,
``requirements.txt`` pinning the Playbook it was made with, ``.gitignore``, CI examples.
A file whose name ends in ``.j2`` is a Jinja template (the agency's name, the version, the
date); ``gitignore`` is written as ``.gitignore`` (a dot file in the package would be read
as the package's own). ``clients/`` and ``industries/`` start empty, the JSON Schemas their
files point to are written in ``schemas/``.

The folder must be new or empty: nothing is written into a folder that holds anything, and
the files are written all or none (:func:`generator.writing.atomic.write_all_or_none`).
Then ``git init`` and a first commit, when git is there.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import jinja2

from .. import __version__
from ..format.schema import json_schema, schema_name
from ..format.starters import SCAFFOLDS
from ..format.wording import LANGUAGES, Message, say
from .atomic import write_all_or_none

HANDBOOK_SCAFFOLDS = SCAFFOLDS / "handbook"
DISTRIBUTION = "agency-playbook"
RENAMED = {"gitignore": ".gitignore"}
"""Starting files written under another name."""
KEPT_EMPTY = ("clients", "industries")
"""Folders that start empty (a ``.gitkeep`` keeps them in git)."""
REPOSITORY_VARIABLES = frozenset({"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX"})
DEFAULT_AUTHOR = ("playbook init", "playbook-init@localhost")
"""The first commit's author when git knows none on this computer."""


class InitError(Exception):
    """The handbook cannot be made as asked; nothing was written."""

    def __init__(self, message: Message):
        super().__init__(message.text("en"))
        self.message = message


@dataclass
class Made:
    """What :func:`init_handbook` did."""

    folder: Path
    files: list[str]
    notes: list[Message] = field(default_factory=list)
    committed: bool = False


def languages() -> list[str]:
    """The languages a new handbook can be made in: those with starting files."""
    return [language for language in LANGUAGES if (HANDBOOK_SCAFFOLDS / language).is_dir()]


def playbook_version() -> str:
    """The installed distribution's version (this checkout's, when it is not installed)."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return __version__


def _schemas() -> dict[str, str]:
    return {
        f"schemas/{schema_name(kind, language)}": json.dumps(
            json_schema(kind, language), ensure_ascii=False, indent=2
        )
        + "\n"
        for kind in ("client", "industry")
        for language in LANGUAGES
    }


def starting_files(name: str, language: str, today: dt.date | None = None) -> dict[str, str]:
    """Every file of a new handbook, by its path in the handbook."""
    folder = HANDBOOK_SCAFFOLDS / language
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["yaml"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    values = {
        "name": name,
        "language": language,
        "version": playbook_version(),
        "distribution": DISTRIBUTION,
        "today": (today or dt.date.today()).isoformat(),
    }
    files: dict[str, str] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder).as_posix()
        if relative.endswith(".j2"):
            text = env.get_template(relative).render(**values)
            relative = relative.removesuffix(".j2")
        else:
            text = path.read_text("utf-8")
        parent, _, file_name = relative.rpartition("/")
        file_name = RENAMED.get(file_name, file_name)
        files[f"{parent}/{file_name}" if parent else file_name] = text
    for empty in KEPT_EMPTY:
        files[f"{empty}/.gitkeep"] = ""
    files.update(_schemas())
    return files


def _refuse(folder: Path, name: str) -> None:
    if folder.exists() and not folder.is_dir():
        raise InitError(say("init_not_a_folder", folder=str(folder)))
    if folder.is_dir() and any(folder.iterdir()):
        suggestion = folder.with_name(folder.name + "-handbook")
        raise InitError(
            say("init_not_empty", folder=str(folder), suggestion=str(suggestion), name=name)
        )


def init_handbook(
    folder: Path, name: str, language: str, *, git: bool = True, today: dt.date | None = None
) -> Made:
    """Make a new handbook in ``folder`` (new or empty), then its repository."""
    if not name.strip():
        raise InitError(say("init_no_name"))
    if language not in languages():
        raise InitError(say("init_bad_language", language=language, choices=", ".join(languages())))
    _refuse(folder, name)
    files = starting_files(name.strip(), language, today)
    created = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _refuse(folder, name)  # nothing came in meanwhile
        write_all_or_none({folder / path: text for path, text in files.items()})
    except OSError as exc:
        if created:
            shutil.rmtree(folder, ignore_errors=True)
        reason = exc.strerror or str(exc)
        raise InitError(say("init_write_failed", folder=str(folder), reason=reason)) from None
    made = Made(folder, sorted(files))
    if git:
        _first_commit(made, name.strip(), language)
    return made


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # a hook's or another repository's settings must not reach the new repository
    environment = {k: v for k, v in os.environ.items() if k not in REPOSITORY_VARIABLES}
    return subprocess.run(
        ["git", *args], cwd=folder, capture_output=True, text=True, env=environment
    )


def _first_commit(made: Made, name: str, language: str) -> None:
    """``git init`` (branch ``main`` unless git is told otherwise) and a first commit."""
    folder = made.folder
    if shutil.which("git") is None:
        made.notes.append(say("init_no_git", folder=str(folder)))
        return
    branch = _git(folder, "config", "--get", "init.defaultBranch").stdout.strip()
    init = _git(folder, *(() if branch else ("-c", "init.defaultBranch=main")), "init", "-q")
    if init.returncode != 0:
        made.notes.append(say("init_git_failed", folder=str(folder), detail=init.stderr.strip()))
        return
    identity: list[str] = []
    user = os.environ.get("GIT_AUTHOR_NAME") or _git(folder, "config", "--get", "user.name").stdout
    email = (
        os.environ.get("GIT_AUTHOR_EMAIL") or _git(folder, "config", "--get", "user.email").stdout
    )
    user, email = user.strip(), email.strip()
    if not user or not email:
        user, email = user or DEFAULT_AUTHOR[0], email or DEFAULT_AUTHOR[1]
        identity = ["-c", f"user.name={user}", "-c", f"user.email={email}"]
        made.notes.append(say("init_default_author", author=f"{user} <{email}>"))
    added = _git(folder, "add", "-A")
    message = say("init_commit_message", name=name).text(language)  # the handbook's language
    commit = _git(folder, *identity, "commit", "-q", "-m", message)
    if added.returncode != 0 or commit.returncode != 0:
        detail = (added.stderr + commit.stderr).strip().splitlines()
        made.notes.append(
            say("init_git_failed", folder=str(folder), detail=detail[-1] if detail else "git")
        )
        return
    made.committed = True
    made.notes.append(say("init_committed", author=f"{user} <{email}>"))
