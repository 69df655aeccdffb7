"""The form editor's local backend: Decap CMS's proxy protocol, answered by ``playbook serve``.

What ``decap-server`` answers at ``/api/v1`` (``info``, ``entriesByFolder``,
``entriesByFiles``, ``getEntry``, ``persistEntry``, ``deleteFile(s)`` and the media
calls), in Python, on the address ``serve`` listens on. It differs from decap-server
where a handbook needs it to:

- every write is checked first with the loader, as ``playbook check`` would check the
  handbook after it; a write that would make it invalid is refused with the located
  problems, and nothing is written;
- it writes only ``<clients_dir>/<id>.yaml`` and ``<industries_dir>/<id>.yaml``, each
  atomically (a temporary file in the same folder, then a rename);
- it answers only same-origin JSON requests, whose ``Host`` is the served address.
"""

from __future__ import annotations

import hashlib
import json
import logging
import mimetypes
import os
import re
import tempfile
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..format.model import SLUG_PATTERN
from ..format.wording import Message, say
from ..reading.loader import LoadCache, load_handbook
from ..reading.problems import HandbookInvalid, Problem
from .config import API_PATH, EDITOR_FOLDER

log = logging.getLogger("mkdocs.plugins.playbook.editor")

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
MAX_BODY = 5 * 1024 * 1024
"""The largest request the API reads (a client file is some kilobytes)."""
_LOOPBACK = ("127.0.0.1", "localhost", "[::1]")


class Refused(Exception):
    """A request the API will not carry out; ``status`` and the message go back to the editor."""

    def __init__(self, status: int, message: str | Message):
        super().__init__(str(message))
        self.status = status
        self.message = message

    def text(self, language: str) -> str:
        """What the editor shows; messages a person can act on are in their language."""
        message = self.message
        return message.text(language) if isinstance(message, Message) else message


@dataclass
class LocalBackend:
    """The API's state: the handbook's folders, and a load cache kept across saves."""

    root: Path
    clients_dir: str = "clients"
    industries_dir: str = "industries"
    language: str = "en"
    """The handbook's language: refusals a person reads are worded in it."""
    cache: LoadCache = field(default_factory=LoadCache)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def folders(self) -> tuple[str, str]:
        return (self.clients_dir, self.industries_dir)

    # --- paths ------------------------------------------------------------------------

    def entry_path(self, relative: object) -> Path:
        """The file a request names, if it is a handbook file the editor may touch."""
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
                f"{relative}: the editor writes only {self.clients_dir}/<id>.yaml and "
                f"{self.industries_dir}/<id>.yaml (id: lowercase letters, digits, hyphens)",
            )
        directory = self.root / folder
        if directory.is_symlink() or not directory.resolve().is_relative_to(self.root.resolve()):
            raise Refused(403, f"{folder}/ leads outside the handbook; nothing is written there")
        path = directory / name
        if path.is_symlink():
            raise Refused(403, f"{relative} is a link; the editor does not write through links")
        return path

    # --- reading ----------------------------------------------------------------------

    def entries(self, paths: Iterable[str]) -> list[dict[str, Any]]:
        found = []
        for relative in paths:
            path = self.entry_path(relative)
            try:
                content = path.read_bytes()
            except OSError:
                found.append({"data": None, "file": {"path": relative, "id": None}})
                continue
            found.append(
                {
                    "data": content.decode("utf-8", errors="replace"),
                    "file": {"path": relative, "id": version(content)},
                }
            )
        return found

    def folder_entries(self, folder: object) -> list[dict[str, Any]]:
        if folder not in self.folders:
            raise Refused(403, f"{folder}: the editor reads only {' and '.join(self.folders)}")
        directory = self.root / str(folder)
        names = sorted(p.name for p in directory.glob("*.yaml")) if directory.is_dir() else []
        paths = []
        for name in names:
            try:
                self.entry_path(f"{folder}/{name}")
            except Refused:
                continue  # misnamed files and links are `playbook check`'s to report
            paths.append(f"{folder}/{name}")
        return self.entries(paths)

    # --- writing ----------------------------------------------------------------------

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
        return [p for p in problems if p.path in touched] + elsewhere

    def check(self, pending: Mapping[str, str | None]) -> None:
        """Refuse the change if the handbook after it has problems it did not have before."""
        new = self.new_problems(pending)
        if new:
            raise Refused(422, "\n".join(problem.text(self.language) for problem in new))

    def write(
        self, changes: Mapping[str, str | None], bases: Mapping[str, str | None] | None = None
    ) -> None:
        """Check, then make every change (text: write atomically; ``None``: delete).

        ``bases`` names the version each file must still have on disk (``None``: the file
        must not exist); a file that has another is refused as changed since it was read.
        """
        targets = {relative: self.entry_path(relative) for relative in changes}
        with self.lock:
            for relative, base in (bases or {}).items():
                path = self.entry_path(relative)
                now = version(path.read_bytes()) if path.is_file() else None
                if now != base:
                    kind = (
                        "editor_created_meanwhile"
                        if base is None
                        else "editor_changed_since_opened"
                    )
                    raise Refused(409, say(kind, path=relative))
            self.check(changes)
            write_all_or_none({targets[relative]: text for relative, text in changes.items()})
            for relative, text in changes.items():
                log.info("editor: %s %s", "deleted" if text is None else "saved", relative)

    # --- the protocol -----------------------------------------------------------------

    def answer(self, request: Mapping[str, Any]) -> Any:
        action = request.get("action")
        params = request.get("params") or {}
        if not isinstance(params, dict):
            raise Refused(422, "params must be an object")
        if action == "info":
            return {"repo": self.root.name, "publish_modes": ["simple"], "type": "local_fs"}
        if action == "entriesByFolder":
            return self.folder_entries(params.get("folder"))
        if action == "entriesByFiles":
            files = params.get("files") or []
            return self.entries(f.get("path") for f in files if isinstance(f, dict))
        if action == "getEntry":
            return self.entries([params.get("path")])[0]
        if action == "persistEntry":
            return self.persist(params)
        if action == "deleteFile":
            self.write({str(params.get("path")): None})
            return {"message": f"deleted file {params.get('path')}"}
        if action == "deleteFiles":
            paths = params.get("paths") or []
            self.write(dict.fromkeys(map(str, paths)))
            return {"message": f"deleted files {', '.join(map(str, paths))}"}
        if action == "getMedia":
            return []  # the handbook keeps no uploads
        if action in ("getMediaFile", "persistMedia"):
            raise Refused(422, say("editor_no_uploads"))
        if action == "getDeployPreview":
            return None
        raise Refused(422, f"Unknown action {action}")

    def persist(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """Save an entry, unless it was changed on disk since the tab that saves it read it.

        Each data file may say ``base``: the version (``file.id``) the editor read before
        the person changed it; ``playbook-editor.js`` adds it. When the file on disk is no
        longer that version, someone else saved in between: the save is refused and their
        work stays. A new entry whose file appeared meanwhile is refused the same way.
        """
        entry = params.get("entry")
        data_files = params.get("dataFiles") or ([entry] if entry else [])
        if params.get("assets"):
            raise Refused(422, say("editor_no_uploads"))
        options = params.get("options") if isinstance(params.get("options"), dict) else {}
        changes: dict[str, str | None] = {}
        bases: dict[str, str | None] = {}
        for data_file in data_files:
            if not isinstance(data_file, dict) or not isinstance(data_file.get("raw"), str):
                raise Refused(422, "each data file needs a path and its text (raw)")
            target = data_file.get("newPath") or data_file.get("path")
            changes[str(target)] = data_file["raw"]
            if options.get("newEntry"):
                bases[str(target)] = None  # nobody's file may be there yet
            elif isinstance(data_file.get("base"), str):
                bases[str(data_file.get("path"))] = data_file["base"]
            if data_file.get("newPath") and data_file.get("path") != target:
                changes[str(data_file.get("path"))] = None  # a rename: the old file goes
        if not changes:
            raise Refused(422, "nothing to save")
        self.write(changes, bases)
        return {
            "message": "entry persisted",
            "versions": {path: version(text) for path, text in changes.items() if text is not None},
        }


def version(content: str | bytes) -> str:
    """The version of a file's content, as the editor is told it (``file.id``)."""
    raw = content.encode("utf-8") if isinstance(content, str) else content
    return hashlib.sha256(raw).hexdigest()


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


class EditorApp:
    """WSGI middleware in front of MkDocs' live-reload server.

    Answers ``<mount>api/v1`` (the local backend) and serves ``<mount>admin/`` from the
    built site itself, without the live-reload script MkDocs adds to HTML pages (a rebuild
    after a save must not reload the editor); everything else goes to ``app``.
    """

    def __init__(
        self,
        backend: LocalBackend,
        app: WsgiApp,
        *,
        site_dir: Callable[[], str],
        mount_path: str = "/",
        host: str = "127.0.0.1",
        port: int,
    ):
        self.backend = backend
        self.app = app
        self.site_dir = site_dir
        self.mount_path = mount_path if mount_path.endswith("/") else mount_path + "/"
        self.host = host
        self.port = port

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path.rstrip("/") == (self.mount_path + API_PATH).rstrip("/"):
            return self._api(environ, start_response)
        if path.startswith(self.mount_path + EDITOR_FOLDER + "/"):
            return self._admin(path[len(self.mount_path) :], start_response)
        return self.app(environ, start_response)

    def allowed_hosts(self) -> set[str]:
        names = {*_LOOPBACK, self.host} - {"0.0.0.0", "::", ""}
        return {f"{name}:{self.port}" for name in names}

    def _api(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        try:
            request = self._request(environ)
            status, body = 200, self.backend.answer(request)
        except Refused as exc:
            status, body = exc.status, {"error": exc.text(self.backend.language)}
            log.warning("editor: refused (%s): %s", status, exc.text(self.backend.language))
        except HandbookInvalid as exc:  # pragma: no cover - check() turns these into Refused
            status, body = 422, {"error": exc.report(self.backend.language)}
        payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
        reason = {
            200: "OK",
            403: "Forbidden",
            405: "Method Not Allowed",
            409: "Conflict",
            415: "Unsupported",
        }
        start_response(
            f"{status} {reason.get(status, 'Unprocessable Content')}",
            [
                ("Content-Type", "application/json; charset=utf-8"),
                ("Content-Length", str(len(payload))),
                ("Cache-Control", "no-store"),
                ("X-Content-Type-Options", "nosniff"),
            ],
        )
        return [payload]

    def _request(self, environ: dict[str, Any]) -> dict[str, Any]:
        host = environ.get("HTTP_HOST", "")
        if host not in self.allowed_hosts():
            # Also what stops DNS rebinding: another name for this address is refused.
            raise Refused(403, f"requests for host {host!r} are not answered here")
        origin = environ.get("HTTP_ORIGIN")
        if origin != f"http://{host}":
            raise Refused(403, f"requests from origin {origin!r} are not answered here")
        if environ.get("REQUEST_METHOD") != "POST":
            raise Refused(405, "the editor's API takes POST requests only")
        content_type = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
        if content_type != "application/json":
            raise Refused(415, "the editor's API takes application/json only")
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if not 0 < length <= MAX_BODY:
            raise Refused(422, f"a request body of 1 byte to {MAX_BODY} bytes is expected")
        try:
            request = json.loads(environ["wsgi.input"].read(length).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise Refused(422, "the request body is not JSON") from None
        if not isinstance(request, dict):
            raise Refused(422, "the request must be a JSON object")
        return request

    def _admin(self, relative: str, start_response: StartResponse) -> Iterable[bytes]:
        site = Path(self.site_dir()).resolve()
        path = (site / relative).resolve()
        if relative.endswith("/"):
            path = path / "index.html"
        if not path.is_relative_to(site / EDITOR_FOLDER) or not path.is_file():
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"404 Not Found"]
        content = path.read_bytes()
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix in (".yml", ".yaml"):
            kind = "text/yaml"
        if kind.startswith("text/") or kind.endswith("javascript"):
            kind += "; charset=utf-8"
        start_response(
            "200 OK",
            [
                ("Content-Type", kind),
                ("Content-Length", str(len(content))),
                ("Cache-Control", "no-cache"),
            ],
        )
        return [content]
