"""Problems in a handbook, as the user sees them.

A :class:`Problem` is one mistake in one file, located as precisely as we can:
``clients/acme.yaml:12:5: contacts[1].role: expected one of ...``. A
:class:`HandbookInvalid` carries every problem of every file at once. Anything
else that goes wrong is a bug and is allowed to look like one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Loc = tuple[str | int, ...]


def format_loc(loc: Loc) -> str:
    """``("contacts", 2, "reports_to")`` → ``contacts[2].reports_to``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass(frozen=True, order=True)
class Problem:
    """One located mistake in one file."""

    path: str
    line: int | None
    column: int | None
    field: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {self.field}:" if self.field else ""
        level = " warning:" if self.severity == "warning" else ""
        return f"{where}:{field}{level} {self.message}"

    def github_annotation(self) -> str:
        """The same problem as a GitHub Actions workflow command."""
        props = f"file={self.path}"
        if self.line is not None:
            props += f",line={self.line}"
        if self.column is not None:
            props += f",col={self.column}"
        message = f"{self.field}: {self.message}" if self.field else self.message
        message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        level = "error" if self.severity == "error" else "warning"
        return f"::{level} {props}::{message}"


class HandbookInvalid(Exception):
    """The handbook's files break the format; every problem found is attached."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: Sequence[Problem] = sorted(problems)
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        lines = [str(problem) for problem in self.problems]
        lines.append(f"{count} problem{'s' if count != 1 else ''} found; nothing was built.")
        return "\n".join(lines)
