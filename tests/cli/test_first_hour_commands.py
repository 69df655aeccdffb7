"""The first hour's commands as a person types them: `playbook init`, then `playbook import
SOURCE --map MAP` twice (the proposal, then the import), exit codes and what is printed."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli
from tests.spreadsheets.agency_lists import starter_clients, write_agency_list


def test_init_import_through_a_map_and_check(tmp_path: Path) -> None:
    root = tmp_path / "handbook"
    made = run_cli("init", str(root), "--name", "星海广告", "--no-git")
    assert made.exit_code == 0, made.output
    assert "已在" in made.output and "playbook import" in made.output
    source = write_agency_list(tmp_path / "客户名单.xlsx", starter_clients())
    map_path = tmp_path / "客户名单.map.yaml"

    proposed = run_cli("import", str(source), "--root", str(root), "--map", str(map_path))
    assert proposed.exit_code == 1
    assert "已把列的对应建议写到" in proposed.output and "这次没有导入任何内容" in proposed.output
    assert "对上的列:客户名称 → clients.name" in proposed.output
    assert "会新建的行业:快消, 汽车, 互联网" in proposed.output
    assert not list((root / "clients").glob("*.yaml"))
    written = map_path.read_text("utf-8")

    imported = run_cli("import", str(source), "--root", str(root), "--map", str(map_path))
    assert imported.exit_code == 0, imported.output
    assert "新建 6 个,修改 0 个,未变 0 个,未改动 0 个。" in imported.output
    assert "客户名单.xlsx!客户名单:表头在第 2 行。" in imported.output
    assert map_path.read_text("utf-8") == written  # an existing map is used, never rewritten

    again = run_cli("import", str(source), "--root", str(root), "--map", str(map_path))
    assert again.exit_code == 0 and "新建 0 个,修改 0 个,未变 3 个" in again.output
    checked = run_cli("check", "--root", str(root))
    assert checked.exit_code == 0 and "3 个客户、3 个行业:没有错误" in checked.output


def test_a_bad_map_stops_the_import_in_english_too(tmp_path: Path) -> None:
    root = tmp_path / "handbook"
    assert (
        run_cli("init", str(root), "--name", "Northwind", "--lang", "en", "--no-git").exit_code == 0
    )
    source = write_agency_list(tmp_path / "list.xlsx", starter_clients())
    map_path = tmp_path / "list.map.yaml"
    map_path.write_text(
        "sheets:\n  客户名单:\n    columns:\n      手机: contacts.mobile\n", "utf-8"
    )
    result = run_cli("import", str(source), "--root", str(root), "--map", str(map_path))
    assert result.exit_code == 1
    assert (
        "list.map.yaml:4:11: sheets.客户名单.columns.手机: there is no field 'contacts.mobile'"
        in result.output
    )
    assert "1 problem found; nothing was written." in result.output
    assert not list((root / "clients").glob("*.yaml"))


def test_a_file_that_is_no_spreadsheet(tmp_path: Path) -> None:
    root = tmp_path / "handbook"
    assert run_cli("init", str(root), "--name", "星海广告", "--no-git").exit_code == 0
    source = tmp_path / "list.txt"
    source.write_text("客户名称\n", encoding="utf-8")
    result = run_cli("import", str(source), "--root", str(root), "--map", str(tmp_path / "m.yaml"))
    assert result.exit_code == 1 and "list.txt" in result.output
    assert not (tmp_path / "m.yaml").exists()


def test_init_offers_the_languages_it_has_starting_files_for() -> None:
    result = run_cli("init", "--help")
    assert result.exit_code == 0 and "[zh|en" in result.output
