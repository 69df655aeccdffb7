"""JSON Schema of handbook files, generated from the model (never kept by hand)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .model import FORMAT_VERSION, Client, Industry

_MODELS = {"client": Client, "industry": Industry}


def json_schema(kind: str = "client") -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a ``clients/`` or ``industries/`` file."""
    model = _MODELS[kind]
    schema = model.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"playbook-{kind}-format-{FORMAT_VERSION}.schema.json",
        "x-playbook-format": FORMAT_VERSION,
        **schema,
    }


def write_schemas(folder: Path) -> list[Path]:
    """``client.schema.json`` and ``industry.schema.json`` in ``folder`` (rewritten if changed)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in _MODELS:
        path = folder / f"{kind}.schema.json"
        text = json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n"
        if not path.exists() or path.read_text("utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
