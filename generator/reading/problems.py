"""Problems in a handbook, as the user sees them.

A :class:`Problem` is one mistake in one file, located as precisely as we can:
``clients/acme.yaml:12:5: contacts[1].role: expected one of ...``. A
:class:`HandbookInvalid` carries every problem of every file at once. Anything
else that goes wrong is a bug and is allowed to look like one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from ..format.catalogs import catalog
from ..format.wording import Localized, Message, count_message, message_key, say

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
    """One located mistake in one file, worded when shown (:meth:`text`)."""

    path: str
    line: int | None
    column: int | None
    field: str
    message: Message
    severity: str = "error"
    label: Localized | None = dataclass_field(default=None, compare=False)
    """How the form names the field (``联系人 2 › 决策角色``), shown before a Chinese message."""

    def where(self) -> str:
        """``path:line:col:`` and the field path: machine-readable, the same in every language."""
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}:" + (f" {self.field}:" if self.field else "")

    def text(self, language: str = "en") -> str:
        """The whole line, the message in ``language`` (in Chinese after the field's label)."""
        label = self.label.text(language) if self.label is not None else ""
        kind = (
            message_key("problem_warning")
            if self.severity == "warning"
            else message_key("problem_error")
        )
        return say(
            kind,
            where=self.where(),
            label=label + catalog(language).text("colon") if label else "",
            message=self.message,
        ).text(language)

    def __str__(self) -> str:
        return self.text("en")

    def github_annotation(self, language: str = "en") -> str:
        """The same problem as a GitHub Actions workflow command."""
        props = f"file={self.path}"
        if self.line is not None:
            props += f",line={self.line}"
        if self.column is not None:
            props += f",col={self.column}"
        worded = self.message.text(language)
        message = f"{self.field}: {worded}" if self.field else worded
        message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        level = "error" if self.severity == "error" else "warning"
        return f"::{level} {props}::{message}"


def report(
    problems: Sequence[Problem],
    language: str = "en",
    summary: str = message_key("problems_found"),
) -> str:
    """Every problem on its line, then the count (``summary`` is the kind of that line)."""
    lines = [problem.text(language) for problem in problems]
    lines.append(count_message(summary, len(problems)).text(language))
    return "\n".join(lines)


class HandbookInvalid(Exception):
    """The handbook's files break the format; every problem found is attached."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: Sequence[Problem] = sorted(problems)
        super().__init__(self.report())

    def report(self, language: str = "en") -> str:
        return report(self.problems, language, message_key("nothing_built"))
