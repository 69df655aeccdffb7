"""`playbook new`: valid, commented files that `playbook check` accepts as they are."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from generator.format.schema import json_schema, schema_name
from tests.conftest import MINIMAL_INDUSTRY, REPO, run_cli


def test_new_client_is_valid_as_written(handbook) -> None:
    root = handbook(industries={"fmcg.yaml": MINIMAL_INDUSTRY})
    result = run_cli(
        "new",
        "client",
        "acme-foods",
        "--root",
        str(root),
        "--name",
        "Acme 食品",
        "--industry",
        "fmcg",
        "--lead",
        "王芳",
    )
    assert result.exit_code == 0, result.output
    text = (root / "clients/acme-foods.yaml").read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/client.zh.schema.json\n")
    assert "# 必填" in text  # commented for the person who fills it in
    data = yaml.safe_load(text)
    assert (data["name"], data["industry"], data["tier"], data["team"]["lead"]) == (
        "Acme 食品",
        "fmcg",
        "B",
        "王芳",
    )
    check = run_cli("check", "--root", str(root))
    assert check.exit_code == 0 and "1 个客户、1 个行业:没有错误" in check.output
    assert (
        "$schema=../schemas/client.zh.schema.json"
        in (root / "clients/acme-foods.yaml").read_text("utf-8").splitlines()[0]
    )
    schema = json.loads((root / "schemas/client.zh.schema.json").read_text("utf-8"))
    assert schema == json_schema("client", "zh")


def test_new_industry_then_a_client_in_it(handbook) -> None:
    root = handbook()
    assert (
        run_cli("new", "industry", "retail", "--root", str(root), "--name", "零售").exit_code == 0
    )
    assert (
        run_cli(
            "new", "client", "shop", "--root", str(root), "--name", "小店", "--industry", "retail"
        ).exit_code
        == 0
    )
    assert run_cli("check", "--root", str(root)).exit_code == 0
    assert run_cli("build", "--root", str(root)).exit_code == 0


def test_english_handbooks_get_english_comments(handbook) -> None:
    root = handbook(industries={"fmcg.yaml": MINIMAL_INDUSTRY}, language="en")
    run_cli("new", "client", "acme", "--root", str(root), "--name", "Acme", "--industry", "fmcg")
    text = (root / "clients/acme.yaml").read_text("utf-8")
    assert "# required: display name" in text and "必填" not in text


def test_any_name_is_kept_exactly(handbook) -> None:
    root = handbook(industries={"fmcg.yaml": MINIMAL_INDUSTRY})
    name = 'A "quoted" name: #1\nsecond line \\ {{ x }}'
    assert (
        run_cli(
            "new", "client", "odd", "--root", str(root), "--name", name, "--industry", "fmcg"
        ).exit_code
        == 0
    )
    assert yaml.safe_load((root / "clients/odd.yaml").read_text("utf-8"))["name"] == name
    assert run_cli("check", "--root", str(root)).exit_code == 0


def test_refusals_write_nothing(handbook) -> None:
    root = handbook(industries={"fmcg.yaml": MINIMAL_INDUSTRY})
    args = ["--root", str(root), "--name", "x", "--industry", "fmcg"]
    assert run_cli("new", "client", "a", *args).exit_code == 0
    before = (root / "clients/a.yaml").read_bytes()
    again = run_cli("new", "client", "a", *args)
    assert again.exit_code == 2 and "clients/a.yaml 已经存在;没有写入任何内容" in again.output
    assert (root / "clients/a.yaml").read_bytes() == before
    bad_id = run_cli("new", "client", "Bad_Id", *args)
    assert bad_id.exit_code == 2 and "不能用作标识" in bad_id.output
    unknown = run_cli(
        "new", "client", "b", "--root", str(root), "--name", "x", "--industry", "fmgc"
    )
    assert unknown.exit_code == 2 and "你是不是想写 `fmcg`?" in unknown.output
    bad_tier = run_cli("new", "client", "c", *args, "--tier", "Z")
    assert bad_tier.exit_code == 2
    assert sorted(p.name for p in (root / "clients").iterdir()) == ["a.yaml"]


def test_committed_schemas_match_the_model() -> None:
    """The repository's schemas/ (for editors) must be regenerated when the model changes."""
    for kind in ("client", "industry"):
        for language in ("en", "zh"):
            name = schema_name(kind, language)
            committed = json.loads((REPO / "schemas" / name).read_text("utf-8"))
            assert committed == json_schema(kind, language), "run `playbook schema --out schemas`"


def test_the_built_site_publishes_the_schemas(sample_site: Path) -> None:
    published = json.loads((sample_site / "schemas/client.schema.json").read_text("utf-8"))
    assert published == json_schema("client")
    chinese = json.loads((sample_site / "schemas/client.zh.schema.json").read_text("utf-8"))
    assert chinese == json_schema("client", "zh")


def test_a_chinese_name_gives_a_pinyin_id(handbook) -> None:
    root = handbook(industries={"fmcg.yaml": MINIMAL_INDUSTRY})
    args = ("new", "client", "--root", str(root), "--name", "港湾咖啡", "--industry", "fmcg")
    first = run_cli(*args)
    assert first.exit_code == 0, first.output
    assert "标识按名称的拼音生成:gangwan-kafei" in first.output
    assert yaml.safe_load((root / "clients/gangwan-kafei.yaml").read_text("utf-8"))["name"] == (
        "港湾咖啡"
    )
    # the same name again: the id gets a suffix, and the output says which
    second = run_cli(*args[:-4], "--name", "港湾咖啡(南京)", "--industry", "fmcg")
    assert "gangwan-kafei-nanjing" in second.output
    # the same name a third time would give two clients one name: checked with the whole
    # handbook before anything is written, refused, and nothing is written
    third = run_cli(*args)
    assert third.exit_code != 0 and "没有写入" in third.output
    assert "客户名称不能重复" in third.output and "Traceback" not in third.output
    assert not (root / "clients/gangwan-kafei-2.yaml").exists()
    industry = run_cli(
        "new", "industry", "--root", str(root), "--name", "重庆银行业", "--lang", "en"
    )
    assert "id made from the name: chongqing-yinhang" in industry.output
