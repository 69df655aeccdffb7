"""What a column of an agency's own list can become: a column of the template's sheets,
named ``SHEET.COLUMN`` (``clients.team.lead``, ``contacts.phone``), and the names a list's
headers are read by.

The targets are the workbook layout's columns (:func:`generator.spreadsheets.layout.workbook_layout`),
which the format's model makes: a field added to the model is a target at once, with its
labels in every language.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from typing import Any

from openpyxl.utils import get_column_letter

from .grids import Grid
from .layout import Column, Sheet, workbook_layout


@dataclass(frozen=True)
class Target:
    """One column of the template's sheets, which a column of a list may be mapped to."""

    sheet: Sheet
    column: Column

    @property
    def name(self) -> str:
        """As the column map writes it: ``clients.team.lead``, ``contacts.phone``."""
        return f"{self.sheet.name}.{self.column.key}"

    @property
    def enum(self) -> type[Enum] | None:
        return self.column.enum

    @property
    def of_file(self) -> bool:
        """A column of the files' own sheet (``clients``, ``industries``)."""
        return not self.sheet.path


@functools.cache
def targets() -> dict[str, Target]:
    """Every target by its name, in the layout's order."""
    found: dict[str, Target] = {}
    for sheet in workbook_layout():
        for column in sheet.all_columns:
            target = Target(sheet, column)
            found[target.name] = target
    return found


@functools.cache
def file_sheet(kind: str) -> Sheet:
    """The sheet of the files themselves: ``clients`` or ``industries``."""
    return next(s for s in workbook_layout() if s.kind == kind and not s.path)


def normalized(text: Any) -> str:
    """A header or a cell's text as it is compared: full-width forms made plain, case and
    spaces ignored, a bracketed note and a trailing ``:`` or ``*`` dropped
    (``客户名称（必填）：`` → ``客户名称``)."""
    plain = unicodedata.normalize("NFKC", str(text)).casefold()
    plain = re.sub(r"\(.*?\)|\[.*?\]|【.*?】|<.*?>", "", plain)
    plain = re.sub(r"\s+", "", plain)
    return plain.strip(":*#.")


@dataclass(frozen=True)
class Header:
    """One column of a list, as the column map names it."""

    name: str
    """The header's text; ``手机 [F]`` for a second column with the same text, ``[F]`` for a
    column with data under an empty header."""
    column: int
    text: str
    """As written (one line, spaces collapsed)."""

    @property
    def letter(self) -> str:
        return get_column_letter(self.column)


def header_text(value: Any) -> str:
    """A header cell's text on one line (``客户\\n名称`` → ``客户 名称``)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def headers(grid: Grid, row: int) -> list[Header]:
    """The columns of ``grid`` named by ``row``; empty columns are not among them."""
    found: list[Header] = []
    seen: set[str] = set()
    for column in range(1, grid.width + 1):
        text = header_text(grid.value(row, column))
        letter = get_column_letter(column)
        if not text:
            below = any(
                grid.value(r, column) not in (None, "") for r in range(row + 1, len(grid.rows) + 1)
            )
            if below:
                found.append(Header(f"[{letter}]", column, ""))
            continue
        name = text if text.casefold() not in seen else f"{text} [{letter}]"
        seen.add(text.casefold())
        found.append(Header(name, column, text))
    return found
