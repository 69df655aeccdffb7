"""The handbook as spreadsheet sheets: a layout derived from the format, and cell values.

Every list of records in the format becomes a sheet with one row per item (``contacts``,
``projects.milestones`` …), keyed by the client's id (and the project's id below a
project). Single records nested in a row (``profile``, a project's ``budget``) become
dotted columns of that row (``profile.headquarters``, ``budget.amount``); lists of short
texts or choices fit in one cell, one item per line. Nothing here is written by hand per
field: a field added to the format gets its column, label and drop-down by itself.

Cell values go both ways through :func:`to_cell` and :func:`from_cell`, which know what
spreadsheets do to values (dates as serial numbers, ids padded with spaces, full-width
letters typed with a Chinese input method, numbers where text was meant).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Any, Literal

from openpyxl.utils.datetime import from_excel
from pydantic import BaseModel

from ..format.fields import Kind, Shape, UnknownType, fields_of
from ..format.labels import Translator
from ..format.model import MONTH_DAY_PATTERN, Client, Industry
from ..format.wording import LANGUAGES
from ..reading.loader import Entry, Handbook

CellKind = Literal["text", "markdown", "date", "date_or_month_day", "number", "bool", "enum"]

ENUM_LIST_SEPARATORS = re.compile(r"[\s,;，、;]+")
"""Between the choices of a list of choices in one cell (``meeting, email`` or ``meeting、email``)."""


@dataclass(frozen=True)
class Column:
    """One column: a field of the sheet's record, possibly inside a nested record."""

    key: str
    """The header: the field's path in the record, dotted (``budget.amount``)."""
    path: tuple[str, ...]
    kind: CellKind
    model: type[BaseModel]
    """The class that holds the field (for its label)."""
    many: bool = False
    """A list of texts or choices, one item per line of the cell."""
    enum: type[Enum] | None = None
    required: bool = False
    key_column: bool = False
    """A key that ties the row to its client, industry or project: not a field of the item."""
    pattern: str | None = None
    """The pattern a text matches (ids, ``MM-DD``): such texts lose stray spaces."""

    def label(self, t: Translator) -> str:
        if self.key_column or self.key == "id":
            return t.field(self.model.__name__, "id")
        return t.field(self.model.__name__, self.path[-1])


@dataclass(frozen=True)
class Sheet:
    """One sheet: the items of one list of the format, for every client (or industry)."""

    name: str
    kind: Literal["client", "industry"]
    path: tuple[str, ...]
    """Where the list is in a file: ``()`` for the files themselves, ``("projects", "kpis")``."""
    keys: tuple[Column, ...]
    columns: tuple[Column, ...]
    scalar: bool = False
    """A list of long texts (an industry's trends): one text per row, in column ``text``."""

    @property
    def all_columns(self) -> tuple[Column, ...]:
        return self.keys + self.columns


@dataclass(frozen=True)
class _Owner:
    """What a sheet's rows are keyed by, for the sheets of the lists inside its items."""

    kind: Literal["client", "industry"]
    path: tuple[str, ...]
    keys: tuple[Column, ...]
    model: type[BaseModel]

    def child_keys(self) -> tuple[Column, ...]:
        if self.path and "id" not in self.model.model_fields:
            raise TypeError(f"items of {self.path} have no id to key the sheets below them by")
        name = self.kind if not self.path else self.path[-1].removesuffix("s")
        key = Column(name, (name,), "text", self.model, required=True, key_column=True)
        return (*self.keys, key)


_COLUMN_KINDS: dict[Kind, CellKind] = {
    Kind.text: "text",
    Kind.markdown: "markdown",
    Kind.date: "date",
    Kind.date_or_month_day: "date_or_month_day",
    Kind.number: "number",
    Kind.bool: "bool",
    Kind.choice: "enum",
}


def _kind(shape: Shape) -> CellKind:
    if shape.kind not in _COLUMN_KINDS:
        raise UnknownType(shape)
    return _COLUMN_KINDS[shape.kind]


def _sheets(
    model: type[BaseModel], owner: _Owner, name: str, scalar_id: bool = False
) -> list[Sheet]:
    """The sheet of ``owner``'s items, then the sheets of the lists inside them."""
    below: list[Sheet] = []
    columns: list[Column] = []
    if scalar_id:  # the file's id (its name) is the first column of clients and industries
        columns.append(Column("id", ("id",), "text", model, required=True))
    columns += _columns(model, (), owner, below)
    return [Sheet(name, owner.kind, owner.path, owner.keys, tuple(columns)), *below]


def _columns(
    model: type[BaseModel], prefix: tuple[str, ...], owner: _Owner, below: list[Sheet]
) -> list[Column]:
    columns: list[Column] = []
    for each in fields_of(model):
        shape = each.shape
        if shape.kind is Kind.constant:
            continue  # ``format: 1``: always the same
        path = (*prefix, each.name)
        if shape.many:
            full = (*owner.path, *path)
            sheet_name = ".".join(full)
            if shape.record is not None:
                child = _Owner(owner.kind, full, owner.child_keys(), shape.record)
                below += _sheets(shape.record, child, sheet_name)
                continue
            kind = _kind(shape)
            if kind == "markdown":  # long texts that may span lines: one per row
                prefix_name = "industries" if owner.kind == "industry" else "clients"
                text = Column("text", path, "markdown", model, required=True)
                keys = owner.child_keys()
                below.append(
                    Sheet(f"{prefix_name}.{sheet_name}", owner.kind, full, keys, (text,), True)
                )
                continue
            columns.append(Column(".".join(path), path, kind, model, many=True, enum=shape.choices))
            continue
        if shape.record is not None:
            columns += _columns(shape.record, path, owner, below)
            continue
        required = each.required and not shape.optional
        columns.append(
            Column(
                ".".join(path),
                path,
                _kind(shape),
                model,
                enum=shape.choices,
                required=required,
                pattern=shape.pattern,
            )
        )
    return columns


def workbook_layout() -> list[Sheet]:
    """Every sheet, in the order of the format: clients and their lists, then industries."""
    return [
        *_sheets(Client, _Owner("client", (), (), Client), "clients", scalar_id=True),
        *_sheets(Industry, _Owner("industry", (), (), Industry), "industries", scalar_id=True),
    ]


# --- values -----------------------------------------------------------------------------


def _value_at(record: BaseModel | None, path: tuple[str, ...]) -> Any:
    value: Any = record
    for part in path:
        if value is None:
            return None
        value = getattr(value, part)
    return value


def to_cell(column: Column, value: Any) -> Any:
    """A model value as a spreadsheet cell value (``None``: empty)."""
    if value is None or value == []:
        return None
    if column.many:
        texts = [v.value if isinstance(v, Enum) else str(v) for v in value]
        return (", " if column.enum else "\n").join(texts)
    if isinstance(value, Enum):
        return value.value
    return value


def rows(sheet: Sheet, handbook: Handbook) -> Iterator[list[Any]]:
    """The sheet's rows (cell values in column order) for every file of ``handbook``."""
    entries: list[Entry[Any]] = list(
        (handbook.clients if sheet.kind == "client" else handbook.industries).values()
    )
    for entry in entries:
        for keys, record in _items(entry.data, sheet.path, (entry.id,)):
            if sheet.scalar:
                yield [*keys, record]
                continue
            if not sheet.path:  # the file itself: its id is its first column, not a key
                keys = ()
            values = []
            for column in sheet.columns:
                if column.key == "id" and not sheet.path:
                    values.append(entry.id)
                else:
                    values.append(to_cell(column, _value_at(record, column.path)))
            yield [*keys, *values]


def _items(
    record: Any, path: tuple[str, ...], keys: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], Any]]:
    """``(keys, item)`` of every item of the list at ``path`` below ``record``."""
    if not path:
        yield keys, record
        return
    value = record
    for depth, part in enumerate(path):
        value = getattr(value, part) if value is not None else None
        if isinstance(value, list) and depth < len(path) - 1:
            for item in value:
                yield from _items(item, path[depth + 1 :], (*keys, item.id))
            return
    for item in value or []:
        yield keys, item


# --- reading cells ----------------------------------------------------------------------

_DATE_FORM = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_MONTH_DAY_FORM = re.compile(r"^(\d{1,2})[-/.月](\d{1,2})日?$")
_TRUE = {"true", "yes", "y", "1", "是", "对", "√", "x"}
_FALSE = {"false", "no", "n", "0", "否", "不", "×", ""}


def _folded(text: str) -> str:
    """Full-width letters and digits made plain, spaces trimmed (``ａｃｔｉｖｅ `` → ``active``)."""
    return unicodedata.normalize("NFKC", text).strip()


def _as_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a phone number Excel turned into a number
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _date(value: Any, month_day: bool) -> Any:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        converted = from_excel(value)  # an Excel serial day number
        return converted.date() if isinstance(converted, dt.datetime) else converted
    text = _folded(str(value))
    match = _DATE_FORM.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return f"{year:04d}-{month:02d}-{day:02d}"
    match = _MONTH_DAY_FORM.match(text) if month_day else None
    if match:
        month, day = (int(g) for g in match.groups())
        return f"{month:02d}-{day:02d}"
    return text  # the model says what is wrong with it


def _month_day(value: Any) -> Any:
    """A birthday typed as ``03-08`` that Excel turned into a date of this year."""
    if isinstance(value, (dt.date, dt.datetime)):
        return f"{value.month:02d}-{value.day:02d}"
    return _date(value, month_day=True)


def _number(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = _folded(str(value)).replace(",", "")
    try:
        return float(text)
    except ValueError:
        return text


@functools.cache
def _choices(enum: type[Enum]) -> dict[str, str]:
    """What a cell may hold for each choice: its value, or its label in any language."""
    allowed = {member.value.casefold(): member.value for member in enum}
    for language in LANGUAGES:  # the label of a choice is taken too (``进行中``)
        for member_value, label in Translator(language).enum_options(enum):
            allowed.setdefault(_folded(label).casefold(), member_value)
    return allowed


def _enum(value: Any, enum: type[Enum]) -> Any:
    text = _folded(_as_text(value))
    return _choices(enum).get(text.casefold(), text)


def from_cell(column: Column, value: Any) -> Any:
    """A cell's value as the format wants it, or as it is when it cannot be (the model says why).

    ``None`` means the cell is empty.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if column.many:
        if column.enum is not None:
            parts = [p for p in ENUM_LIST_SEPARATORS.split(_folded(_as_text(value))) if p]
            return [_enum(part, column.enum) for part in parts]
        items = [line.strip() for line in _as_text(value).splitlines()]
        return [item for item in items if item]
    if column.key_column or column.key == "id":
        return _folded(_as_text(value))
    if column.kind == "date":
        return _date(value, month_day=False)
    if column.kind == "date_or_month_day":
        return _date(value, month_day=True)
    if column.kind == "number":
        return _number(value)
    if column.kind == "bool":
        if isinstance(value, bool):
            return value
        text = _folded(_as_text(value)).casefold()
        return True if text in _TRUE else False if text in _FALSE else text
    if column.kind == "enum" and column.enum is not None:
        return _enum(value, column.enum)
    if column.kind == "text" and column.pattern == MONTH_DAY_PATTERN:
        return _month_day(value)
    if column.kind == "text" and column.pattern:
        return _folded(_as_text(value))  # ids, addresses, currency codes: no stray spaces
    return _as_text(value)
