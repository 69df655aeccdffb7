"""The audiences behind Debian's nginx, as `playbook nginx` configures it, on loopback."""

from __future__ import annotations

import gzip
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from base64 import b64encode
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

from tests.browsing import NEEDS_CHROMIUM, Visit
from tests.conftest import REPO, copy_sample, run_cli, set_today
from tests.search.test_pagefind import search
from tests.test_audiences import with_audiences

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
HTPASSWD = shutil.which("htpasswd")
pytestmark = pytest.mark.skipif(
    (NGINX is None or HTPASSWD is None) and not os.environ.get("CI"),
    reason="Debian's nginx and apache2-utils are not installed (make test installs them)",
)
AUDIENCES = """\
      audiences:
        team: {}
        company: {personal_data: false, confidential: false}
"""
USER, PASSWORD = "lin", "correct horse"


class Served(NamedTuple):
    base: str
    """nginx's address."""
    site: Path
    """The built audiences' folder it serves."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


MAIN = """\
worker_processes 1;
error_log {dir}/error.log;
pid {dir}/nginx.pid;
{user}
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    include {server};
}}
"""


def _server_user() -> str | None:
    """The unprivileged user nginx's workers run as when the tests run as root (Debian's
    nginx: www-data), or ``None``: nginx then runs as the user running the tests."""
    if os.geteuid() != 0:
        return None
    for name in ("www-data", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    pytest.fail("no unprivileged user (www-data, nobody) for nginx's workers")


def nginx_in_front(
    work: Path, root: Path, port: int, *options: str, login: tuple[str, str] = (USER, PASSWORD)
) -> subprocess.Popen:
    """Debian's nginx as `playbook nginx` (with ``options``) configures it for the handbook
    at ``root`` on ``port``, ``login`` in the team's passwords, started (:func:`start_nginx`);
    its workers checked to run as a web server's own user when the tests run as root."""
    assert NGINX and HTPASSWD, "apt-get install nginx apache2-utils"
    server_user = _server_user()
    server, passwords = work / "playbook.conf", work / "passwords"
    passwords.mkdir()
    written = run_cli(
        "nginx", "--root", str(root), "--open", "company", "--listen", f"127.0.0.1:{port}",
        "--htpasswd-dir", str(passwords), "--out", str(server), *options,
    )  # fmt: skip
    assert written.exit_code == 0, written.output
    subprocess.run(
        [HTPASSWD, "-bc", str(passwords / "team.htpasswd"), *login],
        check=True,
        capture_output=True,
    )
    process = start_nginx(work, server, server_user, port)
    if server_user:  # pages and answers reach people through nginx's own user, not root
        assert workers_users(process, server_user) == {pwd.getpwnam(server_user).pw_uid}
    return process


def start_nginx(work: Path, server: Path, server_user: str | None, port: int) -> subprocess.Popen:
    """nginx in the foreground with ``server`` (a block `playbook nginx` wrote) in a main
    configuration of ``work`` (checked with ``nginx -t``), once it answers on ``port``."""
    main = work / "nginx.conf"
    user = f"user {server_user};" if server_user else ""
    main.write_text(MAIN.format(dir=work, user=user, server=server), encoding="utf-8")
    checked = subprocess.run([NGINX, "-t", "-c", str(main)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen([NGINX, "-c", str(main), "-g", "daemon off;"])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    return process


def workers_users(nginx: subprocess.Popen, user: str, seconds: float = 10) -> set[int]:
    """The user ids nginx's workers run as, once they are ``user``'s or ``seconds`` have
    passed: a worker is forked as root and drops to ``user`` a moment later."""
    wanted = {pwd.getpwnam(user).pw_uid}
    deadline = time.monotonic() + seconds
    workers = _workers_users(nginx.pid)
    while workers != wanted and time.monotonic() < deadline:
        time.sleep(0.1)
        workers = _workers_users(nginx.pid)
    return workers


def _workers_users(master: int) -> set[int]:
    """The real user ids of nginx's worker processes (children of ``master``)."""
    users = set()
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
        except OSError:
            continue
        if int(fields.get("PPid", "0")) == master:
            users.add(int(fields["Uid"].split()[0]))
    return users


@pytest.fixture(scope="module")
def nginx() -> Iterator[Served]:
    assert NGINX and HTPASSWD, "apt-get install nginx apache2-utils"
    # Not under pytest's basetemp: /tmp/pytest-of-<user> is 0700, which no web server's user
    # can pass through. This folder stands for /srv: the test opens it to pass through; what
    # is in it is made under the usual umask, and the site is as `playbook build` made it.
    work = Path(tempfile.mkdtemp(prefix="playbook-nginx-"))
    work.chmod(0o755)
    process = None
    umask = os.umask(0o022)
    try:
        root = with_audiences(copy_sample(work / "handbook"), AUDIENCES)
        set_today(root)
        built = run_cli("build", "--root", str(root))
        assert built.exit_code == 0, built.output
        # the repository's own files beside the site: nginx must never serve them
        (root / ".git").mkdir(exist_ok=True)
        (root / ".git" / "config").write_text("[core]\n", encoding="utf-8")
        port = _free_port()
        process = nginx_in_front(work, root, port)
        base = f"http://127.0.0.1:{port}/"
        os.umask(umask)
        yield Served(base, root / "site")
    finally:
        os.umask(umask)
        if process is not None:
            process.terminate()
            process.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


def _get(url: str, *, password: bool = False, gzipped: bool = False):
    request = urllib.request.Request(url)
    if password:
        token = b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    if gzipped:
        request.add_header("Accept-Encoding", "gzip")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_the_team_site_needs_its_password_and_the_company_site_answers(nginx: Served) -> None:
    assert _get(nginx.base + "team/")[0] == 401
    assert _get(nginx.base + "team/accounts/dingsheng-beverage/")[0] == 401
    assert _get(nginx.base + "team/pagefind/pagefind.js")[0] == 401  # its search index too
    status, _, body = _get(nginx.base + "team/", password=True)
    assert status == 200 and "青岚传播" in body.decode("utf-8")
    assert _get(nginx.base + "company/")[0] == 200
    # the handbook's own address opens the site anyone may read, not a password prompt
    status, _, body = _get(nginx.base)
    assert status == 200 and "青岚传播" in body.decode("utf-8")


def test_nothing_outside_the_built_sites(nginx: Served) -> None:
    for path in (".git/config", "clients/lvye-dairy.yaml", "mkdocs.yml", "company/../mkdocs.yml"):
        assert _get(nginx.base + path)[0] == 404, path
    assert _get(nginx.base + "company/assets/")[0] in (403, 404)  # no listing of a folder


def test_types_headers_and_caching(nginx: Served) -> None:
    status, headers, _ = _get(nginx.base + "company/")
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'self'" in policy
    assert "'wasm-unsafe-eval'" in policy and "'unsafe-eval'" not in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cache-Control"] == "no-cache"
    assert (
        _get(nginx.base + "company/calendar/upcoming/index.json")[1]["Cache-Control"] == "no-cache"
    )
    calendar = _get(nginx.base + "company/calendar/playbook.ics")[1]
    assert calendar["Content-Type"].startswith("text/calendar")
    status, headers, _ = _get(nginx.base + "company/pagefind/pagefind-entry.json")
    assert status == 200 and headers["Content-Type"] == "application/json"
    assert headers["Cache-Control"] == "no-cache"  # names the current index chunks


def test_hashed_files_are_cached_for_good_and_text_is_gzipped(nginx: Served) -> None:
    page = _get(nginx.base + "company/")[2].decode("utf-8")
    bundle = next(
        part.split('"')[0] for part in page.split('src="')[1:] if "bundle." in part.split('"')[0]
    )
    status, headers, _ = _get(nginx.base + "company/" + bundle)
    assert status == 200 and headers["Cache-Control"] == "public, max-age=31536000, immutable"
    status, headers, body = _get(nginx.base + "company/" + bundle, gzipped=True)
    assert headers["Content-Encoding"] == "gzip" and gzip.decompress(body)
    # the calendar feed, a text file like any other, travels compressed too
    status, headers, body = _get(nginx.base + "company/calendar/playbook.ics", gzipped=True)
    assert status == 200 and headers["Content-Type"].startswith("text/calendar")
    assert headers.get("Content-Encoding") == "gzip", dict(headers)
    assert gzip.decompress(body).startswith(b"BEGIN:VCALENDAR")
    # a fragment's name, from the built folder (nginx lists no folder)
    fragment = next(nginx.site.glob("company/pagefind/fragment/*.pf_fragment")).name
    status, headers, _ = _get(nginx.base + "company/pagefind/fragment/" + fragment)
    assert status == 200 and headers["Content-Type"] == "application/octet-stream"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"


@NEEDS_CHROMIUM
@pytest.mark.parametrize("audience", ["company", "team"])
def test_search_works_through_nginx_with_the_pages_policy(browser, nginx, audience) -> None:
    options = {"http_credentials": {"username": USER, "password": PASSWORD}}
    visit = Visit(browser, nginx.base + f"{audience}/", **(options if audience == "team" else {}))
    try:
        paths = search(visit, "鼎盛饮料集团")
        assert f"/{audience}/accounts/dingsheng-beverage/" in paths[:1], paths
        if audience == "team":
            visit.open("admin/")  # the editor's own policy (it needs eval for its checks)
        # once the page has settled, not after a guessed time: a blocked script is one too
        assert visit.problems() == [], (visit.errors, visit.failed)
        assert visit.foreign_requests() == []
    finally:
        visit.close()


def test_the_example_is_what_playbook_nginx_writes_for_the_sample(nginx: Served) -> None:
    """examples/nginx/playbook.conf stays true (the theme's script hashes included)."""
    written = run_cli(
        "nginx", "--root", str(nginx.site.parent), "--open", "company",
        "--served-from", "/srv/handbook/site", "--server-name", "handbook.intranet",
    )  # fmt: skip
    assert written.exit_code == 0, written.output
    assert written.output == (REPO / "examples/nginx/playbook.conf").read_text("utf-8")
