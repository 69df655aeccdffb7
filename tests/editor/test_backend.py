"""The editor's local backend: Decap's proxy protocol, guarded writes, checked saves.

The protocol's calls are made as Decap makes them (``{"action", "params"}`` posted as
JSON), first to the backend object on real files, then over HTTP to a real
``playbook serve`` for what only a server can refuse (origin, host, content type).
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.editor.backend import LocalBackend
from generator.writing.files import HandbookFiles, Refused, version
from tests.conftest import MINIMAL_CLIENT, MINIMAL_INDUSTRY, run_cli, write_handbook
from tests.serving.test_serve import fetch, playbook_serve, wait_for

OTHER_CLIENT = MINIMAL_CLIENT.replace("测试客户", "另一个客户")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_handbook(
        tmp_path / "handbook",
        clients={"acme.yaml": MINIMAL_CLIENT, "other.yaml": OTHER_CLIENT},
        industries={"fmcg.yaml": MINIMAL_INDUSTRY},
    )


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "site" not in p.parts and p.name != ".playbook.lock"
    }


def base_of(backend: LocalBackend, path: str) -> str | None:
    """The version of ``path`` on disk, as the editor read it (``None``: no such file)."""
    target = backend.root / path
    return version(target.read_bytes()) if target.is_file() and ".." not in path else None


def persist(backend: LocalBackend, path: str, raw: str, **extra: object) -> object:
    """A save as the editor sends it: from the version read (a new entry if there is none)."""
    base = base_of(backend, path)
    data_file = {"path": path, "slug": Path(path).stem, "raw": raw, "base": base, **extra}
    options = {"commitMessage": "x", **({"newEntry": True} if base is None else {})}
    return backend.answer(
        {
            "action": "persistEntry",
            "params": {"dataFiles": [data_file], "assets": [], "options": options},
        }
    )


def delete(backend: LocalBackend, *paths: str) -> object:
    bases = {path: base_of(backend, path) for path in paths}
    return backend.answer({"action": "deleteFiles", "params": {"paths": paths, "bases": bases}})


def test_info_and_reading_entries(root: Path) -> None:
    backend = LocalBackend(HandbookFiles(root))
    info = backend.answer({"action": "info"})
    assert info == {"repo": "handbook", "publish_modes": ["simple"], "type": "local_fs"}
    entries = backend.answer(
        {
            "action": "entriesByFolder",
            "params": {"folder": "clients", "extension": "yaml", "depth": 1},
        }
    )
    assert [e["file"]["path"] for e in entries] == ["clients/acme.yaml", "clients/other.yaml"]
    assert entries[0]["data"] == MINIMAL_CLIENT and len(entries[0]["file"]["id"]) == 64
    one = backend.answer({"action": "getEntry", "params": {"path": "industries/fmcg.yaml"}})
    assert one["data"] == MINIMAL_INDUSTRY
    many = backend.answer(
        {"action": "entriesByFiles", "params": {"files": [{"path": "clients/other.yaml"}]}}
    )
    assert many[0]["data"] == OTHER_CLIENT
    missing = backend.answer({"action": "getEntry", "params": {"path": "clients/none.yaml"}})
    assert missing["data"] is None
    assert backend.answer({"action": "getMedia", "params": {"mediaFolder": "admin/uploads"}}) == []
    assert backend.answer({"action": "getDeployPreview", "params": {}}) is None


def test_a_valid_save_writes_that_file_only(root: Path) -> None:
    before = snapshot(root)
    changed = MINIMAL_CLIENT.replace("tier: B", "tier: A")
    assert persist(LocalBackend(HandbookFiles(root)), "clients/acme.yaml", changed) == {
        "versions": {"clients/acme.yaml": version(changed)},
        "message": "entry persisted",
    }
    after = snapshot(root)
    assert after.pop("clients/acme.yaml") == changed.encode()
    before.pop("clients/acme.yaml")
    assert after == before  # no other file, no temporary file left behind
    assert run_cli("check", "--root", str(root)).exit_code == 0


def test_a_save_that_breaks_the_file_is_refused_with_located_problems(root: Path) -> None:
    before = snapshot(root)
    broken = MINIMAL_CLIENT.replace("tier: B", "tier: Z").replace(
        "industry: fmcg", "industry: food"
    )
    with pytest.raises(Refused) as refused:
        persist(LocalBackend(HandbookFiles(root)), "clients/acme.yaml", broken)
    assert refused.value.status == 422
    lines = refused.value.message.splitlines()
    assert any(line.startswith("clients/acme.yaml:3:7: tier: expected one of") for line in lines)
    assert any(
        line.startswith("clients/acme.yaml:2:11: industry: no industry `food`") for line in lines
    )
    assert snapshot(root) == before


def test_a_save_is_checked_against_the_other_files(root: Path) -> None:
    """A client named like another one is only wrong in the context of the whole handbook."""
    before = snapshot(root)
    with pytest.raises(Refused) as refused:
        persist(LocalBackend(HandbookFiles(root)), "clients/acme.yaml", OTHER_CLIENT)
    assert "names must be unique" in refused.value.message
    assert snapshot(root) == before


def test_deleting_an_industry_in_use_is_refused(root: Path) -> None:
    with pytest.raises(Refused) as refused:
        delete(LocalBackend(HandbookFiles(root)), "industries/fmcg.yaml")
    assert (
        "industries/fmcg.yaml: the industry `fmcg` is still used by 2 client(s) (acme, other)"
        in refused.value.message
    )
    assert "no industry" not in refused.value.message  # not as if the industry did not exist
    assert (root / "industries" / "fmcg.yaml").exists()
    delete(LocalBackend(HandbookFiles(root)), "clients/other.yaml")
    assert not (root / "clients" / "other.yaml").exists()


def test_a_new_file_and_a_rename(root: Path) -> None:
    backend = LocalBackend(HandbookFiles(root))
    persist(backend, "industries/auto.yaml", "name: 汽车\n")
    written = (root / "industries" / "auto.yaml").read_text("utf-8")
    assert written.startswith("# yaml-language-server: $schema=") and written.endswith(
        "\nname: 汽车\n"
    )
    persist(backend, "clients/other.yaml", OTHER_CLIENT, newPath="clients/renamed.yaml")
    assert not (root / "clients" / "other.yaml").exists()
    assert (root / "clients" / "renamed.yaml").read_text("utf-8") == OTHER_CLIENT


def test_problems_already_in_other_files_do_not_block_a_good_save(root: Path) -> None:
    (root / "clients" / "other.yaml").write_text(
        OTHER_CLIENT.replace("tier: B", "tier: Q"), "utf-8"
    )
    persist(
        LocalBackend(HandbookFiles(root)),
        "clients/acme.yaml",
        MINIMAL_CLIENT.replace("王芳", "李雷"),
    )
    assert "李雷" in (root / "clients" / "acme.yaml").read_text("utf-8")


@pytest.mark.parametrize(
    "path",
    [
        "../outside.yaml",
        "clients/../../outside.yaml",
        "/etc/passwd",
        "clients/acme.yml",
        "clients/acme.md",
        "clients/Acme.yaml",
        "clients/sub/acme.yaml",
        "docs/index.yaml",
        "mkdocs.yml",
        "templates/client.md.j2",
        "clients\\..\\..\\outside.yaml",
        "",
    ],
)
def test_writes_outside_the_handbook_files_are_refused(root: Path, path: str) -> None:
    before = snapshot(root)
    for call in (
        lambda: persist(LocalBackend(HandbookFiles(root)), path, MINIMAL_CLIENT),
        lambda: LocalBackend(HandbookFiles(root)).answer(
            {"action": "deleteFile", "params": {"path": path}}
        ),
        lambda: LocalBackend(HandbookFiles(root)).answer(
            {"action": "getEntry", "params": {"path": path}}
        ),
    ):
        with pytest.raises(Refused) as refused:
            call()
        assert refused.value.status == 403
    assert snapshot(root) == before
    assert not (root.parent / "outside.yaml").exists()


def test_links_out_of_the_folder_are_neither_followed_nor_replaced(
    root: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text("name: secret\n", "utf-8")
    (root / "clients" / "linked.yaml").symlink_to(outside)
    with pytest.raises(Refused):
        persist(
            LocalBackend(HandbookFiles(root)),
            "clients/linked.yaml",
            MINIMAL_CLIENT.replace("测试客户", "链接"),
        )
    assert outside.read_text("utf-8") == "name: secret\n"
    assert (root / "clients" / "linked.yaml").is_symlink()


def test_a_new_entry_without_an_id_says_how_to_get_one(root: Path) -> None:
    """A save without a file name (no id) is refused, in the handbook's language."""
    client = MINIMAL_CLIENT.replace("测试客户", "港湾咖啡")
    with pytest.raises(Refused) as refused:
        persist(LocalBackend(HandbookFiles(root, language="zh")), "clients/.yaml", client)
    assert "请在“标识”一栏填写小写拼音或英文" in refused.value.text("zh")
    with pytest.raises(Refused) as refused:
        persist(LocalBackend(HandbookFiles(root)), "clients/.yaml", client)
    assert "Fill in the id field" in refused.value.text("en")
    assert sorted(p.name for p in (root / "clients").iterdir()) == ["acme.yaml", "other.yaml"]


def test_uploads_and_unknown_actions_are_refused(root: Path) -> None:
    backend = LocalBackend(HandbookFiles(root))
    asset = {"path": "clients/x.png", "content": "AAAA", "encoding": "base64"}
    for request in (
        {"action": "persistMedia", "params": {"asset": asset}},
        {"action": "getMediaFile", "params": {"path": "admin/uploads/x.png"}},
        {"action": "persistEntry", "params": {"dataFiles": [], "assets": [asset]}},
        {"action": "rm -rf", "params": {}},
        {"action": "entriesByFolder", "params": {"folder": "docs"}},
    ):
        with pytest.raises(Refused):
            backend.answer(request)
    assert not (root / "clients" / "x.png").exists()


# --- over HTTP, against a real `playbook serve` ----------------------------------------------


@pytest.fixture
def server(root: Path, tmp_path: Path) -> Iterator[str]:
    log = tmp_path / "serve.log"
    with playbook_serve(root, log) as base:
        assert wait_for(lambda: fetch(base + "admin/") is not None, 60), log.read_text()
        yield base


def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_the_served_api_answers_only_its_own_pages(server: str, root: Path) -> None:
    api = server + "api/v1"
    origin = server.rstrip("/")
    good = {"Content-Type": "application/json", "Origin": origin}
    info = json.dumps({"action": "info"}).encode()
    assert post(api, info, good) == (
        200,
        {"repo": "handbook", "publish_modes": ["simple"], "type": "local_fs"},
    )
    write = json.dumps(
        {
            "action": "persistEntry",
            "params": {
                "dataFiles": [
                    {
                        "path": "clients/acme.yaml",
                        "raw": MINIMAL_CLIENT.replace("B", "A"),
                        "base": version(MINIMAL_CLIENT),
                    }
                ],
                "assets": [],
            },
        }
    ).encode()
    before = snapshot(root)
    for headers in (
        {**good, "Origin": "http://evil.example"},
        {**good, "Origin": "null"},
        {"Content-Type": "application/json"},  # no Origin: not from a page of this site
        {**good, "Content-Type": "text/plain"},  # what a cross-site form could send
        {**good, "Content-Type": "application/x-www-form-urlencoded"},
        {**good, "Host": "evil.example:80", "Origin": "http://evil.example:80"},  # rebinding
    ):
        status, body = post(api, write, headers)
        assert status in (403, 415), (headers, status, body)
        assert "error" in body
    assert snapshot(root) == before
    status, body = post(api, b"not json", good)
    assert status == 422 and "not JSON" in body["error"]
    with urllib.request.urlopen(server + "admin/config.yml") as response:
        config = response.read().decode("utf-8")
    assert "proxy_url: /api/v1" in config
    admin = fetch(server + "admin/") or ""
    assert "livereload" not in admin  # a rebuild after a save must not reload the editor
    assert os.path.exists(root / "clients" / "acme.yaml")

    # the same write from this site's own page goes through, and is answered with its version
    status, body = post(api, write, good)
    assert status == 200, body
    assert (root / "clients" / "acme.yaml").read_text("utf-8") == MINIMAL_CLIENT.replace("B", "A")
    assert body["versions"]["clients/acme.yaml"] == version(MINIMAL_CLIENT.replace("B", "A"))
    # a save from the version before it is refused over HTTP too (409), in the handbook's words
    stale = json.loads(write)
    stale["params"]["dataFiles"][0] |= {"raw": MINIMAL_CLIENT, "base": version(MINIMAL_CLIENT)}
    status, body = post(api, json.dumps(stale).encode(), good)
    assert status == 409 and "在你打开之后已被别人修改并保存" in body["error"], body


def test_a_save_from_an_older_version_is_refused_and_keeps_the_newer(root: Path) -> None:
    backend = LocalBackend(HandbookFiles(root, language="zh"))
    opened = backend.answer({"action": "getEntry", "params": {"path": "clients/acme.yaml"}})
    base = opened["file"]["id"]
    first = MINIMAL_CLIENT.replace("王芳", "李雷")
    answer = persist(backend, "clients/acme.yaml", first, base=base)
    assert answer["versions"]["clients/acme.yaml"] == version(first)
    # a second tab saves from the version it opened, before the first save
    with pytest.raises(Refused) as refused:
        persist(backend, "clients/acme.yaml", MINIMAL_CLIENT.replace("B", "A"), base=base)
    assert refused.value.status == 409
    assert "在你打开之后已被别人修改并保存" in refused.value.text("zh")
    assert (root / "clients" / "acme.yaml").read_text("utf-8") == first
    # from the version now on disk, the save goes through
    persist(backend, "clients/acme.yaml", first.replace("B", "A"), base=version(first))


def test_a_new_entry_whose_file_appeared_meanwhile_is_refused(root: Path) -> None:
    backend = LocalBackend(HandbookFiles(root))
    request = {
        "action": "persistEntry",
        "params": {
            "dataFiles": [{"path": "clients/acme.yaml", "raw": MINIMAL_CLIENT, "slug": "acme"}],
            "options": {"commitMessage": "x", "newEntry": True},
        },
    }
    before = (root / "clients" / "acme.yaml").read_bytes()
    with pytest.raises(Refused) as refused:
        backend.answer(request)
    assert refused.value.status == 409 and "just created by someone else" in refused.value.text(
        "en"
    )
    assert (root / "clients" / "acme.yaml").read_bytes() == before
