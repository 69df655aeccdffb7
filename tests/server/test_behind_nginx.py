"""``playbook server`` behind Debian's nginx, as ``playbook nginx --server`` configures it:
basic auth signs people in, nginx passes who they are, its workers run as an unprivileged
user and serve the published sites; a save through nginx, then in Chromium."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from base64 import b64encode
from typing import Any

import pytest

from tests.browsing import ARTIFACTS, NEEDS_CHROMIUM
from tests.conftest import REPO, run_cli
from tests.outputs.test_nginx import HTPASSWD, NGINX
from tests.server.conftest import PASSWORD, PEOPLE, USER, Team, git, wait_for, with_summary_note

pytestmark = pytest.mark.skipif(
    (NGINX is None or HTPASSWD is None) and not os.environ.get("CI"),
    reason="Debian's nginx and apache2-utils are not installed (make test installs them)",
)


@pytest.fixture
def front(team: Team) -> str:
    """nginx's address, in front of the shared server."""
    assert team.nginx, "apt-get install nginx apache2-utils"
    return team.nginx


def _fetch(
    url: str, *, password: bool = True, body: Any = None, headers: dict[str, str] | None = None
) -> tuple[int, bytes]:
    request = urllib.request.Request(url, method="POST" if body is not None else "GET")
    if password:
        token = b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    if body is not None:
        request.data = json.dumps(body, ensure_ascii=False).encode()
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _api(front: str, action: str, params: dict[str, Any], **headers: str) -> tuple[int, Any]:
    origin = {"Origin": front.rstrip("/"), **headers}
    code, raw = _fetch(
        front + "team/api/v1", body={"action": action, "params": params}, headers=origin
    )
    return code, json.loads(raw)


def test_the_form_and_its_api_need_a_password(front: str) -> None:
    assert _fetch(front + "team/admin/", password=False)[0] == 401
    body = {"action": "getEntry", "params": {"path": "clients/lvye-dairy.yaml"}}
    assert _fetch(front + "team/api/v1", password=False, body=body)[0] == 401
    code, page = _fetch(front + "team/admin/")
    assert code == 200 and b"playbook-server.js" in page
    assert _fetch(front + "company/")[0] == 200  # the open site, as before


def test_a_save_through_nginx_is_committed_as_the_person_signed_in(front: str, team: Team) -> None:
    root = team.root
    path = "clients/lvye-dairy.yaml"
    code, found = _api(front, "getEntry", {"path": path})
    assert code == 200, found
    changed = with_summary_note(found["data"], "经由 nginx 的保存。")
    params = {"dataFiles": [{"path": path, "raw": changed, "base": found["file"]["id"]}]}
    # a person naming someone else in the header is still who nginx signed in
    code, answer = _api(front, "persistEntry", params, **{"X-Remote-User": "li.lei"})
    assert code == 200, answer
    assert git(root, "log", "-1", "--format=%an <%ae>") == PEOPLE["chen.jing"]
    assert git(root, "status", "--porcelain") == ""

    def shown() -> bool:
        return "经由 nginx 的保存。" in _fetch(front + "team/accounts/lvye-dairy/")[1].decode()

    assert wait_for(shown, 30)


def test_the_example_is_what_playbook_nginx_writes_for_the_sample(front: str, team: Team) -> None:
    """examples/nginx/playbook-server.conf stays true (the theme's script hashes included)."""
    written = run_cli(
        "nginx", "--root", str(team.root), "--open", "company",
        "--served-from", "/srv/handbook/site", "--server-name", "handbook.intranet",
        "--server", "127.0.0.1:8010",
    )  # fmt: skip
    assert written.exit_code == 0, written.output
    assert written.output == (REPO / "examples/nginx/playbook-server.conf").read_text("utf-8")


@NEEDS_CHROMIUM
def test_a_save_in_the_browser_and_the_history_panel(browser, front: str, team: Team) -> None:
    from tests.editor.test_in_browser import Editor

    root = team.root
    before = git(root, "rev-parse", "HEAD")
    editor = Editor(
        browser,
        front + "team/",
        viewport={"width": 1400, "height": 1000},
        locale="zh-CN",
        http_credentials={"username": USER, "password": PASSWORD},
    )
    try:
        editor.open_entry("clients", "qingfeng-auto")
        editor.field("lead").first.fill("林晓雯")
        editor.publish()
        editor.wait_saved()
        assert git(root, "rev-list", "--count", f"{before}..HEAD") == "1"
        author, subject = git(root, "log", "-1", "--format=%an%x1f%s").split("\x1f")
        assert author == "陈静" and subject.startswith("更新 ") and "负责人" in subject, subject
        editor.page.locator(".playbook-history-button").click()
        rows = editor.page.locator(".playbook-history li")
        rows.first.wait_for()
        assert "陈静" in rows.first.inner_text() and rows.count() >= 2
        assert editor.page.locator(".playbook-history-restore").count() == rows.count() - 1
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        editor.page.screenshot(path=str(ARTIFACTS / "server-history.png"))
        assert editor.problems() == [], (editor.errors, editor.failed)
        assert editor.requests_sent_elsewhere() == []
    finally:
        editor.close()
