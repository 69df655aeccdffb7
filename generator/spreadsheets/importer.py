"""`playbook import`: spreadsheet rows → client and industry files, checked before anything is written.

The rows of every sheet are put together into one file's data per client (and industry)
id, remembering which cell each value came from. The files are then checked by the
loader exactly as `playbook check` would check them, as if they were written; its
problems come back located at the cell (``book.xlsx!contacts!F12: contacts[2].role: …``).
Only when there are none is anything written, each file atomically.

A new file is written in the style of `playbook new` (schema line first, the format's
key order). An existing file is changed only with ``update=True``, and then only where
the sheets change a value: its comments, key order and quoting stay (ruamel.yaml's round
trip). A column or sheet the spreadsheet does not have leaves those values alone.
"""

from __future__ import annotations

import re
import tempfile
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from ..format.ids import id_from_name, id_from_person, unique
from ..format.model import SLUG_RE, Client, Industry
from ..format.starters import SCAFFOLDS
from ..format.wording import Message, message_key, say
from ..reading.loader import Handbook, load_handbook, values_of
from ..reading.problems import Loc, Problem, format_loc
from ..reading.yamlsource import SourceProblem, decode
from ..writing.files import NEW, HandbookFiles, Refused, Write
from ..writing.texts import new_file_text
from .files import ReadResult, SheetRows
from .layout import from_cell, workbook_layout
from .yaml_text import updated_text

Outcome = Literal["created", "changed", "unchanged", "left alone"]

_OUTCOME_MESSAGES: dict[Outcome, str] = {
    "created": message_key("import_outcome_created"),
    "changed": message_key("import_outcome_changed"),
    "unchanged": message_key("import_outcome_unchanged"),
    "left alone": message_key("import_outcome_left_alone"),
}


def outcome_message(outcome: Outcome) -> Message:
    """What happened to a file, in a word (the report's first column)."""
    return say(_OUTCOME_MESSAGES[outcome])


@dataclass
class Draft:
    """One file as the sheets describe it."""

    kind: Literal["client", "industry"]
    id: str
    row: str
    """The cell where its row in ``clients``/``industries`` starts."""
    data: dict[str, Any] = field(default_factory=dict)
    cells: dict[str, str] = field(default_factory=dict)
    """Field path (``contacts[2].role``) → the cell it came from."""

    @property
    def model(self) -> type[BaseModel]:
        return Client if self.kind == "client" else Industry

    def path(self, folders: Mapping[str, str]) -> str:
        return f"{folders[self.kind]}/{self.id}.yaml"

    def where(self, field_path: str) -> str:
        """The cell of a field, or of the nearest row or record that holds it."""
        current = field_path
        while current:
            if current in self.cells:
                return self.cells[current]
            parent = re.sub(r"(\.[^.\[\]]+|\[\d+\])$", "", current)
            if parent == current:  # a top-level field without a cell (its column is absent)
                break
            current = parent
        return self.row


@dataclass
class ImportReport:
    outcomes: list[tuple[str, Outcome, str]] = field(default_factory=list)
    """``(file, outcome, detail)``."""
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


DIGITS_AS_TEXT = frozenset({"phone", "wechat"})
"""Fields whose digits are text: a leading 0 (a landline, an area code) is part of them."""


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class _Assembler:
    def __init__(self, read: ReadResult, language: str, taken: Mapping[str, set[str]]):
        self.read = read
        self.language = language
        self.taken = {kind: set(ids) for kind, ids in taken.items()}
        """Ids of files already in the handbook, by kind: a made id must differ from them."""
        self.drafts: dict[tuple[str, str], Draft] = {}
        self.by_name: dict[tuple[str, str], str] = {}
        """``(kind, name) → id`` of the rows read so far, for rows that name their file."""
        self.notes: list[str] = []
        self.existing_names: dict[tuple[str, str], str] = {}
        """``(kind, name) → id`` of the files already in the handbook."""
        self.problems: list[str] = [
            f"{where}: {message.text(language)}" for where, message in read.problems
        ]
        self.covered: set[tuple[str, str, tuple[str, ...]]] = set()
        """``(kind, sheet path, column path)`` of every column the spreadsheet has."""
        self.list_paths = {s.path for s in workbook_layout() if s.path and not s.scalar}

    def run(self) -> dict[tuple[str, str], Draft]:
        # Files first, then lists, shallow before deep (a milestone needs its project).
        for read in sorted(self.read.sheets, key=lambda r: len(r.sheet.path)):
            for column in read.columns:
                self.covered.add((read.sheet.kind, read.sheet.path, tuple(column.split("."))))
            for row, cells in read.rows:
                if not read.sheet.path:
                    self._file_row(read, row, cells)
                else:
                    self._list_row(read, row, cells)
        return self.drafts

    def problem(self, where: str, field_path: str, message: Message) -> None:
        self.problems.append(f"{where}: {field_path}: {message.text(self.language)}")

    def made_id(self, where: str, name: str, proposed: str, taken: set[str]) -> str:
        """An id made from ``name`` (not one in ``taken``), said in the notes."""
        made = unique(proposed, taken)
        self.notes.append(
            say("import_id_from_name", where=where, name=name, id=made).text(self.language)
        )
        return made

    def _file_row(self, read: SheetRows, row: str, cells: dict[str, Any]) -> None:
        sheet = read.sheet
        id_cell = cells.get("id")
        file_id = from_cell(sheet.columns[0], id_cell.value) if id_cell else None
        name_cell = cells.get("name")
        name = str(name_cell.value).strip() if name_cell and name_cell.value is not None else ""
        if not file_id and name:
            ours = {k[1] for k in self.drafts if k[0] == sheet.kind}
            known = self.taken.get(sheet.kind, set())
            same = self.existing_names.get((sheet.kind, name))
            file_id = same or self.made_id(row, name, id_from_name(name), ours | known)
        if not file_id:
            self.problem(row, "id", say("import_no_id"))
            return
        where = id_cell.where if id_cell else row
        if not SLUG_RE.match(file_id):
            self.problem(where, "id", say("import_bad_id", id=file_id))
            return
        if (sheet.kind, file_id) in self.drafts:
            first = self.drafts[(sheet.kind, file_id)].row
            self.problem(where, "id", say("import_id_taken", id=file_id, first=first))
            return
        draft = Draft(sheet.kind, file_id, row)
        self.drafts[(sheet.kind, file_id)] = draft
        if name:
            self.by_name[(sheet.kind, name)] = file_id
        self._fill(draft, read, row, cells, draft.data, ())

    def _fill(
        self,
        draft: Draft,
        read: SheetRows,
        row: str,
        cells: dict[str, Any],
        record: dict[str, Any],
        loc: Loc,
    ) -> None:
        sheet, present = read.sheet, read.columns
        for column in sheet.columns:
            if column.key == "id" and not sheet.path:
                continue
            if column.key not in present:
                continue
            where_loc = format_loc((*loc, *column.path))
            cell = cells.get(column.key)
            draft.cells[where_loc] = cell.where if cell else self.cell_of(read, row, column.key)
            if cell is None:
                continue
            value = from_cell(column, cell.value)
            if value is None or value == []:
                continue
            if column.path[-1] in DIGITS_AS_TEXT and _is_number(cell.value):
                # Excel and WPS turn a typed 02161234567 into the number 2161234567
                self.notes.append(
                    say("import_phone_was_number", where=cell.where, value=value).text(
                        self.language
                    )
                )
            target = record
            for part in column.path[:-1]:
                target = target.setdefault(part, {})
            target[column.path[-1]] = value

    @staticmethod
    def cell_of(read: SheetRows, row: str, key: str) -> str:
        """The address of column ``key``'s cell in ``row`` (which may be empty)."""
        number = row.rpartition("!")[2].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return f"{read.where}!{read.letters[key]}{number}"

    def _list_row(self, read: SheetRows, row: str, cells: dict[str, Any]) -> None:
        sheet = read.sheet
        keys = []
        for column in sheet.keys:
            cell = cells.get(column.key)
            value = from_cell(column, cell.value) if cell else None
            if not value:
                self.problem(row, column.key, say("import_row_needs_key", key=column.key))
                return
            keys.append((value, cell.where if cell else row))
        (file_id, file_cell), *item_keys = keys
        file_id = self.by_name.get((sheet.kind, file_id), file_id)  # a file named by its name
        draft = self.drafts.get((sheet.kind, file_id))
        if draft is None:
            top = "clients" if sheet.kind == "client" else "industries"
            self.problem(
                file_cell, sheet.keys[0].key, say("import_no_such_file_row", id=file_id, sheet=top)
            )
            return
        container: Any = draft.data
        loc: list[str | int] = []
        for depth, part in enumerate(sheet.path[:-1]):
            if sheet.path[: depth + 1] in self.list_paths:
                item_id, item_cell = item_keys.pop(0)
                items = container.get(part, [])
                index = next(
                    (
                        i
                        for i, item in enumerate(items)
                        if item_id in (item.get("id"), item.get("name"))
                    ),
                    None,
                )
                if index is None:
                    self.problem(
                        item_cell,
                        sheet.keys[len(loc) // 2 + 1].key,
                        say("import_no_such_item_row", part=part, id=item_id, file=file_id),
                    )
                    return
                container = items[index]
                loc += [part, index]
            else:
                container = container.setdefault(part, {})
                loc.append(part)
        items = container.setdefault(sheet.path[-1], [])
        loc += [sheet.path[-1], len(items)]
        draft.cells[format_loc(tuple(loc))] = row
        if sheet.scalar:
            cell = cells.get("text")
            items.append(from_cell(sheet.columns[0], cell.value) if cell else None)
            if cell:
                draft.cells[format_loc(tuple(loc))] = cell.where
            return
        item: dict[str, Any] = {}
        items.append(item)
        self._fill(draft, read, row, cells, item, tuple(loc))
        name = item.get("name")
        if "id" not in item and isinstance(name, str) and any(c.key == "id" for c in sheet.columns):
            # A contact or project row whose id cell is empty: the id is made from its name.
            taken = {str(other.get("id")) for other in items if isinstance(other, dict)}
            make = id_from_person if sheet.path[-1] == "contacts" else id_from_name
            item["id"] = self.made_id(row, name, make(name), taken)


# --- the whole import -------------------------------------------------------------------


def _coverage(assembler: _Assembler, kind: str) -> typing.Callable[[tuple[str, ...]], bool]:
    """Whether the spreadsheet has every column and sheet below a field (so may remove it)."""
    layout = [s for s in workbook_layout() if s.kind == kind]
    present_sheets = {r.sheet.path for r in assembler.read.sheets if r.sheet.kind == kind}
    leaves: list[tuple[tuple[str, ...], bool]] = []
    for sheet in layout:
        if sheet.path:
            leaves.append((sheet.path, sheet.path in present_sheets))
        if sheet.scalar:
            continue
        for column in sheet.columns:
            full = (*sheet.path, *column.path)
            leaves.append((full, (kind, sheet.path, column.path) in assembler.covered))

    def covered(path: tuple[str, ...]) -> bool:
        below = [ok for leaf, ok in leaves if leaf[: len(path)] == path]
        return bool(below) and all(below)

    return covered


def _same_data(draft: Draft, text: str) -> bool:
    """Whether the file holds what the sheet says (as the loader sees both)."""
    try:
        return draft.model.model_validate(
            values_of(text, draft.model)
        ) == draft.model.model_validate(draft.data)
    except (ValidationError, SourceProblem):
        return False


def import_spreadsheet(
    read: ReadResult,
    root: Path,
    language: str,
    folders: Mapping[str, str],
    *,
    update: bool = False,
    messages: str | None = None,
) -> ImportReport:
    """Check the rows; if there is no problem, write the files. Nothing is written otherwise.

    ``language`` is the handbook's (of the files written); ``messages`` the language of
    the report, when another is asked for.
    """
    messages_language = messages or language
    report = ImportReport(notes=[note.text(messages_language) for note in read.notes])
    existing = {kind: _existing(root / folder) for kind, folder in folders.items()}
    assembler = _Assembler(
        read, messages_language, {kind: set(ids.values()) for kind, ids in existing.items()}
    )
    assembler.existing_names = {
        (kind, name): file_id for kind, ids in existing.items() for name, file_id in ids.items()
    }
    drafts = assembler.run()
    report.notes += assembler.notes
    # The sheets' own problems (unknown columns, rows without their client…) and the
    # files' problems are reported together: every problem in one run.
    report.problems = list(assembler.problems)
    flagged = {problem.split(": ", 1)[0] for problem in report.problems}
    flagged_sheets = {
        where.rpartition("!")[0] for where in flagged if re.search(r"![A-Z]+1$", where)
    }
    files = HandbookFiles(root, folders["client"], folders["industry"], language=messages_language)
    texts: dict[str, str] = {}
    bases: dict[str, str | None] = {}
    planned: dict[str, tuple[Outcome, str]] = {}
    coverage = {kind: _coverage(assembler, kind) for kind in ("client", "industry")}
    for draft in drafts.values():
        relative = draft.path(folders)
        fresh = new_file_text(draft.kind, draft.data, language)
        try:
            stored = files.read(relative)
        except Refused as exc:  # not UTF-8: said as `check` says it, nothing written
            report.problems.append(exc.text(messages_language))
            continue
        bases[relative] = stored.version if stored is not None else NEW
        if stored is None:
            texts[relative] = fresh
            planned[relative] = ("created", "")
            continue
        current = stored.text
        if update:
            text, changes = updated_text(
                draft.kind, draft.data, language, current, coverage[draft.kind]
            )
            texts[relative] = text
            detail = say("import_values_changed", count=changes).text(messages_language)
            planned[relative] = ("changed", detail) if changes else ("unchanged", "")
            continue
        texts[relative] = fresh  # checked as the sheet has it; written only with --update
        same = _same_data(draft, current)
        planned[relative] = (
            ("unchanged", "")
            if same
            else ("left alone", say("import_left_alone").text(messages_language))
        )
    by_path = {draft.path(folders): draft for draft in drafts.values()}

    def located(problems: typing.Iterable[Problem]) -> None:
        for problem in problems:
            draft = by_path.get(problem.path)
            if draft is None:
                report.problems.append(problem.text(messages_language))
                continue
            where = draft.where(problem.field)
            if where in flagged:
                continue  # the cell's problem is already said (a formula without value …)
            if problem.message.kind == "missing" and where.rpartition("!")[0] in flagged_sheets:
                continue  # the column is there under a name we did not know: said once, above
            report.problems.append(
                replace(problem, path=where, line=None, column=None).text(messages_language)
            )

    located(files.new_problems(texts))  # every row as the sheets have it
    if report.problems:
        return report
    # What is really written (files left alone stay as they are) is checked again by the
    # change itself, under the handbook's lock: every file or none, from the versions read.
    writes = {p: t for p, t in texts.items() if planned[p][0] in ("created", "changed")}
    try:
        if writes:
            files.change({path: Write(text, bases[path]) for path, text in writes.items()})
    except Refused as exc:  # changed meanwhile (a save in the form), a link, and the like
        if exc.status == 409:
            report.problems.append(say("import_changed_meanwhile").text(messages_language))
        if exc.problems:
            located(exc.problems)
        else:
            report.problems.append(exc.text(messages_language))
        return report
    except OSError as exc:
        where = exc.filename or root
        report.problems.append(
            say("import_write_failed", path=str(where), reason=exc.strerror or str(exc)).text(
                messages_language
            )
        )
        return report
    report.outcomes = [(path, *planned[path]) for path in sorted(planned)]
    return report


def _existing(folder: Path) -> dict[str, str]:
    """``name → id`` of the files already in ``folder`` (a row naming one updates it)."""
    found: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        try:
            data = values_of(decode(path.read_bytes()))
        except (OSError, SourceProblem):
            data = None
        name = data.get("name") if isinstance(data, dict) else None
        found[str(name) if name else f"\0{path.stem}"] = path.stem
    return found


def template_handbook(language: str) -> Handbook:
    """A handbook of one example client and industry: the template's example rows."""
    with tempfile.TemporaryDirectory(prefix="playbook-template-") as tmp:
        root = Path(tmp)
        for kind, folder in (("client", "clients"), ("industry", "industries")):
            text = (SCAFFOLDS / f"example-{kind}.{language}.yaml").read_text("utf-8")
            target = (
                root / folder / (f"example-{'client' if kind == 'client' else 'industry'}.yaml")
            )
            target.parent.mkdir(parents=True)
            target.write_text(text, encoding="utf-8")
        return load_handbook(root)
