"""The form editor's local backend: Decap CMS's proxy protocol, answered by ``playbook serve``.

What ``decap-server`` answers at ``/api/v1`` (``info``, ``entriesByFolder``,
``entriesByFiles``, ``getEntry``, ``persistEntry``, ``deleteFile(s)`` and the media
calls), in Python, on the address ``serve`` listens on. It differs from decap-server
where a handbook needs it to:

- every change goes through the one way to change the handbook's files
  (:mod:`generator.writing.files`): the path policy, a base version for every path it
  touches, the check with the whole handbook, one lock across processes, all or nothing;
- a save is the person's change applied to the file as it is on disk
  (:mod:`generator.writing.edits`): comments, quoting, order and untouched lines stay;
- files are read as the loader reads them: one that is not UTF-8 is refused, never shown
  with replacement characters;
- a refusal names each problem's field by its label, for the form to show and mark;
- it answers only same-origin JSON requests, whose ``Host`` is the served address.
"""

from __future__ import annotations

import json
import logging
import mimetypes
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..format.wording import message_key, say
from ..reading.loader import values_of
from ..reading.problems import HandbookInvalid, Problem
from ..reading.yamlsource import SourceProblem
from ..writing.edits import EditFailed, changed_text
from ..writing.files import NEW, HandbookFiles, Refused, Write
from ..writing.texts import MODELS, FileKind, new_file_text
from .config import API_PATH, EDITOR_FOLDER

log = logging.getLogger("mkdocs.plugins.playbook.editor")

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
MAX_BODY = 5 * 1024 * 1024
"""The largest request the API reads (a client file is some kilobytes)."""
_LOOPBACK = ("127.0.0.1", "localhost", "[::1]")


@dataclass
class LocalBackend:
    """The API's state: the handbook's files (the one way to change them), kept across saves."""

    files: HandbookFiles

    @property
    def root(self) -> Path:
        return self.files.root

    @property
    def language(self) -> str:
        """The handbook's language: refusals a person reads are worded in it."""
        return self.files.language

    @property
    def folders(self) -> tuple[str, str]:
        return self.files.folders

    def _kind(self, relative: str) -> FileKind:
        return "industry" if relative.startswith(f"{self.files.industries_dir}/") else "client"

    # --- reading ----------------------------------------------------------------------

    def entries(self, paths: Iterable[object], *, listing: bool = False) -> list[dict[str, Any]]:
        """Each file's text and version. A file that is not UTF-8 is refused with the
        loader's message when opened; a listing leaves it out (``check`` names it)."""
        found = []
        for relative in paths:
            try:
                stored = self.files.read(relative)  # type: ignore[arg-type]
            except Refused as exc:
                if listing and exc.status == 422:
                    log.warning("editor: %s", exc.text(self.language))
                    continue
                if exc.problems:
                    problem = exc.problems[0]
                    detail = problem.text(self.language)
                    raise Refused(
                        422, say("editor_not_utf8_open", path=relative, detail=detail), exc.problems
                    ) from None
                raise
            if stored is None:
                found.append({"data": None, "file": {"path": relative, "id": None}})
                continue
            found.append({"data": stored.text, "file": {"path": relative, "id": stored.version}})
        return found

    def folder_entries(self, folder: object) -> list[dict[str, Any]]:
        if folder not in self.folders:
            raise Refused(403, f"{folder}: the editor reads only {' and '.join(self.folders)}")
        directory = self.root / str(folder)
        names = sorted(p.name for p in directory.glob("*.yaml")) if directory.is_dir() else []
        paths = []
        for name in names:
            try:
                self.files.entry_path(f"{folder}/{name}")
            except Refused:
                continue  # misnamed files and links are `playbook check`'s to report
            paths.append(f"{folder}/{name}")
        return self.entries(paths, listing=True)

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
        if action in ("deleteFile", "deleteFiles"):
            paths = [params.get("path")] if action == "deleteFile" else params.get("paths") or []
            bases = params.get("bases") if isinstance(params.get("bases"), dict) else {}
            if action == "deleteFile" and "base" in params:
                bases = {str(params.get("path")): params.get("base")}
            try:
                self.files.change(
                    {str(path): Write(None, self._base(path, bases)) for path in paths}
                )
            except Refused as exc:
                if exc.status != 409:
                    raise
                raise Refused(409, say("editor_delete_stale", path=", ".join(paths))) from None
            return {"message": f"deleted {', '.join(map(str, paths))}"}
        if action == "getMedia":
            return []  # the handbook keeps no uploads
        if action in ("getMediaFile", "persistMedia"):
            raise Refused(422, say("editor_no_uploads"))
        if action == "getDeployPreview":
            return None
        raise Refused(422, f"Unknown action {action}")

    def _base(self, path: object, bases: Mapping[str, Any]) -> str:
        """The version the editor read ``path`` at; a change that does not say is refused."""
        self.files.entry_path(path)
        base = bases.get(str(path))
        if not isinstance(base, str):
            raise Refused(428, say("editor_no_base", path=path))
        return base

    def persist(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """Save an entry: the person's change applied to the file as it is on disk.

        Each data file says ``base``: the version (``file.id``) the editor read before the
        person changed it (``playbook-editor.js`` adds it). The values of ``raw`` (the
        form's whole entry) are compared with the file's, as the loader reads both, and
        only those that differ are changed in the file's own text
        (:func:`~generator.writing.edits.changed_text`): comments, quoting, order and every
        other line stay as they are. A new entry's file, and a rename's new file, must not
        exist yet; the rename's old file goes, from the version read.
        """
        entry = params.get("entry")
        data_files = params.get("dataFiles") or ([entry] if entry else [])
        if params.get("assets"):
            raise Refused(422, say("editor_no_uploads"))
        options = params.get("options") if isinstance(params.get("options"), dict) else {}
        writes: dict[str, Write] = {}
        for data_file in data_files:
            if not isinstance(data_file, dict) or not isinstance(data_file.get("raw"), str):
                raise Refused(422, "each data file needs a path and its text (raw)")
            source = str(data_file.get("path"))
            target = str(data_file.get("newPath") or source)
            self.files.entry_path(target)
            kind = self._kind(target)
            values = self._values(target, data_file["raw"], kind)
            if options.get("newEntry"):
                writes[target] = Write(new_file_text(kind, values, self.language), NEW)
                continue
            base = self._base(source, {source: data_file.get("base")})
            stored = self.files.read(source)
            if stored is None or stored.version != base:
                kind = (
                    message_key("editor_deleted_meanwhile")
                    if stored is None
                    else message_key("editor_changed_since_opened")
                )
                raise Refused(409, say(kind, path=source))
            try:
                text = changed_text(stored.text, values, MODELS[kind])
            except EditFailed:
                log.exception("editor: %s could not be changed in place", source)
                raise Refused(500, say("editor_edit_failed", path=source)) from None
            if target == source:
                writes[target] = Write(text, base)
            else:  # a rename: the new file must not exist, the old one goes
                writes[target] = Write(text, NEW)
                writes[source] = Write(None, base)
        if not writes:
            raise Refused(422, "nothing to save")
        versions = self.files.change(writes)
        return {"message": "entry persisted", "versions": versions}

    def _values(self, relative: str, raw: str, kind: FileKind) -> dict[str, Any]:
        """The form's entry as the loader reads it."""
        try:
            values = values_of(raw, MODELS[kind])
        except SourceProblem as exc:
            problem = Problem(relative, exc.line, exc.column, "", exc.message)
            raise Refused(422, problem.text(self.language), (problem,)) from None
        if not isinstance(values, dict):
            raise Refused(422, "the entry must be a mapping of fields")
        return values


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
            language = self.backend.language
            status, body = exc.status, {"error": exc.text(language)}
            if exc.problems:  # for the form: each field by its label, the message alone
                body["problems"] = [_problem_answer(p, language) for p in exc.problems]
            log.warning("editor: refused (%s): %s", status, exc.text(language))
        except HandbookInvalid as exc:  # pragma: no cover - check() turns these into Refused
            status, body = 422, {"error": exc.report(self.backend.language)}
        payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
        reason = {
            200: "OK",
            403: "Forbidden",
            405: "Method Not Allowed",
            409: "Conflict",
            415: "Unsupported",
            428: "Precondition Required",
            500: "Internal Server Error",
            503: "Service Unavailable",
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


def _problem_answer(problem: Problem, language: str) -> dict[str, Any]:
    """One refused problem as the form shows it: where (kept machine-readable), its field's
    label and the message alone, in the handbook's language."""
    label = problem.label.text(language) if problem.label is not None else ""
    return {
        "path": problem.path,
        "line": problem.line,
        "column": problem.column,
        "field": problem.field,
        "label": label,
        "message": problem.message.text(language),
    }
