"""`playbook serve`: a real server process, real file edits, pages fetched over HTTP."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import MINIMAL_CLIENT, MINIMAL_INDUSTRY, write_handbook


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(condition: Callable[[], bool], seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False


@contextmanager
def playbook_serve(
    root: Path, log: Path, *options: str, temporary: Path | None = None
) -> Iterator[str]:
    """A real `playbook serve` of ``root`` on a free port, its output in ``log``; its base URL.

    ``temporary``: the folder it keeps its temporary files in (``TMPDIR``)."""
    port = free_port()
    env = {**os.environ, **({"TMPDIR": str(temporary)} if temporary else {})}
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "generator.cli",
                "serve",
                "--root",
                str(root),
                "--dev-addr",
                f"127.0.0.1:{port}",
                *options,
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
        try:
            yield f"http://127.0.0.1:{port}/"
        finally:
            process.terminate()
            process.wait(timeout=10)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str, Path]]:
    root = write_handbook(
        tmp_path / "handbook",
        clients={"acme.yaml": MINIMAL_CLIENT},
        industries={"fmcg.yaml": MINIMAL_INDUSTRY},
    )
    log = tmp_path / "serve.log"
    with playbook_serve(root, log) as base:
        yield root, base + "accounts/acme/", log


def test_serve_rebuilds_on_edit_and_keeps_last_good_site_on_error(served) -> None:
    root, url, log = served
    client = root / "clients" / "acme.yaml"
    assert wait_for(lambda: "测试客户" in (fetch(url) or "")), log.read_text()

    client.write_text(MINIMAL_CLIENT.replace("测试客户", "改名客户"), encoding="utf-8")
    assert wait_for(lambda: "改名客户" in (fetch(url) or "")), log.read_text()

    client.write_text(MINIMAL_CLIENT.replace("tier: B", "tier: Z"), encoding="utf-8")
    # in the handbook's language (this one is Chinese), at the same machine-readable place
    assert wait_for(
        lambda: "clients/acme.yaml:3:7: tier: 等级:应为 A、B 或 C 之一" in log.read_text()
    )
    assert "手册里有问题,网站暂时显示上一次正确的版本" in log.read_text()
    time.sleep(1)
    assert "改名客户" in (fetch(url) or "") and "Traceback" not in log.read_text()

    client.write_text(MINIMAL_CLIENT.replace("测试客户", "恢复客户"), encoding="utf-8")
    assert wait_for(lambda: "恢复客户" in (fetch(url) or "")), log.read_text()


def test_serve_lang_words_the_messages_in_that_language(tmp_path: Path) -> None:
    root = write_handbook(
        tmp_path / "handbook",
        clients={"acme.yaml": MINIMAL_CLIENT},
        industries={"fmcg.yaml": MINIMAL_INDUSTRY},
    )
    log = tmp_path / "serve.log"
    with playbook_serve(root, log, "--lang", "en") as base:
        assert wait_for(lambda: "测试客户" in (fetch(base + "accounts/acme/") or "")), (
            log.read_text()
        )
        (root / "clients" / "acme.yaml").write_text(
            MINIMAL_CLIENT.replace("tier: B", "tier: Z"), encoding="utf-8"
        )
        assert wait_for(
            lambda: (
                "clients/acme.yaml:3:7: tier: expected one of 'A', 'B' or 'C'" in log.read_text()
            )
        ), log.read_text()
        assert "showing the last good version" in log.read_text()


def test_serve_removes_its_folder_of_generated_pages_when_stopped(tmp_path: Path) -> None:
    root = write_handbook(
        tmp_path / "handbook",
        clients={"acme.yaml": MINIMAL_CLIENT},
        industries={"fmcg.yaml": MINIMAL_INDUSTRY},
    )
    temporary = tmp_path / "tmp"  # its own: other tests' serves run beside this one
    temporary.mkdir()
    log = tmp_path / "serve.log"
    # stopped with SIGTERM, as a service manager does
    with playbook_serve(root, log, temporary=temporary) as base:
        assert wait_for(lambda: "测试客户" in (fetch(base + "accounts/acme/") or "")), (
            log.read_text()
        )
        made = set(temporary.glob("playbook-pages-*"))
        assert len(made) == 1
    assert not next(iter(made)).exists(), log.read_text()[-2000:]


@pytest.mark.parametrize("full", [False, True])
def test_serve_full_rebuilds_every_page_on_each_save(tmp_path: Path, full: bool) -> None:
    root = write_handbook(
        tmp_path / "handbook",
        clients={"acme.yaml": MINIMAL_CLIENT},
        industries={"fmcg.yaml": MINIMAL_INDUSTRY},
    )
    log = tmp_path / "serve.log"
    options = ("--full",) if full else ()
    with playbook_serve(root, log, *options) as base:
        url = base + "industries/fmcg/"
        assert wait_for(lambda: "测试客户" in (fetch(url) or "")), log.read_text()
        client = root / "clients" / "acme.yaml"
        client.write_text(MINIMAL_CLIENT.replace("测试客户", "改名客户"), encoding="utf-8")
        assert wait_for(lambda: "改名客户" in (fetch(url) or "")), log.read_text()
    # MkDocs says when a rebuild renders only the changed pages ("dirty"); --full never is
    assert ("dirty" in log.read_text().lower()) is not full, log.read_text()


def nav_labels(page: str) -> list[str]:
    """The labels of a page's navigation: its tabs, then the links of its sidebar."""
    tabs = re.findall(r'class="md-tabs__link">(.*?)</a>', page, re.DOTALL)
    sidebar = re.findall(r'class="md-nav__link[^"]*"[^>]*>(.*?)</(?:a|label)>', page, re.DOTALL)
    return [" ".join(re.sub(r"<[^>]+>", " ", label).split()) for label in tabs + sidebar]


def save_through_the_editor(base: str, path: str, raw: str) -> None:
    """What the form editor at ``admin/`` sends: it opens the file, then saves from that version."""

    def call(action: str, params: dict[str, object]) -> dict:
        request = urllib.request.Request(
            base + "api/v1",
            data=json.dumps({"action": action, "params": params}).encode(),
            headers={"Content-Type": "application/json", "Origin": base.rstrip("/")},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    opened = call("getEntry", {"path": path})
    data_file = {"path": path, "raw": raw, "base": opened["file"]["id"]}
    call("persistEntry", {"dataFiles": [data_file], "assets": []})


def test_pages_rebuilt_after_a_save_keep_every_navigation_title(tmp_path: Path) -> None:
    """A save rebuilds only the pages it changed; the others are not read again, and their
    titles (people, results, care calendar, hand-written pages) must not become "None"."""
    root = write_handbook(
        tmp_path / "handbook",
        clients={"acme.yaml": MINIMAL_CLIENT},
        industries={"fmcg.yaml": MINIMAL_INDUSTRY},
    )
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "  font: false\n", "  font: false\n  features: [navigation.tabs]\n"
        ),
        encoding="utf-8",
    )
    log = tmp_path / "serve.log"
    with playbook_serve(root, log) as base:
        url = base + "accounts/acme/"
        assert wait_for(lambda: "测试客户" in (fetch(url) or ""), 60), log.read_text()
        before = nav_labels(fetch(url) or "")
        assert {"Home", "联系人名录", "各客户的成果", "关怀日历"} <= set(before), before

        save_through_the_editor(
            base, "clients/acme.yaml", MINIMAL_CLIENT.replace("测试客户", "改名客户")
        )
        assert wait_for(lambda: "改名客户" in (fetch(url) or "")), log.read_text()
        after = nav_labels(fetch(url) or "")
        assert "None" not in after, after
        assert after == before, (before, after)
