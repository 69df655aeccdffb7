"""What the server's tests share: a copy of the sample in a real git repository with a bare
remote, a real ``playbook server`` process on loopback, and the editor's API as the form
calls it (Decap's proxy protocol, JSON posted with the page's origin)."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import copy_sample, set_today
from tests.outputs.test_nginx import HTPASSWD, NGINX, nginx_in_front
from tests.test_audiences import with_audiences

PEOPLE = {
    "chen.jing": "陈静 <chen.jing@agency.example>",
    "li.lei": "李雷 <li.lei@agency.example>",
    "wang.fang": "王芳 <wang.fang@agency.example>",
    "zhao.min": "赵敏 <zhao.min@agency.example>",
    "liu.yang": "刘洋 <liu.yang@agency.example>",
    "sun.li": "孙丽 <sun.li@agency.example>",
    "zhou.hang": "周航 <zhou.hang@agency.example>",
    "wu.di": "吴迪 <wu.di@agency.example>",
}
SETTINGS = (
    "      audiences:\n"
    "        team: {}\n"
    "        company: {personal_data: false, confidential: false}\n"
    "      editor:\n"
    "        people:\n" + "".join(f"          {login}: {who}\n" for login, who in PEOPLE.items())
)


def git(root: Path, *args: str, check: bool = True) -> str:
    """``git args`` in ``root`` (as a person types it), its output."""
    done = subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, encoding="utf-8", check=False
    )
    if check:
        assert done.returncode == 0, (args, done.stderr)
    return done.stdout.strip()


def handbook_repository(base: Path, settings: str = SETTINGS) -> tuple[Path, Path]:
    """The sample with two audiences and eight people, committed, and its bare remote
    (``origin``) with the same commit: ``(handbook, remote)``."""
    root = with_audiences(copy_sample(base / "handbook"), settings)
    set_today(root)
    (root / ".gitignore").write_text("/site/\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(
        root,
        "-c",
        "user.name=Init",
        "-c",
        "user.email=init@agency.example",
        "commit",
        "-qm",
        "init",
    )
    remote = base / "remote.git"
    git(base, "init", "-q", "--bare", "-b", "main", str(remote))
    git(root, "remote", "add", "origin", str(remote))
    git(root, "push", "-q", "origin", "main")
    return root, remote


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(condition: Callable[[], object], seconds: float = 60, every: float = 0.1) -> Any:
    """``condition()`` once it is true (it is asked again until ``seconds`` have passed)."""
    deadline = time.monotonic() + seconds
    while True:
        found = condition()
        if found or time.monotonic() > deadline:
            return found
        time.sleep(every)


@dataclass
class Running:
    """A ``playbook server`` process."""

    process: subprocess.Popen[bytes]
    port: int
    root: Path
    log: Path

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def output(self) -> str:
        return self.log.read_text("utf-8", errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


def start_server(root: Path, *options: str, env: dict[str, str] | None = None) -> Running:
    """``playbook server`` of ``root`` on a free loopback port, once it answers."""
    port = free_port()
    log = root.parent / f"server-{port}.log"
    command = [sys.executable, "-m", "generator.cli", "server", "--root", str(root)]
    command += ["--listen", f"127.0.0.1:{port}", *options]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}
        )
    running = Running(process, port, root, log)
    answered = wait_for(
        lambda: process.poll() is not None or request(running, "GET", "/team/admin/status.json")[0],
        seconds=60,
    )
    assert answered and process.poll() is None, running.output()
    return running


def request(
    running: Running,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    source: str | None = None,
) -> tuple[int, bytes]:
    """One HTTP request to the server (from the address ``source``); ``(0, b"")`` when it
    cannot be reached."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", running.port, timeout=60, source_address=(source, 0) if source else None
    )
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    except OSError:
        return 0, b""
    finally:
        connection.close()


def call(
    running: Running,
    action: str,
    params: dict[str, Any],
    user: str | None = "chen.jing",
    audience: str = "team",
    source: str | None = None,
) -> tuple[int, Any]:
    """The editor's API as the form calls it: ``(status, answer)``."""
    headers = {"Content-Type": "application/json", "Origin": f"http://{running.host}"}
    if user is not None:
        headers["X-Remote-User"] = user
    body = json.dumps({"action": action, "params": params}, ensure_ascii=False).encode()
    status, raw = request(running, "POST", f"/{audience}/api/v1", body, headers, source)
    return status, json.loads(raw) if raw else None


def status_of(running: Running, user: str = "chen.jing") -> dict[str, Any]:
    code, raw = request(running, "GET", "/team/admin/status.json", headers={"X-Remote-User": user})
    assert code == 200, raw
    return json.loads(raw)


def sites_rendered(running: Running, commit: str | None = None) -> bool:
    """Whether every site is published (showing ``commit``, if given)."""
    sites = status_of(running)["sites"]
    return all(
        record["renders"] and (commit is None or record["commit"] == commit)
        for record in sites.values()
    )


def entry(running: Running, path: str, user: str = "chen.jing") -> tuple[str, str]:
    """A file's text and version, as the form opens it."""
    code, answer = call(running, "getEntry", {"path": path}, user)
    assert code == 200, answer
    return answer["data"], answer["file"]["id"]


def save(running: Running, path: str, raw: str, base: str, user: str) -> tuple[int, Any]:
    """The form's save of ``path``: the whole entry's text, from the version ``base``."""
    data_file = {"path": path, "raw": raw, "base": base}
    return call(running, "persistEntry", {"dataFiles": [data_file], "options": {}}, user)


def with_summary_note(raw: str, note: str) -> str:
    """The entry with ``note`` added at the start of its summary."""
    for start in ("\nsummary: |\n  ", "\nsummary: "):
        if start in raw:
            return raw.replace(start, start + note, 1)
    raise AssertionError("no summary")


USER, PASSWORD = "chen.jing", "correct horse"
"""The person nginx signs in with basic auth (``team.htpasswd``)."""


@dataclass
class Team:
    """The running server the module's tests share (a save at a time, each on its own
    client), its bare remote, and nginx in front of it (``None`` without nginx)."""

    server: Running
    remote: Path
    nginx: str | None

    @property
    def root(self) -> Path:
        return self.server.root


def _nginx_in_front(work: Path, server: Running) -> tuple[subprocess.Popen[bytes], str]:
    """Debian's nginx as `playbook nginx --server` configures it, basic auth for the team."""
    port = free_port()
    nginx = nginx_in_front(work, server.root, port, "--server", server.host, login=(USER, PASSWORD))
    return nginx, f"http://127.0.0.1:{port}/"


@pytest.fixture(scope="session")
def team() -> Iterator[Team]:
    """One ``playbook server --push origin`` (believing 127.0.0.1 only) over a copy of the
    sample, its sites published, nginx in front when installed: shared by the tests of
    test_server.py and test_behind_nginx.py that run in one worker."""
    # not under pytest's 0700 basetemp: nginx's own user must pass through to the sites
    work = Path(tempfile.mkdtemp(prefix="playbook-server-"))
    work.chmod(0o755)
    umask = os.umask(0o022)  # the sites readable by nginx's user, as under systemd's UMask
    nginx = running = None
    try:
        root, remote = handbook_repository(work)
        running = start_server(root, "--push", "origin", "--trusted-proxy", "127.0.0.1")
        assert wait_for(lambda: sites_rendered(running), 90), running.output()
        base = None
        if NGINX and HTPASSWD:
            nginx, base = _nginx_in_front(work, running)
        os.umask(umask)
        yield Team(running, remote, base)
    finally:
        os.umask(umask)
        if nginx is not None:
            nginx.terminate()
            nginx.wait(timeout=10)
        if running is not None:
            running.stop()
        shutil.rmtree(work, ignore_errors=True)
