"""``playbook server`` on loopback over a copy of the sample in a git repository with a bare
remote: who may save, each save one commit by its author, pushed, the tree clean after it,
the sites following; many people at once; the same version twice."""

from __future__ import annotations

import threading
from pathlib import Path

from tests.server.conftest import (
    PEOPLE,
    Team,
    call,
    entry,
    git,
    request,
    save,
    status_of,
    wait_for,
    with_summary_note,
)

CLIENTS = sorted(p.name for p in (Path(__file__).parents[2] / "clients").glob("*.yaml"))


def test_no_identity_is_401(team: Team) -> None:
    running = team.server
    code, answer = call(running, "getEntry", {"path": "clients/lvye-dairy.yaml"}, user=None)
    assert code == 401 and "没有登录身份" in answer["error"]
    assert request(running, "GET", "/team/admin/")[0] == 401


def test_an_unknown_login_is_403_naming_the_option(team: Team) -> None:
    running = team.server
    code, answer = call(running, "getEntry", {"path": "clients/lvye-dairy.yaml"}, user="zhang.san")
    assert code == 403
    assert "zhang.san" in answer["error"] and "editor.people" in answer["error"]


def test_an_identity_from_another_address_is_not_believed(team: Team) -> None:
    """Only 127.0.0.1 is the proxy here: 127.0.0.2 (still this machine) claims a login."""
    running = team.server
    head = git(running.root, "rev-parse", "HEAD")
    raw, base = entry(running, "clients/lvye-dairy.yaml")
    changed = with_summary_note(raw, "不该写入。")
    params = {"dataFiles": [{"path": "clients/lvye-dairy.yaml", "raw": changed, "base": base}]}
    code, answer = call(running, "persistEntry", params, "chen.jing", source="127.0.0.2")
    assert code == 401 and "127.0.0.2" in answer["error"], answer
    assert git(running.root, "rev-parse", "HEAD") == head
    assert git(running.root, "status", "--porcelain") == ""


def test_the_form_and_the_status_page(team: Team) -> None:
    running = team.server
    user = {"X-Remote-User": "li.lei"}
    code, page = request(running, "GET", "/team/admin/", headers=user)
    assert code == 200 and b"playbook-server.js" in page
    code, data = request(running, "GET", "/team/admin/playbook-server-data.js", headers=user)
    assert code == 200 and b'"/team/api/v1"' in data
    code, config = request(running, "GET", "/team/admin/config.yml", headers=user)
    assert code == 200 and b"proxy_url: /team/api/v1" in config
    assert request(running, "GET", "/company/admin/", headers=user)[0] == 404  # no editor there
    code, page = request(running, "GET", "/team/admin/status", headers=user)
    assert code == 200 and "服务器状态" in page.decode("utf-8")


def test_one_save_is_one_commit_by_its_author_pushed_and_shown(
    team: Team,
) -> None:
    running, remote = team.server, team.remote
    path = "clients/dingsheng-beverage.yaml"
    before = git(running.root, "rev-parse", "HEAD")
    raw, base = entry(running, path, "wang.fang")
    code, answer = save(
        running, path, with_summary_note(raw, "一次保存的记号。"), base, "wang.fang"
    )
    assert code == 200, answer
    commits = git(running.root, "log", "--format=%H%x1f%an <%ae>%x1f%s", f"{before}..HEAD")
    (line,) = commits.splitlines()
    commit, author, subject = line.split("\x1f")
    assert author == PEOPLE["wang.fang"]
    assert subject == "更新 鼎盛饮料集团:简介"
    assert git(running.root, "show", "--name-only", "--format=", commit) == path
    assert git(running.root, "status", "--porcelain") == ""
    assert wait_for(lambda: git(remote, "rev-parse", "main") == commit, 30)
    for audience in ("team", "company"):
        page = running.root / "site" / audience / "accounts" / "dingsheng-beverage" / "index.html"
        assert wait_for(lambda p=page: "一次保存的记号。" in p.read_text("utf-8"), 30), audience
    page = (running.root / "site/team/accounts/dingsheng-beverage/index.html").read_text("utf-8")
    assert "王芳" in page  # the page's change history names who saved
    assert (running.root / "site" / "team").is_symlink()


def test_the_same_version_saved_twice_is_one_200_and_one_409(
    team: Team,
) -> None:
    running = team.server
    path = "clients/xinghe-tech.yaml"
    raw, base = entry(running, path)
    answers: dict[str, tuple[int, object]] = {}
    ready = threading.Barrier(2)

    def person(login: str) -> None:
        ready.wait()
        answers[login] = save(
            running, path, with_summary_note(raw, f"{login} 的版本。"), base, login
        )

    threads = [threading.Thread(target=person, args=(login,)) for login in ("sun.li", "wu.di")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    codes = sorted(code for code, _ in answers.values())
    assert codes == [200, 409], answers
    refused = next(answer for code, answer in answers.values() if code == 409)
    assert "在你打开之后已被别人修改" in refused["error"]  # in the handbook's language
    assert git(running.root, "status", "--porcelain") == ""


def test_eight_people_saving_forty_times_at_once(team: Team) -> None:
    """Each person saves their own client five times in a row, all eight at the same time:
    forty commits, each by its author, all on the remote, both repositories sound."""
    running, remote = team.server, team.remote
    before = git(running.root, "rev-parse", "HEAD")
    failures: list[object] = []
    start = threading.Barrier(len(PEOPLE))

    def person(login: str, client: str) -> None:
        path = f"clients/{client}"
        raw, base = entry(running, path, login)
        start.wait()
        for number in range(5):
            code, answer = save(
                running, path, with_summary_note(raw, f"第{number}次。"), base, login
            )
            if code != 200:
                failures.append((login, code, answer))
                return
            base = answer["versions"][path]
            raw = with_summary_note(raw, f"第{number}次。")

    threads = [
        threading.Thread(target=person, args=(login, client))
        for login, client in zip(PEOPLE, CLIENTS, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    head = git(running.root, "rev-parse", "HEAD")
    assert git(running.root, "rev-list", "--count", f"{before}..{head}") == "40"
    for login, client in zip(PEOPLE, CLIENTS, strict=True):
        authors = git(
            running.root, "log", "--format=%ae", f"{before}..HEAD", "--", f"clients/{client}"
        )
        assert authors.split() == [f"{login}@agency.example"] * 5
    assert git(running.root, "status", "--porcelain") == ""
    assert wait_for(lambda: git(remote, "rev-parse", "main") == head, 60), status_of(running)
    for repository in (running.root, remote):
        done = git(repository, "fsck", "--full", "--strict")
        assert "error" not in done.lower()


def test_history_and_restore(team: Team) -> None:
    running = team.server
    path = "clients/pixelbloom-audio.yaml"
    raw, base = entry(running, path, "zhao.min")
    original = raw
    code, answer = save(running, path, with_summary_note(raw, "要撤回的话。"), base, "zhao.min")
    assert code == 200, answer
    code, history = call(running, "entryHistory", {"path": path}, "liu.yang")
    assert code == 200 and history["versions"][0]["author"] == "赵敏"
    earlier = history["versions"][1]
    params = {"path": path, "commit": earlier["commit"], "base": history["version"]}
    code, restored = call(running, "restoreEntry", params, "liu.yang")
    assert code == 200, restored
    assert (running.root / path).read_text("utf-8") == original
    author, subject = git(running.root, "log", "-1", "--format=%an%x1f%s").split("\x1f")
    assert author == "刘洋" and subject.startswith("恢复 ")
    # the same restore from the same version again: the file moved on meanwhile
    assert call(running, "restoreEntry", params, "liu.yang")[0] == 409
    assert git(running.root, "status", "--porcelain") == ""
