"""The folders a command writes a site into: which it may replace, and how it replaces one
whole (used by ``playbook build``, ``playbook pdf`` and ``playbook server``)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from ..format.wording import Message, say

SITE_MARKER = ".playbook-site"
"""Marks a folder ``playbook build`` made (a site, or the folder of the audiences' sites),
which a later build may replace. A build replaces no other folder but a missing or empty one."""


def made_by_playbook(folder: Path, marker: str) -> bool:
    """Whether replacing ``folder`` loses nothing a person made: it does not exist, is empty,
    or holds ``marker`` (the file the command that made it left)."""
    if not folder.exists():
        return True
    if not folder.is_dir():
        return False
    return (folder / marker).is_file() or not any(folder.iterdir()) or _built_site(folder)


def _built_site(folder: Path) -> bool:
    """A site an earlier build made before builds left a marker (MkDocs writes a
    ``sitemap.xml.gz`` into every site), or a folder of such sites (audiences)."""
    if (folder / "sitemap.xml.gz").is_file():
        return True
    entries = [entry for entry in folder.iterdir() if not entry.name.startswith(".")]
    return bool(entries) and all((entry / "sitemap.xml.gz").is_file() for entry in entries)


def output_refused(folder: Path, config: MkDocsConfig, marker: str) -> Message | None:
    """Why ``folder`` must not be replaced by what a command writes, or ``None``.

    Never the handbook's own folder or a folder above it, the hand-written pages' folder
    (``docs_dir``: it, a folder in it or one holding it), nor a folder that
    :func:`made_by_playbook` does not recognise.
    """
    target = folder.resolve()
    docs = Path(config.docs_dir).resolve()
    root = Path(config.config_file_path).resolve().parent
    if target == root or target in root.parents:
        return say("site_dir_handbook", target=str(target), root=str(root))
    if target == docs or target in docs.parents or docs in target.parents:
        return say("site_dir_docs", target=str(target), docs=str(docs))
    if not made_by_playbook(target, marker):
        return say("site_dir_not_ours", target=str(target), marker=marker)
    return None


def mark(folder: Path, marker: str, command: str) -> None:
    """Leave ``marker`` in ``folder``: a later run of ``command`` may replace the folder."""
    (folder / marker).write_text(
        f"Made by `{command}`; the next run replaces this folder.\n", encoding="utf-8"
    )


@contextmanager
def replaced_when_done(folder: Path) -> Iterator[Path]:
    """A new, empty folder that replaces ``folder`` only if the block succeeds.

    It is made as ``mkdir`` makes a folder (its mode from the umask, e.g. 0755 under 022,
    so that a web server's own user can read a site) inside a private working folder beside
    ``folder``; at the end it takes ``folder``'s place by renames in the same file system,
    and the replaced folder is deleted with the working folder. Whether ``folder`` may be
    replaced at all is the caller's question (:func:`output_refused`).
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    working = Path(tempfile.mkdtemp(prefix=f".{folder.name}.building-", dir=folder.parent))
    try:
        staging = working / "new"
        staging.mkdir()
        yield staging
        replaced = working / "old"
        if folder.exists():
            folder.rename(replaced)
        try:
            staging.rename(folder)
        except OSError:
            if replaced.exists():
                replaced.rename(folder)
            raise
    finally:
        if folder.exists() or not (working / "old").exists():
            shutil.rmtree(working, ignore_errors=True)
        # else the replaced folder could not be put back: it stays, whole, in ``working``
