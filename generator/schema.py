"""JSON Schema of handbook files, generated from the model (never kept by hand)."""

from __future__ import annotations

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
