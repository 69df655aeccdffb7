"""The people records: read from built pages, written as pages Pagefind reads."""

from __future__ import annotations

import html
from pathlib import Path

from generator.search.indexing import (
    RECORDS_DIR,
    people_on_page,
    people_records,
    record_page,
    write_records,
)
from generator.search.pagefind import index_site

HOSTILE = '<script>alert("pwned")</script> {{ 7*7 }} | a |'

CLIENT_PAGE = f"""<html><body><article class="md-content__inner md-typeset" data-pagefind-body>
<h1 id="acme">测试客户<a class="headerlink" href="#acme">&para;</a></h1>
<h2 id="contacts">联系人</h2>
<h3 id="contact-wang">王芳<a class="headerlink" href="#contact-wang">&para;</a></h3>
<p>市场总监 · 决策者</p>
<h3 id="contact-evil">{html.escape(HOSTILE)}<a class="headerlink" href="#contact-evil">&para;</a></h3>
<p>采购</p>
<h2 id="history">历史</h2><p>不属于任何人</p>
</article></body></html>"""

PEOPLE_PAGE = """<html><body><article class="md-content__inner md-typeset" data-pagefind-body>
<h1 id="people">联系人名录</h1><table><tbody>
<tr><td><a href="../accounts/acme/#contact-wang" id="person-acme-wang">王芳</a></td>
<td>测试客户</td><td>市场总监</td></tr>
</tbody></table></article></body></html>"""


def test_a_contacts_section_and_a_directory_entry_are_records() -> None:
    section = people_on_page(CLIENT_PAGE, "/accounts/acme/")
    assert [(r.url, r.name, r.page, r.own_section) for r in section] == [
        ("/accounts/acme/#contact-wang", "王芳", "测试客户", True),
        ("/accounts/acme/#contact-evil", HOSTILE, "测试客户", True),
    ]
    assert section[0].text == "市场总监 · 决策者"  # up to the next heading, no further
    (entry,) = people_on_page(PEOPLE_PAGE, "/people/")
    assert (entry.url, entry.name, entry.own_section) == (
        "/people/#person-acme-wang",
        "王芳",
        False,
    )
    assert entry.text == "测试客户 市场总监"  # to the end of its row


def test_a_page_outside_the_index_gives_no_record() -> None:
    assert people_on_page(CLIENT_PAGE.replace(" data-pagefind-body", ""), "/x/") == []


def test_a_record_shows_a_hostile_name_literally() -> None:
    (_, evil) = people_on_page(CLIENT_PAGE, "/accounts/acme/")
    page = record_page(evil, "zh")
    assert "<script>" not in page
    assert html.escape(HOSTILE) in page
    assert 'data-pagefind-meta="url">/accounts/acme/#contact-evil<' in page


def test_records_are_written_for_pagefind_and_counted(tmp_path: Path) -> None:
    (tmp_path / "accounts" / "acme").mkdir(parents=True)
    (tmp_path / "accounts" / "acme" / "index.html").write_text(CLIENT_PAGE, "utf-8")
    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "index.html").write_text(PEOPLE_PAGE, "utf-8")
    assert len(people_records(tmp_path)) == 3
    assert write_records(tmp_path, "zh") == 3
    assert len(list((tmp_path / RECORDS_DIR).glob("*.html"))) == 3


def test_the_records_leave_the_site_once_indexed(tmp_path: Path) -> None:
    (tmp_path / "accounts" / "acme").mkdir(parents=True)
    (tmp_path / "accounts" / "acme" / "index.html").write_text(CLIENT_PAGE, "utf-8")
    report = index_site(tmp_path, "zh")
    assert report.pages == 3  # the page and its two people
    assert not (tmp_path / RECORDS_DIR).exists()
    assert (tmp_path / "pagefind" / "pagefind-entry.json").is_file()
