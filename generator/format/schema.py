"""JSON Schema of handbook files, generated from the model (never kept by hand).

Only standard keywords of draft 2020-12, so that strict validators (ajv in strict mode,
check-jsonschema) and editors accept it: the format version is in ``$id`` and
``$comment``; Markdown text is marked ``contentMediaType: text/markdown``; dates, month-days,
web addresses and currency codes carry a ``pattern`` as well as a ``format``, so they are
refused even where ``format`` is not checked. There is one schema per language: the
``description`` an editor shows on hover is in the handbook's language.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from .catalogs import DESCRIPTION, catalog
from .model import DATE_PATTERN, FORMAT_VERSION, MARKDOWN_FORMAT, Client, Industry
from .wording import LANGUAGES

_MODELS = {"client": Client, "industry": Industry}


def schema_name(kind: str, language: str = "en") -> str:
    """``client.schema.json`` (English) or ``client.<language>.schema.json``."""
    return f"{kind}.schema.json" if language == "en" else f"{kind}.{language}.schema.json"


class _Described(GenerateJsonSchema):
    """Pydantic's schema, each property described in ``language`` from the catalogs."""

    language = "en"

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        json_schema = super().model_schema(schema)
        words, model = catalog(self.language), schema["cls"].__name__
        for name, prop in json_schema.get("properties", {}).items():
            prop["description"] = words.text(f"{model}.{name}", DESCRIPTION)
        return json_schema


def _standard(node: Any) -> Any:
    """The model's schema with its private markers turned into standard keywords."""
    if isinstance(node, list):
        return [_standard(item) for item in node]
    if not isinstance(node, dict):
        return node
    result = {key: _standard(value) for key, value in node.items()}
    if result.get("format") == MARKDOWN_FORMAT["format"]:
        del result["format"]
        result["contentMediaType"] = "text/markdown"
    if result.get("format") == "date" and "pattern" not in result:
        result["pattern"] = DATE_PATTERN
    return result


def json_schema(kind: str = "client", language: str = "en") -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a ``clients/`` or ``industries/`` file."""
    model = _MODELS[kind]
    generator = type("Described", (_Described,), {"language": language})
    schema = _standard(model.model_json_schema(schema_generator=generator))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://playbook.invalid/schemas/format-{FORMAT_VERSION}/{schema_name(kind, language)}",
        "$comment": f"Playbook handbook format {FORMAT_VERSION}, generated from the model.",
        **schema,
    }


def write_schemas(folder: Path) -> list[Path]:
    """Every kind's schema in every language into ``folder`` (rewritten only if changed)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in _MODELS:
        for language in LANGUAGES:
            path = folder / schema_name(kind, language)
            text = json.dumps(json_schema(kind, language), ensure_ascii=False, indent=2) + "\n"
            if not path.exists() or path.read_text("utf-8") != text:
                path.write_text(text, encoding="utf-8")
            written.append(path)
    return written
