"""Client lists as agencies keep them, written as real workbooks with openpyxl.

A single sheet 客户名单 with a title merged across the top, the agency's own Chinese
headers in row 2, one row per contact with the client's cells merged down its contacts'
rows, phones typed as numbers, tiers as ``A类``, statuses as 合作中 / 已流失, birthdays
as Excel dates or ``3月9日``. ``agency_clients(50)`` makes a list of any length for the
first hour's timings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

HEADERS = [
    "客户名称", "所属行业", "客户级别", "合作状态", "客户负责人", "合作开始",
    "对接人", "职务", "手机", "微信号", "生日", "备注",
]  # fmt: skip
CLIENT_COLUMNS = 6
"""The first six columns are the client's: merged down its contacts' rows."""
TITLE = "星海广告 · 客户名单(2026 年 3 月更新)"


@dataclass
class Contact:
    name: str
    title: str = ""
    phone: Any = None
    wechat: Any = None
    birthday: Any = None
    notes: str = ""


@dataclass
class AgencyClient:
    name: str
    industry: str
    tier: str
    status: str
    lead: str
    since: Any = None
    contacts: list[Contact] = field(default_factory=list)


def starter_clients() -> list[AgencyClient]:
    """Three clients as an agency writes them, with what lists do to values."""
    return [
        AgencyClient(
            "港湾咖啡", "快消", "A类", "合作中", "王芳", dt.datetime(2023, 4, 1),
            [
                Contact("欧阳明月", "市场总监", 13812345678, "oymy_1985", dt.datetime(1985, 3, 9)),
                Contact("李雷", "品牌经理", 13900001111, None, "3月9日", "周一上午别打电话"),
            ],
        ),
        AgencyClient(
            "北辰汽车", "汽车", "B类", "已流失", "陈静", "2021/6/15",
            [Contact("张伟", "采购经理", 2161234567, 88886666, "1990-11-02")],
        ),
        AgencyClient(
            "云杉科技", "互联网", "C类", "暂停合作", "王芳", "2024年1月8日",
            [Contact("赵敏", "公关负责人", "021-61234567", "zhaomin")],
        ),
    ]  # fmt: skip


SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平"
BRANDS = "星辰海岳松云溪桥林风石川禾光墨青山湖原野"
KINDS = ["咖啡", "汽车", "科技", "食品", "服饰", "银行", "地产", "医药", "家居", "教育"]
INDUSTRY_OF = {
    "咖啡": "快消", "食品": "快消", "汽车": "汽车", "科技": "互联网", "服饰": "零售",
    "银行": "金融", "地产": "房地产", "医药": "医疗健康", "家居": "零售", "教育": "教育",
}  # fmt: skip


def agency_clients(count: int) -> list[AgencyClient]:
    """``count`` clients with two or three contacts each, deterministic."""
    clients = []
    for i in range(count):
        kind = KINDS[i % len(KINDS)]
        name = f"{BRANDS[i % len(BRANDS)]}{BRANDS[(i * 7 + 3) % len(BRANDS)]}{kind}{i + 1}号"
        contacts = []
        for j in range(2 + i % 2):
            person = SURNAMES[(i + j * 3) % len(SURNAMES)] + GIVEN[(i * 3 + j) % len(GIVEN)]
            birthday: Any = dt.datetime(1980 + i % 15, 1 + (i + j) % 12, 1 + (i * 3 + j) % 28)
            if j == 1:
                birthday = f"{1 + (i + j) % 12}月{1 + (i * 3 + j) % 28}日"
            contacts.append(
                Contact(
                    f"{person}{'' if j == 0 else j}",
                    ["市场总监", "品牌经理", "采购专员"][j],
                    13800000000 + i * 10 + j,
                    f"wx_{i}_{j}",
                    birthday,
                )
            )
        clients.append(
            AgencyClient(
                name,
                INDUSTRY_OF[kind],
                ["A类", "B类", "C类"][i % 3],
                ["合作中", "合作中", "已流失", "暂停合作"][i % 4],
                ["王芳", "陈静", "刘洋"][i % 3],
                dt.datetime(2020 + i % 6, 1 + i % 12, 1 + i % 27),
                contacts,
            )
        )
    return clients


def write_agency_list(
    path: Path, clients: list[AgencyClient], *, merged: bool = True, sheet: str = "客户名单"
) -> Path:
    """The list as agencies keep it: a title row, the header in row 2, a row per contact,
    the client's cells merged down its contacts' rows (or only on its first row, the rest
    left empty, with ``merged=False``)."""
    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.cell(1, 1, TITLE).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    for column, header in enumerate(HEADERS, start=1):
        ws.cell(2, column, header).font = Font(bold=True)
    row = 3
    for client in clients:
        first = row
        values = [client.name, client.industry, client.tier, client.status, client.lead]
        for column, value in enumerate([*values, client.since], start=1):
            cell = ws.cell(row, column, value)
            if isinstance(value, dt.datetime):
                cell.number_format = "yyyy/m/d"
        for contact in client.contacts or [Contact("")]:
            cells = [contact.name or None, contact.title or None, contact.phone, contact.wechat]
            for offset, value in enumerate(cells):
                ws.cell(row, CLIENT_COLUMNS + 1 + offset, value)
            birthday = ws.cell(row, CLIENT_COLUMNS + 5, contact.birthday)
            if isinstance(contact.birthday, dt.datetime):
                birthday.number_format = 'm"月"d"日"'
            ws.cell(row, CLIENT_COLUMNS + 6, contact.notes or None)
            row += 1
        if merged and row - first > 1:
            for column in range(1, CLIENT_COLUMNS + 1):
                ws.merge_cells(
                    start_row=first, start_column=column, end_row=row - 1, end_column=column
                )
                ws.cell(first, column).alignment = Alignment(vertical="center")
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path
