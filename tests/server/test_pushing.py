"""Pushing when the remote moved: real repositories, a colleague's clone pushing first.

A commit of the server's and one of a colleague's to other files: the server's is put after
the colleague's and pushed. Both to the same file: nothing is merged or forced, the server's
commit stays local and the status names the file."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path

from generator.server.git import Repository, Signature
from generator.server.pushing import Pusher
from generator.server.saving import Journal, Recorder
from tests.server.conftest import git

AUTHOR = Signature("陈静", "chen.jing@agency.example")


def _repositories(tmp_path: Path) -> tuple[Path, Path, Path]:
    """The server's repository, the bare remote, and a colleague's clone, all at one commit."""
    server, remote, colleague = tmp_path / "server", tmp_path / "remote.git", tmp_path / "colleague"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    git(tmp_path, "clone", "-q", str(remote), str(server))
    for name in ("a.yaml", "b.yaml"):
        (server / name).write_text(f"name: {name}\n", encoding="utf-8")
    git(server, "add", "-A")
    git(server, "-c", "user.name=Init", "-c", "user.email=i@x", "commit", "-qm", "init")
    git(server, "push", "-q", "origin", "HEAD:main")
    git(tmp_path, "clone", "-q", str(remote), str(colleague))
    return server, remote, colleague


def _commit(root: Path, name: str, text: str) -> None:
    (root / name).write_text(text, encoding="utf-8")
    git(root, "add", name)
    git(root, "-c", "user.name=同事", "-c", "user.email=c@x", "commit", "-qm", f"change {name}")


def _pusher(server: Path, pulled: list[int]) -> tuple[Pusher, Repository]:
    repository = Repository(server)
    recorder = Recorder(repository, Journal(server / ".git" / "journal"), "zh", lambda c, p: None)
    pusher = Pusher(
        repository, recorder, lambda: nullcontext(), server / ".git" / "rebasing",
        "origin", "main", "zh", on_pulled=lambda: pulled.append(1),
    )  # fmt: skip
    return pusher, repository


def test_a_remote_that_moved_on_other_files_gets_the_commit_after_its_own(tmp_path: Path) -> None:
    server, remote, colleague = _repositories(tmp_path)
    _commit(colleague, "b.yaml", "name: b, by a colleague\n")
    git(colleague, "push", "-q", "origin", "HEAD:main")
    pulled: list[int] = []
    pusher, repository = _pusher(server, pulled)
    (server / "a.yaml").write_text("name: a, saved in the form\n", encoding="utf-8")
    repository.commit(["a.yaml"], AUTHOR, "更新 a")
    pusher.round()
    assert pusher.status.state == "done" and "接在它们后面" in pusher.status.said
    assert git(remote, "log", "--format=%an %s", "main").splitlines() == [
        "陈静 更新 a",
        "同事 change b.yaml",
        "Init init",
    ]
    assert (server / "b.yaml").read_text("utf-8") == "name: b, by a colleague\n"
    assert git(server, "status", "--porcelain") == "" and pulled == [1]


def test_a_remote_that_changed_the_same_file_keeps_the_commit_local(tmp_path: Path) -> None:
    server, remote, colleague = _repositories(tmp_path)
    _commit(colleague, "a.yaml", "name: a, by a colleague\n")
    git(colleague, "push", "-q", "origin", "HEAD:main")
    theirs = git(remote, "rev-parse", "main")
    pusher, repository = _pusher(server, [])
    (server / "a.yaml").write_text("name: a, saved in the form\n", encoding="utf-8")
    ours = repository.commit(["a.yaml"], AUTHOR, "更新 a")
    pusher.round()
    assert pusher.status.state == "diverged" and pusher.status.files == ["a.yaml"]
    assert pusher.status.unpushed == 1
    assert "a.yaml" in pusher.status.said and "不会强制" in pusher.status.said
    assert git(remote, "rev-parse", "main") == theirs  # nothing forced
    assert git(server, "rev-parse", "HEAD") == ours  # nothing lost
    assert git(server, "status", "--porcelain") == ""


def test_a_remote_ahead_is_followed_and_an_unreachable_one_waited_for(tmp_path: Path) -> None:
    server, remote, colleague = _repositories(tmp_path)
    _commit(colleague, "b.yaml", "name: b, by a colleague\n")
    git(colleague, "push", "-q", "origin", "HEAD:main")
    pulled: list[int] = []
    pusher, _ = _pusher(server, pulled)
    pusher.round()  # nothing of ours to push: the server follows the remote
    assert pusher.status.state == "done" and pulled == [1]
    assert git(server, "rev-parse", "HEAD") == git(remote, "rev-parse", "main")
    git(server, "remote", "set-url", "origin", str(tmp_path / "gone.git"))
    pusher.round()
    assert pusher.status.state == "waiting" and "gone.git" in pusher.status.detail
