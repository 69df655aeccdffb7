"""The proposed column map: what `playbook import SOURCE --map MAP` writes when MAP does
not exist yet, and what it prints about it.

For every sheet with a header that names a field (:mod:`generator.spreadsheets.guesses`),
the proposal gives the header's row, every column (mapped, or ``~`` when left out), and a
``values`` entry for every word of a choice column that the format does not read by itself
(``A类: A``). Each guess and each column left out carries a comment, marked ``?``.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from ..format.wording import message_key, say
from ..reading.yamlsource import SourceProblem, parse
from .grids import Grid
from .guesses import ChoiceGuess, Guess, choice_words, guess_choice, guess_target, header_row
from .targets import Header, Target, header_text, headers, normalized, targets

COMMENT_COLUMN = 36
"""Where the comments of the map's lines start (when the line leaves room)."""


@dataclass
class ColumnProposal:
    header: Header
    guess: Guess


@dataclass
class SheetProposal:
    """One sheet's proposed map."""

    grid: Grid
    header_row: int
    columns: list[ColumnProposal]
    data_rows: int
    values: dict[str, list[tuple[str, ChoiceGuess]]] = field(default_factory=dict)
    """Target name → ``(word, what it is taken for)`` of each word that needs an entry."""
    new_industries: list[str] = field(default_factory=list)

    @property
    def matched(self) -> list[ColumnProposal]:
        return [c for c in self.columns if c.guess.target is not None]

    def required_without_column(self) -> list[str]:
        """Required fields of the files this sheet describes that no column gives."""
        mapped = {c.guess.target.name for c in self.matched if c.guess.target is not None}
        kinds = {
            c.guess.target.sheet.kind
            for c in self.matched
            if c.guess.target is not None and c.guess.target.of_file
        }
        return [
            target.name
            for target in targets().values()
            if target.of_file
            and target.sheet.kind in kinds
            and target.column.required
            and target.column.key != "id"  # made from the name
            and target.name not in mapped
        ]


def _claimed(guesses: list[ColumnProposal]) -> None:
    """One column per field: sure guesses first, then guesses, each in the sheet's order; a
    later column whose field is taken is left out and says by which column."""
    taken: dict[str, str] = {}
    for sure in (True, False):
        for proposal in guesses:
            target = proposal.guess.target
            if target is None or proposal.guess.sure is not sure:
                continue
            if target.name in taken:
                why = say("proposal_why_taken", target=target.name, other=taken[target.name])
                proposal.guess = Guess(None, False, why)
            else:
                taken[target.name] = proposal.header.name


def _column_cells(grid: Grid, row: int, column: int) -> list[Any]:
    rows = grid.filled_below(row)
    return [
        r[column - 1] for r in rows[row:] if column <= len(r) and r[column - 1] not in (None, "")
    ]


def propose_sheet(grid: Grid, industries: set[str]) -> SheetProposal:
    """The proposed map of one sheet (``industries``: normalized names and ids of the
    handbook's industries)."""
    row = header_row(grid)
    columns = [ColumnProposal(h, guess_target(h.text)) for h in headers(grid, row)]
    _claimed(columns)
    data_rows = sum(1 for r in grid.rows[row:] if any(v not in (None, "") for v in r))
    proposal = SheetProposal(grid, row, columns, data_rows)
    for column in proposal.matched:
        target = column.guess.target
        assert target is not None
        cells = _column_cells(grid, row, column.header.column)
        if target.enum is not None:
            words: dict[str, tuple[str, ChoiceGuess]] = {}
            for cell in cells:
                for text in choice_words(cell, target.column.many):
                    guess = guess_choice(text, target.enum)
                    if not guess.understood:
                        words.setdefault(normalized(text), (text, guess))
            if words:
                proposal.values[target.name] = list(words.values())
        if target.name == "clients.industry":
            names = dict.fromkeys(header_text(cell) for cell in cells)
            proposal.new_industries = [
                name for name in names if name and normalized(name) not in industries
            ]
    return proposal


def _ties_rows_to_clients(proposals: list[SheetProposal]) -> None:
    """In a list of several sheets (客户, 联系人), a sheet whose only field of the client is
    its name, beside one list's fields (a contact's), names the client of each row: its
    name column is that list's key (``contacts.client``), not a client of its own."""
    every = targets()
    describing = [
        p for p in proposals if any(_client_field(c) not in (None, "name") for c in p.matched)
    ]
    if not describing:
        return
    for proposal in proposals:
        if proposal in describing:
            continue
        names = [c for c in proposal.matched if _client_field(c) == "name"]
        lists = {
            c.guess.target.sheet.name
            for c in proposal.matched
            if c.guess.target is not None and c.guess.target.sheet.path
        }
        if len(names) == 1 and len(lists) == 1:
            key = every[f"{lists.pop()}.client"]
            why = say("proposal_why_owner")
            names[0].guess = Guess(key, False, why)


def _client_field(column: ColumnProposal) -> str | None:
    target = column.guess.target
    if target is None or target.sheet.name != "clients":
        return None
    return target.column.key


def propose(grids: list[Grid], industries: set[str]) -> tuple[list[SheetProposal], list[Grid]]:
    """``(proposals of the sheets with a column that names a field, the other sheets)``."""
    proposals, left_out = [], []
    for grid in grids:
        if grid.is_empty():
            continue
        proposal = propose_sheet(grid, industries)
        (proposals if proposal.matched else left_out).append(proposal)
    _ties_rows_to_clients(proposals)
    return proposals, [p.grid for p in left_out]


# --- the map's text -----------------------------------------------------------------------


def yaml_key(text: str) -> str:
    """``text`` as a YAML key that reads back as exactly that text (quoted if need be)."""
    try:
        if parse(f"{text}: x\n").data == {text: "x"}:
            return text
    except SourceProblem:
        pass
    return json.dumps(text, ensure_ascii=False)


def _width(text: str) -> int:
    """Columns ``text`` takes in a monospaced editor (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _line(text: str, comment: str = "") -> str:
    """A line of the map, its comment lined up with the others' when the line leaves room."""
    if not comment:
        return text
    padding = " " * max(COMMENT_COLUMN - _width(text), 0)
    return f"{text}{padding}  # {comment}"


def _comment_lines(text: str) -> list[str]:
    return [f"# {line}".rstrip() for line in text.splitlines()]


def proposal_text(
    proposals: list[SheetProposal],
    left_out: list[Grid],
    source: str,
    map_name: str,
    language: str,
) -> str:
    """The proposed map, commented in ``language``."""
    lines = _comment_lines(say("proposal_head", source=source, map=map_name).text(language))
    if left_out:
        sheets = ", ".join(g.name for g in left_out)
        lines += _comment_lines(
            say("proposal_left_out_sheets_comment", sheets=sheets).text(language)
        )
    lines.append("sheets:")
    for proposal in proposals:
        lines.append(f"  {yaml_key(proposal.grid.name)}:")
        lines.append(
            _line(
                f"    header_row: {proposal.header_row}",
                say("proposal_header_comment").text(language),
            )
        )
        lines.append("    columns:")
        for column in proposal.columns:
            key = f"      {yaml_key(column.header.name)}: "
            guess = column.guess
            if guess.target is None:
                comment = (
                    guess.why.text(language)
                    if guess.why
                    else say("proposal_left_out_comment").text(language)
                )
                lines.append(_line(key + "~", comment))
            elif guess.sure:
                lines.append(key + guess.target.name)
            else:
                why = guess.why.text(language) if guess.why else ""
                lines.append(
                    _line(
                        key + guess.target.name,
                        say("proposal_guess_comment", why=why).text(language),
                    )
                )
        if proposal.values:
            lines.append("    values:")
        for target_name, words in proposal.values.items():
            lines.append(f"      {target_name}:")
            for text, guess in words:
                key = f"        {yaml_key(text)}: "
                if guess.value is None:
                    choices = _choices_of(proposal, target_name)
                    lines.append(
                        _line(
                            "        # " + key.strip() + " ",
                            say("proposal_value_open_comment", choices=choices).text(language),
                        )
                    )
                elif guess.sure:
                    lines.append(key + yaml_key(guess.value))
                else:
                    guessed = say("proposal_value_guess_comment").text(language)
                    lines.append(_line(key + yaml_key(guess.value), guessed))
        missing = proposal.required_without_column()
        if missing:
            lines += [
                "    " + line
                for line in _comment_lines(
                    say("proposal_required_comment", fields=", ".join(missing)).text(language)
                )
            ]
        if proposal.new_industries:
            names = ", ".join(proposal.new_industries)
            lines += [
                "    " + line
                for line in _comment_lines(
                    say("proposal_new_industries_comment", names=names).text(language)
                )
            ]
    return "\n".join(lines) + "\n"


def _choices_of(proposal: SheetProposal, target_name: str) -> str:
    target = _target_named(proposal, target_name)
    enum = target.enum if target is not None else None
    return ", ".join(member.value for member in enum) if enum is not None else ""


def _target_named(proposal: SheetProposal, name: str) -> Target | None:
    for column in proposal.matched:
        if column.guess.target is not None and column.guess.target.name == name:
            return column.guess.target
    return None


def proposal_summary(
    proposals: list[SheetProposal],
    left_out: list[Grid],
    source: str,
    map_name: str,
    language: str,
) -> list[str]:
    """What the command prints after writing the proposal: per sheet, what matched, what
    is a guess, what is left out, and the values and industries to check."""
    if not proposals:
        return [say("proposal_no_sheet", source=source).text(language)]
    lines = [say("proposal_written", map=map_name).text(language)]
    for proposal in proposals:
        lines.append(
            say(
                "proposal_sheet",
                where=proposal.grid.label,
                row=proposal.header_row,
                rows=proposal.data_rows,
            ).text(language)
        )
        sure = [c for c in proposal.matched if c.guess.sure]
        unsure = [c for c in proposal.matched if not c.guess.sure]
        unmatched = [c for c in proposal.columns if c.guess.target is None]
        for key, group in (
            (message_key("proposal_matched"), sure),
            (message_key("proposal_unsure"), unsure),
        ):
            if group:
                shown = ", ".join(
                    f"{c.header.name} → {c.guess.target.name}" for c in group if c.guess.target
                )
                lines.append(say(key, columns=shown).text(language))
        if unmatched:
            shown = ", ".join(c.header.name for c in unmatched)
            lines.append(say("proposal_unmatched", columns=shown).text(language))
        found = [
            f"{text} → {guess.value}" + ("?" if not guess.sure else "")
            for words in proposal.values.values()
            for text, guess in words
            if guess.value is not None
        ]
        if found:
            lines.append(say("proposal_values", values=", ".join(found)).text(language))
        open_words = [
            f"{target}: {text}"
            for target, words in proposal.values.items()
            for text, guess in words
            if guess.value is None
        ]
        if open_words:
            values = ", ".join(open_words)
            lines.append(say("proposal_values_open", values=values, map=map_name).text(language))
        if proposal.new_industries:
            names = ", ".join(proposal.new_industries)
            lines.append(say("proposal_new_industries", names=names).text(language))
        missing = proposal.required_without_column()
        if missing:
            fields = ", ".join(missing)
            lines.append(say("proposal_required_missing", fields=fields).text(language))
    if left_out:
        sheets = ", ".join(g.name for g in left_out)
        lines.append(say("proposal_left_out_sheets", sheets=sheets).text(language))
    lines.append(say("proposal_next", source=source, map=map_name).text(language))
    return lines
