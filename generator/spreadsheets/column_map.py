"""The column map: which column of an agency's own list is which field, read and checked.

```yaml
sheets:
  客户名单:                      # a sheet of SOURCE (a CSV file's name)
    header_row: 2                # optional: found as the proposal finds it
    columns:                     # header in SOURCE → the template's SHEET.COLUMN
      客户名称: clients.name
      对接人: contacts.name
      备注: ~                    # not imported
    values:                      # a field's cell text → the format's value
      clients.status: {已流失: former}
```

Every problem is located in the map (``客户名单.map.yaml:5:12: sheets.客户名单.columns.手机:
…``) and said in the reader's language; one problem stops the import before any row is read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..format.wording import Message, did_you_mean, say
from ..reading.explain import enum_choices
from ..reading.problems import Loc, Problem, format_loc
from ..reading.yamlsource import SourceProblem, YamlDocument, decode, parse
from .grids import Grid, grid_named
from .layout import _enum
from .targets import Header, Target, headers, normalized, targets

SHEET_KEYS = ("header_row", "columns", "values")


class MapError(Exception):
    """The map cannot be used: its located problems, in the reader's language."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class SheetMap:
    """One sheet of the list and what its columns become."""

    grid: Grid
    header_row: int
    headers: list[Header]
    columns: dict[int, Target] = field(default_factory=dict)
    """Column number → the field it fills."""
    left_out: list[Header] = field(default_factory=list)
    """Columns not imported: mapped to ``~``, or not in the map at all."""
    values: dict[str, dict[str, str | None]] = field(default_factory=dict)
    """Target name → normalized cell text → the value it stands for (``None``: empty)."""


@dataclass
class ColumnMap:
    sheets: list[SheetMap]
    unlisted: list[Grid]
    """Sheets of the list that the map does not name (not imported)."""


def found_kind(value: Any) -> Message:
    """How a value that is not the expected kind is described."""
    if value is None:
        return say("map_kind_empty")
    if isinstance(value, list):
        return say("map_kind_list")
    return say("map_kind_text", value=str(value))


class _Checker:
    def __init__(self, path: Path, document: YamlDocument, language: str):
        self.path = path
        self.document = document
        self.language = language
        self.problems: list[str] = []

    def problem(self, loc: Loc, message: Message, at_key: bool = False) -> None:
        position = self.document.key_position(loc) if at_key else None
        if position is None:
            line, column, _ = self.document.position(loc)
        else:
            line, column = position
        shown = format_loc(loc)
        self.problems.append(
            Problem(self.path.name, line, column, shown, message).text(self.language)
        )

    def mapping(self, value: Any, loc: Loc) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return {str(k): v for k, v in value.items()}
        self.problem(loc, say("map_not_a_mapping", found=found_kind(value)))
        return None


def read_map(
    path: Path,
    grids: list[Grid],
    language: str,
    source_name: str,
    find_header_row: Callable[[Grid], int],
) -> ColumnMap:
    """The map at ``path`` for the list read as ``grids``, or :class:`MapError`."""
    try:
        document = parse(decode(path.read_bytes()))
    except OSError as exc:
        unreadable = say("map_not_readable", detail=exc.strerror or str(exc)).text(language)
        raise MapError([f"{path.name}: {unreadable}"]) from None
    except SourceProblem as exc:
        where = path.name + "".join(f":{n}" for n in (exc.line, exc.column) if n is not None)
        unreadable = say("map_not_readable", detail=exc.message.text(language)).text(language)
        raise MapError([f"{where}: {unreadable}"]) from None
    check = _Checker(path, document, language)
    top = check.mapping(document.data, ())
    if top is None:
        raise MapError(check.problems)
    for key in top:
        if key != "sheets":
            hint = did_you_mean(key, ["sheets"])
            check.problem(
                (key,),
                say("map_unknown_key", key=key, allowed="sheets", hint=hint),
                at_key=True,
            )
    if "sheets" not in top:
        no_sheets = say("map_no_sheets").text(language)
        check.problems.append(f"{path.name}:1:1: {no_sheets}")
        raise MapError(check.problems)
    sheets = check.mapping(top["sheets"], ("sheets",)) or {}
    result = ColumnMap([], [])
    named: set[int] = set()
    for sheet_name, entry in sheets.items():
        loc: Loc = ("sheets", sheet_name)
        grid = grid_named(grids, sheet_name)
        if grid is None:
            names = [g.name for g in grids]
            check.problem(
                loc,
                say(
                    "map_no_such_sheet",
                    source=source_name,
                    sheet=sheet_name,
                    hint=did_you_mean(sheet_name, names),
                    sheets=", ".join(names) or "-",
                ),
                at_key=True,
            )
            continue
        named.add(id(grid))
        sheet_map = _sheet_map(
            check, grid, entry if entry is not None else {}, loc, find_header_row
        )
        if sheet_map is not None:
            result.sheets.append(sheet_map)
    if check.problems:
        raise MapError(check.problems)
    result.unlisted = [g for g in grids if id(g) not in named and not g.is_empty()]
    return result


def _sheet_map(
    check: _Checker,
    grid: Grid,
    entry: Any,
    loc: Loc,
    find_header_row: Callable[[Grid], int],
) -> SheetMap | None:
    body = check.mapping(entry, loc)
    if body is None:
        return None
    for key in body:
        if key not in SHEET_KEYS:
            hint = did_you_mean(key, SHEET_KEYS)
            check.problem(
                (*loc, key),
                say("map_unknown_key", key=key, allowed=", ".join(SHEET_KEYS), hint=hint),
                at_key=True,
            )
    row = body.get("header_row")
    if row is None:
        row = find_header_row(grid)
    elif (
        not isinstance(row, int) or isinstance(row, bool) or not 1 <= row <= max(len(grid.rows), 1)
    ):
        check.problem(
            (*loc, "header_row"),
            say("map_bad_header_row", rows=max(len(grid.rows), 1), found=row),
        )
        return None
    sheet_map = SheetMap(grid, row, headers(grid, row))
    by_name = {normalized(h.name): h for h in sheet_map.headers}
    columns = check.mapping(body.get("columns") or {}, (*loc, "columns")) or {}
    every = targets()
    first_of: dict[str, str] = {}
    mapped: set[int] = set()
    for column_name, target_name in columns.items():
        column_loc = (*loc, "columns", column_name)
        header = by_name.get(normalized(column_name))
        if header is None:
            shown = [h.name for h in sheet_map.headers]
            check.problem(
                column_loc,
                say(
                    "map_no_such_column",
                    sheet=grid.name,
                    row=row,
                    column=column_name,
                    hint=did_you_mean(column_name, shown),
                    headers=", ".join(shown) or "-",
                ),
                at_key=True,
            )
            continue
        mapped.add(header.column)
        if target_name is None or (isinstance(target_name, str) and not target_name.strip()):
            sheet_map.left_out.append(header)
            continue
        if not isinstance(target_name, str):
            check.problem(column_loc, say("map_not_text", found=found_kind(target_name)))
            continue
        target = every.get(target_name.strip())
        if target is None:
            check.problem(
                column_loc,
                say("map_no_such_field", target=target_name, hint=did_you_mean(target_name, every)),
            )
            continue
        if target.name in first_of:
            check.problem(
                column_loc,
                say(
                    "map_target_twice",
                    column=column_name,
                    first=first_of[target.name],
                    target=target.name,
                ),
            )
            continue
        first_of[target.name] = column_name
        sheet_map.columns[header.column] = target
    sheet_map.left_out += [h for h in sheet_map.headers if h.column not in mapped]
    sheet_map.left_out.sort(key=lambda h: h.column)
    values = check.mapping(body.get("values") or {}, (*loc, "values")) or {}
    for target_name, words in values.items():
        _values_of(check, sheet_map, target_name, words, (*loc, "values", target_name))
    return sheet_map


def _values_of(
    check: _Checker, sheet_map: SheetMap, target_name: str, words: Any, loc: Loc
) -> None:
    """One field's ``cell text → value`` entries, each value checked against its choices."""
    mapped = {t.name: t for t in sheet_map.columns.values()}
    target = mapped.get(target_name.strip())
    if target is None:
        typo = target_name.strip() not in targets()  # a field no column goes to: no hint
        hint = did_you_mean(target_name, mapped) if mapped and typo else ""
        check.problem(
            loc,
            say("map_values_not_mapped", target=target_name, hint=hint),
            at_key=True,
        )
        return
    entries = check.mapping(words if words is not None else {}, loc)  # all lines commented
    if entries is None:
        return
    table: dict[str, str | None] = {}
    for text, value in entries.items():
        shown = None if value is None else str(value).strip()
        enum = target.enum
        if enum is not None and shown:
            chosen = _enum(shown, enum)  # a choice's value, or its label in any language
            allowed = [member.value for member in enum]
            if chosen not in allowed:
                check.problem(
                    (*loc, text),
                    say(
                        "map_no_such_choice",
                        target=target.name,
                        choices=enum_choices(enum),
                        value=shown,
                        hint=did_you_mean(shown, allowed),
                    ),
                )
                continue
            shown = chosen
        table[normalized(text)] = shown or None
    sheet_map.values[target.name] = table
