"""A handbook in Traditional Chinese (``language: zh-Hant``, for Hong Kong or Taipei offices).

The sample handbook built by a real ``mkdocs build --strict``: the generated navigation,
labels, guides, format reference, schema and editor page read in Traditional Chinese, as
do the theme's own words; the handbook's own content (its YAML, its hand-written pages,
the titles it gives in ``nav``) stays as written. ``playbook check`` and ``playbook new``
speak Traditional Chinese too.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.format.labels import Translator
from tests.conftest import (
    MINIMAL_INDUSTRY,
    copy_sample,
    mkdocs_build_strict,
    page_html,
    run_cli,
    set_today,
    write_handbook,
)

HANT, HANS = Translator("zh-Hant"), Translator("zh")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_sample(tmp_path_factory.mktemp("traditional"))
    set_today(root)
    config = root / "mkdocs.yml"
    # the theme's language and the plugin's (its line has the same ending)
    config.write_text(
        config.read_text("utf-8").replace("  language: zh\n", "  language: zh-Hant\n"), "utf-8"
    )
    result = mkdocs_build_strict(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def _tabs(html: str) -> list[str]:
    tabs = re.search(r'<nav class="md-tabs".*?</nav>', html, re.DOTALL)
    assert tabs is not None
    return [
        " ".join(re.sub(r"<[^>]+>", " ", text).split())
        for text in re.findall(
            r'<a [^>]*class="md-tabs__link"[^>]*>(.*?)</a>', tabs.group(0), re.DOTALL
        )
    ]


def test_the_generated_navigation_is_traditional(site: Path) -> None:
    home = page_html(site, "")
    assert '<html lang="zh-Hant"' in home
    tabs = _tabs(home)
    generated = ["accounts", "industries", "people", "team", "results", "calendar", "health"]
    for key in generated:
        assert HANT(key) in tabs, (key, tabs)
    # the words that differ between the scripts are the Traditional ones
    assert {"聯絡人名錄", "關懷日曆", "檔案健康度", "客戶", "行業"} <= set(tabs)
    assert not {"联系人名录", "关怀日历", "档案健康度", "客户", "行业"} & set(tabs)
    assert "经验教训" in tabs  # the handbook's own nav title, as its mkdocs.yml writes it
    assert "跳轉至" in home  # Material's own words, in its zh-Hant


def test_pages_labels_guides_and_reference_are_traditional(site: Path) -> None:
    client = page_html(site, "accounts/dingsheng-beverage")
    headings = re.findall(r"<h2 id=\"[^\"]*\">([^<]*)<", client)
    for key in ("overview", "team", "profile", "contacts", "business", "preferences"):
        assert HANT(key) in headings, (key, headings)
        assert HANS(key) == HANT(key) or HANS(key) not in headings
    assert "聯絡人與決策鏈" in headings and "联系人与决策链" not in client
    assert "鼎盛饮料集团" in client  # the client's own name, as its file writes it

    guide = page_html(site, "playbook/editing")
    assert "<title>編輯與發布" in guide and "用表單編輯" in guide
    assert "「使用你的 GitLab 帳號來進行登入」" in guide  # Decap's zh_Hant words
    reference = page_html(site, "playbook/format")
    assert "客戶顯示名稱。" in reference and "鼎盛飲料集團" in reference

    health = page_html(site, "health")
    assert "檔案從未複核" in health or "檔案超過複核週期" in health
    upcoming = json.loads((site / "calendar/upcoming/index.json").read_text("utf-8"))
    assert upcoming["labels"]["glance_in_days"] == "{days} 天後"


def test_schema_search_and_editor_page_speak_it(site: Path) -> None:
    schema = json.loads((site / "schemas" / "client.zh-Hant.schema.json").read_text("utf-8"))
    assert schema["properties"]["name"]["description"] == "客戶顯示名稱。"
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert list(entry["languages"]) == ["zh-Hant"]  # the index the pages' lang="zh-Hant" finds
    admin = page_html(site, "admin")
    assert '<html lang="zh-Hant">' in admin and "編輯手冊" in admin


def test_check_says_a_broken_file_in_traditional(tmp_path: Path) -> None:
    client = "name: 港灣咖啡\nindustry: fmcg\ntier: B\nstatus: active\nteam:\n  lead: 周航\n"
    client += "preferences:\n  taboo: [提競品]\n"
    root = write_handbook(
        tmp_path,
        clients={"gangwan-kafei.yaml": client},
        industries={"fmcg.yaml": MINIMAL_INDUSTRY},
        language="zh-Hant",
    )
    result = run_cli("check", "--root", str(root))
    assert result.exit_code == 1
    assert (
        "clients/gangwan-kafei.yaml:8:3: preferences.taboo: 合作偏好 › taboo:"
        "這裡沒有名為 `taboo` 的項。你是不是想寫「禁忌」(`taboos`)?"
    ) in result.output, result.output
    assert "發現 1 個問題。" in result.output


def test_new_writes_a_traditional_starting_file(tmp_path: Path) -> None:
    root = write_handbook(tmp_path, industries={"fmcg.yaml": MINIMAL_INDUSTRY}, language="zh-Hant")
    result = run_cli(
        "new", "client", "gangwan-kafei", "--root", str(root),
        "--name", "港灣咖啡", "--industry", "fmcg", "--lead", "周航",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "已寫入 clients/gangwan-kafei.yaml" in result.output
    text = (root / "clients" / "gangwan-kafei.yaml").read_text("utf-8")
    assert text.startswith(
        "# yaml-language-server: $schema=../schemas/client.zh-Hant.schema.json\n"
    )
    assert "# 客戶檔案:" in text and "儲存後執行 playbook check" in text
    assert (root / "schemas" / "client.zh-Hant.schema.json").is_file()
