"""Keeping the catalogs: every key used is there and every key there is used (found by
Babel's extractor), zh-Hant is zh through OpenCC and the reviewed corrections, and the
three languages can be read side by side."""

from __future__ import annotations

import io
import subprocess
import sys

import opencc

from generator.format.catalog_tools import (
    GUIDES,
    OPENCC_CONFIG,
    converter,
    extract_jinja,
    reviewed_corrections,
    traditional_catalog,
    traditional_files,
    unused_and_missing,
    used_keys,
)
from generator.format.catalogs import LABEL, MESSAGE, catalog_path
from tests.conftest import REPO


def test_every_key_used_is_in_the_catalogs_and_every_key_there_is_used() -> None:
    unused, missing = unused_and_missing()
    assert missing == []
    assert unused == []


def test_extraction_finds_keys_in_code_templates_and_scripts() -> None:
    labels, messages = used_keys(LABEL), used_keys(MESSAGE)
    assert len(labels) > 250 and len(messages) > 150
    places = {where.split(":")[0] for where in labels["glance_deciders"]}
    assert {"templates/glance.md.j2", "generator/assets/playbook-editor.js"} <= places
    assert "generator/pages/health.py" in labels["concern_never_reviewed"][0]  # label_key()
    assert "generator/pages/health.py" in messages["health_never_reviewed"][0]  # message_key()
    assert any("reading/problems.py" in where for where in messages["problems_found"])
    assert "import_outcome_left_alone" in messages  # a key without a space, written whole


def test_the_template_extractor_reads_calls_and_label_attributes() -> None:
    source = b'{{ t("tier_group", tier=1) }} {{ label.accounts }} {{ t(key) }} {{ other.x }}'
    found = list(extract_jinja(io.BytesIO(source), {"t": None, "label": None}, (), {}))
    assert sorted((name, key) for _, name, key, _ in found) == [
        ("label", "accounts"),
        ("t", "tier_group"),
    ]


def test_traditional_is_opencc_of_simplified_with_the_reviewed_corrections() -> None:
    convert = converter()
    assert catalog_path("zh-Hant").read_text("utf-8") == traditional_catalog(convert)
    pairs = traditional_files()
    assert len(pairs) >= 7  # the guides, the four starting files of `playbook new`
    written = {target for _, target in pairs}
    assert set((GUIDES / "zh-Hant").glob("*.md")) <= written  # none left from a removed guide
    for source, target in pairs:
        assert target.read_text("utf-8") == convert(source.read_text("utf-8")), target


def test_every_reviewed_correction_still_corrects_something() -> None:
    plain = opencc.OpenCC(OPENCC_CONFIG)
    zh = catalog_path("zh").read_text("utf-8")
    texts = [plain.convert(zh)] + [
        plain.convert(s.read_text("utf-8")) for s, _ in traditional_files()
    ]
    corrections = reviewed_corrections()
    assert len(corrections) > 20
    for before, after in corrections:
        assert any(before in text for text in texts), before
        texts = [text.replace(before, after) for text in texts]


def test_the_three_languages_side_by_side() -> None:
    command = [sys.executable, "-m", "generator.format.catalog_tools"]
    table = subprocess.run(
        [*command, "table", "got_list"], capture_output=True, text=True, cwd=REPO
    )
    assert table.returncode == 0, table.stderr
    assert table.stdout.splitlines()[0] == "| context | key | zh | en | zh-Hant |"
    assert "| message | got_list | 一个列表 | a list | 一個列表 |" in table.stdout
    tsv = subprocess.run(
        [*command, "table", "--tsv", "天后"], capture_output=True, text=True, cwd=REPO
    )
    assert tsv.stdout.splitlines()[1].split("\t")[:2] == ["label", "glance_in_days"]
    check = subprocess.run([*command, "check"], capture_output=True, text=True, cwd=REPO)
    assert check.returncode == 0 and check.stdout == "", check.stdout
