"""Any client list as it is: every sheet of a workbook, a CSV file, or a folder of CSV files,
read as a grid of cell values with the cells' addresses.

Unlike :mod:`generator.spreadsheets.files`, nothing here knows the template's sheets: the
column map (:mod:`generator.spreadsheets.mapping`) says which sheet and column is what.
Values are as the file keeps them (numbers, dates, texts); merged cells are filled in only
below the header (a client's name merged down its contact rows), so that a title merged
across the top is read once, where it is written.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ..format.wording import say
from .files import SpreadsheetError, _formulas_without_value, decode_csv

CSV_SUFFIX = ".csv"
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class Grid:
    """One sheet of a client list: its values by row and column (1-based, see :meth:`value`)."""

    name: str
    """How the column map names it: the sheet's title, or a CSV file's name."""
    label: str
    """The start of its cells' addresses: ``客户名单.xlsx!客户名单`` or ``客户名单.csv``."""
    rows: list[list[Any]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    """``(first row, first column, last row, last column)`` of each merged range."""
    unsaved_formulas: set[tuple[int, int]] = field(default_factory=set)
    """``(row, column)`` of cells with a formula but no value saved with it."""

    def value(self, row: int, column: int) -> Any:
        if row > len(self.rows) or column > len(self.rows[row - 1]):
            return None
        return self.rows[row - 1][column - 1]

    def where(self, row: int, column: int) -> str:
        """A cell's address: ``客户名单.xlsx!客户名单!B3``."""
        return f"{self.label}!{get_column_letter(column)}{row}"

    @property
    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)

    def filled_below(self, header_row: int) -> list[list[Any]]:
        """The rows with every merged range below ``header_row`` filled with its first value."""
        rows = [list(row) + [None] * (self.width - len(row)) for row in self.rows]
        for first_row, first_column, last_row, last_column in self.merged:
            if first_row <= header_row:
                continue
            top = self.value(first_row, first_column)
            for r in range(first_row, last_row + 1):
                for c in range(first_column, last_column + 1):
                    if r <= len(rows):
                        rows[r - 1][c - 1] = top
        return rows

    def is_empty(self) -> bool:
        return not any(_present(value) for row in self.rows for value in row)


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _trimmed(rows: list[list[Any]]) -> list[list[Any]]:
    """Rows without the empty cells at their ends, and without the empty rows at the end."""
    out = []
    for row in rows:
        end = len(row)
        while end and not _present(row[end - 1]):
            end -= 1
        out.append(list(row[:end]))
    while out and not out[-1]:
        out.pop()
    return out


def _workbook_grids(path: Path) -> Iterator[Grid]:
    try:
        # Not read-only: merged cells are known only to a full load. data_only: a formula
        # gives the value Excel saved with it; nothing is evaluated here.
        book = load_workbook(path, data_only=True)
        formulas = load_workbook(path, read_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise SpreadsheetError(
            say("sheet_not_a_workbook", name=path.name, detail=str(exc))
        ) from None
    for ws in book.worksheets:
        rows = _trimmed([list(row) for row in ws.iter_rows(values_only=True)])
        merged = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges]
        grid = Grid(ws.title, f"{path.name}!{ws.title}", rows, merged)
        grid.unsaved_formulas = set(_formulas_without_value(formulas[ws.title], rows))
        yield grid


def _csv_grid(path: Path, name: str, label: str) -> Grid:
    text, _encoding = decode_csv(path)
    rows = []
    for row in csv.reader(io.StringIO(text)):
        # Excel's "this is text" mark: a leading apostrophe is not part of the value
        rows.append([(v[1:] if v.startswith("'") and len(v) > 1 else v) or None for v in row])
    return Grid(name, label, _trimmed(rows))


def read_grids(path: Path) -> list[Grid]:
    """Every sheet of ``path``: a workbook, a CSV file, or a folder of CSV files."""
    if path.is_dir():
        files = sorted(path.glob(f"*{CSV_SUFFIX}"))
        if not files:
            raise SpreadsheetError(say("sheet_no_csv", folder=str(path)))
        return [_csv_grid(p, p.name, f"{path.name}/{p.name}") for p in files]
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        return list(_workbook_grids(path))
    if suffix == CSV_SUFFIX:
        return [_csv_grid(path, path.name, path.name)]
    raise SpreadsheetError(say("sheet_not_a_spreadsheet", name=path.name))


def grid_named(grids: list[Grid], name: str) -> Grid | None:
    """The grid the map calls ``name``: a sheet's title, or a CSV file's name with or
    without ``.csv``; spaces around it and its case do not matter."""
    wanted = name.strip().casefold()
    for grid in grids:
        names = {grid.name.strip().casefold()}
        if grid.name.lower().endswith(CSV_SUFFIX):
            names.add(grid.name[: -len(CSV_SUFFIX)].strip().casefold())
        if wanted in names:
            return grid
    return None
