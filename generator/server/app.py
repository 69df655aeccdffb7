"""The server's WSGI application, behind nginx.

Every request must come from the proxy (a trusted address) and name a person listed in
``editor.people`` (``X-Remote-User``, set by nginx once it has signed the person in):
without an identity, or with one from another address, the answer is 401; a login not
listed gets 403, naming the option. Then, for each audience whose site has the editor
(it sees everything):

- ``/<audience>/admin/…``: the form editor (:mod:`generator.server.editor_files`), and
  ``admin/status`` (``.json``): the server's status;
- ``/<audience>/api/v1``: the editor's API (Decap's proxy protocol, answered by
  :class:`~generator.editor.backend.LocalBackend`), each save a commit by the person
  (:mod:`generator.server.saving`); and two actions of the server's: ``entryHistory``
  (a file's last commits) and ``restoreEntry`` (an earlier version saved again).

An API request must be a same-origin JSON POST: its ``Origin`` names the host it was sent
to (the browser sends both; a page of another site cannot make them agree).
"""

from __future__ import annotations

import dataclasses
import http
import json
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from ..editor.backend import LocalBackend
from ..format.wording import say
from ..reading.problems import Problem
from ..writing.files import Refused, Write
from .editor_files import Asset
from .git import Repository
from .people import REMOTE_USER, Network, People, Person, from_proxy
from .saving import CommittingFiles
from .status import StatusSources, status, status_page

log = logging.getLogger("playbook.server")

StartResponse = Callable[..., Any]
MAX_BODY = 5 * 1024 * 1024
_COMMIT = re.compile(r"^[0-9a-f]{7,64}$")
_HEADERS = [
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
]


class Answer(Exception):
    """An answer other than 200: its status and JSON body."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(body.get("error", ""))
        self.status = status
        self.body = body


def _problem(problem: Problem, language: str) -> dict[str, Any]:
    """One refused problem as the form shows it (as ``playbook serve``'s backend does)."""
    return {
        "path": problem.path,
        "line": problem.line,
        "column": problem.column,
        "field": problem.field,
        "label": problem.label.text(language) if problem.label is not None else "",
        "message": problem.message.text(language),
    }


@dataclasses.dataclass
class ServerApp:
    """The WSGI application (see the module)."""

    files: CommittingFiles
    repository: Repository
    people: People
    proxies: tuple[Network, ...]
    language: str
    mount: str
    editors: dict[str, dict[str, Asset]]
    """Each editing audience's ``admin/`` files, by path below ``admin/``."""
    sources: StatusSources
    site_name: str

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "") or "/"
        try:
            person = self.identify(environ)
            audience, _, rest = path.removeprefix(self.mount).partition("/")
            if audience not in self.editors or not path.startswith(self.mount):
                raise Answer(404, {"error": say("server_not_found").text(self.language)})
            if rest.rstrip("/") == "api/v1":
                return self._json(start_response, 200, self.api(environ, person))
            if rest.startswith("admin/"):
                return self.admin(audience, rest.removeprefix("admin/"), start_response)
            raise Answer(404, {"error": say("server_not_found").text(self.language)})
        except Answer as answer:
            return self._json(start_response, answer.status, answer.body)

    # --- who is asking ----------------------------------------------------------------

    def identify(self, environ: Mapping[str, Any]) -> Person:
        """The person the proxy signed in, or an :class:`Answer` of 401 or 403."""
        login = str(environ.get(REMOTE_USER, "")).strip()
        address = str(environ.get("REMOTE_ADDR", ""))
        if not from_proxy(address, self.proxies):
            if login:
                log.warning("identity %r claimed from %s, not a trusted proxy", login, address)
                said = say("server_untrusted_identity", address=address, login=login).text(
                    self.language
                )
                raise Answer(401, {"error": said})
            raise Answer(401, {"error": say("server_no_identity").text(self.language)})
        if not login:
            raise Answer(401, {"error": say("server_no_identity").text(self.language)})
        person = self.people.get(login)
        if person is None:
            raise Answer(
                403, {"error": say("server_unknown_login", login=login).text(self.language)}
            )
        return person

    # --- the API ----------------------------------------------------------------------

    def _request(self, environ: Mapping[str, Any]) -> dict[str, Any]:
        origin = str(environ.get("HTTP_ORIGIN", ""))
        host = str(environ.get("HTTP_HOST", ""))
        if not origin or urlsplit(origin).netloc != host:
            raise Answer(
                403, {"error": say("server_other_origin", origin=origin or "-").text(self.language)}
            )
        content_type = str(environ.get("CONTENT_TYPE", "")).split(";")[0].strip().lower()
        if environ.get("REQUEST_METHOD") != "POST" or content_type != "application/json":
            raise Answer(405, {"error": say("server_post_json_only").text(self.language)})
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if not 0 < length <= MAX_BODY:
            raise Answer(
                413, {"error": say("server_body_size", limit=MAX_BODY).text(self.language)}
            )
        try:
            request = json.loads(environ["wsgi.input"].read(length).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            request = None
        if not isinstance(request, dict):
            raise Answer(422, {"error": say("server_not_json").text(self.language)})
        return request

    def api(self, environ: Mapping[str, Any], person: Person) -> Any:
        request = self._request(environ)
        files = dataclasses.replace(self.files, person=person, message=None)
        params = request.get("params") if isinstance(request.get("params"), dict) else {}
        try:
            if request.get("action") == "entryHistory":
                return self.history(files, params)
            if request.get("action") == "restoreEntry":
                return self.restore(files, params)
            return LocalBackend(files).answer(request)
        except Refused as exc:
            body: dict[str, Any] = {"error": exc.text(self.language)}
            if exc.problems:
                body["problems"] = [_problem(p, self.language) for p in exc.problems]
            log.warning("%s: refused (%s): %s", person.login, exc.status, body["error"])
            raise Answer(exc.status, body) from None

    def history(self, files: CommittingFiles, params: Mapping[str, Any]) -> dict[str, Any]:
        """``entryHistory``: the file's version now and its last commits, newest first."""
        path = params.get("path")
        files.entry_path(path)
        assert isinstance(path, str)
        stored = files.read(path)
        return {
            "path": path,
            "version": stored.version if stored else None,
            "versions": [
                {
                    "commit": v.commit,
                    "when": v.when.isoformat(),
                    "author": v.author,
                    "subject": v.subject,
                }
                for v in self.repository.versions(path)
            ],
        }

    def restore(self, files: CommittingFiles, params: Mapping[str, Any]) -> dict[str, Any]:
        """``restoreEntry``: ``path`` as it was in ``commit``, saved as a new commit."""
        path, commit, base = params.get("path"), params.get("commit"), params.get("base")
        files.entry_path(path)
        assert isinstance(path, str)
        if not isinstance(commit, str) or not _COMMIT.match(commit):
            raise Refused(
                422,
                say("server_restore_unknown_version", path=path, commit="?").text(self.language),
            )
        known = {v.commit: v for v in self.repository.versions(path, limit=200)}
        found = next((v for c, v in known.items() if c.startswith(commit)), None)
        text = self.repository.text_at(found.commit, path) if found else None
        if found is None or text is None:
            said = say("server_restore_unknown_version", path=path, commit=commit[:10]).text(
                self.language
            )
            raise Refused(422, said)
        stored = files.read(path)
        if stored is not None and stored.text == text and stored.version == base:
            raise Refused(422, say("server_restore_same", path=path).text(self.language))
        if not isinstance(base, str) and stored is not None:
            raise Refused(428, f"{path}: the version the restore was made from is missing")
        name = path.rpartition("/")[2].removesuffix(".yaml")
        message = say(
            "server_commit_restore",
            name=_name_in(text, name),
            date=found.when.date().isoformat(),
            author=found.author,
        ).text(self.language)
        files = dataclasses.replace(files, message=message)
        versions = files.change({path: Write(text, base if isinstance(base, str) else None)})
        return {"message": message, "versions": versions}

    # --- the editor's files and the status --------------------------------------------

    def admin(self, audience: str, rest: str, start_response: StartResponse) -> Iterable[bytes]:
        if rest.rstrip("/") == "status.json":
            return self._json(start_response, 200, status(self.sources, self.language))
        if rest.rstrip("/") == "status":
            page = status_page(self.sources, self.language, self.site_name).encode("utf-8")
            return self._send(start_response, 200, page, "text/html; charset=utf-8")
        asset = self.editors[audience].get(rest or "index.html")
        if asset is None and rest.endswith("/"):
            asset = self.editors[audience].get(rest + "index.html")
        if asset is None:
            raise Answer(404, {"error": say("server_not_found").text(self.language)})
        return self._send(start_response, 200, asset.content, asset.content_type)

    def _json(self, start_response: StartResponse, code: int, body: Any) -> Iterable[bytes]:
        payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
        return self._send(start_response, code, payload, "application/json; charset=utf-8")

    def _send(
        self, start_response: StartResponse, code: int, content: bytes, content_type: str
    ) -> Iterable[bytes]:
        headers = [
            ("Content-Type", content_type),
            ("Content-Length", str(len(content))),
            (
                "Cache-Control",
                "no-store" if content_type.startswith("application/json") else "no-cache",
            ),
            *_HEADERS,
        ]
        if code == 401:
            headers.append(("WWW-Authenticate", 'X-Remote-User realm="playbook"'))
        phrase = http.HTTPStatus(code).phrase if code in http.HTTPStatus._value2member_map_ else ""
        start_response(f"{code} {phrase}".strip(), headers)
        return [content]


def _name_in(text: str, fallback: str) -> str:
    """The ``name:`` a file's text gives (for a restore's message), else ``fallback``."""
    match = re.search(r"^name:\s*(.+?)\s*$", text, re.MULTILINE)
    return match.group(1).strip("'\"") if match else fallback
