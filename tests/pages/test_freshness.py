"""Freshness from git: real repositories made here, with set authors and dates."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.pages.freshness import read_history
from tests.conftest import MINIMAL_CLIENT, MINIMAL_INDUSTRY, page_text, run_cli, write_handbook

GIT = shutil.which("git")
pytestmark = pytest.mark.skipif(GIT is None, reason="git is not installed")


def git(repo: Path, *args: str, author: str = "Alice", date: str = "2026-01-02T10:00:00+08:00"):
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": author,
        "GIT_AUTHOR_EMAIL": f"{author}@example.com",
        "GIT_COMMITTER_NAME": author,
        "GIT_COMMITTER_EMAIL": f"{author}@example.com",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
    }
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose handbook lives in a subfolder, with three commits."""
    top = tmp_path / "repo"
    root = write_handbook(
        top / "handbook",
        clients={"a.yaml": MINIMAL_CLIENT},
        industries={"fmcg.yaml": MINIMAL_INDUSTRY},
    )
    git(top, "init", "-q", "-b", "main")
    git(top, "add", ".")
    git(top, "commit", "-q", "-m", "Add the first client")
    (root / "clients" / "a.yaml").write_text(MINIMAL_CLIENT + "since: 2020-01-01\n", "utf-8")
    git(
        top,
        "commit",
        "-q",
        "-am",
        "Record when we started",
        author="Bob",
        date="2026-03-04T09:30:00+08:00",
    )
    (root / "clients" / "b.yaml").write_text(MINIMAL_CLIENT.replace("测试客户", "乙"), "utf-8")
    git(top, "add", ".")
    git(top, "commit", "-q", "-m", "Add <b>", author="Carol", date="2026-05-06T12:00:00+08:00")
    return root


def test_one_pass_reads_every_file(repo: Path) -> None:
    (repo / "clients" / "b.yaml").write_text(MINIMAL_CLIENT.replace("测试客户", "乙乙"), "utf-8")
    (repo / "clients" / "c.yaml").write_text(MINIMAL_CLIENT.replace("测试客户", "丙"), "utf-8")
    history = read_history(repo, ["clients", "industries"])
    assert history.available and not history.shallow
    a = history.of("clients/a.yaml")
    assert [(c.author, c.when.date().isoformat(), c.subject) for c in a.changes] == [
        ("Bob", "2026-03-04", "Record when we started"),
        ("Alice", "2026-01-02", "Add the first client"),
    ]
    assert not a.uncommitted
    assert history.of("clients/b.yaml").uncommitted
    assert history.of("clients/c.yaml").uncommitted and history.of("clients/c.yaml").last is None
    assert history.of("industries/fmcg.yaml").last.author == "Alice"


def test_pages_show_freshness(repo: Path) -> None:
    assert run_cli("build", "--root", str(repo)).exit_code == 0
    text = page_text((repo / "site/accounts/a/index.html").read_text("utf-8"))
    assert "最近修改: 2026-03-04 · Bob" in text
    assert "2026-01-02 Alice Add the first client" in text
    page_b = (repo / "site/accounts/b/index.html").read_text("utf-8")
    assert "Add &lt;b&gt;" in page_b or "Add &#60;b&#62;" in page_b  # commit subjects are text
    assert "最近修改: 2026-01-02 · Alice" in page_text(
        (repo / "site/industries/fmcg/index.html").read_text("utf-8")
    )


def test_without_git_the_page_says_so(handbook) -> None:
    root = handbook(clients={"a.yaml": MINIMAL_CLIENT}, industries={"fmcg.yaml": MINIMAL_INDUSTRY})
    assert run_cli("build", "--root", str(root)).exit_code == 0
    text = page_text((root / "site/accounts/a/index.html").read_text("utf-8"))
    assert "无法读取修改历史(not a git repository)" in text


def test_shallow_clone_says_history_is_incomplete(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.parent}", str(clone)],
        check=True,
        capture_output=True,
    )
    root = clone / "handbook"
    history = read_history(root, ["clients"])
    assert history.shallow
    assert [c.author for c in history.of("clients/a.yaml").changes] == ["Carol"]
    assert run_cli("build", "--root", str(root)).exit_code == 0
    assert "仓库是浅克隆" in page_text((root / "site/accounts/a/index.html").read_text("utf-8"))


def test_the_number_of_git_processes_does_not_grow_with_files(repo: Path, tmp_path: Path) -> None:
    """A `git` on PATH that counts its calls, then runs the real one."""
    shim = tmp_path / "bin" / "git"
    shim.parent.mkdir()
    calls = tmp_path / "calls"
    shim.write_text(f'#!/bin/sh\necho x >> "{calls}"\nexec {GIT} "$@"\n')
    shim.chmod(0o755)
    env_path = f"{shim.parent}{os.pathsep}{os.environ['PATH']}"

    def count() -> int:
        calls.write_text("")
        os.environ["PATH"], saved = env_path, os.environ["PATH"]
        try:
            read_history(repo, ["clients", "industries"])
        finally:
            os.environ["PATH"] = saved
        return len(calls.read_text().splitlines())

    few = count()
    for i in range(40):
        (repo / "clients" / f"x{i}.yaml").write_text(
            MINIMAL_CLIENT.replace("测试", f"X{i}"), "utf-8"
        )
    git(repo.parent, "add", ".")
    git(repo.parent, "commit", "-q", "-m", "Forty more")
    assert count() == few <= 5


def _chinese_environment(tmp_path: Path) -> dict[str, str]:
    """A Chinese desktop's environment, as far as this machine's git can speak Chinese.

    Where the zh_CN.UTF-8 locale is not installed, LC_ALL=C.UTF-8 with LANGUAGE=zh_CN still
    gets git's Chinese messages (gettext reads LANGUAGE in any locale but plain C).
    """
    probe = tmp_path / "probe"
    subprocess.run(["git", "init", "-q", str(probe)], check=True, capture_output=True)
    for all_ in ("zh_CN.UTF-8", "C.UTF-8"):
        env = {"LANG": "zh_CN.UTF-8", "LC_ALL": all_, "LANGUAGE": "zh_CN"}
        said = subprocess.run(
            ["git", "-C", str(probe), "log"], capture_output=True, env={**os.environ, **env}
        ).stderr.decode("utf-8", "replace")
        if not said.isascii():
            return env
    pytest.skip("git prints no Chinese messages here (see the test of git's environment)")


def test_history_is_read_under_a_chinese_locale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Git's errors are told apart by their English text: a Chinese locale must not hide it."""
    for name, value in _chinese_environment(tmp_path).items():
        monkeypatch.setenv(name, value)
    outside = write_handbook(tmp_path / "outside", clients={"a.yaml": MINIMAL_CLIENT})
    history = read_history(outside, ["clients"])
    assert not history.available and history.reason == "not a git repository"

    # a repository without any commit yet: every file is simply uncommitted
    top = tmp_path / "new"
    root = write_handbook(top / "handbook", clients={"a.yaml": MINIMAL_CLIENT})
    git(top, "init", "-q", "-b", "main")
    history = read_history(root, ["clients"])
    assert history.available, history.reason
    assert history.of("clients/a.yaml").uncommitted
    assert history.of("clients/a.yaml").last is None


def test_git_runs_with_english_messages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANGUAGE", "zh_CN")
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    monkeypatch.setenv("LC_MESSAGES", "zh_CN.UTF-8")
    environments: list[dict[str, str]] = []
    real_run = subprocess.run

    def run(command, **kwargs):
        environments.append(kwargs.get("env") or dict(os.environ))
        return real_run(command, **kwargs)

    monkeypatch.setattr(subprocess, "run", run)
    read_history(tmp_path, ["clients"])
    assert environments
    for env in environments:
        assert env["LC_ALL"] == "C" and "LANGUAGE" not in env and "LC_MESSAGES" not in env
        assert env["PATH"] == os.environ["PATH"]  # the rest of the environment is kept
