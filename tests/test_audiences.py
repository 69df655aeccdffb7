"""A site per audience, in one run: each holds only what its readers may see."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.format.model import PERSONAL_FIELDS
from generator.reading import loader
from generator.reading.loader import load_handbook
from tests.conftest import REPO, TODAY, copy_sample, run_cli, set_today
from tests.test_build import assert_every_value_shown
from tests.test_redaction import every_built_text, redacted_values

AUDIENCES = """\
      audiences:
        team: {}
        company: {personal_data: false, confidential: false}
        dingsheng: {clients: [dingsheng-beverage]}
"""


def with_audiences(root: Path, audiences: str = AUDIENCES) -> Path:
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8")
    marker = "  - playbook:\n      language: zh\n"
    assert marker in text
    config.write_text(text.replace(marker, marker + audiences), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = with_audiences(copy_sample(tmp_path_factory.mktemp("audiences")))
    set_today(root)
    result = run_cli("build", "--root", str(root))
    assert result.exit_code == 0, result.output
    return root / "site"


def _client_texts(entry) -> set[str]:
    """What only this client's pages would show: its names, contacts, projects, lessons."""
    client = entry.data
    return {
        client.name,
        *client.aliases,
        *(c.name for c in client.contacts),
        *(p.name for p in client.projects),
        *(lesson.title for lesson in client.lessons),
    }


def test_one_build_writes_a_complete_site_per_audience(sites: Path) -> None:
    assert sorted(p.name for p in sites.iterdir() if p.name != ".playbook-site") == [
        "company",
        "dingsheng",
        "team",
    ]
    for name in ("company", "dingsheng", "team"):
        assert (sites / name / "index.html").is_file()
        assert (sites / name / "pagefind" / "pagefind.js").is_file()
        assert (sites / name / "calendar" / "playbook.ics").is_file()


def test_the_team_sees_everything_but_what_people_who_left_took_with_them(sites: Path) -> None:
    assert_every_value_shown(sites / "team", load_handbook(REPO), "zh")
    assert (sites / "team" / "admin" / "index.html").is_file()


def test_nothing_the_company_may_not_see_reaches_any_of_its_files(sites: Path) -> None:
    values = redacted_values()
    leaks = [
        (name, value)
        for name, text in every_built_text(sites / "company").items()
        for value in values
        if value in text.replace(TODAY, "").replace(TODAY.replace("-", ""), "")
    ]
    assert leaks == []
    assert not (sites / "company" / "admin").exists()  # the editor shows every field


def test_an_audience_of_some_clients_sees_nothing_of_the_others(sites: Path) -> None:
    handbook = load_handbook(REPO)
    others = {
        text
        for client_id, entry in handbook.clients.items()
        if client_id != "dingsheng-beverage"
        for text in _client_texts(entry) | {client_id}
    }
    texts = every_built_text(sites / "dingsheng")
    # the theme's own files (scripts, styles, their source maps) hold words like "QF"
    # Not the handbook's: the theme's files (their source maps hold words like "QF"),
    # Pagefind's program, and pictures (the sample's hand-written pages show screenshots).
    theme = ("assets/stylesheets/", "assets/javascripts/", "pagefind/wasm.")
    ours = {n: t for n, t in texts.items() if not n.startswith(theme) and not n.endswith(".png")}
    found = [(n, v) for n, text in ours.items() for v in others if v in text]
    assert found == []
    assert (sites / "dingsheng" / "accounts" / "dingsheng-beverage" / "index.html").is_file()
    # its personal data is shown (this audience may see it), but it has no editor
    page = texts["accounts/dingsheng-beverage/index.html"]
    assert "jiang.siqi@example.com" in page
    assert not (sites / "dingsheng" / "admin").exists()


def test_people_who_left_keep_their_place_but_not_their_personal_data(sites: Path) -> None:
    handbook = load_handbook(REPO)
    left = [
        (entry, contact)
        for entry in handbook.clients.values()
        for contact in entry.data.contacts
        if contact.left is not None
    ]
    assert left, "the sample has a contact who left"
    for entry, contact in left:
        personal = [str(getattr(contact, f)) for f in PERSONAL_FIELDS if getattr(contact, f)]
        assert personal
        texts = every_built_text(sites / "team")
        assert not [(n, v) for n, t in texts.items() for v in personal if v in t]
        page = texts[f"accounts/{entry.id}/index.html"]
        assert contact.name in page  # still a contact of the account
        health = texts["health/index.html"]
        assert contact.name in health and contact.left.isoformat() in health


def test_the_handbook_is_read_and_checked_once_for_every_audience(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = with_audiences(copy_sample(tmp_path / "h"))
    set_today(root)
    reads: list[str] = []
    read = loader._Collector.read

    def counted(self, path, relative, model):  # type: ignore[no-untyped-def]
        reads.append(relative)
        return read(self, path, relative, model)

    monkeypatch.setattr(loader._Collector, "read", counted)
    result = run_cli("build", "--root", str(root))
    assert result.exit_code == 0, result.output
    files = sorted(p.relative_to(root).as_posix() for p in root.glob("*/*.yaml"))
    files = [f for f in files if f.split("/")[0] in ("clients", "industries")]
    assert sorted(reads) == files  # each file once, not once per audience


@pytest.mark.parametrize(
    ("audiences", "said"),
    [
        (
            "      audiences:\n        company: {personl_data: false}\n",
            "mkdocs.yml:{line}:19: audiences.company.personl_data:受众没有名为 `personl_data` 的设置。"
            "你是不是想写 `personal_data`?(可用的设置:",
        ),
        (
            "      audiences:\n        Company Wide: {}\n",
            "mkdocs.yml:{line}:9: audiences.Company Wide:受众名称会成为网站的文件夹名",
        ),
        (
            "      audiences:\n        few: {clients: [dingsheng-bevrage]}\n",
            "audiences.few.clients:没有标识为 `dingsheng-bevrage` 的客户。"
            "你是不是想写 `dingsheng-beverage`?",
        ),
        (
            "      audiences:\n        company: {confidential: nope}\n",
            "audiences.company.confidential:应填写 `true`(是)或 `false`(否),实际填写了“nope”",
        ),
    ],
)
def test_bad_audiences_are_located_and_nothing_is_built(
    tmp_path: Path, audiences: str, said: str
) -> None:
    root = with_audiences(copy_sample(tmp_path / "h"), audiences)
    set_today(root)
    (root / "site").mkdir()
    (root / "site" / "old.html").write_text("the last good site", encoding="utf-8")
    (root / "site" / ".playbook-site").write_text("made by a build", encoding="utf-8")
    result = run_cli("build", "--root", str(root))
    assert result.exit_code == 1
    line = (root / "mkdocs.yml").read_text("utf-8").splitlines().index("      audiences:") + 2
    assert said.format(line=line) in result.output, result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in (root / "site").iterdir()) == [".playbook-site", "old.html"]


def test_redact_and_audience_build_one_site(tmp_path: Path) -> None:
    root = with_audiences(copy_sample(tmp_path / "h"))
    set_today(root)
    one = run_cli("build", "--root", str(root), "--audience", "company")
    assert one.exit_code == 0, one.output
    company = root / "site" / "company"  # only its own folder: other audiences' stay
    assert (company / "index.html").is_file() and not (company / "admin").exists()
    unknown = run_cli("build", "--root", str(root), "--audience", "nobody")
    assert unknown.exit_code == 1 and "没有名为 `nobody` 的受众" in unknown.output
    redacted = run_cli("build", "--root", str(root), "--redact")
    assert redacted.exit_code == 0 and (root / "site" / "index.html").is_file()
    assert not re.search("蒋思琪的生日|jiang.siqi@", (root / "site" / "index.html").read_text())


def test_a_plain_mkdocs_build_is_for_the_audience_its_options_name(tmp_path: Path) -> None:
    """`audience:` is an option like any other (``playbook build`` gives it for each
    audience in turn): a plain ``mkdocs build`` makes that audience's site, and one that
    is not listed stops the build, worded."""
    from tests.conftest import mkdocs_build_strict

    root = with_audiences(copy_sample(tmp_path / "h"), AUDIENCES + "      audience: company\n")
    set_today(root)
    result = mkdocs_build_strict(root)
    assert result.returncode == 0, result.stderr
    home = (root / "site" / "index.html").read_text("utf-8")
    assert "鼎盛饮料集团" in home and not (root / "site" / "admin").exists()
    values = redacted_values()
    texts = every_built_text(root / "site").items()
    assert [
        (name, value)
        for name, text in texts
        for value in values
        if value in text.replace(TODAY, "").replace(TODAY.replace("-", ""), "")
    ] == []
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace("audience: company", "audience: nobody"), "utf-8"
    )
    stopped = mkdocs_build_strict(root)
    assert stopped.returncode == 1 and "没有名为 `nobody` 的受众" in stopped.stderr
