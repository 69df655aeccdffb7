"""The JSON Schemas, checked by a validator nobody here wrote: ajv in strict mode."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from generator.format.schema import json_schema, schema_name
from tests.conftest import REPO, run_js_check


def _as_json(value: object) -> object:
    """A YAML file's data as JSON has it (dates as ISO text)."""
    if isinstance(value, dict):
        return {key: _as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_json(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _write(tmp_path: Path, name: str, data: object) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def _check(schema: str, *documents: str, formats: bool = True) -> list[dict]:
    result = run_js_check(
        "check-schema.mjs", schema, *documents, *([] if formats else ["--no-formats"])
    )
    assert result.returncode == 0, result.stderr  # strict mode compiled the schema
    return json.loads(result.stdout)["results"]


@pytest.mark.parametrize("kind", ["client", "industry"])
@pytest.mark.parametrize("language", ["en", "zh"])
def test_strict_ajv_compiles_the_schema_and_accepts_the_sample(tmp_path, kind, language) -> None:
    schema = _write(tmp_path, schema_name(kind, language), json_schema(kind, language))
    folder = REPO / ("clients" if kind == "client" else "industries")
    documents = [
        _write(tmp_path, f"{path.stem}.json", _as_json(yaml.safe_load(path.read_text("utf-8"))))
        for path in sorted(folder.glob("*.yaml"))
    ]
    for formats in (True, False):
        results = _check(schema, *documents, formats=formats)
        assert [r["file"] for r in results if not r["valid"]] == [], results


def test_the_schema_refuses_bad_values_even_without_format_checks(tmp_path) -> None:
    schema = _write(tmp_path, "client.schema.json", json_schema("client"))
    base = {"name": "x", "industry": "fmcg", "tier": "A", "status": "active", "team": {"lead": "y"}}
    bad = {
        "slash-date": {**base, "since": "2024/03/01"},
        "month-day": {**base, "contacts": [{"id": "a", "name": "b", "birthday": "13-01"}]},
        "web": {**base, "profile": {"website": "ftp://example.com"}},
        "currency": {
            **base,
            "projects": [
                {
                    "id": "p",
                    "name": "n",
                    "status": "done",
                    "budget": {"amount": 1, "currency": "usd"},
                }
            ],
        },
        "unknown-key": {**base, "taboo": ["x"]},
    }
    documents = [_write(tmp_path, f"{name}.json", data) for name, data in bad.items()]
    good = _write(tmp_path, "good.json", {**base, "since": "2024-03-01"})
    results = _check(schema, good, *documents, formats=False)
    assert [r["valid"] for r in results] == [True] + [False] * len(bad)


def test_markdown_and_languages_use_standard_keywords() -> None:
    english, chinese = json_schema("client"), json_schema("client", "zh")
    summary = english["properties"]["summary"]["anyOf"][0]
    assert summary["contentMediaType"] == "text/markdown" and "format" not in summary
    text = json.dumps(english)
    assert "description_zh" not in text and "x-playbook" not in text
    assert english["properties"]["name"]["description"] == "Display name."
    assert chinese["properties"]["name"]["description"] == "客户显示名称。"
    traditional = json_schema("client", "zh-Hant")
    assert traditional["properties"]["name"]["description"] == "客戶顯示名稱。"
    assert traditional["$id"].endswith("/client.zh-Hant.schema.json")
    # every property of every part is described, in the schema's language
    for part in traditional["$defs"].values():
        for prop in part.get("properties", {}).values():
            assert prop["description"], part["title"]
