"""`playbook import SOURCE --map MAP` on lists shaped as agencies keep them (real workbooks
and CSV files): the proposal's guesses, the import through a corrected map, an unchanged
second import, problems at their cells, and bad maps located in the map."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from generator.format.wording import say
from generator.reading.loader import load_handbook
from generator.spreadsheets.column_map import MapError
from generator.spreadsheets.mapped_import import import_through_map
from tests.conftest import write_handbook
from tests.spreadsheets.agency_lists import (
    AgencyClient,
    Contact,
    starter_clients,
    write_agency_list,
)

FOLDERS = {"client": "clients", "industry": "industries"}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_handbook(tmp_path / "handbook")


@pytest.fixture
def agency_list(tmp_path: Path) -> Path:
    return write_agency_list(tmp_path / "客户名单.xlsx", starter_clients())


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for folder in ("clients", "industries")
        for p in sorted((root / folder).glob("*.yaml"))
    }


def _run(source: Path, map_path: Path, root: Path, language: str = "zh", **options):
    return import_through_map(source, map_path, root, language, FOLDERS, **options)


def test_the_proposal_maps_the_agencys_headers_and_imports_nothing(
    root: Path, agency_list: Path, tmp_path: Path
) -> None:
    map_path = tmp_path / "客户名单.map.yaml"
    outcome = _run(agency_list, map_path, root)
    assert outcome.report is None
    assert _files(root) == {}
    proposed = yaml.safe_load(map_path.read_text("utf-8"))
    sheet = proposed["sheets"]["客户名单"]
    assert sheet["header_row"] == 2  # below the merged title
    assert sheet["columns"] == {
        "客户名称": "clients.name",
        "所属行业": "clients.industry",
        "客户级别": "clients.tier",
        "合作状态": "clients.status",
        "客户负责人": "clients.team.lead",
        "合作开始": "clients.since",
        "对接人": "contacts.name",
        "职务": "contacts.title",
        "手机": "contacts.phone",
        "微信号": "contacts.wechat",
        "生日": "contacts.birthday",
        "备注": "contacts.notes",
    }
    # 合作中 is the format's own label: no entry; the agency's other words are mapped
    assert sheet["values"] == {
        "clients.tier": {"A类": "A", "B类": "B", "C类": "C"},
        "clients.status": {"已流失": "former", "暂停合作": "paused"},
    }
    text = map_path.read_text("utf-8")
    notes_line = next(line for line in text.splitlines() if line.strip().startswith("备注:"))
    assert "# ?" in notes_line  # a general word: a guess to check
    assert "快消, 汽车, 互联网" in text  # the new industries, said before they are made
    printed = "\n".join(outcome.lines)
    assert "客户名单.xlsx!客户名单(表头在第 2 行,4 行数据)" in printed
    assert "拿不准的(请核对):备注 → contacts.notes" in printed
    assert "playbook import 客户名单.xlsx --map" in printed


def test_a_column_no_field_matches_is_left_out_with_a_comment(root: Path, tmp_path: Path) -> None:
    source = tmp_path / "list.csv"
    source.write_text("客户名称,客户来源,手机\n港湾咖啡,展会,13812345678\n", encoding="utf-8")
    map_path = tmp_path / "list.map.yaml"
    outcome = _run(source, map_path, root, "en")
    text = map_path.read_text("utf-8")
    line = next(line for line in text.splitlines() if "客户来源" in line)
    assert line.split("#")[0].strip() == "客户来源: ~"
    assert "no field matches" in line
    assert any("not matched (left out): 客户来源" in line for line in outcome.lines)


def test_the_import_through_the_map(root: Path, agency_list: Path, tmp_path: Path) -> None:
    map_path = tmp_path / "客户名单.map.yaml"
    _run(agency_list, map_path, root)
    report = _run(agency_list, map_path, root).report
    assert report is not None and report.problems == [], report.problems
    created = sorted(path for path, outcome, _ in report.outcomes if outcome == "created")
    assert created == [
        "clients/beichen-qiche.yaml",
        "clients/gangwan-kafei.yaml",
        "clients/yunshan-keji.yaml",
        "industries/hulianwang.yaml",
        "industries/kuai-xiao.yaml",
        "industries/qiche.yaml",
    ]
    notes = "\n".join(report.notes)
    assert "客户名单.xlsx!客户名单!B3:新行业“快消”→ industries/kuai-xiao.yaml" in notes
    # a landline typed as a number lost its 0: taken as its digits, and said
    assert "客户名单.xlsx!客户名单!I5" in notes and "2161234567" in notes
    handbook = load_handbook(root)
    coffee = handbook.clients["gangwan-kafei"].data
    assert (coffee.industry, coffee.tier.value, coffee.status.value) == ("kuai-xiao", "A", "active")
    assert coffee.team.lead == "王芳" and coffee.since == dt.date(2023, 4, 1)
    assert [(c.id, c.name, c.title, c.phone, c.birthday) for c in coffee.contacts] == [
        ("ouyang-mingyue", "欧阳明月", "市场总监", "13812345678", "03-09"),  # an Excel date
        ("li-lei", "李雷", "品牌经理", "13900001111", "03-09"),  # 3月9日
    ]
    assert coffee.contacts[0].wechat == "oymy_1985"
    assert coffee.contacts[1].notes == "周一上午别打电话"
    cars = handbook.clients["beichen-qiche"].data
    assert cars.status.value == "former" and cars.since == dt.date(2021, 6, 15)  # 2021/6/15
    assert cars.contacts[0].birthday == "11-02"  # 1990-11-02: the year dropped
    assert cars.contacts[0].wechat == "88886666"  # a number: its digits
    tech = handbook.clients["yunshan-keji"].data
    assert tech.since == dt.date(2024, 1, 8)  # 2024年1月8日
    assert tech.contacts[0].phone == "021-61234567"  # text keeps its leading 0
    assert handbook.industries["kuai-xiao"].data.name == "快消"
    assert "since: 2023-04-01" in (root / "clients/gangwan-kafei.yaml").read_text("utf-8")
    assert "since: 2021-06-15" in (root / "clients/beichen-qiche.yaml").read_text("utf-8")


def test_a_second_import_changes_nothing(root: Path, agency_list: Path, tmp_path: Path) -> None:
    map_path = tmp_path / "客户名单.map.yaml"
    _run(agency_list, map_path, root)
    _run(agency_list, map_path, root)
    before = _files(root)
    report = _run(agency_list, map_path, root).report
    assert report is not None and report.problems == []
    assert {outcome for _, outcome, _ in report.outcomes} == {"unchanged"}
    assert not any("新行业" in note for note in report.notes)
    assert _files(root) == before


def test_client_cells_left_empty_below_the_first_row_read_as_merged(
    root: Path, tmp_path: Path
) -> None:
    merged = write_agency_list(tmp_path / "a" / "名单.xlsx", starter_clients())
    plain = write_agency_list(tmp_path / "b" / "名单.xlsx", starter_clients(), merged=False)
    map_path = tmp_path / "名单.map.yaml"
    _run(merged, map_path, root)
    other = write_handbook(tmp_path / "other")
    first = _run(merged, map_path, root).report
    second = _run(plain, map_path, other).report
    assert first is not None and second is not None
    assert first.problems == second.problems == []
    assert _files(root) == _files(other)
    assert any("1 行没有写客户" in note for note in second.notes)


def test_an_industry_of_the_handbook_is_found_by_its_name(tmp_path: Path) -> None:
    root = write_handbook(tmp_path / "h", industries={"fmcg.yaml": "name: 快消\n"})
    source = write_agency_list(tmp_path / "名单.xlsx", starter_clients()[:1])
    map_path = tmp_path / "名单.map.yaml"
    _run(source, map_path, root)
    assert "新行业" not in map_path.read_text("utf-8")
    report = _run(source, map_path, root).report
    assert report is not None and report.problems == []
    assert load_handbook(root).clients["gangwan-kafei"].data.industry == "fmcg"
    assert sorted(p.name for p in (root / "industries").iterdir()) == ["fmcg.yaml"]


def test_every_problem_at_its_cell_and_nothing_written(root: Path, tmp_path: Path) -> None:
    clients = starter_clients()
    clients[0].since = "2023-13-45"  # no such date
    clients[1].status = "待定"  # no choice, and the map does not say
    clients.append(
        AgencyClient("港湾咖啡", "快消", "B类", "合作中", "王芳", None, [Contact("某人")])
    )
    source = write_agency_list(tmp_path / "名单.xlsx", clients)
    map_path = tmp_path / "名单.map.yaml"
    _run(source, map_path, root)
    report = _run(source, map_path, root, "en").report
    assert report is not None and report.outcomes == []
    problems = sorted(report.problems)
    assert len(problems) == 3, problems
    assert problems[0].startswith("名单.xlsx!客户名单!C7: tier: the client '港湾咖啡' has 'A类' ")
    assert problems[1].startswith("名单.xlsx!客户名单!D5: status: ")
    assert problems[2].startswith("名单.xlsx!客户名单!F3: since: ")
    assert _files(root) == {}


def test_a_list_of_clients_and_a_sheet_of_their_contacts(root: Path, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    clients = book.active
    clients.title = "客户"
    for row in (
        ["客户名称", "行业", "级别", "状态", "客户经理"],
        ["港湾咖啡", "快消", "A", "合作中", "王芳"],
    ):
        clients.append(row)
    contacts = book.create_sheet("联系人")
    for row in (["客户名称", "姓名", "电话"], ["港湾咖啡", "欧阳明月", "13812345678"]):
        contacts.append(row)
    book.save(tmp_path / "book.xlsx")
    map_path = tmp_path / "book.map.yaml"
    _run(tmp_path / "book.xlsx", map_path, root)
    proposed = yaml.safe_load(map_path.read_text("utf-8"))["sheets"]
    assert proposed["联系人"]["columns"]["客户名称"] == "contacts.client"
    report = _run(tmp_path / "book.xlsx", map_path, root).report
    assert report is not None and report.problems == []
    coffee = load_handbook(root).clients["gangwan-kafei"].data
    assert [(c.name, c.phone) for c in coffee.contacts] == [("欧阳明月", "13812345678")]


def test_a_csv_file_in_gbk(root: Path, tmp_path: Path) -> None:
    source = tmp_path / "clients.csv"
    text = "客户名称,所属行业,级别,状态,负责人,对接人,手机\n港湾咖啡,快消,A类,合作中,王芳,李雷,13900001111\n"
    source.write_bytes(text.encode("gbk"))
    map_path = tmp_path / "clients.map.yaml"
    _run(source, map_path, root)
    assert "clients.csv:" in map_path.read_text("utf-8")
    report = _run(source, map_path, root).report
    assert report is not None and report.problems == []
    contacts = load_handbook(root).clients["gangwan-kafei"].data.contacts
    assert [(c.name, c.phone) for c in contacts] == [("李雷", "13900001111")]


# --- bad maps -----------------------------------------------------------------------------

GOOD_COLUMNS = """\
      客户名称: clients.name
      所属行业: clients.industry
      客户级别: clients.tier
      合作状态: clients.status
      客户负责人: clients.team.lead
"""


@pytest.mark.parametrize(
    "text, zh, en",
    [
        (
            "sheets:\n  客户名单:\n    columns:\n" + GOOD_COLUMNS + "      手机: contacts.phne\n",
            "m.yaml:9:11: sheets.客户名单.columns.手机: 没有“contacts.phne”这个字段",
            "m.yaml:9:11: sheets.客户名单.columns.手机: there is no field 'contacts.phne'",
        ),
        (
            "sheets:\n  客户表:\n    columns:\n" + GOOD_COLUMNS,
            "m.yaml:2:3: sheets.客户表: 客户名单.xlsx 里没有名为“客户表”的表(它有:客户名单)",
            "m.yaml:2:3: sheets.客户表: 客户名单.xlsx has no sheet named '客户表'",
        ),
        (
            "sheets:\n  客户名单:\n    columns:\n"
            + GOOD_COLUMNS
            + "    values:\n      clients.tier: {A类: S}\n",
            "m.yaml:10:26: sheets.客户名单.values.clients.tier.A类: clients.tier 只能是 A、B 或 C",
            "m.yaml:10:26: sheets.客户名单.values.clients.tier.A类: clients.tier is one of 'A', 'B' or 'C'",
        ),
        (
            "sheets:\n  客户名单:\n    columns: [客户名称]\n",
            "m.yaml:3:14: sheets.客户名单.columns: 这里应该是“名称: 内容”的列表",
            "m.yaml:3:14: sheets.客户名单.columns: expected names with their values here",
        ),
        (
            "sheets:\n  客户名单:\n    header_row: 40\n",
            "m.yaml:3:17: sheets.客户名单.header_row: `header_row` 应该是表头所在的行号(1 到 6)",
            "m.yaml:3:17: sheets.客户名单.header_row: header_row is the number of the header's row (1 to 6)",
        ),
        (
            "sheets:\n  客户名单:\n    columns:\n      客户名称: clients.name\n     bad: [\n",
            "m.yaml:5:6: 读不了对应关系文件:",
            "m.yaml:5:6: the column map cannot be read:",
        ),
        (
            "sheet:\n  客户名单: {}\n",
            "m.yaml:1:1: sheet: 这里可以写的是 sheets,没有“sheet”这一项。你是不是想写 `sheets`?",
            "m.yaml:1:1: sheet: allowed here: sheets; there is no 'sheet'; did you mean `sheets`?",
        ),
    ],
)
def test_a_bad_map_is_located_in_the_readers_language_and_nothing_is_written(
    root: Path, agency_list: Path, tmp_path: Path, text: str, zh: str, en: str
) -> None:
    map_path = tmp_path / "m.yaml"
    map_path.write_text(text, encoding="utf-8")
    for language, expected in (("zh", zh), ("en", en)):
        with pytest.raises(MapError) as caught:
            _run(agency_list, map_path, root, language)
        assert caught.value.problems[0].startswith(expected), caught.value.problems
    assert _files(root) == {}
    assert map_path.read_text("utf-8") == text


def test_a_required_field_without_a_column_is_said_before_and_at_each_row(
    root: Path, tmp_path: Path
) -> None:
    source = tmp_path / "list.csv"
    source.write_text("客户名称,级别,状态,负责人\n港湾咖啡,A类,合作中,王芳\n", encoding="utf-8")
    map_path = tmp_path / "list.map.yaml"
    proposal = _run(source, map_path, root, "en")
    assert any("no column gives these required fields" in line for line in proposal.lines)
    assert "# required, but no column gives them: clients.industry" in map_path.read_text("utf-8")
    report = _run(source, map_path, root, "en").report  # located at the row (once hung here)
    assert report is not None
    assert [p.split(": ")[:2] for p in report.problems] == [["list.csv!A2", "industry"]]
    assert _files(root) == {}


def test_the_maps_words_are_the_catalogs_in_every_language() -> None:
    """`init`'s and the column map's words are messages of the catalogs: Traditional
    Chinese derived like the others, English in its plural form."""
    header = say("map_header_row", where="a.xlsx!S", row=2)
    assert header.text("zh") == "a.xlsx!S:表头在第 2 行。"
    assert header.text("en") == "a.xlsx!S: the header is row 2."
    assert header.text("zh-Hant") == "a.xlsx!S:表頭在第 2 行。"
    one, two = (say("map_rows_continue", where="S", count=n).text("en") for n in (1, 2))
    assert one.startswith("S: 1 row names no client and belongs to the client above it")
    assert two.startswith("S: 2 rows name no client and belong to the client above them")
    assert say("proposal_value_guess_comment").text("en") == "? a guess"
