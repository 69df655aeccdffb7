"""`playbook import SOURCE --map MAP`: an agency's own client list, through its column map.

When MAP does not exist, the list is read, a proposed map is written there, and nothing is
imported. When it exists, it is checked against the list (every problem located in the map,
nothing imported while there is one), the list's rows become the template's rows
(:mod:`generator.spreadsheets.mapped_rows`), and the import checks and writes them as it
does a template workbook: every problem at its cell, nothing written until there is none.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..format.wording import say
from ..writing.atomic import write_atomically
from .column_map import MapError, read_map
from .grids import read_grids
from .guesses import header_row
from .importer import ImportReport, _existing, import_spreadsheet
from .mapped_rows import mapped_read
from .proposal import proposal_summary, proposal_text, propose
from .targets import normalized


@dataclass
class MappedImport:
    """What the command shows: the proposal's lines (``report`` is ``None``), or the import."""

    lines: list[str] = field(default_factory=list)
    report: ImportReport | None = None


def known_industries(root: Path, folder: str) -> set[str]:
    """The handbook's industries as a list may name them: normalized names and ids."""
    found = _existing(root / folder)
    return {normalized(name) for name in found if name[:1] != "\0"} | set(found.values())


def import_through_map(
    source: Path,
    map_path: Path,
    root: Path,
    language: str,
    folders: Mapping[str, str],
    *,
    update: bool = False,
    messages: str | None = None,
) -> MappedImport:
    """Propose the map (MAP missing), or import SOURCE through it.

    Raises :class:`generator.spreadsheets.files.SpreadsheetError` for a file that is no
    spreadsheet, :class:`MapError` for a map that cannot be used.
    """
    said = messages or language
    grids = read_grids(source)
    if not map_path.exists():
        proposals, left_out = propose(grids, known_industries(root, folders["industry"]))
        lines = proposal_summary(proposals, left_out, source.name, str(map_path), said)
        if proposals:
            text = proposal_text(proposals, left_out, source.name, map_path.name, said)
            write_atomically(map_path, text)
        return MappedImport(lines)
    if map_path.is_dir():
        message = say("map_not_readable", detail=str(map_path)).text(said)
        raise MapError([f"{map_path.name}: {message}"])
    column_map = read_map(map_path, grids, said, source.name, header_row)
    read = mapped_read(column_map, root, folders)
    report = import_spreadsheet(read, root, language, folders, update=update, messages=said)
    return MappedImport(report=report)
