"""Loading a handbook: every file of ``clients/`` and ``industries/``, every problem, located.

``load_handbook(root)`` returns a :class:`Handbook` or raises
:class:`~generator.reading.problems.HandbookInvalid` listing all problems of all files.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

from ..format.model import SLUG_RE, Client, Industry
from ..format.wording import Message, did_you_mean, say
from .explain import explain, field_label, found, text_wanted_at
from .problems import HandbookInvalid, Loc, Problem, format_loc
from .yamlsource import SourceProblem, YamlDocument, compose, decode, parse

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Entry(Generic[M]):
    """A validated file: its id (the file's stem), its repository-relative path, its data."""

    id: str
    path: str
    data: M


@dataclass(frozen=True)
class Withheld:
    """A contact who left the client's company: the personal data the files still hold of
    them is left out of the build (see :func:`~generator.reading.redaction.without_departed`)."""

    client_id: str
    path: str
    index: int
    """Their place in the client's ``contacts``."""
    name: str
    left: dt.date


@dataclass
class Handbook:
    """Every client and industry of a handbook, validated and cross-checked, sorted by id."""

    root: Path
    clients: dict[str, Entry[Client]] = field(default_factory=dict)
    industries: dict[str, Entry[Industry]] = field(default_factory=dict)
    withheld: tuple[Withheld, ...] = ()
    """Contacts whose personal data was left out because they left (health asks to remove it)."""

    def clients_in(self, industry_id: str) -> list[Entry[Client]]:
        return self._by_industry.get(industry_id, [])

    @cached_property
    def _by_industry(self) -> dict[str, list[Entry[Client]]]:
        """Clients grouped by industry in one pass (not one scan per industry page)."""
        groups: dict[str, list[Entry[Client]]] = {}
        for entry in self.clients.values():
            groups.setdefault(entry.data.industry, []).append(entry)
        return groups


@dataclass
class _Source:
    path: str
    text: str
    document: YamlDocument | None = None

    def problem(
        self, loc: Loc, message: Message, *, at_key: bool = False, model: type[BaseModel] = Client
    ) -> Problem:
        line = column = None
        if self.document is not None:
            position = self.document.key_position(loc) if at_key else None
            if position is None:
                line, column, _ = self.document.position(loc)
            else:
                line, column = position
        return Problem(
            self.path, line, column, format_loc(loc), message, label=field_label(model, loc)
        )


class _Collector:
    def __init__(self, root: Path, pending: Mapping[str, str | None] | None = None):
        self.root = root
        self.problems: list[Problem] = []
        self.pending = dict(pending or {})
        """Texts about to be written (``None``: about to be deleted), by relative path."""

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def problems_of(self, relative: str) -> list[Problem]:
        return [problem for problem in self.problems if problem.path == relative]

    def file_problem(self, relative: str, message: Message) -> None:
        """A problem with the file as a whole (its name, its kind), not with a line in it."""
        self.add(Problem(relative, None, None, "", message))

    def files(self, folder: str) -> Iterator[tuple[str, Path]]:
        """``(id, path)`` of each ``*.yaml`` file in ``folder``; misnamed files are problems."""
        directory = self.root / folder
        names = {p.name for p in directory.iterdir()} if directory.is_dir() else set()
        names |= {r.rpartition("/")[2] for r in self.pending if r.rpartition("/")[0] == folder}
        root = self.root.resolve()
        for path in sorted(directory / name for name in names):
            relative = f"{folder}/{path.name}"
            if relative in self.pending and self.pending[relative] is None:
                continue  # about to be deleted
            if path.name.startswith(".") or path.is_dir():
                continue
            if path.suffix == ".yml":
                self.file_problem(relative, say("wrong_extension"))
                continue
            if path.suffix != ".yaml":
                continue
            if path.is_symlink() and not path.resolve().is_relative_to(root):
                self.file_problem(relative, say("link_outside"))
                continue
            stem = path.stem
            if not SLUG_RE.match(stem):
                self.file_problem(relative, say("bad_file_name", suggestion=_suggest_id(stem)))
                continue
            yield stem, path

    def read(self, path: Path, relative: str, model: type[BaseModel] = Client) -> _Source | None:
        try:
            pending = self.pending.get(relative)
            text = pending if pending is not None else decode(path.read_bytes())
            source = _Source(relative, text)
            source.document = parse(text)
        except SourceProblem as exc:
            label = field_label(model, exc.loc)
            self.add(
                Problem(
                    relative, exc.line, exc.column, format_loc(exc.loc), exc.message, label=label
                )
            )
            return None
        except OSError as exc:
            self.file_problem(relative, say("cannot_read", reason=exc.strerror))
            return None
        if not isinstance(source.document.data, dict):
            data = source.document.data
            self.add(
                source.problem(
                    (), say("file_not_fields", type_name=type(data).__name__, got=found(data))
                )
            )
            return None
        return source

    def validate(self, model: type[M], source: _Source) -> M | None:
        assert source.document is not None
        try:
            return _with_text_as_written(model, source.document)
        except ValidationError as exc:
            for loc, message, at_key in explain(model, exc):
                self.add(source.problem(loc, message, at_key=at_key, model=model))
            return None


def values_of(text: str, model: type[BaseModel] = Client) -> object:
    """A file's values as the loader reads them (YAML 1.2; where the format wants text, a
    plain value is its text as written: ``phone: 02161234567`` keeps its 0).

    The reading the form, the import and ``forget`` compare and change files with, so that
    they see the values the build sees. Raises :class:`SourceProblem` for a text that is not
    YAML; values that break other rules are returned as read (the check reports them).
    """
    document = parse(text)
    with contextlib.suppress(ValidationError):  # other rules are the check's to report
        _with_text_as_written(model, document)
    return document.data


def _with_text_as_written(model: type[M], document: YamlDocument) -> M:
    """The file's model; where the format wants text, a plain value is the text as written
    (`0755`, `1e3`, `2026-03-01` in a text field): the writing is taken and checked again.
    Raises the last :class:`ValidationError`."""
    while True:
        try:
            return model.model_validate(document.data)
        except ValidationError as exc:
            if not document.keep_text_as_written(text_wanted_at(model, exc)):
                raise


def _suggest_id(stem: str) -> str:
    cleaned = "".join(c if c.isascii() and c.isalnum() else "-" for c in stem.lower()).strip("-")
    cleaned = "-".join(part for part in cleaned.split("-") if part)
    return cleaned[:64] or "client-name"


@dataclass
class LoadCache:
    """Validated files of earlier loads, by path, with a digest of the bytes they had.

    ``playbook serve`` keeps one across rebuilds, so a save re-parses and re-checks only
    the files that changed; every rule across files is still checked on every load. The
    key is the content, not (mtime, size): an edit of the same size within the file
    system's clock resolution, or one whose mtime was put back, keeps both.
    """

    models: dict[str, tuple[bytes, BaseModel]] = field(default_factory=dict)


def _digest(path: Path) -> bytes | None:
    """A digest of the file's bytes; None when it cannot be read (the read reports why)."""
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
    except OSError:
        return None


def _validated(
    collector: _Collector, model: type[M], path: Path, relative: str, cache: LoadCache | None
) -> tuple[M | None, _Source | None]:
    """The file's model (from ``cache`` when the file is unchanged) and its source if read."""
    if cache is not None and relative in collector.pending:
        cache = None  # a text not yet on disk: never from, nor into, the cache
    stamp = _digest(path) if cache is not None else None
    if cache is not None and stamp is not None:
        hit = cache.models.get(relative)
        if hit is not None and hit[0] == stamp and isinstance(hit[1], model):
            return hit[1], None
    source = collector.read(path, relative, model)
    if source is None:
        return None, None
    data = collector.validate(model, source)
    # Kept only when the file still has the bytes digested: a save between the digest and
    # the read would otherwise file the new text's model under the old text's digest.
    if data is not None and cache is not None and stamp is not None and _digest(path) == stamp:
        cache.models[relative] = (stamp, data)
    return data, source


def load_handbook(
    root: Path,
    clients_dir: str = "clients",
    industries_dir: str = "industries",
    cache: LoadCache | None = None,
    pending: Mapping[str, str | None] | None = None,
) -> Handbook:
    """Load and check every file; raise :class:`HandbookInvalid` with all problems found.

    ``pending`` checks changes before they are made: texts by repository-relative path
    (``None`` for a file about to be deleted) stand in for what is on disk, so a save is
    checked exactly as ``playbook check`` will see it, in the context of every other file.
    """
    collector = _Collector(root, pending)
    handbook = Handbook(root)
    industry_ids: set[str] = set()
    for industry_id, path in collector.files(industries_dir):
        industry_ids.add(industry_id)
        relative = f"{industries_dir}/{path.name}"
        industry, _ = _validated(collector, Industry, path, relative, cache)
        if industry is not None:
            handbook.industries[industry_id] = Entry(industry_id, relative, industry)

    names: dict[str, str] = {}
    for client_id, path in collector.files(clients_dir):
        relative = f"{clients_dir}/{path.name}"
        client, source = _validated(collector, Client, path, relative, cache)
        if client is None:
            # Its fields have problems; still check what it says of other files (its
            # industry, its name), so that all of them are reported in one run.
            raw = source.document.data if source and source.document else None
            if isinstance(raw, dict) and source is not None:
                flagged = {
                    p.field.split(".")[0].split("[")[0] for p in collector.problems_of(relative)
                }
                for loc, message in _cross_file_problems(
                    raw.get("industry") if "industry" not in flagged else None,
                    raw.get("name") if "name" not in flagged else None,
                    relative,
                    industries_dir,
                    industry_ids,
                    names,
                ):
                    collector.add(source.problem(loc, message))
            continue
        problems: list[tuple[Loc, Message]] = list(check_client(client))
        problems += _cross_file_problems(
            client.industry, client.name, relative, industries_dir, industry_ids, names
        )
        if problems:
            # A cached file has no node graph at hand: read it again to locate the problems.
            source = source or collector.read(path, relative)
            for loc, message in problems:
                collector.add(
                    source.problem(loc, message)
                    if source
                    else Problem(
                        relative,
                        None,
                        None,
                        format_loc(loc),
                        message,
                        label=field_label(Client, loc),
                    )
                )
            continue
        handbook.clients[client_id] = Entry(client_id, relative, client)

    if collector.problems:
        raise HandbookInvalid(collector.problems)
    return handbook


def _cross_file_problems(
    industry: object,
    name: object,
    relative: str,
    industries_dir: str,
    industry_ids: set[str],
    names: dict[str, str],
) -> list[tuple[Loc, Message]]:
    """A client's references to other files: its industry exists, its name is its own.

    ``names`` (name → first file) is filled in as files are checked.
    """
    problems: list[tuple[Loc, Message]] = []
    if isinstance(industry, str) and industry not in industry_ids:
        problems.append(
            (
                ("industry",),
                say(
                    "unknown_industry",
                    industry=industry,
                    folder=industries_dir,
                    hint=did_you_mean(industry, industry_ids),
                ),
            )
        )
    if isinstance(name, str):
        first = names.get(name)
        if first is not None:
            problems.append((("name",), say("name_taken", name=name, first=first)))
        else:
            names[name] = relative
    return problems


def check_client(client: Client) -> Iterator[tuple[Loc, Message]]:
    """Rules within one client file that a field type alone cannot state."""
    contact_index: dict[str, int] = {}
    for i, contact in enumerate(client.contacts):
        if contact.id in contact_index:
            first = contact_index[contact.id]
            yield (
                ("contacts", i, "id"),
                say("contact_id_taken", id=contact.id, index=first, number=first + 1),
            )
        else:
            contact_index[contact.id] = i
    for i, contact in enumerate(client.contacts):
        if contact.reports_to is not None and contact.reports_to not in contact_index:
            yield (
                ("contacts", i, "reports_to"),
                say(
                    "no_such_contact",
                    id=contact.reports_to,
                    hint=did_you_mean(contact.reports_to, contact_index),
                ),
            )
    yield from _reporting_cycles(client)

    project_index: dict[str, int] = {}
    for i, project in enumerate(client.projects):
        if project.id in project_index:
            first = project_index[project.id]
            yield (
                ("projects", i, "id"),
                say("project_id_taken", id=project.id, index=first, number=first + 1),
            )
        else:
            project_index[project.id] = i
        if project.start and project.end and project.end < project.start:
            yield (
                ("projects", i, "end"),
                say(
                    "end_before_start", end=project.end.isoformat(), start=project.start.isoformat()
                ),
            )
    for i, lesson in enumerate(client.lessons):
        if lesson.project is not None and lesson.project not in project_index:
            yield (
                ("lessons", i, "project"),
                say(
                    "no_such_project",
                    id=lesson.project,
                    hint=did_you_mean(lesson.project, project_index),
                ),
            )
    for i, date in enumerate(client.dates):
        if date.contact is not None and date.contact not in contact_index:
            yield (
                ("dates", i, "contact"),
                say(
                    "no_such_contact",
                    id=date.contact,
                    hint=did_you_mean(date.contact, contact_index),
                ),
            )


def _reporting_cycles(client: Client) -> Iterator[tuple[Loc, Message]]:
    boss = {c.id: c.reports_to for c in client.contacts if c.reports_to}
    index = {c.id: i for i, c in reversed(list(enumerate(client.contacts)))}
    reported: set[str] = set()
    for start in boss:
        seen: list[str] = []
        current: str | None = start
        while current is not None and current not in seen and current in boss:
            seen.append(current)
            current = boss[current]
        if current is not None and current in seen:
            cycle = seen[seen.index(current) :]
            key = min(cycle)
            if key in reported:
                continue
            reported.add(key)
            chain = " → ".join([*cycle, current])
            yield (("contacts", index[cycle[0]], "reports_to"), say("reporting_cycle", chain=chain))


class Locator:
    """Line and column of fields in (valid) files, for warnings; each file is parsed once."""

    def __init__(self, root: Path):
        self.root = root
        self._documents: dict[str, YamlDocument] = {}

    def __call__(self, path: str, loc: Loc) -> tuple[int | None, int | None]:
        document = self._documents.get(path)
        if document is None:
            document = compose(decode((self.root / path).read_bytes()))
            self._documents[path] = document
        line, column, _ = document.position(loc)
        return line, column
