"""At start: the repository as a save, a rebase or git itself left it when the machine
stopped, put right before anyone saves again.

What the server chose, and why:

- **A save whose files were all written, not committed** (the journal's new versions are
  on disk): it is committed, by its author, with its message. The person's change is
  whole and checked (the check ran before the write), so it is kept, as the person
  meant; their form may have shown an error for it, and shows the saved file on reload.
- **A save stopped while writing** (some files new, some old: a rename's two files) or
  **before writing**: its files are put back as last committed. Half a change is never
  kept; the person saves again.
- **Changes the server did not make** (no journal names them): the server does not
  start. It never commits someone else's work under a name, nor discards it; the
  administrator commits or undoes it (the message says how).
- **A rebase of the server's own that stopped** (its marker is there): aborted, which
  puts the branch back as it was before the rebase began. Any other git operation in
  progress stops the start, as do the lock files of a git that may still be running.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from ..format.wording import say
from ..writing.files import version
from .git import Repository
from .saving import Journal

log = logging.getLogger("playbook.server")

IN_PROGRESS = {
    "rebase-merge": "rebase",
    "rebase-apply": "rebase/am",
    "MERGE_HEAD": "merge",
    "CHERRY_PICK_HEAD": "cherry-pick",
    "REVERT_HEAD": "revert",
}


class StartRefused(Exception):
    """The server does not start: a message for the person starting it, in their language."""


@dataclass
class Recovery:
    """What the start found and did, worded for the log and the status page."""

    notes: list[str] = field(default_factory=list)


def _version_on_disk(root: Path, path: str) -> str | None:
    target = root / path
    return version(target.read_bytes()) if target.is_file() else None


def recover(
    repository: Repository,
    journal: Journal,
    rebase_marker: Path,
    folders: tuple[str, ...],
    language: str,
) -> Recovery:
    """Put the repository right (see the module), or raise :class:`StartRefused`."""
    found = Recovery()
    git_dir = repository.git_dir()
    ours = journal.path.exists() or rebase_marker.exists()
    for name in ("index.lock", "HEAD.lock"):
        lock = git_dir / name
        if lock.exists():
            if not ours:
                raise StartRefused(
                    say("server_start_operation_in_progress", operation=str(lock)).text(language)
                )
            lock.unlink()
            found.notes.append(say("server_recovered_lock", path=str(lock)).text(language))
    for name, operation in IN_PROGRESS.items():
        if (git_dir / name).exists():
            if operation.startswith("rebase") and rebase_marker.exists():
                repository.run("rebase", "--abort", check=False)
                continue
            raise StartRefused(
                say("server_start_operation_in_progress", operation=operation).text(language)
            )
    rebase_marker.unlink(missing_ok=True)
    entry = journal.read()
    if entry is not None:
        paths = sorted(entry.after)
        on_disk = {path: _version_on_disk(repository.root, path) for path in paths}
        listed = ", ".join(paths)
        if all(on_disk[path] == entry.after[path] for path in paths):
            pending = repository.changed_paths(paths)
            if pending:
                repository.commit(pending, entry.author, entry.message)
                found.notes.append(
                    say("server_recovered_forward", author=str(entry.author), paths=listed).text(
                        language
                    )
                )
        elif all(on_disk[path] == entry.before.get(path) for path in paths):
            repository.unstage(paths)
            found.notes.append(say("server_recovered_nothing").text(language))
        else:
            repository.discard(paths)
            found.notes.append(say("server_recovered_back", paths=listed).text(language))
        journal.end()
    foreign = repository.changed_paths(folders)
    if foreign:
        raise StartRefused(
            say("server_start_foreign_changes", paths=", ".join(foreign)).text(language)
        )
    elsewhere = repository.changed_paths()
    if elsewhere:
        found.notes.append(
            say("server_status_local_changes", paths=", ".join(elsewhere)).text(language)
        )
    for note in found.notes:
        log.warning("%s", note)
    return found
