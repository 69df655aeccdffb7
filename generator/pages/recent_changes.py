"""What changed lately, in the form's words, read from git: for the 最近更新 page and its
feed (:mod:`generator.pages.changes`), the client pages' history and the "new since your
last visit" dates of the at-a-glance box.

Read from git in a bounded window: the last :data:`COMMITS` commits touching the data
folders (``git log -n``), at most :data:`FILE_CHANGES` file versions of them, their old and
new blobs in one ``git cat-file --batch``. The two versions are parsed as YAML and compared
field by field, the model naming each field (``联系人 唐丽 › 职务 修改``). The cost is that
of the window, never of the repository's history.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import types
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Union, get_args, get_origin

import yaml
from pydantic import BaseModel

from ..format.labels import Translator, label_key
from ..format.model import PERSONAL_FIELDS, Client, Industry
from ..reading.yamlsource import decode, parse
from .freshness import (
    RECORD,
    UNIT,
    Change,
    Edit,
    FileChange,
    RepoHistory,
    _git,
    _git_environment,
)

COMMITS = 50
"""How many of the latest commits touching the data files are read."""
FILE_CHANGES = 200
"""How many file versions of those commits are compared at most (a commit may touch all)."""
PAGE_DATES_COMMITS = 500
"""How many of the latest commits touching the docs give hand-written pages their date."""
SHOWN_EDITS = 8
"""How many edits of one file one change lists before saying how many more there are."""
VALUE_LENGTH = 40
"""How long a value quoted in a change may be before it is cut."""
FEED = "changes/feed.xml"
NO_BLOB = "0" * 40
_NAME_FIELDS = ("name", "title", "period", "summary", "goal")
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)
"""libyaml's safe loader, when PyYAML has it: old versions need only be read, not checked."""


# -- reading -----------------------------------------------------------------------------


def read_recent(
    root: Path,
    folders: dict[str, type[BaseModel]],
    commits: int = COMMITS,
    file_changes: int = FILE_CHANGES,
) -> tuple[FileChange, ...]:
    """The changes of the last ``commits`` commits to the YAML files under ``folders``
    (folder → the model of its files), newest first, each compared with its version before.

    Raises ``RuntimeError`` when git fails (no commit yet, not a repository).
    """
    present = [folder for folder in folders if (root / folder).is_dir()]
    if not present:
        return ()
    log = _git(
        root,
        "log",
        f"-n{commits}",
        "--relative",
        "--no-renames",
        "--raw",
        "--no-abbrev",
        f"--format={RECORD}%H{UNIT}%aI{UNIT}%an{UNIT}%s",
        "--",
        *present,
    )
    versions: list[tuple[Change, str, str, str]] = []
    for record in log.split(RECORD)[1:]:
        head, _, rest = record.partition("\n")
        commit, when, author, subject = head.split(UNIT, 3)
        change = Change(dt.datetime.fromisoformat(when), author, subject, commit)
        for line in rest.splitlines():
            if not line.startswith(":") or "\t" not in line:
                continue
            meta, _, path = line.partition("\t")
            parts = meta.split()
            if len(parts) < 5 or not path.endswith((".yaml", ".yml")):
                continue
            versions.append((change, path, parts[2], parts[3]))
        if len(versions) >= file_changes:
            break
    versions = versions[:file_changes]
    blobs = _read_blobs(root, {sha for _, _, *shas in versions for sha in shas} - {NO_BLOB})
    recent = []
    for change, path, old, new in versions:
        if new == NO_BLOB:
            continue  # the file was removed: it has no page to link
        model = next(
            (
                model
                for folder, model in folders.items()
                if path.startswith(folder.rstrip("/") + "/")
            ),
            None,
        )
        if model is None:
            continue
        edits = compare(_load(blobs.get(old)) if old != NO_BLOB else None, _load(blobs[new]), model)
        if edits:
            recent.append(FileChange(change, path, edits))
    return tuple(recent)


def _read_blobs(root: Path, shas: Iterable[str]) -> dict[str, bytes]:
    """The contents of the blobs ``shas``, in one ``git cat-file --batch``."""
    wanted = sorted(shas)
    if not wanted:
        return {}
    result = subprocess.run(
        ["git", "-C", str(root), "cat-file", "--batch"],
        input="".join(f"{sha}\n" for sha in wanted).encode(),
        capture_output=True,
        check=True,
        env=_git_environment(),
    )
    out, blobs, at = result.stdout, {}, 0
    while at < len(out):
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if len(header) < 3 or header[1] != b"blob":  # "<sha> missing"
            continue
        size = int(header[2])
        blobs[header[0].decode()] = out[at : at + size]
        at += size + 1
    return blobs


def _load(raw: bytes | None) -> Any:
    """A version's data (``None``: not there, or not YAML one can read)."""
    if raw is None:
        return None
    try:
        text = decode(raw)
        if _FAST_LOADER is not None and "&" not in text:  # no anchors: nothing to expand
            return yaml.load(text, Loader=_FAST_LOADER)
        return parse(text).data  # the handbook's own checks of anchors and depth
    except Exception:  # a version that did not parse is compared as a whole
        return None


def read_page_dates(docs: Path, commits: int = PAGE_DATES_COMMITS) -> dict[str, dt.datetime]:
    """When each page under ``docs`` last changed (its path in the docs → the commit's
    date), from the last ``commits`` commits touching it: a page not changed in those has
    none. Empty without git."""
    try:
        log = _git(
            docs,
            "log",
            f"-n{commits}",
            "--relative",
            "--name-only",
            f"--format={RECORD}%aI",
            "--",
            ".",
        )
    except (RuntimeError, OSError):
        return {}
    dates: dict[str, dt.datetime] = {}
    for record in log.split(RECORD)[1:]:
        head, _, names = record.partition("\n")
        when = dt.datetime.fromisoformat(head.strip())
        for name in names.splitlines():
            if name and name not in dates:
                dates[name] = when
    return dates


# -- comparing ---------------------------------------------------------------------------


def _shape(annotation: Any) -> tuple[bool, type[BaseModel] | None]:
    """Whether a field holds a list, and the record (model) it or its entries are."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        for arg in get_args(annotation):
            if arg is not type(None):
                shape = _shape(arg)
                if shape != (False, None):
                    return shape
        return False, None
    if origin is list:
        (item,) = get_args(annotation) or (None,)
        return True, item if isinstance(item, type) and issubclass(item, BaseModel) else None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return False, annotation
    return False, None


def _name_of(item: Any) -> str | None:
    if isinstance(item, dict):
        for name in _NAME_FIELDS:
            if isinstance(item.get(name), str) and item[name].strip():
                return item[name]
    return None


def _key_of(item: Any) -> object:
    if isinstance(item, dict):
        if item.get("id") is not None:
            return ("id", str(item["id"]))
        name = _name_of(item)
        if name is not None:
            return ("name", name)
    return None


def _is_birthday(item: Any) -> bool:
    return isinstance(item, dict) and item.get("kind") == "birthday"


def compare(old: Any, new: Any, model: type[BaseModel]) -> tuple[Edit, ...]:
    """The differences between two versions of a file of ``model``, in the format's terms."""
    if new is None:
        return (Edit("changed"),) if old is not None else ()
    if old is None:
        return (Edit("created"),)
    if not isinstance(old, dict) or not isinstance(new, dict):
        return (Edit("changed"),) if old != new else ()
    return tuple(_compare_record(old, new, model, (), False))


def _compare_record(
    old: dict,
    new: dict,
    model: type[BaseModel],
    where: tuple[tuple[str, str, str | None], ...],
    personal: bool,
) -> Iterable[Edit]:
    fields = model.model_fields
    names = [name for name in fields if name in old or name in new]
    names += [name for name in [*new, *old] if name not in fields and name not in names]
    for name in dict.fromkeys(names):
        before, after = old.get(name), new.get(name)
        if before == after:
            continue
        info = fields.get(name)
        many, record = _shape(info.annotation) if info is not None else (False, None)
        mine = personal or (model.__name__ == "Contact" and name in PERSONAL_FIELDS)
        step = (model.__name__, str(name), None)
        if (
            record is not None
            and many
            and isinstance(before or [], list)
            and isinstance(after or [], list)
        ):
            yield from _compare_records(before or [], after or [], record, where, step, mine, name)
        elif (
            record is not None
            and not many
            and isinstance(before or {}, dict)
            and isinstance(after or {}, dict)
        ):
            yield from _compare_record(before or {}, after or {}, record, (*where, step), mine)
        elif many and isinstance(before or [], list) and isinstance(after or [], list):
            yield from _compare_values(before or [], after or [], (*where, step), mine)
        elif before is None:
            yield Edit("added", (*where, step), personal=mine)
        elif after is None:
            yield Edit("removed", (*where, step), personal=mine)
        else:
            yield Edit("changed", (*where, step), personal=mine)


def _compare_records(
    old: list,
    new: list,
    record: type[BaseModel],
    where: tuple[tuple[str, str, str | None], ...],
    step: tuple[str, str, str | None],
    personal: bool,
    field: str,
) -> Iterable[Edit]:
    """Entries of a list of records: matched by their id, else their name, else equal."""
    unmatched = list(range(len(old)))
    pairs: list[tuple[int | None, int]] = []
    for index, item in enumerate(new):
        key = _key_of(item)
        found = next(
            (
                i
                for i in unmatched
                if (key is not None and _key_of(old[i]) == key) or old[i] == item
            ),
            None,
        )
        if found is not None:
            unmatched.remove(found)
        pairs.append((found, index))
    model, name, _ = step
    for found, index in pairs:
        item = new[index]
        mine = personal or (field == "dates" and _is_birthday(item))
        if found is None:
            yield Edit("added", (*where, step), None if mine else _name_of(item), mine)
        elif old[found] != item and isinstance(item, dict) and isinstance(old[found], dict):
            mine = mine or (field == "dates" and _is_birthday(old[found]))
            label = None if mine else _name_of(item) or str(index + 1)
            yield from _compare_record(
                old[found], item, record, (*where, (model, name, label)), mine
            )
    for i in unmatched:
        mine = personal or (field == "dates" and _is_birthday(old[i]))
        yield Edit("removed", (*where, step), None if mine else _name_of(old[i]), mine)


def _compare_values(
    old: list, new: list, where: tuple[tuple[str, str, str | None], ...], personal: bool
) -> Iterable[Edit]:
    """Entries of a list of texts (taboos, aliases): added and removed, each named."""
    added = [item for item in new if item not in old]
    removed = [item for item in old if item not in new]
    for item in added:
        yield Edit("added", where, None if personal else _text(item), personal)
    for item in removed:
        yield Edit("removed", where, None if personal else _text(item), personal)
    if not added and not removed:
        yield Edit("changed", where, personal=personal)  # the same entries, in another order


def _text(value: Any) -> str | None:
    return (
        value if isinstance(value, str) else None if isinstance(value, dict | list) else str(value)
    )


# -- saying it ---------------------------------------------------------------------------


_WORDS = {
    ("added", False): label_key("change_added"),
    ("added", True): label_key("change_added_value"),
    ("removed", False): label_key("change_removed"),
    ("removed", True): label_key("change_removed_value"),
    ("changed", False): label_key("change_changed"),
    ("changed", True): label_key("change_changed"),
}
"""How each kind of edit is said, without and with the value added or removed."""


def _field_label(t: Translator, model: str, name: str) -> str:
    try:
        return t.field(model, name)
    except KeyError:
        return name


def describe(edit: Edit, t: Translator) -> str:
    """One edit in the handbook's words (plain text: pages escape it with ``plain``)."""
    if edit.kind == "created" or not edit.where:
        return t("change_created") if edit.kind == "created" else t("change_file")
    parts = []
    for model, name, item in edit.where:
        label = _field_label(t, model, name)
        parts.append(f"{label} {item}" if item else label)
    what = " › ".join(parts)
    if edit.value is not None:
        value = (
            edit.value if len(edit.value) <= VALUE_LENGTH else edit.value[: VALUE_LENGTH - 1] + "…"
        )
        return t(_WORDS[edit.kind, True], what=what, value=value)
    return t(_WORDS[edit.kind, False], what=what)


def describe_all(edits: tuple[Edit, ...], t: Translator) -> str:
    """A file's edits in words, the first :data:`SHOWN_EDITS` of them and how many more."""
    said = list(dict.fromkeys(describe(edit, t) for edit in edits))
    shown = "; ".join(said[:SHOWN_EDITS])
    if len(said) > SHOWN_EDITS:
        shown += " " + t("change_more", count=len(said) - SHOWN_EDITS)
    return shown


def commit_url(repo_url: str | None, commit: str) -> str | None:
    """The commit's page on the host ``repo_url`` names: ``<repo_url>/-/commit/<sha>`` on
    GitLab, ``<repo_url>/commit/<sha>`` elsewhere (GitHub, Gitea, Forgejo)."""
    if not repo_url:
        return None
    base = repo_url.rstrip("/")
    if base.endswith(".git"):
        base = base[:-4]
    return f"{base}/-/commit/{commit}" if "gitlab" in base.casefold() else f"{base}/commit/{commit}"


def taboo_dates(changes: Iterable[FileChange]) -> dict[str, dt.datetime]:
    """When each taboo was last added (among ``changes``, newest first)."""
    dates: dict[str, dt.datetime] = {}
    for item in changes:
        for edit in item.edits:
            if edit.kind == "added" and edit.fields == ("preferences", "taboos") and edit.value:
                dates.setdefault(edit.value, item.change.when)
    return dates


def with_recent(
    history: RepoHistory, root: Path, clients_dir: str, industries_dir: str
) -> RepoHistory:
    """``history`` with its recent changes read (none without git or without a commit)."""
    if not history.available:
        return history
    try:
        recent = read_recent(root, {clients_dir: Client, industries_dir: Industry})
    except (RuntimeError, OSError, subprocess.CalledProcessError):
        return history
    return dataclasses.replace(history, recent=recent, recent_read=True)


def page_dates(config: Any, hand_written: frozenset[str]) -> dict[str, str]:
    """When each hand-written page of MkDocs' ``config`` last changed (ISO dates), read
    from the last :data:`PAGE_DATES_COMMITS` commits touching the docs folder."""
    docs = Path(config.docs_dir)
    if not hand_written or not docs.is_dir():
        return {}
    dates = read_page_dates(docs)
    return {path: dates[path].date().isoformat() for path in hand_written if path in dates}
