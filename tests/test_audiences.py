"""A site per audience, in one run: each holds only what its readers may see."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.format.model import PERSONAL_FIELDS
from generator.pages import places
from generator.pages.onboarding import GUIDE_IMAGES
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
    # No text check sees into a picture: the only ones the company gets are the editing
    # guide's, which show the form on a client it may see, without personal data.
    pictures = {
        p.relative_to(sites / "company").as_posix()
        for p in (sites / "company").rglob("*")
        if p.suffix in (".png", ".jpg", ".jpeg", ".gif", ".webp")
    }
    pictures = {p for p in pictures if not p.startswith("assets/images/")}  # the theme's icon
    guide = {places.guide(f"guide-images/{image.name}") for image in GUIDE_IMAGES}
    assert pictures and pictures <= guide, pictures


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
        (
            "      audiences:\n        company: {label: [全公司]}\n",
            "audiences.company.label:应是一段文字,说明这些读者是谁",
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


RESTRICTED_INDEX = """\
---
audiences: [team]
---
# 内部定价

报价底线:每小时 1680 元。

![报价表](price-sheet.png)
"""
RESTRICTED_PAGE = "# 折扣审批\n\n折扣超过 15% 需要总监签字。\n"
LINKING_PAGE = (
    "[内部定价](../internal/index.md) 和 [折扣审批](../internal/discounts.md) 只给团队看。\n"
)


def test_a_page_kept_to_the_team_reaches_no_other_audience(tmp_path: Path) -> None:
    root = with_audiences(copy_sample(tmp_path / "h"))
    set_today(root)
    internal = root / "docs" / "internal"
    internal.mkdir()
    (internal / "index.md").write_text(RESTRICTED_INDEX, encoding="utf-8")
    (internal / "discounts.md").write_text(RESTRICTED_PAGE, encoding="utf-8")
    (internal / "price-sheet.png").write_bytes(
        (REPO / "docs/playbook/screenshots/pack-brief.png").read_bytes()
    )
    norms = root / "docs" / "norms" / "escalation.md"
    norms.write_text(norms.read_text("utf-8") + "\n" + LINKING_PAGE, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "  - health/index.md\n",
            "  - health/index.md\n  - 内部:\n      - internal/index.md\n      - internal/discounts.md\n",
        ),
        encoding="utf-8",
    )
    result = run_cli("build", "--root", str(root))
    assert result.exit_code == 0, result.output
    team, company = root / "site" / "team", root / "site" / "company"
    assert "报价底线" in (team / "internal" / "index.html").read_text("utf-8")
    assert (team / "internal" / "price-sheet.png").is_file()
    assert "内部定价" in (team / "index.html").read_text("utf-8")  # in the team's navigation
    for site in (company, root / "site" / "dingsheng"):
        assert not (site / "internal").exists()
        texts = every_built_text(site)
        leaks = [name for name, text in texts.items() if "报价底线" in text or "总监签字" in text]
        assert leaks == []
        pages = {n: t for n, t in texts.items() if n.endswith((".html", ".xml", ".pf_fragment"))}
        assert [name for name, text in pages.items() if "internal/" in text] == []
        escalation = (site / "norms" / "escalation" / "index.html").read_text("utf-8")
        assert "<span>内部定价</span>" in escalation and "<span>折扣审批</span>" in escalation
    assert "internal" not in (company / "sitemap.xml").read_text("utf-8")


def test_a_page_naming_an_audience_that_does_not_exist_stops_the_build(tmp_path: Path) -> None:
    root = with_audiences(copy_sample(tmp_path / "h"))
    set_today(root)
    (root / "docs" / "secret.md").write_text("---\naudiences: [teem]\n---\n# x\n", "utf-8")
    result = run_cli("build", "--root", str(root))
    assert result.exit_code == 1
    assert "docs/secret.md" in result.output and "teem" in result.output, result.output
    assert "Traceback" not in result.output


def test_commit_messages_reach_only_the_audiences_that_see_everything(tmp_path: Path) -> None:
    """A commit message is text from outside the format: a client's name, a phone number.
    Other audiences get each change's date and author, not its message."""
    from tests.pages.test_freshness import GIT, git

    if GIT is None:
        pytest.skip("git is not installed")
    root = with_audiences(copy_sample(tmp_path / "h"))
    set_today(root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    message = "按汇通银行唐丽的要求同步口径;蒋思琪新手机 +86 571 0000 1001"
    git(root, "commit", "-q", "-m", message, author="陈静")
    result = run_cli("build", "--root", str(root))
    assert result.exit_code == 0, result.output
    sites = root / "site"
    team = (sites / "team" / "accounts" / "dingsheng-beverage" / "index.html").read_text("utf-8")
    assert "同步口径" in team and "陈静" in team
    for name in ("company", "dingsheng"):
        texts = every_built_text(sites / name)
        assert [n for n, text in texts.items() if "同步口径" in text] == []
        page = texts["accounts/dingsheng-beverage/index.html"]
        assert "陈静" in page  # who changed it, and when, stay


def test_colleague_calendars_hold_only_what_their_audience_sees(sites: Path) -> None:
    """Each audience's colleague calendars come from what it may see, like its agency
    calendar: the company's have no birthday and no confidential client, the dingsheng
    audience's only 鼎盛's dates (its lead's among them)."""

    def feeds(site: Path) -> dict[str, str]:  # unfolded: a value may span two lines
        return {
            str(p.relative_to(site)): p.read_text("utf-8").replace("\r\n ", "")
            for p in (site / "team").glob("*/calendar.ics")
        }

    handbook = load_handbook(REPO)
    confidential = [e for e in handbook.clients.values() if e.data.confidential]
    team, company, dingsheng = (feeds(sites / name) for name in ("team", "company", "dingsheng"))
    lead = places.person_calendar("林晓雯")
    assert lead in team and lead in company and lead in dingsheng
    secret = [f"SUMMARY:{e.data.name} · " for e in confidential]
    assert confidential and any(s in text for text in team.values() for s in secret)
    leaks = [(p, v) for p, text in company.items() for v in [*secret, *redacted_values()]]
    assert [(p, v) for p, v in leaks if v in company[p]] == []
    assert "生日" in team[lead] and "生日" not in company[lead]
    summaries = [
        line for text in dingsheng.values() for line in text.splitlines() if "SUMMARY:" in line
    ]
    assert summaries and all(s.startswith("SUMMARY:鼎盛饮料集团 · ") for s in summaries)
