"""Spreadsheet files: the handbook written as a workbook (or CSVs), and cells read back.

Writing: one sheet per list of the format (see :mod:`generator.spreadsheets.layout`), the keys in the
first header row and their labels in the handbook's language in the second, drop-downs
for choices, real dates, frozen headers. No text is ever written as a formula.

Reading: every non-empty row of every known sheet, each value with the address of its
cell (``clients.xlsx!contacts!F12``), merged cells filled in, formulas read as the
values Excel saved with them (never evaluated here), CSV in UTF-8 (with or without BOM)
or GB18030/GBK.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..format.labels import Translator
from ..format.wording import LANGUAGES, Message, did_you_mean, say
from ..reading.loader import Handbook
from ..writing.atomic import write_atomically
from .layout import Column, Sheet, rows, workbook_layout

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes Excel read a CSV text as a formula (OWASP's list for CSV injection)."""
WIDTHS = {"markdown": 48, "text": 22, "date": 12, "date_or_month_day": 12, "number": 12}
HEADER_ROWS = 2


class SpreadsheetError(Exception):
    """The file cannot be read or written at all (not a workbook, unknown encoding…)."""

    def __init__(self, message: Message):
        super().__init__(message.text("en"))
        self.message = message


# --- writing ----------------------------------------------------------------------------


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    # A leading apostrophe is how Excel marks "text, not a formula"; it is not shown.
    if text.startswith(FORMULA_STARTS) or text.startswith("'"):
        return "'" + text
    return text


def _headers(sheet: Sheet, t: Translator) -> tuple[list[str], list[str]]:
    columns = sheet.all_columns
    return [c.key for c in columns], [c.label(t) for c in columns]


def write_csv_folder(handbook: Handbook, folder: Path, language: str) -> list[Path]:
    """One CSV per sheet in ``folder``, UTF-8 with BOM (what Excel opens without asking)."""
    t = Translator(language)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for sheet in workbook_layout():
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        keys, labels = _headers(sheet, t)
        writer.writerow(keys)
        writer.writerow(labels)
        for row in rows(sheet, handbook):
            writer.writerow([_csv_text(v) for v in row])
        target = folder / f"{sheet.name}.csv"
        write_atomically(target, out.getvalue().encode("utf-8-sig"))
        written.append(target)
    return written


def build_workbook(handbook: Handbook, language: str) -> Workbook:
    """The handbook as an openpyxl workbook (see the module's description)."""
    t = Translator(language)
    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    grey = PatternFill("solid", fgColor="EEEEEE")
    for sheet in workbook_layout():
        ws = book.create_sheet(sheet.name)
        keys, labels = _headers(sheet, t)
        ws.append(keys)
        ws.append(labels)
        for cell in (*ws[1], *ws[2]):
            cell.font = bold
            cell.fill = grey
        columns = sheet.all_columns
        for row in rows(sheet, handbook):
            ws.append([None] * len(row))
            r = ws.max_row
            for i, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = ws.cell(r, i)
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = "s"  # "=…" stays text: never a formula
                    if "\n" in value:
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
                elif isinstance(value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
        _format_columns(ws, columns, t)
        ws.freeze_panes = ws.cell(HEADER_ROWS + 1, len(sheet.keys) + 1)
    return book


def _format_columns(ws: Any, columns: tuple[Column, ...], t: Translator) -> None:
    last = max(ws.max_row, HEADER_ROWS + 1000)  # room to add rows that still get drop-downs
    for i, column in enumerate(columns, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = WIDTHS.get(column.kind, 18)
        target = f"{letter}{HEADER_ROWS + 1}:{letter}{last}"
        if column.enum is not None and not column.many:
            values = ",".join(member.value for member in column.enum)
            rule = DataValidation(type="list", formula1=f'"{values}"', allow_blank=True)
            rule.error = t("sheet_choose_from", values=values.replace(",", ", "))
            rule.showErrorMessage = True
            ws.add_data_validation(rule)
            rule.add(target)
        elif column.kind in ("text", "markdown") or column.many or column.key_column:
            for row in range(HEADER_ROWS + 1, ws.max_row + 1):
                ws.cell(row, i).number_format = "@"  # typed ids and phones stay text


def write_workbook(handbook: Handbook, target: Path, language: str) -> Path:
    buffer = io.BytesIO()
    build_workbook(handbook, language).save(buffer)
    write_atomically(target, buffer.getvalue())
    return target


# --- reading ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CellValue:
    value: Any
    where: str
    """``file!sheet!C12``."""


@dataclass
class SheetRows:
    """The rows read from one sheet: each a mapping of column key → value with its cell."""

    sheet: Sheet
    where: str
    """``file!sheet``: for problems with the sheet as a whole."""
    columns: list[str] = field(default_factory=list)
    letters: dict[str, str] = field(default_factory=dict)
    """Column key → its letter in the sheet."""
    rows: list[tuple[str, dict[str, CellValue]]] = field(default_factory=list)
    """``(address of the row's first cell, values by column key)``."""


@dataclass
class ReadResult:
    sheets: list[SheetRows]
    problems: list[tuple[str, Message]]
    """``(where, message)`` of what is wrong with the files' shape (unknown sheets, headers)."""
    notes: list[Message]
    """What the reader decided for the user (an encoding it detected)."""


def _layout_by_name() -> dict[str, Sheet]:
    return {sheet.name: sheet for sheet in workbook_layout()}


def _header_map(sheet: Sheet) -> dict[str, str]:
    """Header text → column key: the key itself, or its label in any language."""
    translators = [Translator(language) for language in LANGUAGES]
    known: dict[str, str] = {}
    for column in sheet.all_columns:
        known[column.key.casefold()] = column.key
        for t in translators:
            known.setdefault(column.label(t).strip().casefold(), column.key)
    return known


def _grid_rows(
    sheet: Sheet, label: str, grid: Iterable[list[Any]], result: ReadResult
) -> SheetRows:
    """Rows of cell values (first row: headers) → :class:`SheetRows`, problems noted."""
    read = SheetRows(sheet, label)
    known = _header_map(sheet)
    columns: list[str | None] = []
    for number, values in enumerate(grid, start=1):
        if number == 1:
            for i, header in enumerate(values, start=1):
                text = str(header).strip() if header is not None else ""
                if not text:
                    columns.append(None)
                    continue
                key = known.get(text.casefold())
                if key is None:
                    keys = [c.key for c in sheet.all_columns]
                    result.problems.append(
                        (
                            f"{label}!{get_column_letter(i)}1",
                            say("sheet_unknown_column", name=text, hint=did_you_mean(text, keys)),
                        )
                    )
                elif key in columns:
                    result.problems.append(
                        (f"{label}!{get_column_letter(i)}1", say("sheet_column_twice", name=key))
                    )
                    key = None
                columns.append(key)
            read.columns = [c for c in columns if c]
            read.letters = {c: get_column_letter(i) for i, c in enumerate(columns, 1) if c}
            continue
        cells = {
            key: CellValue(value, f"{label}!{get_column_letter(i)}{number}")
            for i, (key, value) in enumerate(zip(columns, values, strict=False), start=1)
            if key is not None
            and value is not None
            and not (isinstance(value, str) and not value.strip())
        }
        if not cells:
            continue  # empty rows, and trailing rows Excel keeps formatted
        if number == 2 and all(
            known.get(str(c.value).strip().casefold()) == key for key, c in cells.items()
        ):
            continue  # the label row
        read.rows.append((f"{label}!A{number}", cells))
    missing = [c.key for c in sheet.keys if c.key not in read.columns]
    if read.rows and missing:
        result.problems.append((f"{label}!A1", say("sheet_key_columns", names=", ".join(missing))))
    return read


def read_workbook(path: Path) -> ReadResult:
    """Every row of every sheet of an ``.xlsx`` workbook."""
    try:
        # Not read-only: merged cells are only known to a full load. data_only: a formula
        # cell gives the value Excel saved with it; nothing is evaluated here.
        book = load_workbook(path, data_only=True)
        formulas = load_workbook(path, read_only=True)  # to tell a formula from an empty cell
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise SpreadsheetError(
            say("sheet_not_a_workbook", name=path.name, detail=str(exc))
        ) from None
    layout = _layout_by_name()
    result = ReadResult([], [], [])
    for ws in book.worksheets:
        sheet = layout.get(ws.title.strip())
        label = f"{path.name}!{ws.title}"
        if sheet is None:
            if any(v is not None for row in ws.iter_rows(values_only=True) for v in row):
                result.problems.append(
                    (
                        label,
                        say("sheet_unknown", name=ws.title, hint=did_you_mean(ws.title, layout)),
                    )
                )
            continue
        grid = [list(row) for row in ws.iter_rows(values_only=True)]
        for r, c in _formulas_without_value(formulas[ws.title], grid):
            result.problems.append(
                (f"{label}!{get_column_letter(c)}{r}", say("sheet_unsaved_formula"))
            )
        for merged in ws.merged_cells.ranges:
            top = grid[merged.min_row - 1][merged.min_col - 1]
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    grid[r - 1][c - 1] = top  # one value for all the cells it spans
        result.sheets.append(_grid_rows(sheet, label, grid, result))
    return result


def _formulas_without_value(sheet: Any, grid: list[list[Any]]) -> Iterator[tuple[int, int]]:
    """``(row, column)`` of cells holding a formula but no saved value."""
    for r, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        for c, value in enumerate(row, start=1):
            if isinstance(value, str) and value.startswith("="):
                saved = grid[r - 1][c - 1] if r <= len(grid) and c <= len(grid[r - 1]) else None
                if saved is None:
                    yield r, c


def decode_csv(path: Path) -> tuple[str, str]:
    """``(text, encoding)``: UTF-8 (with or without BOM), else GB18030 (which includes GBK)."""
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict"), "UTF-8 (BOM)"
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), "GB18030 (GBK)"
    except UnicodeDecodeError as exc:
        raise SpreadsheetError(say("sheet_bad_encoding", name=path.name, byte=exc.start)) from None


def _csv_value(text: str) -> Any:
    if text.startswith("'") and len(text) > 1:
        return text[1:]  # Excel's "this is text" mark (see _csv_text)
    return text if text != "" else None


def read_csv_folder(folder: Path) -> ReadResult:
    """Every row of every ``<sheet>.csv`` in ``folder``."""
    layout = _layout_by_name()
    result = ReadResult([], [], [])
    for path in sorted(folder.glob("*.csv")):
        sheet = layout.get(path.stem)
        label = f"{folder.name}/{path.name}"
        if sheet is None:
            result.problems.append(
                (label, say("sheet_unknown", name=path.stem, hint=did_you_mean(path.stem, layout)))
            )
            continue
        text, encoding = decode_csv(path)
        if encoding.startswith("GB"):
            result.notes.append(say("sheet_read_as", where=label, encoding=encoding))
        grid = ([_csv_value(v) for v in row] for row in csv.reader(io.StringIO(text)))
        result.sheets.append(_grid_rows(sheet, label, grid, result))
    if not result.sheets and not result.problems:
        raise SpreadsheetError(say("sheet_no_csv", folder=str(folder)))
    return result


def read_spreadsheet(path: Path) -> ReadResult:
    """A workbook (``.xlsx``) or a folder of CSV files."""
    if path.is_dir():
        return read_csv_folder(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return read_workbook(path)
    if path.suffix.lower() == ".csv":
        raise SpreadsheetError(say("sheet_one_csv", name=path.name))
    raise SpreadsheetError(say("sheet_not_a_spreadsheet", name=path.name))
