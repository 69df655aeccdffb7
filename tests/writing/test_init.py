"""`playbook init`: a new handbook repository that builds at once, with none of the sample's
content, and nothing written into a folder that is not empty."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.writing.init import (
    DISTRIBUTION,
    InitError,
    init_handbook,
    languages,
    playbook_version,
)
from tests.conftest import mkdocs_build_strict, page_html, run_cli

SAMPLE_TRACES = ("青岚", "鼎盛", "dingsheng", "xinghe-tech", "boreas", "蒋思琪")
"""Words of the sample agency that a new handbook must not hold."""
DEVELOPMENT_PAGES = ("performance", "standards", "hosts", "pdf", "offline")
"""Playbook's own development pages (this repository's docs/playbook/)."""


def _git(folder: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=folder, capture_output=True, text=True, check=True
    ).stdout


def _texts(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text("utf-8", errors="replace")
        for p in folder.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(folder).parts
    }


STARTING_TEXT = {"zh": "起始文本", "en": "Starting text", "zh-Hant": "起始文字"}
ADDING_THE_FIRST = {
    "zh": "添加第一个客户",
    "en": "Adding the first client",
    "zh-Hant": "添加第一個客戶",
}


@pytest.mark.parametrize("language", ["zh", "en", "zh-Hant"])
def test_init_then_build_without_sample_content(tmp_path: Path, language: str) -> None:
    if language not in languages():
        pytest.skip(f"no starting files in {language}")
    folder = tmp_path / "handbook"
    result = run_cli("init", str(folder), "--name", "星海广告", "--lang", language)
    assert result.exit_code == 0, result.output
    texts = _texts(folder)
    assert {"mkdocs.yml", "README.md", "requirements.txt", ".gitignore"} <= set(texts)
    assert {"docs/index.md", "docs/norms/index.md", "docs/onboarding/index.md"} <= set(texts)
    assert {"ci/gitlab-ci.yml", "ci/github-actions.yml"} <= set(texts)
    assert not list((folder / "clients").glob("*.yaml"))
    assert not list((folder / "industries").glob("*.yaml"))
    config = yaml.safe_load(texts["mkdocs.yml"])
    assert "星海广告" in config["site_name"]
    assert config["theme"]["language"] == language
    assert config["plugins"] == [{"playbook": {"language": language}}]
    assert f"{DISTRIBUTION}=={playbook_version()}" in texts["requirements.txt"].splitlines()
    marker = STARTING_TEXT[language]
    for page in ("docs/index.md", "docs/norms/index.md", "docs/onboarding/index.md"):
        assert marker in texts[page], page  # starting text, said to be one
    for text in texts.values():
        assert not any(trace in text for trace in SAMPLE_TRACES)
    # the repository: one commit holding every file, nothing left over
    # the first commit speaks the handbook's language
    first = {
        "zh": "星海广告:用 `playbook init` 建立的手册",
        "zh-Hant": "星海广告:用 `playbook init` 建立的手冊",  # the name stays as given
        "en": "星海广告: handbook made by `playbook init`",
    }
    assert _git(folder, "log", "--format=%s").strip() == first[language]
    assert _git(folder, "status", "--porcelain") == ""
    assert sorted(_git(folder, "ls-files").split()) == sorted(texts)

    built = mkdocs_build_strict(folder)
    assert built.returncode == 0, built.stderr
    site = folder / "site"
    home = page_html(site, "")
    first = ADDING_THE_FIRST[language]
    assert first in home and "playbook import" in home and "playbook new client" in home
    assert 'href="playbook/first-hour/"' in home
    assert (site / "playbook/first-hour/index.html").is_file()
    assert (site / "accounts/index.html").is_file()
    for page in DEVELOPMENT_PAGES:
        assert not (site / "playbook" / page).exists(), page
    # the built-in guides (site/playbook/) take their examples from the sample; no other page
    built_texts = "\n".join(
        p.read_text("utf-8")
        for p in site.rglob("*.html")
        if p.relative_to(site).parts[0] != "playbook"
    )
    assert not any(trace in built_texts for trace in SAMPLE_TRACES)
    assert _git(folder, "status", "--porcelain") == ""  # site/ is ignored


def test_the_first_commit_has_an_author_when_git_knows_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "config"
    empty.write_text("", encoding="utf-8")
    for variable in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    made = init_handbook(tmp_path / "h", "Northwind", "en")
    assert made.committed
    notes = [note.text("en") for note in made.notes]
    assert any("git has no name and email on this computer" in note for note in notes)
    author = _git(tmp_path / "h", "log", "--format=%an <%ae>").strip()
    assert author == "playbook init <playbook-init@localhost>"
    # the identity was given to that commit only, not written into the repository
    assert "user.name" not in (tmp_path / "h/.git/config").read_text("utf-8")


def test_without_git_the_files_are_written(tmp_path: Path) -> None:
    made = init_handbook(tmp_path / "h", "Northwind", "en", git=False)
    assert not (tmp_path / "h/.git").exists() and not made.committed
    assert "mkdocs.yml" in made.files


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_folder_that_is_not_empty_is_refused_and_left_as_it_was(
    tmp_path: Path, language: str
) -> None:
    folder = tmp_path / "existing"
    folder.mkdir()
    (folder / "notes.txt").write_text("ours", encoding="utf-8")
    result = run_cli("init", str(folder), "--name", "星海广告", "--lang", language)
    assert result.exit_code == 2
    expected = "这个文件夹不是空的" if language == "zh" else "this folder is not empty"
    assert expected in result.output
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]


def test_a_file_is_no_folder(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(InitError) as caught:
        init_handbook(target, "星海广告", "zh")
    assert "不是文件夹" in caught.value.message.text("zh")
    assert target.read_text("utf-8") == "x"


def test_an_empty_folder_is_used(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    made = init_handbook(folder, "星海广告", "zh", git=False)
    assert (folder / "mkdocs.yml").is_file() and made.files


def test_every_language_with_guides_has_starting_files() -> None:
    from generator.pages.onboarding import GUIDES

    assert {"zh", "en"} <= set(languages())
    for language in languages():
        assert (GUIDES / language / "first-hour.md").is_file(), language


def test_a_name_that_yaml_would_misread_stays_the_name(tmp_path: Path) -> None:
    made = init_handbook(tmp_path / "h", 'Acme: "Ads" #1', "en", git=False)
    config = yaml.safe_load((made.folder / "mkdocs.yml").read_text("utf-8"))
    assert config["site_name"] == 'Acme: "Ads" #1 · Client handbook'
    assert re.search(
        r"^# Acme: \"Ads\" #1 · Client handbook$",
        (made.folder / "README.md").read_text("utf-8"),
        re.M,
    )


def test_traditional_starting_files_are_derived_from_the_simplified_ones() -> None:
    """As the catalogs, guides and `playbook new`'s files are (catalog_tools convert)."""
    pytest.importorskip("opencc")
    from generator.format.catalog_tools import converter
    from generator.writing.init import HANDBOOK_SCAFFOLDS

    convert = converter()
    simplified, traditional = HANDBOOK_SCAFFOLDS / "zh", HANDBOOK_SCAFFOLDS / "zh-Hant"
    sources = sorted(p.relative_to(simplified) for p in simplified.rglob("*") if p.is_file())
    targets = sorted(p.relative_to(traditional) for p in traditional.rglob("*") if p.is_file())
    assert sources == targets
    for relative in sources:
        expected = convert((simplified / relative).read_text("utf-8"))
        assert (traditional / relative).read_text("utf-8") == expected, relative
