"""What changed lately: the 最近更新 page, its Atom feed per audience, the 新 marks' dates
and the hand-written pages' dates, from a real git repository of the sample."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import feedparser
import pytest

from generator.format.labels import Translator
from generator.format.model import Client
from generator.pages.recent_changes import commit_url, compare, describe, read_recent, taboo_dates
from tests.conftest import copy_sample, page_text, run_cli, set_today
from tests.pages.test_freshness import GIT, git
from tests.test_audiences import with_audiences

pytestmark = pytest.mark.skipif(GIT is None, reason="git is not installed")

CLIENT = "clients/dingsheng-beverage.yaml"
TABOO = "不要用 <b>粗体</b> | 也不写 {{ x }}"
SUBJECT = "按蒋思琪要求调整 秘密主题"
REPO_URL = "https://gitlab.example.com/agency/handbook"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), "utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample in git: everything by 陈静, then a taboo added by 李娜, then a title (and a
    phone, and a confidential client's summary) changed by 王芳."""
    root = with_audiences(copy_sample(tmp_path_factory.mktemp("changes") / "h"))
    set_today(root)
    _edit(root / "mkdocs.yml", "site_name:", f"repo_url: {REPO_URL}\nsite_name:")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "初始", author="陈静", date="2026-10-01T09:00:00+08:00")
    client = root / CLIENT
    _edit(client, "  taboos:\n", f"  taboos:\n    - {TABOO!r}\n".replace("'", '"'))
    git(root, "commit", "-q", "-am", "加一条禁忌", author="李娜", date="2026-11-10T10:00:00+08:00")
    _edit(client, "    title: 市场中心总经理\n", "    title: 市场中心副总裁\n")
    _edit(client, '    phone: "+86 571 0000 1001"\n', '    phone: "+86 571 0000 1009"\n')
    _edit(root / "clients/huitong-bank.yaml", "summary: |\n", "summary: |\n  已改。\n")
    git(root, "commit", "-q", "-am", SUBJECT, author="王芳", date="2026-11-20T16:00:00+08:00")
    result = run_cli("build", "--root", str(root))
    assert result.exit_code == 0, result.output
    return root


def _sha(root: Path, ref: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), "rev-parse", ref], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_the_changes_page_says_what_changed_who_and_when(repo: Path) -> None:
    built = (repo / "site/team/changes/index.html").read_text("utf-8")
    text = page_text(built)
    assert "鼎盛饮料集团 — 联系人 蒋思琪 › 职务 已修改" in text
    assert "联系人 蒋思琪 › 电话 已修改 · 王芳" in text
    assert f"合作偏好 › 禁忌 新增“{TABOO}” · 李娜" in text  # shown literally
    assert text.index("王芳") < text.index("李娜") < text.index("陈静")  # newest first
    assert "2026-11-20" in text and SUBJECT in text
    assert f'href="{REPO_URL}/-/commit/{_sha(repo, "HEAD")}"' in built
    assert 'href="../accounts/dingsheng-beverage/"' in built
    assert 'href="feed.xml"' in built
    # no <link rel="alternate"> in the head: Material takes any for another language's site
    # and fetches its sitemap.xml (a 404 on every page)
    assert 'rel="alternate"' not in built
    # 我的客户 narrows the page to one's clients: each client's change says whose it is
    assert '<li data-client="dingsheng-beverage">' in built and 'class="pb-mine"' in built


def test_the_feed_parses_and_holds_what_the_page_holds(repo: Path) -> None:
    feed = feedparser.parse((repo / "site/team/changes/feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    title = next(entry for entry in feed.entries if "职务 已修改" in entry.title)
    taboo = next(entry for entry in feed.entries if TABOO in entry.title)
    assert title.author == "王芳" and SUBJECT in title.summary and taboo.author == "李娜"
    assert feed.entries.index(title) < feed.entries.index(taboo)  # newest first
    assert title.link.endswith("accounts/dingsheng-beverage/")
    assert "汇通银行" in feed.entries[1].title + feed.entries[0].title  # the team sees it


def test_an_audience_s_feed_holds_only_what_it_may_see(repo: Path) -> None:
    for name in ("company", "dingsheng"):
        raw = (repo / f"site/{name}/changes/feed.xml").read_bytes()
        feed = feedparser.parse(raw)
        assert not feed.bozo, feed.get("bozo_exception")
        text = raw.decode("utf-8")
        assert SUBJECT not in text and "加一条禁忌" not in text  # commit subjects stay
        assert "汇通银行" not in text  # a confidential client (and not dingsheng's)
        assert any(entry.author == "王芳" for entry in feed.entries)
    company = (repo / "site/company/changes/feed.xml").read_text("utf-8")
    assert "电话" not in company and "职务 已修改" in company  # no personal data's changes
    page = page_text((repo / "site/company/changes/index.html").read_text("utf-8"))
    assert "电话" not in page and SUBJECT not in page and "汇通银行" not in page


def test_a_taboo_added_carries_its_date_for_the_new_mark(repo: Path) -> None:
    built = (repo / "site/team/accounts/dingsheng-beverage/index.html").read_text("utf-8")
    marks = re.findall(r'<span class="playbook-new" data-added="([^"]+)" data-label="新">', built)
    assert marks == ["2026-11-10T10:00:00+08:00"]  # the added one only, the others are older
    assert "assets/playbook/changes-seen.js" in built
    history = page_text(built)
    assert "李娜 加一条禁忌 合作偏好 › 禁忌 新增" in history  # the history table, in words


def test_a_hand_written_page_shows_when_it_last_changed(repo: Path) -> None:
    built = (repo / "site/team/norms/index.html").read_text("utf-8")
    aside = re.search(r'<aside class="md-source-file">(.*?)</aside>', built, re.DOTALL)
    assert aside is not None and "2026-10-01" in aside.group(1)


def test_the_window_is_bounded(repo: Path) -> None:
    recent = read_recent(repo, {"clients": Client}, commits=2)
    assert {item.change.author for item in recent} == {"王芳", "李娜"}
    assert len(read_recent(repo, {"clients": Client}, commits=3, file_changes=3)) == 3


def test_compare_names_fields_in_the_form_s_words() -> None:
    t = Translator("zh")
    old = {
        "name": "甲",
        "contacts": [{"id": "a", "name": "王", "title": "总监"}, {"id": "b", "name": "李"}],
        "preferences": {"taboos": ["一", "二"]},
        "dates": [{"date": "05-01", "title": "王的生日", "kind": "birthday", "contact": "a"}],
    }
    new = {
        "name": "甲",
        "contacts": [{"id": "b", "name": "李"}, {"id": "a", "name": "王", "title": "总裁"}],
        "preferences": {"taboos": ["二", "一", "三"]},
        "dates": [{"date": "05-02", "title": "王的生日", "kind": "birthday", "contact": "a"}],
    }
    edits = compare(old, new, Client)
    said = [describe(edit, t) for edit in edits]
    assert "联系人 王 › 职务 已修改" in said
    assert "合作偏好 › 禁忌 新增“三”" in said
    assert [edit.personal for edit in edits if edit.fields[0] == "dates"] == [True]
    assert describe(compare(None, new, Client)[0], t) == "新建档案"
    stamp = __import__("datetime").datetime(2026, 1, 1)
    from generator.pages.freshness import Change, FileChange

    dates = taboo_dates([FileChange(Change(stamp, "x", "", "0"), "c.yaml", edits)])
    assert dates == {"三": stamp}


def test_commit_links_follow_the_host() -> None:
    assert commit_url("https://github.com/a/b/", "f00") == "https://github.com/a/b/commit/f00"
    assert commit_url("https://gitlab.com/a/b.git", "f00") == "https://gitlab.com/a/b/-/commit/f00"
    assert commit_url(None, "f00") is None


def test_serve_renders_again_only_the_pages_whose_recent_changes_changed(handbook) -> None:
    """The recent changes are checked page by page, like a file's history: a commit does
    not make serve render every client again."""
    import dataclasses

    from generator.pages.freshness import Change, Edit, FileChange, RepoHistory
    from generator.pipeline import GenerationCache, generate
    from tests.conftest import MINIMAL_CLIENT, MINIMAL_INDUSTRY
    from tests.test_pipeline import CONTEXT, OPTIONS

    root = handbook(
        clients={"a.yaml": MINIMAL_CLIENT, "b.yaml": MINIMAL_CLIENT.replace("测试客户", "乙")},
        industries={"fmcg.yaml": MINIMAL_INDUSTRY},
    )
    cache = GenerationCache()
    known = dataclasses.replace(CONTEXT, history=RepoHistory(available=True))
    first = generate(root, OPTIONS, "zh", known, cache).pages
    change = Change(__import__("datetime").datetime(2026, 11, 1), "李娜", "", "f00")
    edit = Edit("added", (("Client", "preferences", None), ("Preferences", "taboos", None)), "新")
    history = RepoHistory(available=True, recent=(FileChange(change, "clients/b.yaml", (edit,)),))
    second = generate(root, OPTIONS, "zh", dataclasses.replace(known, history=history), cache)
    assert second.pages["accounts/a.md"] is first["accounts/a.md"]
    assert second.pages["accounts/b.md"] is not first["accounts/b.md"]
    assert "李娜" in second.pages["changes/index.md"].markdown
