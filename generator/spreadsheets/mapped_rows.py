"""An agency's own list, through its column map, as the rows of the template's sheets.

The result is what :func:`generator.spreadsheets.files.read_spreadsheet` gives for the
template workbook (a :class:`ReadResult`), every value still at its own cell in the agency's
file, so the import checks, locates and writes it exactly as it does the template's rows.

On the way:

- rows are grouped into clients by the client's name (or id): the client's cells may be
  merged down its contacts' rows, repeated on each, or left empty below the first; a
  client's cells that disagree between its rows are a problem at the later cell;
- a row with fields of a list (a contact) becomes a row of that list's sheet, tied to its
  client; the same row twice is read once;
- the map's ``values`` turn a sheet's words into the format's (``A类`` → ``A``);
- an industry named by a name that no industry file has gets a new industry file (its id
  the name's pinyin), listed in the notes;
- a yearly date written as a full date loses its year (a birthday of ``1985-03-09`` is
  ``03-09``), and a phone or WeChat id typed as a number is taken as its digits.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel

from ..format.ids import id_from_name, unique
from ..format.model import MONTH_DAY_PATTERN
from ..format.wording import Message, say
from .column_map import ColumnMap, SheetMap
from .files import CellValue, ReadResult, SheetRows
from .grids import Grid
from .importer import _existing
from .layout import ENUM_LIST_SEPARATORS, Sheet
from .targets import Target, file_sheet, header_text, normalized, targets

FULL_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
MOBILE = re.compile(r"^1\d{10}$")
"""A mainland mobile number: no leading 0 to lose when typed as a number."""
DIGITS_AS_TEXT = ("phone", "wechat")


@dataclass
class _Client:
    """The rows of one client (or industry) in one sheet."""

    row: int
    cells: dict[str, CellValue] = field(default_factory=dict)
    """Target name → its value (the first row's that has one)."""
    identity: CellValue | None = None


@dataclass
class _Industries:
    """Industry names → ids: those of ``industries/``, then the ones this import makes."""

    folder: str
    by_name: dict[str, tuple[str, str]]
    """Normalized name → ``(id, name as written)``."""
    ids: set[str]
    rows: list[tuple[str, dict[str, CellValue]]] = field(default_factory=list)
    notes: list[Message] = field(default_factory=list)

    @classmethod
    def of(cls, root: Path, folder: str) -> _Industries:
        found = _existing(root / folder)
        by_name = {
            normalized(name): (file_id, name) for name, file_id in found.items() if name[:1] != "\0"
        }
        return cls(folder, by_name, set(found.values()))

    def known(self, name: str, file_id: str | None) -> str:
        """An industry this import writes itself (from a sheet of industries): its id."""
        made = file_id or unique(id_from_name(name), self.ids, "industry")
        self.ids.add(made)
        self.by_name.setdefault(normalized(name), (made, name))
        return made

    def resolve(self, cell: CellValue) -> CellValue:
        """The industry id for the name (or id) in ``cell``; a new industry if none."""
        text = header_text(cell.value)
        key = normalized(text)
        if not key or text in self.ids:
            return cell
        if key in self.by_name:
            return CellValue(self.by_name[key][0], cell.where)
        close = difflib.get_close_matches(key, list(self.by_name), n=1, cutoff=0.5)
        made = self.known(text, None)
        self.rows.append(
            (cell.where, {"id": CellValue(made, cell.where), "name": CellValue(text, cell.where)})
        )
        path = f"{self.folder}/{made}.yaml"
        if close:
            known_id, known_name = self.by_name[close[0]]
            self.notes.append(
                say(
                    "map_new_industry_close",
                    where=cell.where,
                    name=text,
                    path=path,
                    known=known_name,
                    id=known_id,
                )
            )
        else:
            self.notes.append(say("map_new_industry", where=cell.where, name=text, path=path))
        return CellValue(made, cell.where)


def _digits(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def prepared(target: Target, value: Any, words: Mapping[str, str | None] | None) -> Any:
    """A cell's value as the import reads it best: through the map's ``values``, a yearly
    date without its year, a date typed as text (``2026/3/1``, ``2026年3月1日``) as a date, a
    mobile number typed as a number as its digits."""
    column = target.column
    if words:
        if column.many and column.enum is not None:
            parts = [p for p in ENUM_LIST_SEPARATORS.split(header_text(value)) if p]
            mapped = [words.get(normalized(p), p) for p in parts]
            return ", ".join(p for p in mapped if p) or None
        key = normalized(header_text(value))
        if key in words:
            return words[key]
    if column.pattern == MONTH_DAY_PATTERN:
        if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < 2958466:
            value = from_excel(value)  # a date Excel keeps as its serial number
        if isinstance(value, dt.date | dt.datetime):
            return f"{value.month:02d}-{value.day:02d}"
        match = FULL_DATE.match(str(value))
        if match:
            return f"{int(match.group(2)):02d}-{int(match.group(3)):02d}"
    if column.kind in ("date", "date_or_month_day") and isinstance(value, str):
        match = FULL_DATE.match(value)
        if match:
            try:  # a real date, as a typed one is (an impossible one: the model says why)
                return dt.date(*(int(part) for part in match.groups()))
            except ValueError:
                return value
    if column.path[-1] in DIGITS_AS_TEXT and not column.many:
        digits = _digits(value)
        # a landline typed as a number lost its leading 0: left a number, the import says so
        if column.path[-1] == "wechat" or (isinstance(digits, str) and MOBILE.match(digits)):
            return digits
    return value


class _Reader:
    """One sheet of the list → rows of the template's sheets."""

    def __init__(self, sheet_map: SheetMap, industries: _Industries, result: ReadResult):
        self.map = sheet_map
        self.grid: Grid = sheet_map.grid
        self.industries = industries
        self.result = result
        self.sheets: dict[str, SheetRows] = {}
        self.seen: set[tuple[Any, ...]] = set()
        self.written: dict[str, str] = {}
        """A cell's text as the list has it (its value may be mapped), by its address."""
        self.letter_of = {t.name: get_column_letter(c) for c, t in sheet_map.columns.items()}

    def rows_of(self, sheet: Sheet, keys: dict[str, str]) -> SheetRows:
        """The template sheet's rows from this sheet (``keys``: key column → its letter)."""
        if sheet.name not in self.sheets:
            mapped = {
                t.column.key: self.letter_of[t.name]
                for t in self.map.columns.values()
                if t.sheet == sheet
            }
            letters = {**keys, **mapped}
            self.sheets[sheet.name] = SheetRows(sheet, self.grid.label, list(letters), letters)
        return self.sheets[sheet.name]

    def run(self) -> None:
        grid, sheet_map = self.grid, self.map
        rows = grid.filled_below(sheet_map.header_row)
        groups: dict[str, dict[str, _Client]] = {"client": {}, "industry": {}}
        current: dict[str, _Client | None] = {"client": None, "industry": None}
        continued = 0
        for number in range(sheet_map.header_row + 1, len(rows) + 1):
            values = self.values(number, rows[number - 1])
            if not values:
                continue
            for kind in ("client", "industry"):
                own = {
                    name: v
                    for name, v in values.items()
                    if targets()[name].of_file and targets()[name].sheet.kind == kind
                }
                listed = {
                    name: v
                    for name, v in values.items()
                    if not targets()[name].of_file and targets()[name].sheet.kind == kind
                }
                if own:
                    current[kind] = self.grouped(kind, number, own, groups[kind], current[kind])
                elif listed and current[kind] is not None and not self.keyed(listed):
                    continued += 1
                elif listed and not self.keyed(listed) and self.has_identity(kind):
                    self.result.problems.append(
                        (f"{grid.label}!A{number}", say("map_no_client_above"))
                    )
                    continue
                if listed:
                    self.list_rows(kind, number, listed, current[kind])
        for kind, found in groups.items():
            for client in found.values():
                self.file_row(kind, client)
        if continued:
            self.result.notes.append(say("map_rows_continue", where=grid.label, count=continued))
        self.result.sheets += list(self.sheets.values())

    def has_identity(self, kind: str) -> bool:
        sheet = file_sheet(kind)
        return any(
            t.sheet == sheet and t.column.key in ("id", "name") for t in self.map.columns.values()
        )

    @staticmethod
    def keyed(listed: dict[str, CellValue]) -> bool:
        """Whether the row names its client itself (``contacts.client``)."""
        return any(targets()[name].column.key_column for name in listed)

    def values(self, number: int, row: list[Any]) -> dict[str, CellValue]:
        """The row's mapped cells, as :func:`prepared` makes them."""
        found: dict[str, CellValue] = {}
        for column, target in self.map.columns.items():
            raw = row[column - 1] if column <= len(row) else None
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                continue
            where = self.grid.where(number, column)
            if (number, column) in self.grid.unsaved_formulas:
                self.result.problems.append((where, say("sheet_unsaved_formula")))
                continue
            self.written[where] = header_text(raw)
            value = prepared(target, raw, self.map.values.get(target.name))
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            found[target.name] = CellValue(value, where)
        return found

    def grouped(
        self,
        kind: str,
        number: int,
        own: dict[str, CellValue],
        groups: dict[str, _Client],
        current: _Client | None,
    ) -> _Client:
        """The client this row's own cells describe, its cells merged with earlier rows'."""
        sheet = file_sheet(kind).name
        identity = own.get(f"{sheet}.id") or own.get(f"{sheet}.name")
        if identity is None and current is not None:
            client = current  # the client's name left empty below its first row
        else:
            key = normalized(header_text(identity.value)) if identity else f"\0{number}"
            client = groups.setdefault(key, _Client(number, identity=identity))
        for name, cell in own.items():
            earlier = client.cells.get(name)
            if earlier is None:
                client.cells[name] = cell
            elif normalized(header_text(earlier.value)) != normalized(header_text(cell.value)):
                shown = header_text(client.identity.value) if client.identity else ""
                self.result.problems.append(
                    (
                        cell.where,
                        say(
                            "map_conflict",
                            field=targets()[name].column.key,
                            client=shown,
                            first=earlier.where,
                            earlier=self.written.get(earlier.where, ""),
                            later=self.written.get(cell.where, ""),
                        ),
                    )
                )
        return client

    def file_row(self, kind: str, client: _Client) -> None:
        sheet = file_sheet(kind)
        cells = {targets()[name].column.key: cell for name, cell in client.cells.items()}
        if kind == "client" and "industry" in cells:
            cells["industry"] = self.industries.resolve(cells["industry"])
        if kind == "industry" and "name" in cells:
            given = cells.get("id")
            made = self.industries.known(
                header_text(cells["name"].value), header_text(given.value) if given else None
            )
            cells.setdefault("id", CellValue(made, cells["name"].where))
        rows = self.rows_of(sheet, {})
        rows.rows.append((f"{self.grid.label}!A{client.row}", cells))

    def list_rows(
        self, kind: str, number: int, listed: dict[str, CellValue], client: _Client | None
    ) -> None:
        """A row of each list sheet the row has fields of, tied to its client (and project)."""
        by_sheet: dict[str, dict[str, CellValue]] = {}
        for name, cell in listed.items():
            target = targets()[name]
            by_sheet.setdefault(target.sheet.name, {})[target.column.key] = cell
        for sheet_name, cells in by_sheet.items():
            sheet = next(t.sheet for t in targets().values() if t.sheet.name == sheet_name)
            keys: dict[str, str] = {}
            owner_key = sheet.keys[0].key
            if owner_key not in cells and client is not None and client.identity is not None:
                cells[owner_key] = client.identity
                keys[owner_key] = client.identity.where.rpartition("!")[2].rstrip("0123456789")
            if len(sheet.keys) > 1 and sheet.keys[1].key not in cells:
                parent = ".".join(sheet.path[:-1])
                item = listed.get(f"{parent}.id") or listed.get(f"{parent}.name")
                if item is not None:
                    cells[sheet.keys[1].key] = item
                    keys[sheet.keys[1].key] = item.where.rpartition("!")[2].rstrip("0123456789")
            if not [key for key in cells if key not in {k.key for k in sheet.keys}]:
                continue  # only the keys: nothing of the list in this row
            signature = (
                sheet_name,
                *sorted((k, normalized(header_text(c.value))) for k, c in cells.items()),
            )
            if signature in self.seen:
                continue
            self.seen.add(signature)
            rows = self.rows_of(sheet, keys)
            for key, letter in keys.items():
                rows.letters.setdefault(key, letter)
                if key not in rows.columns:
                    rows.columns.append(key)
            rows.rows.append((f"{self.grid.label}!A{number}", cells))


def mapped_read(column_map: ColumnMap, root: Path, folders: Mapping[str, str]) -> ReadResult:
    """The list's rows as the template's sheets' rows, with notes and located problems."""
    result = ReadResult([], [], [])
    industries = _Industries.of(root, folders["industry"])
    for sheet_map in column_map.sheets:
        result.notes.append(
            say("map_header_row", where=sheet_map.grid.label, row=sheet_map.header_row)
        )
        _Reader(sheet_map, industries, result).run()
        if sheet_map.left_out:
            names = ", ".join(f"{h.name} ({h.letter})" for h in sheet_map.left_out)
            result.notes.append(
                say("map_column_left_out", where=sheet_map.grid.label, columns=names)
            )
    for grid in column_map.unlisted:
        result.notes.append(say("map_sheet_left_out", where=grid.label))
    if industries.rows:
        sheet = file_sheet("industry")
        letters = {"id": "A", "name": "A"}
        made = SheetRows(sheet, "industries", ["id", "name"], letters)
        made.rows = [(where, cells) for where, cells in industries.rows]
        result.sheets.append(made)
    result.notes += industries.notes
    return result
