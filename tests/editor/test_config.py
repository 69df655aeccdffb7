"""The form editor's configuration, derived from the model, and ``admin/`` in built sites."""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import typing
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel, ValidationError

from generator.editor.admin import BUNDLE_DIR, content_security_policy, editor_data
from generator.editor.config import EditorHost, UnknownType, _fields, editor_config, text_paths
from generator.format.fields import fields_of
from generator.format.labels import Translator
from generator.format.model import (
    Budget,
    Client,
    Contact,
    Industry,
    MonthDay,
    Profile,
    is_markdown,
)
from generator.format.wording import say
from generator.reading.explain import text_wanted_at
from generator.reading.yamlsource import parse
from tests.conftest import (
    FIXTURES,
    MINIMAL_CLIENT,
    MINIMAL_INDUSTRY,
    REPO,
    mkdocs_build_strict,
    write_handbook,
)
from tests.format.test_model import all_models, models_in


def _by_name(fields: list[dict]) -> dict[str, dict]:
    return {f["name"]: f for f in fields}


def _collection(config: dict, name: str) -> dict:
    return next(c for c in config["collections"] if c["name"] == name)


def _walk(fields: list[dict], model: type[BaseModel], in_optional_part: bool = False):
    """(model, field name, widget, whether it sits in an optional mapping) for every field."""
    widgets = _by_name(fields)
    for name, info in model.model_fields.items():
        assert name in widgets, f"{model.__name__}.{name} has no widget"
        widget = widgets[name]
        yield model, name, widget, in_optional_part
        for sub in models_in(info.annotation):
            if widget["widget"] == "list":
                yield from _walk(widget["fields"], sub, False)
            else:
                yield from _walk(widget["fields"], sub, in_optional_part or not info.is_required())


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_field_of_the_model_has_a_widget_label_hint_and_requiredness(language) -> None:
    config = editor_config(language, local_api="/api/v1")
    t = Translator(language)
    seen = set()
    for root, collection in ((Client, "clients"), (Industry, "industries")):
        fields = _collection(config, collection)["fields"]
        for model, name, widget, in_optional_part in _walk(fields, root):
            seen.add((model.__name__, name))
            info = model.model_fields[name]
            assert widget["label"] == t.field(model.__name__, name)
            assert widget["label"] and (language == "en" or widget["label"] != name)
            description = info.description if language == "en" else None
            if description and not (model is Client and name == "industry"):
                assert widget["hint"].startswith(description)  # (industry: a pick list)
            # Required exactly as in the model; fields of an optional mapping are required
            # only once it is filled in, which Decap cannot say (the loader checks it). A
            # contact's or project's id may be left empty: it is made from the name on save.
            made_from_name = name == "id" and "name" in model.model_fields
            required = info.is_required() and not in_optional_part and not made_from_name
            assert widget.get("required", True) is required, f"{model.__name__}.{name}"
    every = {
        (m.__name__, n) for r in (Client, Industry) for m in all_models(r) for n in m.model_fields
    }
    assert seen == every


def test_a_type_without_a_widget_fails_the_generation() -> None:
    class Odd(BaseModel):
        when: typing.Any

    with pytest.raises(UnknownType):
        _fields(Odd, Translator("en"))


def test_widgets_follow_the_types_of_the_format() -> None:
    config = editor_config("zh", local_api="/api/v1")
    client = _by_name(_collection(config, "clients")["fields"])
    assert client["summary"]["widget"] == "markdown" and is_markdown(Client.model_fields["summary"])
    assert client["tier"]["widget"] == "select"
    assert client["status"]["options"][0] == {"label": "潜在", "value": "prospect"}
    # a date as typed: Decap's datetime read a year typed as 2027 as 1907 (dayjs)
    assert client["since"]["widget"] == "playbook-date"
    assert client["industry"]["widget"] == "relation"
    assert client["industry"]["collection"] == "industries"
    assert client["confidential"]["widget"] == "boolean"
    assert client["format"] == {**client["format"], "widget": "hidden", "default": 1}

    contact = _by_name(client["contacts"]["fields"])
    assert contact["role"]["widget"] == "select"
    assert contact["channels"]["multiple"] is True
    assert contact["birthday"]["widget"] == "string" and "pattern" in contact["birthday"]
    assert contact["style"]["widget"] == "markdown"
    assert contact["id"]["required"] is False and "pattern" in contact["id"]
    assert "陈静 → chen-jing" in contact["id"]["hint"]
    identifier = _collection(config, "clients")["fields"][0]
    assert identifier == {**identifier, "name": "playbook_id", "widget": "playbook-id"}
    assert _collection(config, "clients")["slug"] == "{{fields.playbook_id}}"

    project = _by_name(client["projects"]["fields"])
    milestone = _by_name(project["milestones"]["fields"])
    kpi = _by_name(project["kpis"]["fields"])
    budget = _by_name(project["budget"]["fields"])
    assert milestone["due"]["widget"] == "playbook-date"
    assert kpi["actual"] == {**kpi["actual"], "widget": "number", "value_type": "float"}
    assert budget["amount"]["min"] == 0
    preferences = _by_name(client["preferences"]["fields"])
    assert preferences["taboos"]["widget"] == "playbook-lines"  # one line per taboo
    assert "每行一项" in preferences["taboos"]["hint"]
    assert client["aliases"]["widget"] == "playbook-lines"
    status_hint = client["status"].get("hint", "")
    assert not any(value in status_hint for value in ("prospect", "active", "paused", "former"))
    dates = _by_name(client["dates"]["fields"])
    assert dates["date"]["widget"] == "string"  # YYYY-MM-DD or MM-DD
    lesson = _by_name(client["lessons"]["fields"])
    assert lesson["lesson"]["widget"] == "markdown" and "required" not in lesson["lesson"]
    industry = _by_name(_collection(config, "industries")["fields"])
    assert industry["trends"]["field"]["widget"] == "markdown"


def _patterns(fields: list[dict], found: dict[str, str], prefix: str = "") -> dict[str, str]:
    for f in fields:
        key = f"{prefix}{f['name']}"
        if "pattern" in f:
            found[key] = f["pattern"][0]
        for nested in (f.get("fields") or []) + ([f["field"]] if "field" in f else []):
            _patterns([nested], found, key + ".")
    return found


@pytest.mark.parametrize(
    ("path", "model", "field", "values"),
    [
        ("contacts.id", Contact, "id", ["jiang-siqi", "a", "Zhao", "-x", "蒋思琪", "a" * 65]),
        (
            "contacts.birthday",
            Contact,
            "birthday",
            ["08-16", "02-29", "13-01", "8-16", "2026-08-16"],
        ),
        ("profile.website", Profile, "website", ["https://a.example/x", "ftp://a", "https://a b"]),
        ("projects.budget.currency", Budget, "currency", ["CNY", "usd", "CN", "CNYY"]),
    ],
)
def test_form_patterns_refuse_what_the_model_refuses(path, model, field, values) -> None:
    """A value the form's pattern accepts is one the model accepts (JavaScript regex syntax
    is the subset Python reads the same way); the model may refuse more (a day that does
    not exist, a code that is no currency)."""
    pattern = _patterns(_collection(editor_config("en"), "clients")["fields"], {})[path]
    required = {n: "x" for n, i in model.model_fields.items() if i.is_required() and n != field}
    required |= {"amount": 1} if model is Budget else {}
    for value in values:
        try:
            model.model_validate({**required, field: value})
            model_ok = True
        except ValidationError:
            model_ok = False
        if model_ok:
            assert re.search(pattern, value), (value, pattern)
        if not re.search(pattern, value):
            assert not model_ok, (value, pattern)


def test_month_day_pattern_is_the_models() -> None:
    config = editor_config("en")
    pattern = _patterns(_collection(config, "clients")["fields"], {})["contacts.birthday"]
    assert pattern == typing.get_args(MonthDay)[1].pattern


def test_every_editor_label_exists_in_every_language() -> None:
    keys = [key for key in Translator("en").texts() if key.startswith("editor_")]
    assert len(keys) > 10
    for key in keys:
        zh, en, hant = (Translator(language)(key) for language in ("zh", "en", "zh-Hant"))
        assert zh and en and hant and zh != en


def test_hosted_backends_from_the_plugin_options() -> None:
    gitlab = editor_config(
        "zh",
        host=EditorHost(
            "gitlab", "account-team/handbook", "main", "https://git.agency.example", app_id="abc"
        ),
    )
    assert gitlab["backend"] == {
        "name": "gitlab",
        "repo": "account-team/handbook",
        "branch": "main",
        "auth_type": "pkce",
        "base_url": "https://git.agency.example",
        "api_root": "https://git.agency.example/api/v4",
        "auth_endpoint": "oauth/authorize",
        "app_id": "abc",
    }
    assert gitlab["publish_mode"] == "editorial_workflow"
    gitea = editor_config(
        "en", host=EditorHost("gitea", "team/handbook", base_url="https://forge.example/")
    )
    assert gitea["backend"]["api_root"] == "https://forge.example/api/v1"
    assert gitea["publish_mode"] == "editorial_workflow"
    local = editor_config("en", local_api="/api/v1")
    assert local["backend"] == {"name": "proxy", "proxy_url": "/api/v1", "branch": "main"}
    assert "publish_mode" not in local


def test_the_editor_page_may_reach_only_its_site_and_the_git_host() -> None:
    policy = content_security_policy(
        EditorHost("gitlab", "team/handbook", base_url="https://git.agency.example")
    )
    assert "connect-src 'self' https://git.agency.example;" in policy
    assert "default-src 'self';" in policy
    assert "https://" not in content_security_policy(None)


@pytest.mark.parametrize(
    ("folder", "main"),
    [(BUNDLE_DIR, "decap-cms.js"), (BUNDLE_DIR.parent / "vendor", "yaml.js")],
)
def test_vendored_bundle_is_the_one_recorded(folder: Path, main: str) -> None:
    sums = (folder / "SHA256SUMS").read_text().split("\n")
    recorded = dict(reversed(line.split("  ")) for line in sums if line)
    on_disk = {p.name for p in folder.glob("*.js")}
    assert set(recorded) == on_disk and main in on_disk
    for name, digest in recorded.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name


HOSTED = """\
      editor:
        backend: gitlab
        repo: account-team/handbook
        base_url: https://git.agency.example
        app_id: 0123abcd
"""


def _handbook(tmp_path: Path, plugin_options: str = "", language: str = "zh") -> Path:
    root = write_handbook(
        tmp_path / "handbook",
        clients={"acme.yaml": MINIMAL_CLIENT},
        industries={"fmcg.yaml": MINIMAL_INDUSTRY},
        language=language,
    )
    if plugin_options:
        config = root / "mkdocs.yml"
        text = config.read_text("utf-8").replace(
            "  - playbook\n", "  - playbook:\n" + plugin_options
        )
        config.write_text(text, encoding="utf-8")
    return root


def test_a_hosted_site_ships_the_whole_editor(tmp_path: Path) -> None:
    root = _handbook(tmp_path, HOSTED)
    result = mkdocs_build_strict(root)
    assert result.returncode == 0, result.stderr
    admin = root / "site" / "admin"
    config = yaml.safe_load((admin / "config.yml").read_text("utf-8"))
    assert config["backend"]["name"] == "gitlab" and config["locale"] == "zh_Hans"
    assert config["publish_mode"] == "editorial_workflow"
    page = (admin / "index.html").read_text("utf-8")
    assert 'src="decap-cms.js"' in page and "Content-Security-Policy" in page
    assert "https://git.agency.example" in page
    assert {p.name for p in admin.glob("*.js")} >= {p.name for p in BUNDLE_DIR.glob("*.js")}
    assert not re.search(r"(src|href)=\"(https?:)?//", page)


def test_a_site_without_a_git_host_says_how_to_connect_one(tmp_path: Path) -> None:
    root = _handbook(tmp_path, language="en")
    assert mkdocs_build_strict(root).returncode == 0
    admin = root / "site" / "admin"
    assert [p.name for p in admin.iterdir()] == ["index.html"]
    assert "not connected to the team's git server" in html.unescape(
        (admin / "index.html").read_text()
    )


def test_a_redacted_site_has_no_editor(tmp_path: Path) -> None:
    root = _handbook(tmp_path, HOSTED + "      redact: true\n")
    assert mkdocs_build_strict(root).returncode == 0
    assert not (root / "site" / "admin").exists()
    assert "admin/" not in (root / "site" / "accounts" / "acme" / "index.html").read_text("utf-8")


def test_client_and_industry_pages_link_to_their_form(tmp_path: Path) -> None:
    root = _handbook(tmp_path, HOSTED)
    assert mkdocs_build_strict(root).returncode == 0
    client = (root / "site" / "accounts" / "acme" / "index.html").read_text("utf-8")
    assert 'href="../../admin/#/collections/clients/entries/acme"' in client
    industry = (root / "site" / "industries" / "fmcg" / "index.html").read_text("utf-8")
    assert 'href="../../admin/#/collections/industries/entries/fmcg"' in industry


def test_a_host_without_a_repository_is_a_configuration_error(tmp_path: Path) -> None:
    root = _handbook(tmp_path, "      editor:\n        backend: gitlab\n")
    result = mkdocs_build_strict(root)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    said = {say("editor_repo_required").text(language) for language in ("zh", "en")}
    assert any(text in result.stderr for text in said), result.stderr


# The editor's reading and saving of files (assets/playbook-yaml.js), run by Node with the
# vendored `yaml` library (tests/js/yaml-files.cjs), against the loader's own reading.

NUMBER_LIKE = (FIXTURES / "number-like" / "shuzi-kehu.yaml").read_text("utf-8")
"""Plain values where the format wants text, which the loader keeps as written."""


def _sample_files() -> list[tuple[str, str, type[BaseModel]]]:
    found = []
    for folder, model in (("clients", Client), ("industries", Industry)):
        for root in (REPO, FIXTURES / "hostile"):
            for path in sorted((root / folder).glob("*.yaml")):
                found.append((f"{folder}/{path.name}", path.read_text("utf-8"), model))
    return found


def _as_the_loader_reads(text: str, model: type[BaseModel]) -> object:
    """The file's values as the loader takes them (its validate loop), dates as written."""
    document = parse(text)
    while True:
        try:
            model.model_validate(document.data)
            break
        except ValidationError as exc:
            if not document.keep_text_as_written(text_wanted_at(model, exc)):
                break
    return _plain(document.data)


def _plain(value: object) -> object:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _run_files_script(jobs: list[dict]) -> list[dict]:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("Node is required (make test installs it)")
        pytest.skip("Node is not installed")
    paths = {"clients": text_paths(Client), "industries": text_paths(Industry)}
    payload = {"textPaths": [p for each in paths.values() for p in each], "jobs": jobs}
    done = subprocess.run(
        [node, str(REPO / "tests" / "js" / "yaml-files.cjs")],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_text_paths_are_the_fields_whose_value_is_text() -> None:
    client = text_paths(Client)
    assert editor_data("zh")["textPaths"] == {"clients": client, "industries": text_paths(Industry)}
    assert {"name", "aliases.*", "contacts.*.phone", "projects.*.budget.currency"} <= set(client)
    assert {"dates.*.date", "summary", "projects.*.milestones.*.owner"} <= set(client)
    assert not {"since", "tier", "contacts.*.channels", "projects.*.kpis.*.target"} & set(client)
    # One format reads both collections: a path that is text in one is text or absent in
    # the other.
    industry = set(text_paths(Industry))
    tops = {m: {f.name: f for f in fields_of(m)} for m in (Client, Industry)}
    for path in industry - set(client):
        first = path.split(".")[0]
        assert first not in tops[Client], path
    for path in set(client) - industry:
        assert path.split(".")[0] not in tops[Industry], path


def test_the_editor_reads_each_file_as_the_loader_does() -> None:
    files = [*_sample_files(), ("clients/number-like.yaml", NUMBER_LIKE, Client)]
    # Most files are read with js-yaml, the others (and any with `<<` in it) with `yaml`,
    # which knows how a value was written: both readings are the loader's.
    files += [(f"{name} (yaml)", text + "# <<\n", model) for name, text, model in files]
    answers = _run_files_script([{"read": text} for _, text, _ in files])
    for (name, text, model), answer in zip(files, answers, strict=True):
        assert answer.get("data") == _as_the_loader_reads(text, model), name
    answers = answers[: len(files) // 2]
    number_like = answers[-1]["data"]
    assert number_like["contacts"][0]["phone"] == "02161234567"
    assert (
        number_like["profile"]["size"] == "0755" and number_like["contacts"][0]["wechat"] == "1e3"
    )
    assert number_like["business"]["products"] == ["0755", "true", "07"]
    assert number_like["preferences"]["response_time_hours"] == 24  # a number where one is wanted


def _leaves(value: object, path: tuple = ()) -> Iterator[tuple[tuple, object]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    else:
        yield path, value


def _changed(value: object) -> object:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + 1
    if isinstance(value, str) and "\n" in value.rstrip("\n"):
        return value.replace("\n", " (改)\n", 1)
    return f"{value}·" if value is not None else "x"


def _set(data: object, path: tuple, value: object) -> object:
    copy = json.loads(json.dumps(data))
    holder = copy
    for part in path[:-1]:
        holder = holder[part]
    holder[path[-1]] = value
    return copy


def _lines_of(text: str, path: tuple) -> tuple[int, int]:
    """The 0-based lines ``path``'s value is written on (the whole flow collection it is in)."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    first = None
    for part in path:
        if isinstance(node, yaml.MappingNode):
            key, node = next((k, v) for k, v in node.value if k.value == part)
            if first is None and isinstance(node, yaml.CollectionNode) and node.flow_style:
                first = key
        else:
            node = node.value[part]
            if first is None and isinstance(node, yaml.CollectionNode) and node.flow_style:
                first = node
    outer = node
    if first is not None:  # inside `[a, b]`: that line is the value's
        outer = first
    end = node.end_mark.line - (1 if node.end_mark.column == 0 else 0)
    return outer.start_mark.line, max(end, node.start_mark.line)


def _changed_lines(old: str, new: str) -> tuple[set[int], int]:
    """Old lines replaced or removed, and how many lines were added or written instead."""
    matcher = difflib.SequenceMatcher(None, old.splitlines(), new.splitlines(), autojunk=False)
    touched: set[int] = set()
    written = 0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            touched |= set(range(i1, i2))
            written += j2 - j1
    return touched, written


def test_a_save_changes_only_the_lines_of_the_fields_changed() -> None:
    """Every value of every sample file changed on its own: the file read back (by the
    loader's rules) has exactly that change, and only that value's lines differ (its one
    line, for a value written on one line). A save without a change is the file, byte for
    byte."""
    jobs, expected = [], []
    for name, text, model in _sample_files():
        data = _as_the_loader_reads(text, model)
        jobs.append({"edit": text, "data": data})
        expected.append((name, text, model, data, None))
        for path, value in _leaves(data):
            if not path:
                continue
            changed = _set(data, path, _changed(value))
            jobs.append({"edit": text, "data": changed})
            expected.append((name, text, model, changed, path))
    answers = _run_files_script(jobs)
    assert len(answers) > 500
    for (name, text, model, data, path), answer in zip(expected, answers, strict=True):
        new = answer.get("text")
        assert new is not None, (name, path, answer)
        if path is None:
            assert new == text, name
            continue
        assert _as_the_loader_reads(new, model) == data, (name, path, new)
        first, last = _lines_of(text, path)
        touched, written = _changed_lines(text, new)
        assert touched and touched <= set(range(first, last + 1)), (name, path, touched)
        if first == last and "\n" not in str(_leaves_value(data, path)):
            assert (touched, written) == ({first}, 1), (name, path)


def _leaves_value(data: object, path: tuple) -> object:
    for part in path:
        data = data[part]  # type: ignore[index]
    return data


def test_a_save_adds_and_removes_only_the_lines_of_what_it_adds_and_removes() -> None:
    jobs, expected = [], []
    for name, text, model in _sample_files():
        if model is not Client or "hostile" in name:
            continue
        data = _as_the_loader_reads(text, model)
        contact = data["contacts"][0]
        new_key = next(k for k in ("phone", "wechat", "email", "left") if k not in contact)
        added = _set(data, ("contacts", 0, new_key), "02161234567")
        history = [
            *data.get("history", []),
            {"date": "2026-11-20", "type": "feedback", "summary": "季度会"},
        ]
        appended = {**json.loads(json.dumps(data)), "history": history}
        without_title = json.loads(json.dumps(data))
        title = without_title["contacts"][0].pop("title", None)
        without_last = {**json.loads(json.dumps(data)), "contacts": data["contacts"][:-1]}
        cases = [(added, 1, 0), (appended, 3 if "history" in data else 4, 0)]
        if title is not None:
            cases.append((without_title, 0, 1))
        if len(data["contacts"]) > 1:
            last_lines = _lines_of(text, ("contacts", len(data["contacts"]) - 1))
            cases.append((without_last, 0, last_lines[1] - last_lines[0] + 1))
        for changed, lines_added, lines_removed in cases:
            jobs.append({"edit": text, "data": changed})
            expected.append((name, text, changed, lines_added, lines_removed))
    answers = _run_files_script(jobs)
    for (name, text, changed, lines_added, lines_removed), answer in zip(
        expected, answers, strict=True
    ):
        new = answer.get("text")
        assert new is not None and _as_the_loader_reads(new, Client) == changed, (name, new)
        matcher = difflib.SequenceMatcher(None, text.splitlines(), new.splitlines(), autojunk=False)
        opcodes = [op for op in matcher.get_opcodes() if op[0] != "equal"]
        assert len(opcodes) == 1, (name, opcodes, new)
        _tag, i1, i2, j1, j2 = opcodes[0]
        assert (j2 - j1, i2 - i1) == (lines_added, lines_removed), (name, opcodes, new)
