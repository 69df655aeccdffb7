"""Writing files whole: atomically (a temporary file beside the target, fsync, rename), and
several at once all or nothing."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


def write_atomically(path: Path, text: str | bytes) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(text.encode("utf-8") if isinstance(text, str) else text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_all_or_none(changes: Mapping[Path, str | bytes | None]) -> None:
    """Make every change (text: write; ``None``: delete), or, if one fails, none of them.

    Every new text is written to a temporary file beside its target first (where a full
    disk or a missing folder shows), then the files are swapped in; if a swap fails, the
    files swapped before it get their earlier content back.
    """
    staged: dict[Path, Path] = {}
    earlier: dict[Path, bytes | None] = {}
    done: list[Path] = []
    try:
        for path, text in changes.items():
            earlier[path] = path.read_bytes() if path.is_file() else None
            if text is None:
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(
                dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
            )
            staged[path] = Path(temporary)
            with os.fdopen(handle, "wb") as out:
                out.write(text.encode("utf-8") if isinstance(text, str) else text)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temporary, 0o644 if earlier[path] is None else path.stat().st_mode & 0o777)
        for path, text in changes.items():
            if text is None:
                path.unlink(missing_ok=True)
            else:
                os.replace(staged[path], path)
                del staged[path]
            done.append(path)
    except BaseException:
        for temporary in staged.values():
            temporary.unlink(missing_ok=True)
        for path in reversed(done):
            before = earlier[path]
            if before is None:
                path.unlink(missing_ok=True)
            else:
                write_atomically(path, before)
        raise
