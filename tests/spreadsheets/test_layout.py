"""The workbook's layout and what one cell's value becomes, without a workbook file."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.format.model import ClientStatus, DecisionRole
from generator.spreadsheets.layout import Column, from_cell, to_cell, workbook_layout


def _column(sheet: str, key: str) -> Column:
    found = next(s for s in workbook_layout() if s.name == sheet)
    return next(c for c in found.all_columns if c.key == key)


def test_every_list_of_the_format_is_a_sheet_keyed_by_its_owners() -> None:
    sheets = {s.name: s for s in workbook_layout()}
    assert [c.key for c in sheets["projects.milestones"].keys] == ["client", "project"]
    assert [c.key for c in sheets["contacts"].keys] == ["client"]
    assert sheets["industries.trends"].scalar
    clients = [c.key for c in sheets["clients"].columns]
    assert clients[:2] == ["id", "name"] and "budget.amount" not in clients
    assert "budget.amount" in [c.key for c in sheets["projects"].columns]
    assert "format" not in clients  # the constant is never a column


@pytest.mark.parametrize(
    ("sheet", "key", "cell", "value"),
    [
        # ids, codes and other texts with a pattern lose stray spaces and full-width forms,
        # also where the field is required (its pattern is in pydantic's metadata)
        ("clients", "industry", " ｆｍｃｇ ", "fmcg"),
        ("projects", "budget.currency", "ＣＮＹ ", "CNY"),
        ("contacts", "reports_to", " li-wei", "li-wei"),
        # texts without a pattern are kept as typed
        ("contacts", "title", " 市场总监 ", " 市场总监 "),
        # what spreadsheets do to values
        ("contacts", "phone", 13800138000.0, "13800138000"),
        ("contacts", "birthday", dt.datetime(2026, 3, 9), "03-09"),
        ("contacts", "birthday", "3月9日", "03-09"),
        ("history", "date", 46000, dt.date(2025, 12, 9)),
        ("history", "date", "2026年3月1日", "2026-03-01"),
        ("dates", "date", "5/20", "05-20"),
        ("projects.kpis", "target", "1,200", 1200.0),
        ("clients", "confidential", "是", True),
        ("clients", "confidential", "否", False),
        ("clients", "status", "合作中", "active"),
        ("contacts", "role", "decision maker", "decision_maker"),  # its English label
        ("contacts", "role", "boss", "boss"),  # the model says why
        ("contacts", "channels", "微信、email", ["wechat", "email"]),
        ("clients", "aliases", "甲\n\n乙 ", ["甲", "乙"]),
        ("contacts", "title", "   ", None),
    ],
)
def test_a_cell_becomes_what_the_format_wants(sheet, key, cell, value) -> None:
    assert from_cell(_column(sheet, key), cell) == value


def test_a_value_becomes_a_cell_and_back() -> None:
    channels = _column("contacts", "channels")
    assert to_cell(channels, ["wechat", "email"]) == "wechat, email"
    assert to_cell(_column("clients", "status"), ClientStatus.active) == "active"
    assert to_cell(_column("contacts", "role"), DecisionRole.decision_maker) == "decision_maker"
    assert to_cell(_column("clients", "aliases"), []) is None
    assert from_cell(channels, to_cell(channels, ["wechat", "email"])) == ["wechat", "email"]
