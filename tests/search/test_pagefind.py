"""Search (generator/search.py): what is indexed, and what people type, in real Chromium.

The index is Pagefind's, written by a real build; the queries are typed into the real
searchbox of the built site, served on localhost.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from synthetic import write_handbook as write_synthetic  # bench/, on the path (conftest)

from generator.format.labels import Translator
from generator.search import pagefind
from generator.search.pagefind import mark_searchable, name_keys, search_slot, with_search_slot
from tests.browsing import CHROMIUM, Visit, playwright, serve
from tests.conftest import (
    FIXTURES,
    MINIMAL_CLIENT,
    MINIMAL_INDUSTRY,
    REPO,
    run_cli,
    search_fragments,
    write_handbook,
)
from tests.serving.test_serve import playbook_serve, wait_for

browser_only = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")

RESULTS = "pagefind-searchbox a.pf-searchbox-result:not(.pf-searchbox-subresult)"
SECTIONS = "pagefind-searchbox a.pf-searchbox-subresult"


# --- what is indexed ----------------------------------------------------------------


def test_a_chinese_name_is_found_by_every_tail() -> None:
    keys = name_keys(["苏州德信银行股份有限公司"]).split()
    assert keys[0] == "苏州德信银行股份有限公司"
    assert {"德信银行股份有限公司", "银行股份有限公司", "有限公司", "司"} <= set(keys)
    # whatever pieces the browser cuts the name into, each begins one of the keys
    for piece in ("苏州", "德信", "德", "信", "银行", "股份", "有限公司"):
        assert any(key.startswith(piece) for key in keys), piece


def test_names_are_found_with_and_without_their_spaces() -> None:
    keys = name_keys(["Galaxy Tech", "Atlas 德信1", "  "]).split()
    assert {"galaxy", "tech", "galaxytech", "atlas", "德信1", "atlas德信1", "信1"} <= set(keys)
    assert "" not in keys and len(keys) == len(set(keys))


def test_hostile_names_stay_inside_their_attribute() -> None:
    page = '<article class="md-content__inner md-typeset"><h1>x</h1></article>'
    marked = mark_searchable(page, name_keys(['"><script>alert(1)</script>']))
    assert "<script>" not in marked and "&quot;&gt;" not in marked
    assert marked.count("<article") == 1 and 'data-pagefind-meta="names:&quot;' in marked


def test_the_searchbox_goes_where_the_theme_puts_its_own() -> None:
    slot = search_slot(Translator("en"))
    header = '<nav class="md-header__inner md-grid"><a>logo</a>{}</nav><nav>other</nav>'
    plain = with_search_slot(header.format(""), slot)
    assert plain == header.format(slot)
    source = '<div class="md-header__source">repo</div>'
    with_source = with_search_slot(header.format(source), slot)
    assert with_source == header.format(slot + source)
    assert "Search accounts, people, lessons" in slot


def test_sample_index_holds_the_searchable_pages(sample_site: Path) -> None:
    fragments = search_fragments(sample_site)
    client = fragments["/accounts/dingsheng-beverage/"]
    assert client["meta"]["title"] == "鼎盛饮料集团"
    assert "鼎盛饮料集团" in client["meta"]["names"].split()
    assert "蒋思琪" in client["meta"]["names"].split()  # contacts find their client's page
    assert "/calendar/" not in fragments and "/briefs/dingsheng-beverage/" not in fragments
    # the ¶ after headings and "edit" buttons are not content
    assert "¶" not in client["content"]
    calendar = (sample_site / "calendar/index.html").read_text("utf-8")
    assert 'class="pb-search"' in calendar and "data-pagefind-body" not in calendar


def test_the_theme_search_cannot_run_beside_pagefind(tmp_path: Path) -> None:
    root = write_handbook(tmp_path, {"acme.yaml": MINIMAL_CLIENT}, {"fmcg.yaml": MINIMAL_INDUSTRY})
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace("  - playbook\n", "  - search\n  - playbook\n"),
        encoding="utf-8",
    )
    result = run_cli("build", "--root", str(root))
    assert result.exit_code == 1
    assert "请从 mkdocs.yml 的 `plugins` 中删掉 `search`" in result.output
    assert "Traceback" not in result.output and not (root / "site").exists()


def test_search_theme_keeps_the_themes_own_index(tmp_path: Path) -> None:
    root = write_handbook(tmp_path, {"acme.yaml": MINIMAL_CLIENT}, {"fmcg.yaml": MINIMAL_INDUSTRY})
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "  - playbook\n", "  - search\n  - playbook:\n      search: theme\n"
        ),
        encoding="utf-8",
    )
    result = run_cli("build", "--root", str(root))
    assert result.exit_code == 0, result.output
    assert (root / "site/search/search_index.json").is_file()
    assert not (root / "site/pagefind").exists()
    assert "pb-search" not in (root / "site/accounts/acme/index.html").read_text("utf-8")


# --- indexing in the background (`playbook serve`) ----------------------------------


def test_a_background_index_is_niced_without_preexec_fn(monkeypatch, tmp_path: Path) -> None:
    """`serve` indexes from a worker thread: ``preexec_fn`` is not safe there (Python's
    documentation: the child can deadlock), so the priority is lowered by ``nice``."""
    calls: list[tuple[list[str], dict]] = []

    def run(command, **kwargs):
        calls.append((command, kwargs))
        return subprocess.CompletedProcess(command, 0, "Indexed 1 page", "")

    monkeypatch.setattr(pagefind.subprocess, "run", run)
    monkeypatch.setattr(shutil, "which", lambda name: f"/usr/bin/{name}")
    pagefind.index_site(tmp_path, "zh", background=True)
    pagefind.index_site(tmp_path, "zh")
    (background, kwargs), (foreground, _) = calls
    assert kwargs.get("preexec_fn") is None
    assert background[:3] == ["/usr/bin/nice", "-n", str(pagefind.BACKGROUND_NICENESS)]
    assert background[3:] == foreground and foreground[:3] == [
        sys.executable,
        "-m",
        "generator.search.indexing",
    ]

    monkeypatch.setattr(shutil, "which", lambda name: None)  # no `nice`: run as is
    assert pagefind.pagefind_command(tmp_path, "zh", background=True) == foreground


def test_a_real_background_index_is_written(tmp_path: Path) -> None:
    root = write_handbook(tmp_path, {"acme.yaml": MINIMAL_CLIENT}, {"fmcg.yaml": MINIMAL_INDUSTRY})
    assert run_cli("build", "--root", str(root)).exit_code == 0
    site = root / "site"
    shutil.rmtree(site / "pagefind")
    errors: list[str] = []
    indexer = pagefind.BackgroundIndexer("zh", errors.append)
    indexer.request(site)  # runs Pagefind from the indexer's worker thread
    assert wait_for(lambda: indexer.runs == 1 or bool(errors), 120)
    assert errors == []
    assert "/accounts/acme/" in search_fragments(site)


# --- what people type, in the browser -----------------------------------------------


def search(visit: Visit, query: str, path: str = "") -> list[str]:
    """Type ``query`` into the header's searchbox; the paths of the results, best first."""
    return [urlsplit(href).path for href in search_hrefs(visit, query, path)]


def search_hrefs(visit: Visit, query: str, path: str = "") -> list[str]:
    """Type ``query`` into the header's searchbox; the results' links, best first."""
    page = visit.page
    # "load", not "networkidle": under `playbook serve` live reload keeps a request open
    page.goto(visit.base + path, wait_until="load")
    box = page.locator(".pb-search pagefind-searchbox input")
    box.fill(query, timeout=10000)
    results = page.locator(RESULTS)
    results.first.wait_for(timeout=30000)
    page.wait_for_timeout(300)  # the debounce of a last keystroke, and lazy result data
    return [results.nth(i).get_attribute("href") or "" for i in range(results.count())]


@pytest.fixture
def visit(browser, sample_site: Path) -> Iterator[Visit]:
    base, server = serve(sample_site)
    v = Visit(browser, base)
    yield v
    assert v.errors == [], v.errors
    assert v.foreign_requests() == [], v.foreign_requests()
    v.close()
    server.shutdown()


SAMPLE_QUERIES = [
    ("鼎盛饮料集团", "dingsheng-beverage", 1),  # a full Chinese name, as written
    ("鼎盛饮料 集团", "dingsheng-beverage", 1),  # with a space typed in it
    ("DSB", "dingsheng-beverage", 1),  # a Latin alias
    ("Galaxy Tech", "xinghe-tech", 1),  # an English alias of two words
    ("GalaxyTech", "xinghe-tech", 1),  # ... typed without its space
    ("北风汽车", "boreas-motors", 1),  # a Chinese alias of an English name
    ("Boreas", "boreas-motors", 1),  # an English word
    ("蒋思琪", "dingsheng-beverage", 1),  # a contact name of three characters
    ("动销", "dingsheng-beverage", 3),  # a two-character word inside a text
    ("汽车", "boreas-motors", 3),  # a two-character word inside names
]


@browser_only
@pytest.mark.parametrize("query, client_id, within", SAMPLE_QUERIES)
def test_sample_finds_what_people_type(visit: Visit, query: str, client_id: str, within: int):
    paths = search(visit, query)
    assert f"/accounts/{client_id}/" in paths[:within], paths


def _lesson_and_taboo() -> tuple[str, str]:
    data = yaml.safe_load((REPO / "clients/dingsheng-beverage.yaml").read_text("utf-8"))
    return data["lessons"][0]["title"], data["preferences"]["taboos"][0]


@browser_only
def test_phrases_from_lessons_and_taboos_open_at_their_section(visit: Visit) -> None:
    lesson, taboo = _lesson_and_taboo()
    for phrase in (lesson, taboo):
        paths = search(visit, phrase)
        assert "/accounts/dingsheng-beverage/" in paths[:3], (phrase, paths)
    # the results say which section matched, and open there with the words marked
    page = visit.page
    # (the norms' table of every client's taboos has the phrase too)
    sections = page.locator(f"{SECTIONS}[href*='/accounts/dingsheng-beverage/']")
    sections.first.wait_for()
    href = sections.first.get_attribute("href") or ""
    assert "#" in href and "highlight=" in href
    title = sections.first.locator(".pf-searchbox-result-title").inner_text()
    assert title.strip()
    sections.first.click()
    page.wait_for_url("**/accounts/dingsheng-beverage/**")
    assert urlsplit(page.url).fragment == urlsplit(href).fragment
    page.locator("[data-pagefind-body] mark").first.wait_for(timeout=10000)


@browser_only
def test_the_client_page_comes_before_pages_that_mention_it(visit: Visit) -> None:
    paths = search(visit, "鼎盛饮料集团")
    assert paths[0] == "/accounts/dingsheng-beverage/"
    assert len(paths) > 1  # the retrospectives and other pages mention it too


@browser_only
@pytest.mark.parametrize(
    "name, client_id, contact_id",
    [("蒋思琪", "dingsheng-beverage", "jiang-siqi"), ("Mei Tan", "pixelbloom-audio", "mei-tan")],
)
def test_a_persons_name_lands_on_the_person(
    visit: Visit, name: str, client_id: str, contact_id: str
) -> None:
    """A contact's name finds their section of the client page first, and their entry in
    the people directory, in Chinese as in English; each opens at the person."""
    found = [urlsplit(href) for href in search_hrefs(visit, name)]
    places = [f"{url.path}#{url.fragment}" for url in found]
    assert places[0] == f"/accounts/{client_id}/#contact-{contact_id}", places
    assert f"/people/#person-{client_id}-{contact_id}" in places[:3], places
    page = visit.page
    page.locator(f"{RESULTS}[href*='/people/']").first.click()
    page.wait_for_url("**/people/**")
    assert urlsplit(page.url).fragment == f"person-{client_id}-{contact_id}"
    target = page.locator(f"#person-{client_id}-{contact_id}")
    assert target.inner_text().strip() == name


@browser_only
def test_every_result_is_counted_and_reached_by_keyboard(visit: Visit) -> None:
    """渠道 is on more pages than Pagefind's searchbox used to list (12): the count says how
    many, and the arrow keys reach every one of them (their data loads as they come)."""
    paths = search(visit, "渠道")
    page = visit.page
    count = page.locator(".pb-search-count")
    shown = int(re.search(r"\d+", count.inner_text()).group())
    assert shown > 12, shown
    assert page.locator(".pf-searchbox-results > :not(.pf-searchbox-subresult)").count() >= shown
    box = page.locator(".pb-search pagefind-searchbox input")
    selected = "pagefind-searchbox [data-pf-selected]"
    where = (
        f"() => {{ const s = document.querySelector('{selected}');"
        " return s && s.dataset.pfResultIndex + '/' + s.dataset.pfOptionOffset; }"
    )
    page.locator(selected).wait_for(timeout=10000)  # the first result, selected as shown
    option = page.evaluate(where)
    results = {option.split("/")[0]}
    for _ in range(shown * 8):  # a result and each of its sections are one step
        box.press("ArrowDown")
        try:  # a result not loaded yet is loaded first: the selection moves when it is
            page.wait_for_function(f"(was) => ({where})() !== was", arg=option, timeout=5000)
        except playwright().TimeoutError:  # the selection stays: the last option
            break
        option = page.evaluate(where)
        if option.endswith("/0"):  # a result itself, not one of its sections
            results.add(option.split("/")[0])
    assert len(results) == shown, (len(results), shown, paths)


@browser_only
def test_search_speaks_the_handbooks_language(visit: Visit, browser, tmp_path: Path) -> None:
    page = visit.open()
    box = page.locator(".pb-search pagefind-searchbox input")
    assert box.get_attribute("placeholder") == "搜索客户、联系人、经验"
    box.fill("zzqxv")
    page.get_by_text("没有找到与“zzqxv”相关的内容").first.wait_for(timeout=30000)

    root = write_handbook(
        tmp_path,
        {"acme.yaml": MINIMAL_CLIENT.replace("测试客户", "Acme Foods")},
        {"fmcg.yaml": MINIMAL_INDUSTRY},
        language="en",
    )
    assert run_cli("build", "--root", str(root)).exit_code == 0
    base, server = serve(root / "site")
    english = Visit(browser, base)
    try:
        assert search(english, "Acme")[0] == "/accounts/acme/"
        placeholder = english.page.locator(".pb-search pagefind-searchbox input")
        assert placeholder.get_attribute("placeholder") == "Search accounts, people, lessons"
        assert english.errors == [] and english.foreign_requests() == []
    finally:
        english.close()
        server.shutdown()


@browser_only
def test_search_speaks_traditional_chinese(browser, tmp_path: Path) -> None:
    """A zh-Hant handbook: its index is the pages' own language, its searchbox Traditional,
    and a Traditional name is found as typed, whole and by its start."""
    client = MINIMAL_CLIENT.replace("测试客户", "港灣咖啡").replace("王芳", "周航")
    root = write_handbook(
        tmp_path, {"gangwan.yaml": client}, {"fmcg.yaml": MINIMAL_INDUSTRY}, language="zh-Hant"
    )
    assert run_cli("build", "--root", str(root)).exit_code == 0
    base, server = serve(root / "site")
    traditional = Visit(browser, base)
    try:
        assert search(traditional, "港灣咖啡")[0] == "/accounts/gangwan/"
        assert search(traditional, "港灣")[0] == "/accounts/gangwan/"
        page = traditional.page
        box = page.locator(".pb-search pagefind-searchbox input")
        assert box.get_attribute("placeholder") == "搜尋客戶、聯絡人、經驗"
        box.fill("zzqxv")
        page.get_by_text("沒有找到與「zzqxv」相關的內容").first.wait_for(timeout=30000)
        assert traditional.errors == [] and traditional.foreign_requests() == []
    finally:
        traditional.close()
        server.shutdown()


@browser_only
def test_hostile_text_found_and_shown_literally(browser, tmp_path: Path) -> None:
    hostile = (FIXTURES / "hostile/clients/hostile.yaml").read_text("utf-8")
    root = write_handbook(
        tmp_path,
        {"hostile.yaml": hostile},
        {"hostile.yaml": (FIXTURES / "hostile/industries/hostile.yaml").read_text("utf-8")},
    )
    assert run_cli("build", "--root", str(root)).exit_code == 0
    base, server = serve(root / "site")
    v = Visit(browser, base)
    try:
        assert "/accounts/hostile/" in search(v, "pwned")[:3]
        title = v.page.locator(RESULTS).first.locator(".pf-searchbox-result-title")
        assert title.inner_text().startswith('<script>alert("pwned")</script>')
        assert v.dialogs == [] and v.errors == []
    finally:
        v.close()
        server.shutdown()


# --- a generated handbook of a few hundred clients -----------------------------------


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict]]:
    root = write_synthetic(tmp_path_factory.mktemp("search") / "h300", 300)
    result = run_cli("build", "--root", str(root))
    assert result.exit_code == 0, result.output
    clients = {
        path.stem: yaml.safe_load(path.read_text("utf-8"))
        for path in sorted((root / "clients").glob("*.yaml"))
    }
    base, server = serve(root / "site")
    yield base, clients
    server.shutdown()


def _unique_contact(clients: dict) -> tuple[str, str]:
    seen: dict[str, list[str]] = {}
    for client_id, data in clients.items():
        for contact in data["contacts"]:
            seen.setdefault(contact["name"], []).append(client_id)
    name = next(n for n, ids in sorted(seen.items()) if len(ids) == 1 and len(n) == 3)
    return name, seen[name][0]


@browser_only
def test_a_few_hundred_clients_are_found_as_typed(browser, generated) -> None:
    base, clients = generated
    chinese = clients["client-00151"]  # a registered name such as 杭州德信科技集团有限公司
    english = clients["client-00147"]  # every seventh client has an English name
    short, mixed = chinese["aliases"]
    contact, contact_client = _unique_contact(clients)
    queries = [
        (chinese["name"], "client-00151", 1),
        (short, "client-00151", 1),  # 德信科技
        (mixed, "client-00151", 1),  # Atlas 德信151: Latin, Chinese and digits
        (mixed.replace(" ", ""), "client-00151", 1),
        (english["name"], "client-00147", 1),
        (english["aliases"][0], "client-00147", 1),  # its Chinese alias
        (contact, contact_client, 3),
        (short[:2], "client-00151", 5),  # the brand alone, two characters inside the name
    ]
    v = Visit(browser, base)
    try:
        for query, client_id, within in queries:
            paths = search(v, query)
            assert f"/accounts/{client_id}/" in paths[:within], (query, paths)
        assert v.errors == [] and v.foreign_requests() == []
    finally:
        v.close()


# --- kept current under `playbook serve` ----------------------------------------------


@browser_only
def test_serve_updates_the_index_after_a_save(browser, tmp_path: Path) -> None:
    root = write_handbook(
        tmp_path / "handbook", {"acme.yaml": MINIMAL_CLIENT}, {"fmcg.yaml": MINIMAL_INDUSTRY}
    )
    log = tmp_path / "serve.log"
    with playbook_serve(root, log) as base:
        v = Visit(browser, base)
        try:
            assert wait_for(lambda: _found(v, "测试客户"), 90), log.read_text()
            client = root / "clients" / "acme.yaml"
            client.write_text(MINIMAL_CLIENT.replace("测试客户", "晨曦文旅"), encoding="utf-8")
            assert wait_for(lambda: _found(v, "晨曦文旅"), 90), log.read_text()
            assert v.errors == [] and v.foreign_requests() == []
        finally:
            v.close()


def _found(visit: Visit, query: str) -> bool:
    try:
        return "/accounts/acme/" in search(visit, query)
    except Exception:  # no results yet: the index is still being written
        return False
