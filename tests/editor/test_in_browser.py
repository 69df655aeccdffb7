"""The form editor in real Chromium against a real ``playbook serve``: what an account manager does.

Each test edits a copy of the sample handbook through Decap CMS's forms, then checks the
YAML on disk, ``playbook check`` and the page MkDocs rebuilt.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import http.server
import json
import os
import shutil
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from generator.format.model import Client, Industry
from generator.reading.explain import text_wanted_at
from generator.reading.loader import load_handbook
from generator.reading.yamlsource import parse
from tests.browsing import ARTIFACTS as SCREENSHOTS
from tests.browsing import CHROMIUM, FLAGS, Visit, playwright
from tests.conftest import (
    FIXTURES,
    REPO,
    copy_sample,
    page_text,
    run_cli,
    set_today,
    write_handbook,
)
from tests.serving.test_serve import fetch, playbook_serve, wait_for

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")


class Served:
    def __init__(self, root: Path, base: str, log: Path):
        self.root = root
        self.base = base
        self.log = log

    def page_text(self, path: str) -> str:
        """The visible text of a served page (entities decoded)."""
        return page_text(fetch(self.base + path) or "")


NUMBER_LIKE_CLIENT = (FIXTURES / "number-like" / "shuzi-kehu.yaml").read_text("utf-8")
"""Plain values where the format wants text: the loader keeps them as written."""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = copy_sample(tmp_path_factory.mktemp("editor") / "handbook")
    set_today(root)
    for kind in ("clients", "industries"):  # the hostile fixtures ride along, to be edited too
        for path in (FIXTURES / "hostile" / kind).glob("*.yaml"):
            shutil.copy(path, root / kind / path.name)
    (root / "clients" / "shuzi-kehu.yaml").write_text(NUMBER_LIKE_CLIENT, encoding="utf-8")
    log = root.parent / "serve.log"
    with playbook_serve(root, log) as base:
        assert wait_for(lambda: "config.yml" in (fetch(base + "admin/") or ""), 60), log.read_text()
        yield Served(root, base, log)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright().sync_playwright() as p:
        browser = p.chromium.launch(
            # --lang: the browser's own words (a date field's 年/月/日) as on a Chinese desktop
            executable_path=CHROMIUM,
            headless=True,
            args=[*FLAGS, "--no-sandbox", "--lang=zh-CN"],
            env={**os.environ, "LANG": "zh_CN.UTF-8", "LANGUAGE": "zh_CN"},
        )
        yield browser
        browser.close()


class Editor(Visit):
    """Decap CMS's screens, as a person uses them (its fields have ids ``<key>-field-<n>``)."""

    def __init__(self, browser, base: str, **context_options: object):
        super().__init__(browser, base, **context_options)
        self.blocked: list[str] = []
        """Requests the page's Content-Security-Policy stopped before they left the browser."""
        self.page.on("requestfailed", lambda r: r.failure == "csp" and self.blocked.append(r.url))

    def requests_sent_elsewhere(self) -> list[str]:
        return list((Counter(self.foreign_requests()) - Counter(self.blocked)).elements())

    def open_entry(self, collection: str, slug: str | None = None) -> None:
        target = f"entries/{slug}" if slug else "new"
        url = f"{self.base}admin/#/collections/{collection}/{target}"
        self.page.goto("about:blank")  # a fresh editor: no draft of the last entry left over
        self.page.goto(url)
        login = self.page.get_by_role("button", name="登录")
        name = self.field("name").first
        login.or_(name).first.wait_for()
        if login.is_visible():  # the local backend asks no password; Decap shows the button
            login.click()
            self.page.goto(url)
        name.wait_for()

    def field(self, key: str, scope=None):
        return (scope or self.page).locator(f'[id^="{key}-field-"]')

    def list_items(self, key: str, scope=None):
        return self.field(key, scope).first.locator(':scope > div > [class*="SortableListItem"]')

    def expand(self, item) -> None:
        item.locator("button").first.click()

    def add_item(self, key: str, label: str, scope=None):
        """Click "add" on a list; the new item (last, open) is returned."""
        container = self.field(key, scope).first
        container.get_by_role("button", name=f"新增{label}").click()
        return self.list_items(key, scope).last

    def choose(self, select, label: str) -> None:
        """Pick an option of a select (react-select) by its visible label."""
        select.click()
        self.page.get_by_role("option", name=label, exact=True).click()

    def fill_required(self, tier: str) -> None:
        """A new client's required fields besides its name: FMCG, the tier, a prospect, 周航."""
        industry = self.field("industry").first
        industry.click()
        industry.press_sequentially("快速")
        self.page.get_by_role("option", name="快速消费品").click()
        self.choose(self.field("tier").first, tier)
        self.choose(self.field("status").first, "潜在")
        self.field("lead").first.fill("周航")

    def publish(self) -> None:
        self.page.get_by_role("button", name="发布", exact=True).click()
        self.page.get_by_role("menuitem", name="立即发布").click()

    def wait_saved(self) -> None:
        saved = self.page.get_by_text("内容已保存")
        try:
            saved.or_(self.page.get_by_text("保存内容失败")).first.wait_for(timeout=30_000)
        except Exception:
            fields = self.page.locator('[class*="ControlErrorsList"]').all_inner_texts()
            raise AssertionError(f"not saved; the form says: {fields}") from None
        assert self.page.get_by_text("保存内容失败").count() == 0, self.notification()

    def notification(self) -> str:
        return " ".join(self.page.locator('[role="alert"], .toastify').all_inner_texts())

    def status(self) -> str:
        """What the toolbar says of the entry (saved, unsaved changes)."""
        return self.page.locator('[class*="BackStatus"]').first.inner_text()

    def backups(self) -> list[str]:
        """The keys of Decap's local backups (its IndexedDB store, through localForage)."""
        return self.page.evaluate(
            """() => new Promise((resolve) => {
              const opened = indexedDB.open("localforage");
              opened.onsuccess = () => {
                const db = opened.result;
                if (!db.objectStoreNames.contains("keyvaluepairs")) return resolve([]);
                const keys = db.transaction("keyvaluepairs").objectStore("keyvaluepairs").getAllKeys();
                keys.onsuccess = () => resolve(keys.result.filter((k) => k.startsWith("backup")));
              };
              opened.onerror = () => resolve([]);
            })"""
        )


@pytest.fixture
def editor(browser, served: Served) -> Iterator[Editor]:
    e = Editor(browser, served.base, viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    yield e
    assert e.requests_sent_elsewhere() == [], e.requests_sent_elsewhere()
    assert e.dialogs == [], e.dialogs
    e.close()


def read(root: Path, relative: str) -> dict:
    """A file's values as the loader reads them (YAML 1.2: `no` and `10:00` are text; where
    the format wants text, a plain value is its written text)."""
    model = Client if relative.startswith("clients/") else Industry
    document = parse((root / relative).read_text("utf-8"))
    while True:
        try:
            model.model_validate(document.data)
            return document.data
        except ValidationError as exc:
            if not document.keep_text_as_written(text_wanted_at(model, exc)):
                return document.data


def check_passes(root: Path) -> None:
    result = run_cli("check", "--root", str(root))
    assert result.exit_code == 0, result.output


def test_add_a_history_entry_after_a_meeting(editor: Editor, served: Served) -> None:
    editor.open_entry("clients", "dingsheng-beverage")
    item = editor.add_item("history", "动态跟踪")
    editor.field("date", item).fill("2026-11-20")
    editor.choose(editor.field("type", item), "反馈")
    editor.field("summary", item).fill("季度会议:客户希望冷泡茶加投华南")
    editor.publish()
    editor.wait_saved()

    history = read(served.root, "clients/dingsheng-beverage.yaml")["history"]
    assert history[-1] == {
        "date": dt.date(2026, 11, 20),
        "type": "feedback",
        "summary": "季度会议:客户希望冷泡茶加投华南",
    }
    check_passes(served.root)
    assert wait_for(
        lambda: (
            "季度会议:客户希望冷泡茶加投华南" in served.page_text("accounts/dingsheng-beverage/")
        )
    ), served.log.read_text()[-2000:]


def test_mark_a_milestone_done_and_record_a_kpi(editor: Editor, served: Served) -> None:
    editor.open_entry("clients", "dingsheng-beverage")
    project = editor.list_items("projects").nth(1)  # 冷泡茶全国上市
    editor.expand(project)
    milestone = editor.list_items("milestones", project).nth(2)  # 第一阶段效果评估: todo
    editor.expand(milestone)
    editor.choose(editor.field("status", milestone), "已完成")
    kpi = editor.list_items("kpis", project).nth(0)  # 品牌认知度: no actual yet
    editor.expand(kpi)
    editor.field("actual", kpi).fill("27.5")
    editor.publish()
    editor.wait_saved()

    project_data = read(served.root, "clients/dingsheng-beverage.yaml")["projects"][1]
    assert project_data["milestones"][2]["status"] == "done"
    assert project_data["kpis"][0] == {
        "name": "品牌认知度",
        "target": 30,
        "actual": 27.5,
        "unit": "%",
    }
    check_passes(served.root)
    assert wait_for(lambda: "27.5" in served.page_text("accounts/dingsheng-beverage/"))


def test_add_a_contact_who_reports_to_an_existing_one(editor: Editor, served: Served) -> None:
    editor.open_entry("clients", "lvye-dairy")
    contact = editor.add_item("contacts", "联系人")
    before = read(served.root, "clients/lvye-dairy.yaml")["contacts"]
    boss = before[0]["id"]
    editor.field("id", contact).fill("tang-xin")
    editor.field("name", contact).fill("唐欣")
    editor.field("title", contact).fill("电商运营经理")
    editor.choose(editor.field("role", contact), "影响者")
    editor.field("reports_to", contact).fill(boss)
    editor.publish()
    editor.wait_saved()

    after = read(served.root, "clients/lvye-dairy.yaml")["contacts"]
    assert after[:-1] == before
    assert after[-1] == {
        "id": "tang-xin",
        "name": "唐欣",
        "title": "电商运营经理",
        "role": "influencer",
        "reports_to": boss,
    }
    check_passes(served.root)
    assert wait_for(lambda: "唐欣" in served.page_text("accounts/lvye-dairy/"))


def test_create_a_new_client_from_its_chinese_name(editor: Editor, served: Served) -> None:
    """Only the Chinese name and the required fields: the id is its pinyin, shown first."""
    editor.open_entry("clients")
    editor.field("name").first.fill("港湾咖啡")
    assert editor.field("playbook_id").first.input_value() == "gangwan-kafei"  # before saving
    editor.fill_required("B")
    editor.page.screenshot(path=str(SCREENSHOTS / "editor-new-client.png"))
    editor.publish()
    editor.wait_saved()
    editor.page.wait_for_url("**/entries/gangwan-kafei")
    assert editor.status() == "修改已保存"

    assert read(served.root, "clients/gangwan-kafei.yaml") == {
        "format": 1,
        "name": "港湾咖啡",
        "industry": "fmcg",
        "tier": "B",
        "status": "prospect",
        "team": {"lead": "周航"},
    }
    check_passes(served.root)
    assert wait_for(lambda: "港湾咖啡" in served.page_text("accounts/gangwan-kafei/"))


def test_a_proposed_id_can_be_changed_and_a_rename_keeps_it(editor: Editor, served: Served) -> None:
    editor.open_entry("clients")
    editor.field("name").first.fill("港湾咖啡(南京)")
    identifier = editor.field("playbook_id").first
    assert identifier.input_value() == "gangwan-kafei-nanjing"
    identifier.fill("harbour-nanjing")  # the person's own choice wins over the proposal
    editor.field("name").first.press_sequentially("店")
    assert identifier.input_value() == "harbour-nanjing"
    editor.fill_required("C")
    editor.publish()
    editor.wait_saved()
    assert read(served.root, "clients/harbour-nanjing.yaml")["name"] == "港湾咖啡(南京)店"
    # serve rebuilds the site (admin/ included) after a save: open the entry once it has
    assert wait_for(lambda: "港湾咖啡(南京)店" in served.page_text("accounts/harbour-nanjing/"))

    editor.open_entry("clients", "harbour-nanjing")
    editor.field("name").first.fill("港湾咖啡南京新街口店")
    editor.publish()
    editor.wait_saved()
    assert read(served.root, "clients/harbour-nanjing.yaml")["name"] == "港湾咖啡南京新街口店"
    assert not list((served.root / "clients").glob("gangwan-kafei-nanjing*"))


def test_text_that_looks_like_other_values_stays_text(editor: Editor, served: Served) -> None:
    """`no`, `on`, `10:00` typed into text fields are saved and shown as typed."""
    editor.open_entry("clients", "xinghe-tech")
    profile = editor.field("profile").first
    if not editor.field("size", profile).first.is_visible():
        profile.locator("button").first.click()  # the part is folded
    editor.field("size", profile).first.fill("no")
    preferences = editor.field("preferences").first
    if not editor.field("cadence", preferences).first.is_visible():
        preferences.locator("button").first.click()
    editor.field("cadence", preferences).first.fill("10:00")
    editor.field("report_format", preferences).first.fill("on")
    editor.publish()
    editor.wait_saved()
    data = read(served.root, "clients/xinghe-tech.yaml")
    assert (data["profile"]["size"], data["preferences"]["cadence"]) == ("no", "10:00")
    assert data["preferences"]["report_format"] == "on"
    check_passes(served.root)
    page = "accounts/xinghe-tech/"
    assert wait_for(lambda: "10:00" in served.page_text(page)), served.log.read_text()[-2000:]
    text = served.page_text(page)
    assert "规模 no" in text.replace(":", " ") or " no " in f" {text} "


def test_a_contact_gets_an_id_from_a_chinese_name(editor: Editor, served: Served) -> None:
    editor.open_entry("clients", "anxin-insurance")
    contact = editor.add_item("contacts", "联系人")
    editor.field("name", contact).fill("陈静")
    editor.field("title", contact).fill("品牌部经理")
    editor.publish()
    editor.wait_saved()
    contacts = read(served.root, "clients/anxin-insurance.yaml")["contacts"]
    assert contacts[-1] == {"id": "chen-jing", "name": "陈静", "title": "品牌部经理"}
    check_passes(served.root)


def test_the_preview_shows_labels_not_machine_values(editor: Editor, served: Served) -> None:
    editor.open_entry("clients", "dingsheng-beverage")
    preview = editor.page.frame_locator("iframe").first.locator("article.playbook-preview")
    preview.wait_for()
    text = preview.inner_text()
    assert "一览" in text and "拍板的人" in text and "决策者" in text and "进行中的项目" in text
    for machine in ("decision_maker", "wechat", "active", "influencer"):
        assert machine not in text, machine
    editor.page.screenshot(path=str(SCREENSHOTS / "editor-preview.png"))


def test_a_stale_save_from_a_second_tab_keeps_the_first(browser, served: Served) -> None:
    """Two tabs open one client; the second saves from the version it opened: refused."""
    first = Editor(browser, served.base, locale="zh-CN")
    second = Editor(browser, served.base, locale="zh-CN")
    try:
        first.open_entry("clients", "huitong-bank")
        second.open_entry("clients", "huitong-bank")
        first.field("lead").first.fill("林晓雯")
        first.publish()
        first.wait_saved()
        assert read(served.root, "clients/huitong-bank.yaml")["team"]["lead"] == "林晓雯"
        saved = (served.root / "clients" / "huitong-bank.yaml").read_bytes()

        second.field("name").first.press("End")
        second.field("name").first.press_sequentially("(总行)")
        second.publish()
        second.page.get_by_text("保存内容失败").wait_for(timeout=30_000)
        assert "在你打开之后已被别人修改并保存" in second.notification(), second.notification()
        assert (served.root / "clients" / "huitong-bank.yaml").read_bytes() == saved
    finally:
        first.close()
        second.close()


def test_create_a_new_client(editor: Editor, served: Served) -> None:
    editor.open_entry("clients")
    editor.field("name").first.fill("Harbor Coffee 港湾咖啡")
    editor.fill_required("B")
    editor.publish()
    editor.wait_saved()

    path = served.root / "clients" / "harbor-coffee-gangwan-kafei.yaml"
    assert read(served.root, "clients/harbor-coffee-gangwan-kafei.yaml") == {
        "format": 1,
        "name": "Harbor Coffee 港湾咖啡",
        "industry": "fmcg",
        "tier": "B",
        "status": "prospect",
        "team": {"lead": "周航"},
    }, path.read_text("utf-8")
    check_passes(served.root)
    assert wait_for(
        lambda: "Harbor Coffee" in served.page_text("accounts/harbor-coffee-gangwan-kafei/")
    )


def _refuse_an_end_before_the_start(editor: Editor):
    """Open 青峰汽车, end its first project before it starts, save: refused. The project."""
    editor.open_entry("clients", "qingfeng-auto")
    project = editor.list_items("projects").nth(0)
    editor.expand(project)
    editor.field("end", project).first.fill("2000-01-01")  # before the project's start
    editor.publish()
    editor.page.get_by_text("保存内容失败").wait_for(timeout=30_000)
    editor.page.locator(".Toastify__toast").first.wait_for()
    return project


def test_a_save_that_breaks_the_handbook_is_refused_and_changes_nothing(
    editor: Editor, served: Served
) -> None:
    """The notice says what is wrong, naming the field by its label (no `API_ERROR`, no
    path and line, which are for files); the field itself is marked until it changes."""
    path = served.root / "clients" / "qingfeng-auto.yaml"
    before = path.read_bytes()
    project = _refuse_an_end_before_the_start(editor)
    editor.page.wait_for_timeout(600)  # the notice slides in
    editor.page.screenshot(path=str(SCREENSHOTS / "editor-refused.png"))
    message = editor.notification()
    assert "保存内容失败: 项目 1 › 结束日期:结束日期 2000-01-01 早于开始日期" in message, message
    for machine in ("API_ERROR", "clients/qingfeng-auto.yaml", "projects[0].end"):
        assert machine not in message, message
    assert path.read_bytes() == before

    marked = editor.page.locator("[data-playbook-problem]")
    assert marked.count() == 1
    assert marked.locator('[id^="end-field-"]').count() == 1  # the end field's own box
    assert "结束日期 2000-01-01 早于开始日期" in (
        marked.get_attribute("data-playbook-problem") or ""
    )
    assert project.get_attribute("data-playbook-problem-inside") is not None
    marked.scroll_into_view_if_needed()
    editor.page.screenshot(path=str(SCREENSHOTS / "editor-refused-field.png"))
    editor.field("end", project).first.fill("2027-05-31")
    assert editor.page.locator("[data-playbook-problem]").count() == 0


def test_a_refusal_without_problems_is_read_from_its_located_lines(editor: Editor) -> None:
    """An answer of an older `playbook serve` has only the located lines (`error`)."""

    def older(route) -> None:
        answer = route.fetch()
        body = answer.json()
        if isinstance(body, dict) and "problems" in body:
            del body["problems"]
        route.fulfill(response=answer, json=body)

    editor.page.route("**/api/v1", older)
    _refuse_an_end_before_the_start(editor)
    message = editor.notification()
    assert "保存内容失败: 项目 1 › 结束日期:结束日期 2000-01-01 早于开始日期" in message, message
    assert "API_ERROR" not in message and "qingfeng-auto.yaml" not in message, message
    marked = editor.page.locator("[data-playbook-problem]")
    assert marked.locator('[id^="end-field-"]').count() == 1


def test_a_refused_save_leaves_no_backup_that_restores_nothing(
    editor: Editor, served: Served
) -> None:
    """Decap keeps a local backup of an unsaved change and offers it after a reload; for a
    file's entry, accepting it restored nothing (the file, loaded after it, replaced it).
    No backup is kept of a file's entry, so none is offered; a new entry's still is."""
    _refuse_an_end_before_the_start(editor)
    editor.page.wait_for_timeout(2_500)  # Decap writes its backup 2 s after a change
    assert editor.backups() == []
    again = editor.context.new_page()
    offered: list[str] = []
    again.on("dialog", lambda d: (offered.append(d.message), d.dismiss()))
    editor.page.close(run_before_unload=False)
    editor.page = again
    editor.open_entry("clients", "qingfeng-auto")
    again.wait_for_timeout(1_500)
    assert offered == []
    assert editor.field("end", editor.list_items("projects").nth(0)).first.input_value() == (
        "2027-04-30"
    )

    editor.open_entry("clients")  # a new entry's backup Decap restores: kept
    editor.field("name").first.fill("备份客户")
    for _ in range(20):
        again.wait_for_timeout(500)
        if "backup.clients" in editor.backups():
            break
    assert "backup.clients" in editor.backups()


def test_a_new_entry_does_not_say_it_is_saved(editor: Editor) -> None:
    editor.open_entry("clients", "lvye-dairy")
    assert editor.status() == "修改已保存"  # Decap's own words, true of a file as read
    editor.open_entry("clients")
    assert editor.status() == "尚未保存"
    assert "修改已保存" not in editor.page.locator("body").inner_text()
    editor.page.screenshot(path=str(SCREENSHOTS / "editor-new-entry.png"))
    editor.field("name").first.fill("未保存客户")
    assert editor.status() == "含未保存的修改"


def test_number_like_text_is_shown_and_saved_as_written(editor: Editor, served: Served) -> None:
    """`phone: 02161234567` unquoted is the text 02161234567 to the loader (the format wants
    text there); the form shows it so, and a save elsewhere leaves its line as it was."""
    path = served.root / "clients" / "shuzi-kehu.yaml"
    editor.open_entry("clients", "shuzi-kehu")
    contact = editor.list_items("contacts").nth(0)
    editor.expand(contact)
    assert editor.field("phone", contact).first.input_value() == "02161234567"
    assert editor.field("wechat", contact).first.input_value() == "1e3"
    assert editor.field("size").first.input_value() == "0755"
    editor.field("title", contact).fill("采购经理")
    editor.publish()
    editor.wait_saved()
    assert path.read_text("utf-8") == NUMBER_LIKE_CLIENT.replace(
        "    name: 李娜\n", "    name: 李娜\n    title: 采购经理\n"
    )
    check_passes(served.root)


def _date_keys(page) -> tuple[list[str], int]:
    """The keys that type 1 March 2027 into this browser's date fields (the parts' order
    follows its language: 年/月/日, mm/dd/yyyy, dd/mm/yyyy), found on a plain
    `<input type=date>`, and how many Tabs lead from a date's first part to its year."""
    page.evaluate(
        """() => { const input = document.createElement("input");
        input.type = "date"; input.id = "plain-date"; document.body.prepend(input); }"""
    )
    plain = page.locator("#plain-date")
    for keys, tabs in (
        (["2027", "Tab", "03", "01"], 0),
        (["03", "01", "2027"], 2),
        (["01", "03", "2027"], 2),
    ):
        plain.fill("")
        plain.focus()
        _type(page, keys)
        if plain.input_value() == "2027-03-01":
            plain.evaluate("input => input.remove()")
            return keys, tabs
    raise AssertionError("no order of a date's parts gives 2027-03-01 in a plain date field")


def _type(page, keys: list[str]) -> None:
    for key in keys:
        if key == "Tab":
            page.keyboard.press("Tab")
        else:
            page.keyboard.type(key, delay=30)


def test_a_date_typed_on_the_keyboard_keeps_its_century(editor: Editor, served: Served) -> None:
    """Typed key by key as a person does: a new date, and the year of a filled one."""
    editor.open_entry("clients", "xinghe-tech")
    keys, tabs = _date_keys(editor.page)
    item = editor.add_item("history", "动态跟踪")
    date = editor.field("date", item).first
    date.focus()
    _type(editor.page, keys)
    assert date.input_value() == "2027-03-01"
    editor.choose(editor.field("type", item), "里程碑")
    editor.field("summary", item).fill("年度规划会")

    since = editor.field("since").first
    assert since.input_value() == "2022-09-01"
    since.focus()
    _type(editor.page, ["Tab"] * tabs + ["2021"])
    assert since.input_value() == "2021-09-01"
    editor.publish()
    editor.wait_saved()
    data = read(served.root, "clients/xinghe-tech.yaml")
    assert data["since"] == dt.date(2021, 9, 1)
    assert data["history"][-1]["date"] == dt.date(2027, 3, 1)
    check_passes(served.root)


def _models(root: Path) -> dict[str, object]:
    handbook = load_handbook(root)
    return {
        **{e.path: e.data for e in handbook.clients.values()},
        **{e.path: e.data for e in handbook.industries.values()},
    }


def test_opening_and_saving_every_file_loses_nothing(editor: Editor, served: Served) -> None:
    """Round trip: each client and industry saved through the forms keeps its data.

    Decap saves only a changed entry, so each save changes the name (a mark appended);
    everything else must come back as it was.
    """
    before = _models(served.root)
    for relative in sorted(before):
        collection, _, name = relative.partition("/")
        editor.open_entry(collection, name.removesuffix(".yaml"))
        editor.field("name").first.press("End")
        editor.field("name").first.press_sequentially("·")
        editor.publish()
        editor.wait_saved()
    # The hostile file's Markdown image pointed off-site: the editor's page refused it.
    assert "https://evil.example/t.png" in editor.blocked
    after = _models(served.root)
    assert sorted(after) == sorted(before)
    for relative, data in before.items():
        expected = data.model_copy(update={"name": data.name + "·"})
        assert after[relative].model_dump() == expected.model_dump(), relative
    check_passes(served.root)


def test_a_client_page_opens_its_form(editor: Editor, served: Served) -> None:
    page = editor.page
    page.goto(served.base + "accounts/lvye-dairy/")  # serve's live reload never idles
    page.get_by_role("link", name="在编辑器中修改").click()
    login = page.get_by_role("button", name="登录")
    name = editor.field("name").first
    login.or_(name).first.wait_for()
    if login.is_visible():
        login.click()
    assert name.input_value(timeout=30_000).startswith("绿野乳业")  # the round trip adds a mark


ENGLISH_CLIENT = """\
name: Harbour Coffee
industry: fmcg
tier: B
status: active
team:
  lead: Zhou Hang
projects:
  - id: spring
    name: Spring menu
    status: active
    start: 2026-03-01
"""


def test_an_english_handbook_refuses_in_english(browser, tmp_path: Path) -> None:
    root = write_handbook(
        tmp_path / "handbook",
        clients={"harbour-coffee.yaml": ENGLISH_CLIENT},
        industries={"fmcg.yaml": "name: Consumer goods\n"},
        language="en",
    )
    log = tmp_path / "serve.log"
    with playbook_serve(root, log) as base:
        assert wait_for(lambda: "config.yml" in (fetch(base + "admin/") or ""), 60), log.read_text()
        visit = Visit(browser, base, locale="en-GB")
        page = visit.page
        try:
            url = f"{base}admin/#/collections/clients/entries/harbour-coffee"
            page.goto(url)
            login = page.get_by_role("button", name="Login")
            name = page.locator('[id^="name-field-"]').first
            login.or_(name).first.wait_for()
            if login.is_visible():
                login.click()
                page.goto(url)
            name.wait_for()
            project = page.locator('[id^="projects-field-"]').first
            project.locator(':scope > div > [class*="SortableListItem"]').first.locator(
                "button"
            ).first.click()
            page.locator('[id^="end-field-"]').first.fill("2000-01-01")
            page.get_by_role("button", name="Publish", exact=True).click()
            page.get_by_role("menuitem", name="Publish now").click()
            page.get_by_text("Failed to persist entry").wait_for(timeout=30_000)
            text = " ".join(page.locator('[role="alert"], .toastify').all_inner_texts())
            assert (
                "Projects 1 › End date: the end 2000-01-01 is before the start 2026-03-01" in text
            )
            assert "API_ERROR" not in text and "harbour-coffee.yaml" not in text, text
        finally:
            visit.close()


HOSTED_EDITOR = """\
      editor:
        backend: gitlab
        repo: account-team/handbook
        base_url: https://git.agency.example
        app_id: 0123abcd
"""


@pytest.fixture(scope="module")
def hosted_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample built for a GitLab-hosted editor, served as static files."""
    root = copy_sample(tmp_path_factory.mktemp("hosted") / "handbook")
    set_today(root)
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "      language: zh\n", "      language: zh\n" + HOSTED_EDITOR
        ),
        encoding="utf-8",
    )
    assert run_cli("build", "--root", str(root)).exit_code == 0
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def test_the_hosted_editor_makes_ids_and_files_in_the_browser(browser, hosted_site: str) -> None:
    """No server of ours on the hosted path: the id, the file and the preview are made in
    the browser. The generated configuration is used as built, with Decap's in-browser
    test-repo backend in place of GitLab (which this machine cannot reach)."""
    editor = Editor(browser, hosted_site, viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    built = yaml.safe_load(fetch(hosted_site + "admin/config.yml") or "")
    assert built["backend"]["name"] == "gitlab" and built["publish_mode"] == "editorial_workflow"
    offline = yaml.safe_dump({**built, "backend": {"name": "test-repo"}}, allow_unicode=True)
    editor.page.route(
        "**/admin/config.yml",
        lambda route: route.fulfill(body=offline, content_type="text/yaml; charset=utf-8"),
    )
    editor.context.add_init_script(
        "window.repoFiles = {clients: {'dingsheng-beverage.yaml': {path: "
        "'clients/dingsheng-beverage.yaml', content: "
        + json.dumps((REPO / "clients" / "dingsheng-beverage.yaml").read_text("utf-8"))
        + "}}, industries: {'fmcg.yaml': {path: 'industries/fmcg.yaml', content: "
        + json.dumps((REPO / "industries" / "fmcg.yaml").read_text("utf-8"))
        + "}}};"
    )
    try:
        editor.open_entry("clients", "dingsheng-beverage")
        preview = editor.page.frame_locator("iframe").first.locator("article.playbook-preview")
        assert "决策者" in preview.inner_text() and "decision_maker" not in preview.inner_text()

        # A change to a file: the browser writes the file, and only the changed line differs
        # (the merge request shows that line; comments, quoting and order stay).
        editor.field("name").first.press("End")
        editor.field("name").first.press_sequentially("·")
        editor.page.get_by_role("button", name="保存", exact=True).click()
        editor.wait_saved()
        saved = editor.page.evaluate(
            "() => window.repoFilesUnpublished['clients/dingsheng-beverage']"
        )
        (diff,) = saved["diffs"]
        original = (REPO / "clients" / "dingsheng-beverage.yaml").read_text("utf-8")
        changed = difflib.unified_diff(original.splitlines(), diff["content"].splitlines(), n=0)
        assert [line for line in changed if line[:1] in "+-"][2:] == [
            "-name: 鼎盛饮料集团",
            "+name: 鼎盛饮料集团·",
        ], diff["content"]

        editor.open_entry("clients")
        editor.field("name").first.fill("港湾咖啡")
        assert editor.field("playbook_id").first.input_value() == "gangwan-kafei"
        editor.fill_required("B")
        editor.field("aliases").first.fill("Harbour Coffee\nno")
        assert editor.status() == "含未保存的修改"
        editor.page.get_by_role("button", name="保存", exact=True).click()
        editor.wait_saved()
        editor.page.wait_for_url("**/entries/gangwan-kafei")
        assert editor.status() != "尚未保存"  # saved: Decap's words again
        saved = editor.page.evaluate("() => window.repoFilesUnpublished['clients/gangwan-kafei']")
        assert saved is not None, editor.page.evaluate(
            "() => Object.keys(window.repoFilesUnpublished)"
        )
        (diff,) = saved["diffs"]
        assert diff["path"] == "clients/gangwan-kafei.yaml"
        assert yaml.safe_load(diff["content"]) == {
            "format": 1,
            "name": "港湾咖啡",
            "aliases": ["Harbour Coffee", "no"],
            "industry": "fmcg",
            "tier": "B",
            "status": "prospect",
            "team": {"lead": "周航"},
        }, diff["content"]

    finally:
        editor.close()
