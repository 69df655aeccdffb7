"""What ``playbook server`` checks before it answers anyone, and what it puts right after
a restart in the middle of a save."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.server.saving import CRASH_AFTER_WRITE
from tests.server.conftest import (
    PEOPLE,
    entry,
    git,
    handbook_repository,
    save,
    start_server,
    status_of,
    wait_for,
    with_summary_note,
)


def _start_refused(root: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """``playbook server`` that must not start: it ends at once, with its message."""
    command = [sys.executable, "-m", "generator.cli", "server", "--root", str(root), *options]
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


def test_a_push_to_a_missing_remote_is_refused_at_start(tmp_path: Path) -> None:
    root, _ = handbook_repository(tmp_path)
    head = git(root, "rev-parse", "HEAD")
    done = _start_refused(root, "--push", "nowhere", "--listen", "127.0.0.1:1")
    assert done.returncode == 1
    assert "无法连接推送目标 nowhere" in done.stderr and "什么都没有写入" in done.stderr
    assert "Traceback" not in done.stderr
    assert git(root, "rev-parse", "HEAD") == head
    assert git(root, "status", "--porcelain", "--ignored") == ""  # not even site/


def test_changes_the_server_did_not_make_stop_the_start(tmp_path: Path) -> None:
    root, _ = handbook_repository(tmp_path)
    client = root / "clients" / "lvye-dairy.yaml"
    client.write_text(client.read_text("utf-8") + "# 手改的一行\n", encoding="utf-8")
    done = _start_refused(root, "--listen", "127.0.0.1:1", "--lang", "en")
    assert done.returncode == 1
    assert "clients/lvye-dairy.yaml" in done.stderr and "never commits" in done.stderr
    assert client.read_text("utf-8").endswith("# 手改的一行\n")  # left as it was
    assert git(root, "log", "--format=%s") == "init"


def test_a_handbook_without_audiences_is_refused(tmp_path: Path) -> None:
    settings = (
        "      editor:\n        people:\n          chen.jing: 陈静 <chen.jing@agency.example>\n"
    )
    root, _ = handbook_repository(tmp_path, settings)
    done = _start_refused(root, "--listen", "127.0.0.1:1")
    assert done.returncode == 1 and "audiences" in done.stderr


def test_a_restart_between_the_write_and_the_commit(tmp_path: Path) -> None:
    """The server stops (as in a power cut) after a save's file is written and before its
    commit; started again, it commits the save by its author, and the tree is clean."""
    root, _ = handbook_repository(tmp_path)
    path = "clients/boreas-motors.yaml"
    # the sites play no part here: --no-sites keeps the test to the repository
    crashing = start_server(root, "--no-sites", env={CRASH_AFTER_WRITE: "after-write"})
    try:
        raw, base = entry(crashing, path, "zhou.hang")
        changed = with_summary_note(raw, "停电前写下的一句。")
        code, _ = save(crashing, path, changed, base, "zhou.hang")
        assert code == 0  # no answer: the process is gone
        assert wait_for(lambda: crashing.process.poll() is not None, 10)
        assert crashing.process.returncode == 75
    finally:
        crashing.stop()
    assert (root / path).read_text("utf-8") == changed  # written, not committed
    assert git(root, "status", "--porcelain").split() == ["M", path]
    again = start_server(root, "--no-sites")
    try:
        assert git(root, "status", "--porcelain") == ""
        author, subject = git(root, "log", "-1", "--format=%an <%ae>%x1f%s").split("\x1f")
        assert author == PEOPLE["zhou.hang"] and subject == "更新 Boreas Motors:简介"
        assert (root / path).read_text("utf-8") == changed
        notes = status_of(again)["notes"]
        assert any("提交之前中断" in note for note in notes), notes
        # and it goes on saving
        raw, base = entry(again, path, "zhou.hang")
        code, _ = save(again, path, with_summary_note(raw, "恢复后又改了。"), base, "zhou.hang")
        assert code == 200
    finally:
        again.stop()
    assert git(root, "status", "--porcelain") == ""
