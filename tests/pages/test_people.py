"""The people directory, in a real strict build of the sample."""

from __future__ import annotations

import re
from pathlib import Path

from generator.reading.loader import load_handbook
from tests.conftest import (
    REPO,
    page_html,
)

SAMPLE = load_handbook(REPO)


def test_people_directory_lists_every_contact(sample_site: Path) -> None:
    page = page_html(sample_site, "people")
    contacts = [(e.id, c) for e in SAMPLE.clients.values() for c in e.data.contacts]
    assert len(re.findall(r"<tr>", page)) == len(contacts) + 1
    for client_id, contact in contacts:
        assert f'href="../accounts/{client_id}/#contact-{contact.id}"' in page
    assert "jiang.siqi@example.com" not in page  # a directory of roles, not of addresses


def test_a_contact_who_left_is_marked_and_never_offered(sample_site: Path) -> None:
    """绿野乳业's 朱涛 left on 2026-09-30: marked 已离职 wherever drawn, with no way to reach."""
    row = re.search(r"<tr>\s*<td><a [^>]*>朱涛</a>.*?</tr>", page_html(sample_site, "people"), re.S)
    assert row and "<strong>已离职</strong>" in row.group(0)
    assert row.group(0).rstrip("</tr>").rstrip().endswith("<td></td>")  # no channels
    client = page_html(sample_site, "accounts/lvye-dairy")
    chain = re.search(r"<svg[^>]*pb-chain.*?</svg>", client, re.S)
    assert chain and re.search(
        r'<g class="[^"]*pb-departed"><title>朱涛 · 电商经理 · 已离职', chain[0]
    )
    table = re.search(r"<tr>\s*<td><a [^>]*>朱涛</a>.*?</tr>", client, re.S)
    assert table and "已离职" in table[0] and "即时通讯" not in table[0] and "电话" not in table[0]
    section = client.split('id="contact-zhu-tao"', 1)[1].split("<h", 1)[0]
    assert "已离职" in section and "0000 2002" not in section and "电话" not in section
    assert "已离职" not in client.split('id="contact-gao-yan"', 1)[1].split("<h", 1)[0]
