"""Where `playbook build` writes: only into folders a build made (issue 30).

It never replaces the hand-written pages, the handbook or a folder of someone else's;
`--audience` replaces its own folder and no other; a web server's own user can read
what it writes.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from generator.outputs.site_folder import SITE_MARKER
from tests.cli.test_cli import playbook
from tests.conftest import MINIMAL_CLIENT, MINIMAL_INDUSTRY, run_cli, write_handbook

AUDIENCES = """\
  - playbook:
      audiences:
        team: {}
        company: {personal_data: false, confidential: false}
"""


def small_handbook(root: Path, audiences: bool = False) -> Path:
    root = write_handbook(
        root, clients={"acme.yaml": MINIMAL_CLIENT}, industries={"fmcg.yaml": MINIMAL_INDUSTRY}
    )
    if audiences:
        config = root / "mkdocs.yml"
        config.write_text(
            config.read_text("utf-8").replace("  - playbook\n", AUDIENCES), encoding="utf-8"
        )
    return root


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file and folder under ``folder`` with its content (``None`` for a folder)."""
    return {
        path.relative_to(folder).as_posix(): None if path.is_dir() else path.read_bytes()
        for path in sorted(folder.rglob("*"))
    }


@contextmanager
def umask(mask: int) -> Iterator[None]:
    before = os.umask(mask)
    try:
        yield
    finally:
        os.umask(before)


@pytest.mark.parametrize(
    ("site_dir", "said_zh", "said_en"),
    [
        ("docs", "手写页面在", "the hand-written pages are in"),
        ("docs/site", "手写页面在", "the hand-written pages are in"),  # pages inside the pages
        (".", "它是手册所在的文件夹", "it is the handbook's folder"),
        ("..", "它是手册所在的文件夹", "it is the handbook's folder"),
        ("clients", "也不是 `playbook build` 生成的", "was not made by `playbook build`"),
    ],
    ids=["docs", "in-docs", "handbook", "above-handbook", "clients"],
)
def test_site_dir_refuses_the_handbooks_own_folders_and_deletes_nothing(
    tmp_path: Path, site_dir: str, said_zh: str, said_en: str
) -> None:
    root = small_handbook(tmp_path / "handbook")
    before = snapshot(tmp_path)
    result = playbook("build", "--site-dir", site_dir, cwd=root)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert said_zh in result.stderr and "什么都没有" in result.stderr  # the handbook's language
    assert snapshot(tmp_path) == before
    absolute = str(root / site_dir)  # run_cli runs in this process, in the repository
    english = run_cli("build", "--root", str(root), "--site-dir", absolute, "--lang", "en")
    assert english.exit_code == 1 and said_en in english.output
    assert "Nothing was" in english.output
    assert snapshot(tmp_path) == before


def test_docs_dir_is_read_from_mkdocs_yml(tmp_path: Path) -> None:
    root = small_handbook(tmp_path / "handbook")
    (root / "docs").rename(root / "pages")
    config = root / "mkdocs.yml"
    config.write_text("docs_dir: pages\n" + config.read_text("utf-8"), encoding="utf-8")
    before = snapshot(root)
    result = run_cli("build", "--root", str(root), "--site-dir", str(root / "pages"))
    assert result.exit_code == 1 and "手写页面在" in result.output
    assert snapshot(root) == before


def test_a_build_replaces_only_a_folder_it_made(tmp_path: Path) -> None:
    root = small_handbook(tmp_path / "handbook")
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "keep.txt").write_text("mine\n", encoding="utf-8")
    refused = run_cli("build", "--root", str(root), "--site-dir", str(notes))
    assert refused.exit_code == 1
    assert f"不能把网站生成到 {notes}" in refused.output and SITE_MARKER in refused.output
    assert [p.name for p in notes.iterdir()] == ["keep.txt"]

    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_cli("build", "--root", str(root), "--site-dir", str(empty)).exit_code == 0
    assert (empty / SITE_MARKER).is_file()
    assert (empty / "accounts" / "acme" / "index.html").is_file()
    (empty / "stale.html").write_text("old\n", encoding="utf-8")
    assert run_cli("build", "--root", str(root), "--site-dir", str(empty)).exit_code == 0
    assert not (empty / "stale.html").exists()  # its own folder: replaced whole

    (empty / SITE_MARKER).unlink()  # a site an older Playbook (or plain MkDocs) built
    again = run_cli("build", "--root", str(root), "--site-dir", str(empty), "--lang", "en")
    assert again.exit_code == 0, again.output  # recognised by the sitemap MkDocs writes
    assert (empty / SITE_MARKER).is_file()

    (empty / SITE_MARKER).unlink()
    (empty / "sitemap.xml.gz").unlink()  # a folder of pages no build is known to have made
    refused = run_cli("build", "--root", str(root), "--site-dir", str(empty), "--lang", "en")
    assert refused.exit_code == 1 and "delete it yourself first" in refused.output
    assert (empty / "accounts" / "acme" / "index.html").is_file()


def test_a_build_leaves_folders_beside_the_site_alone(tmp_path: Path) -> None:
    """The replaced site goes to the build's own working folder, not to a fixed name beside
    it that could be someone's (the build once deleted any `.site.old` it found)."""
    root = small_handbook(tmp_path / "handbook")
    beside = root / ".site.old"
    beside.mkdir()
    (beside / "keep.txt").write_text("mine\n", encoding="utf-8")
    for _ in range(2):
        assert run_cli("build", "--root", str(root)).exit_code == 0
    assert (beside / "keep.txt").read_text("utf-8") == "mine\n"
    assert sorted(p.name for p in root.iterdir()) == [
        ".site.old",
        "clients",
        "docs",
        "industries",
        "mkdocs.yml",
        "site",
    ]


def test_audience_replaces_only_its_own_folder(tmp_path: Path) -> None:
    root = small_handbook(tmp_path / "handbook", audiences=True)
    assert run_cli("build", "--root", str(root)).exit_code == 0
    site = root / "site"
    for folder in (site, site / "team", site / "company"):
        assert (folder / SITE_MARKER).is_file(), folder
    (site / "team" / "left-alone.txt").write_text("team\n", encoding="utf-8")
    (site / "company" / "stale.txt").write_text("old\n", encoding="utf-8")
    team_before = snapshot(site / "team")

    result = run_cli("build", "--root", str(root), "--audience", "company")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"网站已写入 {site / 'company'}"
    assert snapshot(site / "team") == team_before
    assert not (site / "company" / "stale.txt").exists()
    assert (site / "company" / "accounts" / "acme" / "index.html").is_file()
    assert (site / "company" / SITE_MARKER).is_file()
    assert not [p for p in site.iterdir() if p.name.startswith(".company")]  # no leftovers


def test_audience_into_a_new_folder_then_the_whole_build(tmp_path: Path) -> None:
    root = small_handbook(tmp_path / "handbook", audiences=True)
    assert run_cli("build", "--root", str(root), "--audience", "team").exit_code == 0
    site = root / "site"
    assert sorted(p.name for p in site.iterdir()) == [SITE_MARKER, "team"]
    # the folder the audiences' build made is its own: the whole build replaces it later
    assert run_cli("build", "--root", str(root)).exit_code == 0
    assert sorted(p.name for p in site.iterdir()) == [SITE_MARKER, "company", "team"]


def test_audience_refuses_what_a_build_did_not_make(tmp_path: Path) -> None:
    root = small_handbook(tmp_path / "handbook", audiences=True)
    site = root / "site"
    (site / "company").mkdir(parents=True)
    (site / "company" / "index.html").write_text("hand-made\n", encoding="utf-8")
    (site / SITE_MARKER).write_text("", encoding="utf-8")
    before = snapshot(tmp_path)
    result = run_cli("build", "--root", str(root), "--audience", "company")
    assert result.exit_code == 1 and f"不能把网站生成到 {site / 'company'}" in result.output
    unknown = run_cli("build", "--root", str(root), "--audience", "../docs", "--lang", "en")
    assert unknown.exit_code == 1
    assert "there is no audience `../docs` in mkdocs.yml; its audiences: team, company" in (
        unknown.output
    )
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(
    ("mask", "folders", "files"),
    [(0o022, 0o755, 0o644), (0o027, 0o750, 0o640)],
    ids=["umask-022", "umask-027"],
)
def test_built_files_have_the_modes_the_umask_gives(
    tmp_path: Path, mask: int, folders: int, files: int
) -> None:
    """Under the usual umask (022) a web server's own user (nginx's www-data) reads every
    page: the site's folder too, which once kept `mkdtemp`'s 0700."""
    root = small_handbook(tmp_path / "handbook", audiences=True)
    with umask(mask):
        assert run_cli("build", "--root", str(root)).exit_code == 0
        assert run_cli("build", "--root", str(root), "--audience", "team").exit_code == 0
    site = root / "site"
    modes = {
        path.relative_to(root).as_posix(): stat.S_IMODE(path.stat().st_mode)
        for path in [site, *site.rglob("*")]
    }
    wrong = {
        path: oct(mode)
        for path, mode in modes.items()
        if mode != (folders if (root / path).is_dir() else files)
    }
    assert wrong == {}
    assert "site/team/accounts/acme/index.html" in modes
