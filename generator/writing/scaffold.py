"""`playbook new`: commented, valid starting files for a client or an industry."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jinja2

from ..format.model import SLUG_RE, ClientStatus, Tier
from ..format.schema import schema_name, write_schemas
from ..format.starters import SCAFFOLDS
from ..format.wording import Message, say
from ..reading.explain import enum_choices
from ..writing.files import NEW, HandbookFiles, Refused, Write


class ScaffoldError(Exception):
    """The file cannot be written as asked; the message says why and what to do."""

    def __init__(self, message: Message):
        super().__init__(message.text("en"))
        self.message = message


def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(SCAFFOLDS),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    # A JSON string is a valid YAML scalar that keeps any text exactly as given.
    env.filters["q"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    return env


def new_file(
    files: HandbookFiles,
    kind: str,
    file_id: str,
    language: str,
    today: dt.date | None = None,
    **values: str,
) -> Path:
    """Write ``<folder>/<file_id>.yaml`` from the scaffold of ``kind``; never overwrite.

    Written through the one way to change the handbook's files: the new file must not exist
    (also if someone creates it meanwhile), and the handbook with it is checked."""
    root = files.root
    folder = files.clients_dir if kind == "client" else files.industries_dir
    if not SLUG_RE.match(file_id):
        raise ScaffoldError(say("new_bad_id", id=file_id))
    target = root / folder / f"{file_id}.yaml"
    if target.exists():
        raise ScaffoldError(say("new_exists", path=target.relative_to(root).as_posix()))
    if kind == "client":
        for option, enum in (("tier", Tier), ("status", ClientStatus)):
            if values[option] not in {member.value for member in enum}:
                raise ScaffoldError(
                    say(
                        "new_bad_choice",
                        option=f"--{option}",
                        value=values[option],
                        choices=enum_choices(enum),
                    )
                )
    text = (
        _env()
        .get_template(f"{kind}.{language}.yaml.j2")
        .render(
            today=(today or dt.date.today()).isoformat(),
            schema=schema_name(kind, language),
            **values,
        )
    )
    relative = f"{folder}/{file_id}.yaml"
    try:
        files.change({relative: Write(text, NEW)})
    except Refused as exc:
        raise ScaffoldError(say("new_refused", detail=exc.text(language))) from None
    write_schemas(root / "schemas")  # the files' first line points the editor here
    return target
