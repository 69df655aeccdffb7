"""The YAML an import writes, without a workbook: new files, and changes to existing ones."""

from __future__ import annotations

import yaml

from generator.format.model import Client
from generator.reading.loader import load_handbook
from generator.spreadsheets.yaml_text import new_file_text, updated_text
from tests.conftest import REPO

EXISTING = """\
# yaml-language-server: $schema=../schemas/client.zh.schema.json
name: 港湾咖啡   # 客户自己的写法
industry: fmcg
tier: B
status: active
team:
  lead: 王芳
contacts:
  - id: chen-jing
    name: 陈静
    phone: "13800000000"
"""


def _everything(path: tuple[str, ...]) -> bool:
    return True


def test_a_new_file_reads_back_as_the_same_client_in_the_formats_order() -> None:
    sample = load_handbook(REPO).clients["dingsheng-beverage"].data
    data = sample.model_dump(mode="json", exclude_defaults=True)
    data = dict(reversed(list(data.items())))  # the sheets' order is not the format's
    text = new_file_text("client", data, "zh")
    assert text.startswith("# yaml-language-server: $schema=../schemas/client.zh.schema.json\n")
    assert Client.model_validate(yaml.safe_load(text)) == sample
    keys = [line.split(":")[0] for line in text.splitlines()[1:] if line[:1].isalpha()]
    assert keys == [k for k in Client.model_fields if k in data]


def test_texts_that_yaml_would_read_otherwise_stay_texts() -> None:
    data = {
        "name": "yes",
        "industry": "fmcg",
        "tier": "B",
        "status": "active",
        "team": {"lead": "10:00"},
        "aliases": ["2024-01-01", "no"],
    }
    back = yaml.safe_load(new_file_text("client", data, "en"))
    assert back["name"] == "yes" and back["team"]["lead"] == "10:00"
    assert back["aliases"] == ["2024-01-01", "no"]


def test_an_update_changes_one_line_and_keeps_comments_and_quotes() -> None:
    data = yaml.safe_load(EXISTING)
    data["tier"] = "A"
    text, changes = updated_text("client", data, "zh", EXISTING, _everything)
    assert changes == 1
    assert text.splitlines() == [
        line.replace("tier: B", "tier: A") for line in EXISTING.splitlines()
    ]


def test_an_update_with_nothing_new_leaves_the_text_byte_for_byte() -> None:
    text, changes = updated_text("client", yaml.safe_load(EXISTING), "zh", EXISTING, _everything)
    assert (text, changes) == (EXISTING, 0)


def test_a_value_the_sheets_had_no_column_for_is_left_alone() -> None:
    data = yaml.safe_load(EXISTING)
    data["contacts"][0].pop("phone")

    def covered(path: tuple[str, ...]) -> bool:
        return path[-1] != "phone"

    kept, changes = updated_text("client", data, "zh", EXISTING, covered)
    assert (kept, changes) == (EXISTING, 0)
    removed, changes = updated_text("client", data, "zh", EXISTING, _everything)
    assert changes == 1 and "13800000000" not in removed and "# 客户自己的写法" in removed
