"""The `playbook` command: exit codes, clean errors, atomic builds, schema."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from generator import __version__
from generator.format.model import Client
from tests.conftest import FIXTURES, MINIMAL_CLIENT, MINIMAL_INDUSTRY, REPO, run_cli


def playbook(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The installed console script, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
    )


def test_check_sample_succeeds() -> None:
    result = playbook("check", cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert "8 个客户、4 个行业:没有错误" in result.stdout  # the sample handbook is Chinese
    english = playbook("check", "--lang", "en", cwd=REPO)
    assert "8 clients and 4 industries: no errors" in english.stdout


def test_check_bad_handbook_prints_located_errors_and_exits_1(tmp_path: Path) -> None:
    root = tmp_path / "h"
    shutil.copytree(FIXTURES / "invalid", root)
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text("site_name: x\nplugins: [playbook]\n", encoding="utf-8")
    result = playbook("check", "--root", str(root))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.splitlines()
    assert (
        "clients/unknown-key.yaml:8:3: preferences.taboo: unknown key `taboo`; "
        "did you mean `taboos`?" in lines
    )
    expected = yaml.safe_load((FIXTURES / "invalid" / "expected.yaml").read_text("utf-8"))
    count = sum(len(problems) for problems in expected.values())
    assert lines[-1] == f"{count} problems found."
    assert count == 44
    assert (
        "clients/bad-remind.yaml:11:13: dates[0].remind: expected a whole number (of days), "
        "got '一个月'" in lines
    )
    chinese = playbook("check", "--root", str(root), "--lang", "zh")
    assert chinese.stderr.splitlines()[-1] == f"发现 {count} 个问题。"
    assert (
        "clients/unknown-key.yaml:8:3: preferences.taboo: 合作偏好 › taboo:"
        "这里没有名为 `taboo` 的项。你是不是想写“禁忌”(`taboos`)?" in chinese.stderr.splitlines()
    )


def test_github_annotations(tmp_path: Path) -> None:
    root = tmp_path / "h"
    shutil.copytree(FIXTURES / "invalid", root)
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text("site_name: x\nplugins: [playbook]\n", encoding="utf-8")
    result = playbook("check", "--root", str(root), "--format", "github")
    assert (
        "::error file=clients/unknown-key.yaml,line=8,col=3::preferences.taboo: unknown key"
        in result.stderr
    )


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert playbook("check", "--root", str(tmp_path)).returncode == 2  # no mkdocs.yml
    assert playbook("no-such-command").returncode == 2
    assert playbook("build", "--format", "xml").returncode == 2


def test_version() -> None:
    assert run_cli("--version").output.strip() == f"playbook, version {__version__}"


def test_schema_comes_from_the_model() -> None:
    result = run_cli("schema")
    schema = json.loads(result.output)
    assert "format-1" in schema["$id"] and "format 1" in schema["$comment"]
    assert set(schema["properties"]) == set(Client.model_fields)
    assert schema["additionalProperties"] is False
    taboos = schema["$defs"]["Preferences"]["properties"]["taboos"]
    assert taboos["description"] == "What must never be done or said."
    chinese = json.loads(run_cli("schema", "--language", "zh").output)
    assert chinese["$defs"]["Preferences"]["properties"]["taboos"]["description"].startswith(
        "绝对不能"
    )


def test_schema_out_writes_both_files(tmp_path: Path) -> None:
    run_cli("schema", "--out", str(tmp_path))
    industry = json.loads((tmp_path / "industry.schema.json").read_text("utf-8"))
    assert industry["required"] == ["name"]
    assert (tmp_path / "client.schema.json").is_file()


def test_failed_build_keeps_the_previous_site(handbook) -> None:
    root = handbook(
        clients={"acme.yaml": MINIMAL_CLIENT}, industries={"fmcg.yaml": MINIMAL_INDUSTRY}
    )
    assert run_cli("build", "--root", str(root)).exit_code == 0
    page = root / "site" / "accounts" / "acme" / "index.html"
    before = page.read_text("utf-8")

    (root / "clients" / "acme.yaml").write_text(MINIMAL_CLIENT + "tier: A\n", encoding="utf-8")
    result = run_cli("build", "--root", str(root))
    assert result.exit_code == 1
    assert "clients/acme.yaml:7:1: tier: 等级:“tier”在同一处写了两次" in result.output
    assert result.output.splitlines()[-1] == "发现 1 个问题;没有生成网站。"
    assert result.output.count("在同一处写了两次") == 1  # said once, not also by MkDocs' log
    english = run_cli("build", "--root", str(root), "--lang", "en")
    assert "clients/acme.yaml:7:1: tier: the key `tier` appears twice" in english.output
    assert page.read_text("utf-8") == before
    assert sorted(p.name for p in root.iterdir()) == [
        "clients",
        "docs",
        "industries",
        "mkdocs.yml",
        "site",
    ]


def test_strict_warning_fails_the_build_without_traceback(handbook) -> None:
    root = handbook(
        clients={"acme.yaml": MINIMAL_CLIENT}, industries={"fmcg.yaml": MINIMAL_INDUSTRY}
    )
    (root / "docs" / "index.md").write_text("[broken](nowhere.md)\n", encoding="utf-8")
    result = run_cli("build", "--root", str(root))
    assert result.exit_code == 1
    assert "构建中止" in result.output
    assert not (root / "site").exists()


def test_render_writes_markdown(tmp_path: Path) -> None:
    result = run_cli("render", "--root", str(REPO), "--out", str(tmp_path))
    assert result.exit_code == 0
    page = (tmp_path / "docs" / "accounts" / "dingsheng-beverage.md").read_text("utf-8")
    assert page.startswith('---\ntitle: "鼎盛饮料集团"\n')


def test_a_bad_today_is_a_located_message_not_a_traceback(handbook) -> None:
    root = handbook(
        clients={"acme.yaml": MINIMAL_CLIENT}, industries={"fmcg.yaml": MINIMAL_INDUSTRY}
    )
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "  - playbook\n", "  - playbook:\n      today: 2026-13-40x\n"
        ),
        encoding="utf-8",
    )
    for command in ("check", "build"):
        result = playbook(command, "--root", str(root))
        assert result.returncode == 1, (command, result.stderr)
        assert "Traceback" not in result.stderr
        assert "today:“2026-13-40x”不是 年-月-日 格式的日期" in result.stderr, result.stderr
    assert not (root / "site").exists()


def test_every_command_runs_as_a_module(tmp_path: Path) -> None:
    """`python -m generator.cli.commands …` knows every command (export and import came after the
    module's __main__ guard once, and were missing)."""
    result = playbook("--help")
    for command in ("check", "build", "serve", "new", "schema", "render", "export", "import"):
        assert f"  {command} " in result.stdout, command
    exported = playbook("export", "--root", str(REPO), str(tmp_path / "all.xlsx"))
    assert exported.returncode == 0, exported.stderr
    assert "已把 8 个客户、4 个行业写入" in exported.stdout


def test_a_stopped_build_says_each_problem_once(handbook) -> None:
    """MkDocs logs the error that stopped a build; `playbook build` prints it itself, once."""
    root = handbook(
        clients={"acme.yaml": MINIMAL_CLIENT.replace("tier: B", "tier: Z")},
        industries={"fmcg.yaml": MINIMAL_INDUSTRY},
    )
    result = playbook("build", "--root", str(root))
    assert result.returncode == 1
    assert result.stderr.count("clients/acme.yaml:3:7: tier:") == 1, result.stderr
    assert result.stderr.strip().endswith("发现 1 个问题;没有生成网站。")


def test_site_dir_review_days_and_folders_of_other_names(tmp_path: Path) -> None:
    """`--site-dir`, `review_days` and non-default `clients_dir`/`industries_dir`, in one build."""
    root = tmp_path / "handbook"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (root / "accounts-data").mkdir()
    (root / "sectors").mkdir()
    (root / "sectors" / "fmcg.yaml").write_text(MINIMAL_INDUSTRY, encoding="utf-8")
    (root / "accounts-data" / "acme.yaml").write_text(
        MINIMAL_CLIENT + "review:\n  last_reviewed: 2026-10-01\n", encoding="utf-8"
    )
    (root / "mkdocs.yml").write_text(
        "site_name: Other folders\ntheme:\n  name: material\n  language: en\n  font: false\n"
        "plugins:\n  - playbook:\n      clients_dir: accounts-data\n      industries_dir: sectors\n"
        "      review_days: 30\n      today: '2026-11-21'\n",
        encoding="utf-8",
    )
    out = tmp_path / "published"
    result = run_cli("build", "--root", str(root), "--site-dir", str(out))
    assert result.exit_code == 0, result.output
    assert (out / "accounts" / "acme" / "index.html").is_file() and not (root / "site").exists()
    check = run_cli("check", "--root", str(root))
    # 51 days since the review: over a 30-day policy (the default 90 would not flag it)
    assert "accounts-data/acme.yaml" in check.output
    assert "last reviewed 51 days ago (policy: 30 days)" in check.output


def test_setup_messages_are_in_the_readers_language(tmp_path: Path) -> None:
    chinese = playbook("check", "--root", str(tmp_path), "--lang", "zh")
    assert chinese.returncode == 2 and "里没有 mkdocs.yml" in chinese.stderr
    assert "里没有 mkdocs.yml" in playbook("build", "--root", str(tmp_path), "--lang", "zh").stderr
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\ntheme:\n  name: material\n  language: zh\n", encoding="utf-8"
    )
    missing = playbook("check", "--root", str(tmp_path))
    assert missing.returncode == 1 and "`plugins` 里没有 `playbook` 插件" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_render_and_schema_say_what_they_wrote_in_the_readers_language(tmp_path: Path) -> None:
    out = tmp_path / "tree"
    rendered = playbook("render", "--root", str(REPO), "--out", str(out))
    assert rendered.returncode == 0, rendered.stderr
    assert "个页面和 mkdocs.yml 写入" in rendered.stdout  # the sample handbook is Chinese
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine", encoding="utf-8")
    refused = playbook("render", "--root", str(REPO), "--out", str(tmp_path / "taken"))
    assert refused.returncode == 2 and "不是空文件夹" in refused.stderr
    english = playbook("schema", "--language", "en", "--out", str(tmp_path / "s"))
    assert english.stdout.startswith("wrote ")
    chinese = playbook("schema", "--language", "zh", "--out", str(tmp_path / "s"))
    assert chinese.stdout.startswith("已写入 ")
