"""The one way to change the handbook's files: versions for every path, one lock, the check."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from generator.editor.backend import LocalBackend
from generator.writing.files import NEW, HandbookFiles, Refused, Write, version
from tests.conftest import MINIMAL_CLIENT, MINIMAL_INDUSTRY, write_handbook

OTHER_CLIENT = MINIMAL_CLIENT.replace("测试客户", "绿野乳业")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_handbook(
        tmp_path / "handbook",
        clients={"acme.yaml": MINIMAL_CLIENT, "lvye-dairy.yaml": OTHER_CLIENT},
        industries={"fmcg.yaml": MINIMAL_INDUSTRY},
    )


def read(root: Path, relative: str) -> bytes:
    return (root / relative).read_bytes()


def test_a_rename_onto_another_clients_file_is_refused_as_the_browser_sends_it(root) -> None:
    """Decap renames with ``newPath``: naming an existing client's file must not replace it."""
    backend = LocalBackend(HandbookFiles(root, language="zh"))
    with pytest.raises(Refused) as refused:
        backend.answer(
            {
                "action": "persistEntry",
                "params": {
                    "dataFiles": [
                        {
                            "path": "clients/acme.yaml",
                            "newPath": "clients/lvye-dairy.yaml",
                            "slug": "lvye-dairy",
                            "raw": MINIMAL_CLIENT,
                            "base": version(MINIMAL_CLIENT),
                        }
                    ],
                    "assets": [],
                    "options": {},
                },
            }
        )
    assert refused.value.status == 409
    assert "clients/lvye-dairy.yaml 已被别人新建" in refused.value.text("zh")
    assert read(root, "clients/lvye-dairy.yaml") == OTHER_CLIENT.encode()
    assert read(root, "clients/acme.yaml") == MINIMAL_CLIENT.encode()


def test_a_delete_from_a_stale_tab_is_refused(root) -> None:
    backend = LocalBackend(HandbookFiles(root, language="zh"))
    read_then = version(MINIMAL_CLIENT)
    saved_meanwhile = MINIMAL_CLIENT.replace("tier: B", "tier: A")
    (root / "clients/acme.yaml").write_text(saved_meanwhile, "utf-8")
    with pytest.raises(Refused) as refused:
        backend.answer(
            {"action": "deleteFile", "params": {"path": "clients/acme.yaml", "base": read_then}}
        )
    assert refused.value.status == 409
    assert "所以没有删除" in refused.value.text("zh")  # said as a delete, not as a save
    with pytest.raises(Refused) as refused:  # a delete that names no version at all
        backend.answer({"action": "deleteFile", "params": {"path": "clients/acme.yaml"}})
    assert refused.value.status == 428
    assert read(root, "clients/acme.yaml") == saved_meanwhile.encode()


def test_a_new_file_must_not_exist_and_every_path_is_checked_before_any_is_written(root) -> None:
    files = HandbookFiles(root)
    with pytest.raises(Refused) as refused:
        files.change(
            {
                "clients/new.yaml": Write(MINIMAL_CLIENT.replace("测试客户", "新客户"), NEW),
                "clients/acme.yaml": Write(MINIMAL_CLIENT, NEW),  # exists: refused
            }
        )
    assert refused.value.status == 409
    assert not (root / "clients/new.yaml").exists()


GB18030_CLIENT = MINIMAL_CLIENT.replace("测试客户", "港湾咖啡").encode("gb18030")


def test_a_gb18030_file_is_never_decoded_with_replacement_characters(root) -> None:
    (root / "clients/gangwan.yaml").write_bytes(GB18030_CLIENT)
    backend = LocalBackend(HandbookFiles(root, language="zh"))
    with pytest.raises(Refused) as refused:
        backend.answer({"action": "getEntry", "params": {"path": "clients/gangwan.yaml"}})
    said = refused.value.text("zh")
    assert refused.value.status == 422 and "不是 UTF-8" in said and "GB18030" in said
    assert "\ufffd" not in said
    listed = backend.answer({"action": "entriesByFolder", "params": {"folder": "clients"}})
    assert [entry["file"]["path"] for entry in listed] == [
        "clients/acme.yaml",
        "clients/lvye-dairy.yaml",
    ]
    assert all("\ufffd" not in (entry["data"] or "") for entry in listed)
    assert read(root, "clients/gangwan.yaml") == GB18030_CLIENT


HOLD = """
import sys, time
from filelock import FileLock
lock = FileLock(sys.argv[1]); lock.acquire()
print("held", flush=True); time.sleep(float(sys.argv[2])); lock.release()
"""


def test_one_lock_across_processes_a_save_waits_for_an_import(root) -> None:
    """Another process (an import, a forget) holds the handbook's lock: a save waits for it."""
    files = HandbookFiles(root)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(files.lock_path), "1.5"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        changed = MINIMAL_CLIENT.replace("tier: B", "tier: A")
        files.change({"clients/acme.yaml": Write(changed, version(MINIMAL_CLIENT))})
        waited = time.monotonic() - started
    finally:
        holder.wait(10)
    assert waited > 0.5  # it waited for the other process's lock
    assert read(root, "clients/acme.yaml") == changed.encode()


def test_two_saves_of_one_client_from_one_version_the_second_is_refused(root) -> None:
    files = HandbookFiles(root)
    base = version(MINIMAL_CLIENT)
    outcomes: list[object] = []

    def save(tier: str) -> None:
        try:
            text = MINIMAL_CLIENT.replace("tier: B", f"tier: {tier}")
            outcomes.append(files.change({"clients/acme.yaml": Write(text, base)}))
        except Refused as exc:
            outcomes.append(exc.status)

    threads = [threading.Thread(target=save, args=(tier,)) for tier in ("A", "C")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(map(str, outcomes))[0] == "409" and len(outcomes) == 2
