"""The importer on rows read into memory: ids made, rows tied to their client, problems
located at their cells, all files or none."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.reading.loader import load_handbook
from generator.spreadsheets.files import CellValue, ReadResult, SheetRows
from generator.spreadsheets.importer import import_spreadsheet
from generator.spreadsheets.layout import workbook_layout
from tests.conftest import MINIMAL_INDUSTRY, write_handbook

FOLDERS = {"client": "clients", "industry": "industries"}


def _sheet(name: str, *rows: dict[str, Any]) -> SheetRows:
    """A sheet as the reader hands it over: each row's cells with their addresses."""
    sheet = next(s for s in workbook_layout() if s.name == name)
    keys = list(dict.fromkeys(key for row in rows for key in row))
    letters = {key: chr(ord("A") + i) for i, key in enumerate(keys)}
    read = SheetRows(sheet, f"book.xlsx!{name}", keys, letters)
    for number, row in enumerate(rows, start=3):
        cells = {k: CellValue(v, f"book.xlsx!{name}!{letters[k]}{number}") for k, v in row.items()}
        read.rows.append((f"book.xlsx!{name}!A{number}", cells))
    return read


def _client(**cells: Any) -> dict[str, Any]:
    return {
        "id": None,
        "name": "港湾咖啡",
        "industry": "fmcg",
        "tier": "B",
        "status": "active",
        "team.lead": "王芳",
        **cells,
    }


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_handbook(tmp_path / "h", industries={"fmcg.yaml": MINIMAL_INDUSTRY})


def test_rows_without_ids_get_them_from_their_names(root: Path) -> None:
    read = ReadResult(
        [
            _sheet("clients", _client()),
            # a contact row may name its client by name, and leave its own id empty
            _sheet("contacts", {"client": "港湾咖啡", "id": None, "name": "欧阳明月"}),
        ],
        [],
        [],
    )
    report = import_spreadsheet(read, root, "zh", FOLDERS)
    assert report.problems == []
    assert [(path, outcome) for path, outcome, _ in report.outcomes] == [
        ("clients/gangwan-kafei.yaml", "created")
    ]
    assert any("gangwan-kafei" in note for note in report.notes)
    client = load_handbook(root).clients["gangwan-kafei"].data
    assert [(c.id, c.name) for c in client.contacts] == [("ouyang-mingyue", "欧阳明月")]


def test_every_problem_is_named_at_its_cell_and_nothing_is_written(root: Path) -> None:
    before = sorted(p.name for p in (root / "clients").iterdir())
    read = ReadResult(
        [
            _sheet("clients", _client(id="good-one", name="好客户"), _client(tier="Z")),
            _sheet("contacts", {"client": "nobody", "id": "x", "name": "某人"}),
        ],
        [],
        [],
    )
    report = import_spreadsheet(read, root, "en", FOLDERS)
    assert len(report.problems) == 2, report.problems
    tier, orphan = sorted(report.problems)
    assert tier.startswith("book.xlsx!clients!D4: tier: ")
    assert orphan.startswith("book.xlsx!contacts!A3: client: ") and "nobody" in orphan
    assert report.outcomes == []
    assert sorted(p.name for p in (root / "clients").iterdir()) == before  # not even good-one


def test_messages_in_another_language_than_the_files(root: Path) -> None:
    read = ReadResult([_sheet("clients", _client(tier="Z"))], [], [])
    english = import_spreadsheet(read, root, "zh", FOLDERS, messages="en").problems
    chinese = import_spreadsheet(read, root, "zh", FOLDERS).problems
    assert english == ["book.xlsx!clients!D3: tier: expected one of 'A', 'B' or 'C', got 'Z'"]
    assert chinese == ["book.xlsx!clients!D3: tier: 等级:应为 A、B 或 C 之一,实际填写了“Z”"]
