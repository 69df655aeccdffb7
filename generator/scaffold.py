"""`playbook new`: commented, valid starting files for a client or an industry."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jinja2

from .model import SLUG_RE, ClientStatus, Tier
from .schema import write_schemas

SCAFFOLDS = Path(__file__).parent / "scaffolds"


class ScaffoldError(Exception):
    """The file cannot be written as asked; the message says why and what to do."""


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
    root: Path,
    kind: str,
    file_id: str,
    language: str,
    folder: str,
    today: dt.date | None = None,
    **values: str,
) -> Path:
    """Write ``<folder>/<file_id>.yaml`` from the scaffold of ``kind``; never overwrite."""
    if not SLUG_RE.match(file_id):
        raise ScaffoldError(
            f"{file_id!r} cannot be an id: use lowercase letters a-z, digits and hyphens, "
            "starting with a letter or digit (it becomes the page's address)"
        )
    target = root / folder / f"{file_id}.yaml"
    if target.exists():
        raise ScaffoldError(f"{target.relative_to(root)} already exists; nothing was written")
    if kind == "client":
        if values["tier"] not in {t.value for t in Tier}:
            raise ScaffoldError(f"--tier must be A, B or C, not {values['tier']!r}")
        if values["status"] not in {s.value for s in ClientStatus}:
            raise ScaffoldError(
                "--status must be one of " + ", ".join(s.value for s in ClientStatus)
            )
    text = (
        _env()
        .get_template(f"{kind}.{language}.yaml.j2")
        .render(today=(today or dt.date.today()).isoformat(), **values)
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    write_schemas(root / "schemas")  # the files' first line points the editor here
    return target
