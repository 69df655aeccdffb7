"""The server's parts on their own: its words, a save's message, who is believed, how a
release is published, the nginx block that fronts it."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from generator.format.catalogs import MESSAGE, catalog
from generator.format.wording import say
from generator.outputs.nginx import Site, nginx_config
from generator.server.editor_files import BROWSER_WORDS
from generator.server.messages import changed_fields, describe
from generator.server.people import from_proxy, parse_person, trusted_networks
from generator.server.publishing import Publisher, scan
from generator.writing.files import Stored, Write, version

REPO = Path(__file__).resolve().parents[2]


def test_the_server_says_its_words_in_every_language() -> None:
    """The server's words are the catalogs' ``server_…`` messages (their placeholders and
    use are checked with every message's in tests/format); Traditional Chinese is its own."""
    assert say("server_commit_update", name="甲", fields="乙").text("zh") == "更新 甲:乙"
    assert say("server_history_title").text("zh-Hant") == "修改記錄"
    assert say("server_not_found").text("en") == "There is no such page here."


def test_the_browser_gets_its_words_from_the_catalogs() -> None:
    script = (REPO / "generator" / "server" / "playbook-server.js").read_text("utf-8")
    used = set(re.findall(r"\bwords\.(\w+)", script))
    assert used and used <= set(BROWSER_WORDS), used - set(BROWSER_WORDS)
    for key in BROWSER_WORDS:
        assert catalog("zh-Hant").has(key, MESSAGE), key


def _stored(path: str, text: str) -> Stored:
    return Stored(path, text, version(text))


CLIENT = (REPO / "clients" / "dingsheng-beverage.yaml").read_text("utf-8")


def test_a_save_is_said_by_the_fields_it_changed() -> None:
    path = "clients/dingsheng-beverage.yaml"
    phone = re.search(r"phone: (.+)", CLIENT)
    assert phone
    changed = CLIENT.replace(phone.group(0), "phone: '021-00000000'", 1)
    said = describe(
        {path: "client"}, {path: Write(changed, "x")}, {path: _stored(path, CLIENT)}, "zh"
    )
    assert re.fullmatch(r"更新 鼎盛饮料集团:联系人 \d › 电话", said), said
    english = describe(
        {path: "client"}, {path: Write(changed, "x")}, {path: _stored(path, CLIENT)}, "en"
    )
    assert english.startswith("Update 鼎盛饮料集团: ")


def test_many_changes_are_counted_and_new_deleted_renamed_files_named() -> None:
    path, new = "clients/dingsheng-beverage.yaml", "clients/dingsheng-group.yaml"
    before = {"a": 1, "b": [1, 2], "c": {"d": 1}, "e": 1}
    after = {"a": 2, "b": [1, 3, 4], "c": {}, "f": 1}
    assert changed_fields(before, after) == [("a",), ("b", 1), ("b", 2), ("c", "d"), ("e",), ("f",)]
    many = CLIENT.replace("tier: A", "tier: B").replace("status: active", "status: paused")
    many = many.replace("since: 2021-03-01", "since: 2021-03-02").replace(
        "industry: fmcg", "industry: finance"
    )
    said = describe({path: "client"}, {path: Write(many, "x")}, {path: _stored(path, CLIENT)}, "zh")
    assert re.fullmatch(r"更新 鼎盛饮料集团:行业、等级、状态,另有 \d 处", said), said
    stored = {path: _stored(path, CLIENT), new: None}
    kinds = {path: "client", new: "client"}
    assert describe(kinds, {new: Write(CLIENT, None)}, stored, "zh") == "新建 鼎盛饮料集团"
    assert describe(kinds, {path: Write(None, "x")}, stored, "en") == "Delete 鼎盛饮料集团"
    renamed = describe(kinds, {new: Write(CLIENT, None), path: Write(None, "x")}, stored, "zh")
    assert renamed == "更名 鼎盛饮料集团:dingsheng-beverage → dingsheng-group"


def test_people_and_the_proxy_addresses() -> None:
    person = parse_person("chen.jing", " 陈静 <chen.jing@agency.example> ")
    assert person and str(person.signature) == "陈静 <chen.jing@agency.example>"
    for wrong in ("陈静", "<chen.jing@agency.example>", "陈静 chen.jing@agency.example", 3):
        assert parse_person("x", wrong) is None, wrong
    loopback = trusted_networks(["127.0.0.0/8", "::1"])
    assert from_proxy("127.0.0.1", loopback) and from_proxy("::1", loopback)
    assert from_proxy("::ffff:127.0.0.1", loopback)  # an IPv4 peer on a dual-stack socket
    assert not from_proxy("10.0.0.5", loopback) and not from_proxy("", loopback)
    with pytest.raises(ValueError):
        trusted_networks(["nginx.intranet"])


def test_a_render_is_published_file_by_file_never_half_written(tmp_path: Path) -> None:
    site, work = tmp_path / "site", tmp_path / "work"
    (work / "accounts" / "a").mkdir(parents=True)
    (work / "accounts" / "a" / "index.html").write_text("A1", encoding="utf-8")
    (work / "index.html").write_text("home", encoding="utf-8")
    (work / "gone.html").write_text("gone", encoding="utf-8")
    publisher = Publisher(site)
    assert publisher.publish_work("team", work) == 3  # the first: a whole release, linked
    release = (site / "team").resolve()
    assert (site / "team").is_symlink() and (release / "index.html").read_text("utf-8") == "home"
    page = release / "accounts" / "a" / "index.html"
    with page.open(encoding="utf-8") as reading:  # nginx sending the page meanwhile
        (work / "accounts" / "a" / "index.html").write_text("A2", encoding="utf-8")
        os.utime(work / "accounts" / "a" / "index.html", ns=(1, 1))  # another time, surely
        (work / "gone.html").unlink()
        assert publisher.publish_work("team", work) == 2
        assert reading.read() == "A1"  # replaced by a rename: the open file is whole
    assert page.read_text("utf-8") == "A2" and not (release / "gone.html").exists()
    assert (site / "team").resolve() == release
    assert not [p.name for p in release.rglob(".*.tmp")]
    assert publisher.publish_work("team", work) == 0  # nothing changed: nothing published


def test_a_full_build_is_published_with_the_renders_made_since(tmp_path: Path) -> None:
    site, work, built = tmp_path / "site", tmp_path / "work", tmp_path / "built"
    work.mkdir()
    (work / "old.html").write_text("old", encoding="utf-8")
    (work / "gone.html").write_text("gone", encoding="utf-8")
    publisher = Publisher(site)
    then = scan(work)
    since = max(stat[1] for stat in then.values())
    built.mkdir()
    for name in ("old.html", "gone.html", "search.json"):
        (built / name).write_text(f"built {name}", encoding="utf-8")
    (work / "gone.html").unlink()
    (work / "new.html").write_text("rendered later", encoding="utf-8")
    os.utime(work / "new.html", ns=(since + 10, since + 10))
    publisher.publish_build("team", built, work, since, then)
    served = site / "team"
    assert sorted(p.name for p in served.iterdir()) == ["new.html", "old.html", "search.json"]
    assert (served / "new.html").read_text("utf-8") == "rendered later"
    assert (served / "old.html").read_text("utf-8") == "built old.html"
    for number in range(3):  # a release for each full build; the older ones go
        (tmp_path / f"b{number}").mkdir()
        publisher.publish_build("team", tmp_path / f"b{number}", work, since, then)
    assert len(list(publisher.releases.glob("team.*"))) == 2


def test_the_nginx_block_passes_the_form_to_the_server_as_the_signed_in_person(
    tmp_path: Path,
) -> None:
    sites = [
        Site("team", tmp_path / "team", editor=True),
        Site("company", tmp_path / "company", True),
    ]
    text = nginx_config(tmp_path, sites, server="127.0.0.1:8010")
    team = text[text.index("location /team/ {") : text.index("location /company/ {")]
    assert "location /team/admin/ {" in team and "location = /team/api/v1 {" in team
    assert team.count("proxy_pass http://127.0.0.1:8010;") == 2
    assert team.count("proxy_set_header X-Remote-User $remote_user;") == 2
    assert "auth_basic_user_file" in team  # the nested locations inherit the password
    assert "proxy_pass" not in text[text.index("location /company/ {") :]
    assert "proxy_pass" not in nginx_config(tmp_path, sites)  # without --server: as before


def test_the_systemd_unit_starts_the_server_with_options_it_has() -> None:
    from generator.cli.server_command import server

    unit = (REPO / "examples/systemd/playbook-server.service").read_text("utf-8")
    (start,) = re.findall(r"^ExecStart=(.+)$", unit, re.MULTILINE)
    program, command, *arguments = start.split()
    assert program.endswith("/playbook") and command == "server"
    known = {name for parameter in server.params for name in parameter.opts}
    assert {a for a in arguments if a.startswith("--")} <= known
