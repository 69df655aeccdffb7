"""The loader: every kind of bad file is refused with its exact line, column and field."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from generator.reading.loader import LoadCache, load_handbook
from generator.reading.problems import HandbookInvalid
from generator.reading.yamlsource import _ANCHOR
from tests.conftest import FIXTURES, MINIMAL_CLIENT, MINIMAL_INDUSTRY, REPO

INVALID = FIXTURES / "invalid"
EXPECTED: dict[str, list[str]] = yaml.safe_load((INVALID / "expected.yaml").read_text("utf-8"))
EXPECTED_ZH: dict[str, list[str]] = yaml.safe_load(
    (INVALID / "expected.zh.yaml").read_text("utf-8")
)


def problems_of(root: Path, language: str = "en") -> list[str]:
    with pytest.raises(HandbookInvalid) as caught:
        load_handbook(root)
    return [problem.text(language) for problem in caught.value.problems]


def test_every_problem_of_every_file_in_one_run() -> None:
    expected = sorted(f"clients/{name}{line}" for name, lines in EXPECTED.items() for line in lines)
    assert sorted(problems_of(INVALID)) == expected


def test_every_fixture_file_has_expectations() -> None:
    assert sorted(p.name for p in (INVALID / "clients").iterdir()) == sorted(EXPECTED)
    assert sorted(EXPECTED_ZH) == sorted(EXPECTED)


def test_a_chinese_handbook_gets_every_problem_in_chinese_at_the_same_place() -> None:
    expected = sorted(
        f"clients/{name}{line}" for name, lines in EXPECTED_ZH.items() for line in lines
    )
    assert sorted(problems_of(INVALID, "zh")) == expected
    with pytest.raises(HandbookInvalid) as caught:
        load_handbook(INVALID)
    for problem in caught.value.problems:
        # the location is machine-readable and the same in both languages
        assert problem.text("zh").startswith(problem.where() + " ")
        assert problem.text("en").startswith(problem.where() + " ")
        # no English sentence and no jargon an account manager would not know
        message = problem.text("zh")[len(problem.where()) :]
        for word in ("quotes", "key", "mapping", "YAML", "expected", "映射", "键"):
            assert word not in message, problem.text("zh")


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if not n.startswith("same-name")))
def test_each_bad_file_alone(tmp_path: Path, name: str) -> None:
    (tmp_path / "clients").mkdir()
    shutil.copytree(INVALID / "industries", tmp_path / "industries")
    shutil.copy(INVALID / "clients" / name, tmp_path / "clients" / name)
    assert problems_of(tmp_path) == [f"clients/{name}{line}" for line in EXPECTED[name]]


def test_sample_handbook_is_valid() -> None:
    handbook = load_handbook(REPO)
    assert len(handbook.clients) >= 8
    assert len({entry.data.industry for entry in handbook.clients.values()}) >= 4
    assert handbook.clients["dingsheng-beverage"].data.name == "鼎盛饮料集团"


def test_minimal_client_is_valid(handbook) -> None:
    root = handbook(
        clients={"acme.yaml": MINIMAL_CLIENT}, industries={"fmcg.yaml": MINIMAL_INDUSTRY}
    )
    loaded = load_handbook(root)
    assert list(loaded.clients) == ["acme"]
    assert loaded.clients["acme"].path == "clients/acme.yaml"


def test_byte_order_mark_is_accepted(handbook) -> None:
    root = handbook(
        clients={"acme.yaml": b"\xef\xbb\xbf" + MINIMAL_CLIENT.encode()},
        industries={"fmcg.yaml": MINIMAL_INDUSTRY},
    )
    assert load_handbook(root).clients["acme"].data.name == "测试客户"


def test_the_cache_sees_an_edit_that_keeps_size_and_mtime(handbook) -> None:
    """Under `playbook serve` a save within the file system's clock resolution (or one
    whose mtime is put back) keeps the file's (mtime, size): the cache must still see it."""
    root = handbook(
        clients={"acme.yaml": MINIMAL_CLIENT}, industries={"fmcg.yaml": MINIMAL_INDUSTRY}
    )
    cache = LoadCache()
    first = load_handbook(root, cache=cache)
    assert first.clients["acme"].data.name == "测试客户"
    again = load_handbook(root, cache=cache)  # unchanged files come from the cache
    assert again.clients["acme"].data is first.clients["acme"].data

    path = root / "clients" / "acme.yaml"
    before = path.stat()
    edited = MINIMAL_CLIENT.replace("测试客户", "晨曦文旅")
    assert len(edited.encode()) == before.st_size
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_mtime_ns, path.stat().st_size) == (before.st_mtime_ns, before.st_size)
    assert load_handbook(root, cache=cache).clients["acme"].data.name == "晨曦文旅"


def test_a_file_that_cannot_be_read_is_a_problem_with_a_cache_too(handbook) -> None:
    root = handbook(industries={"fmcg.yaml": MINIMAL_INDUSTRY})
    (root / "clients" / "acme.yaml").symlink_to(root / "clients" / "gone.yaml")  # dangling
    reports = []
    for cache in (None, LoadCache()):
        with pytest.raises(HandbookInvalid) as caught:
            load_handbook(root, cache=cache)
        reports.append([(p.path, p.line) for p in caught.value.problems])
    assert reports[0] == reports[1] == [("clients/acme.yaml", None)]


def test_bad_industry_file_is_located_and_its_clients_not_blamed(handbook) -> None:
    root = handbook(
        clients={"acme.yaml": MINIMAL_CLIENT},
        industries={"fmcg.yaml": "name: 快消\ntrend:\n  - 健康化\n"},
    )
    assert problems_of(root) == [
        "industries/fmcg.yaml:2:1: trend: unknown key `trend`; did you mean `trends`?"
    ]


def test_missing_industries_folder_is_reported(tmp_path: Path) -> None:
    (tmp_path / "clients").mkdir()
    (tmp_path / "clients" / "acme.yaml").write_text(MINIMAL_CLIENT, encoding="utf-8")
    assert problems_of(tmp_path) == [
        "clients/acme.yaml:2:11: industry: no industry `fmcg` (no file industries/fmcg.yaml)"
    ]


def test_link_to_a_file_outside_the_handbook_is_refused(handbook, tmp_path: Path) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text(MINIMAL_CLIENT, encoding="utf-8")
    root = handbook(industries={"fmcg.yaml": MINIMAL_INDUSTRY})
    (root / "clients" / "acme.yaml").symlink_to(outside)
    assert problems_of(root) == [
        "clients/acme.yaml: this is a link to a file outside the handbook; copy the file in"
    ]


def test_problems_are_not_python_reprs(handbook) -> None:
    """Messages speak of the file's words, not of Python types or pydantic internals."""
    root = handbook(
        clients={"acme.yaml": MINIMAL_CLIENT + "contacts: 3\nsince: yesterday\n"},
        industries={"fmcg.yaml": MINIMAL_INDUSTRY},
    )
    found = problems_of(root)
    assert found == [
        "clients/acme.yaml:7:11: contacts: expected a list (one `- item` per line), got the number 3",
        "clients/acme.yaml:8:8: since: expected a date written YYYY-MM-DD, got 'yesterday'",
    ]


def _fields_used(record: object, prefix: str, used: set[str]) -> None:
    from pydantic import BaseModel

    if isinstance(record, list):
        for item in record:
            _fields_used(item, prefix, used)
    elif isinstance(record, BaseModel):
        for name in record.model_fields_set:
            used.add(f"{prefix}{name}")
            _fields_used(getattr(record, name), f"{prefix}{name}.", used)


def _fields_defined(model: type, prefix: str, found: set[str]) -> None:
    from tests.format.test_model import models_in

    for name, info in model.model_fields.items():
        found.add(f"{prefix}{name}")
        for sub in models_in(info.annotation):
            _fields_defined(sub, f"{prefix}{name}.", found)


def test_sample_handbook_uses_every_field_of_the_format() -> None:
    from generator.format.model import Client, Industry

    handbook = load_handbook(REPO)
    for model, entries in ((Client, handbook.clients), (Industry, handbook.industries)):
        used: set[str] = set()
        for entry in entries.values():
            _fields_used(entry.data, "", used)
        defined: set[str] = set()
        _fields_defined(model, "", defined)
        assert defined - used - {"format"} == set(), model.__name__


@pytest.mark.parametrize(
    "text, anchored",
    [
        ("a: &x 1\nb: *x\n", True),
        ("- &x 1\n- *x\n", True),
        ("a: [&x 1, *x]\n", True),
        ("a: {b: &x 1, c: *x}\n", True),
        ('{"a":&x 1, "b": *x}\n', True),
        ("&x a: 1\n", True),
        ("a: R&D budget\n", False),
        ("a: Tom & Jerry\n", False),
        ("url: https://example.com/?a=1&b=2\n", False),
    ],
)
def test_files_with_anchors_get_the_alias_check(text: str, anchored: bool) -> None:
    """Only files where an anchor could start are walked for alias bombs."""
    assert bool(_ANCHOR.search(text)) is anchored
    if anchored:
        events = list(yaml.parse(text, Loader=yaml.CSafeLoader))
        assert any(getattr(event, "anchor", None) for event in events)


def test_merge_keys_that_override_are_not_repeated_keys() -> None:
    from generator.reading.yamlsource import parse

    data = parse("base: &b {x: 1, y: 1}\nc:\n  <<: *b\n  x: 2\n").data
    assert data["c"] == {"x": 2, "y": 1}


def _hand_written_files() -> list[Path]:
    folders = [REPO / "clients", REPO / "industries"]
    folders += [  # the invalid fixtures are refused on purpose (duplicate keys, `yes`, …)
        p
        for p in FIXTURES.rglob("*")
        if p.is_dir() and p.name in ("clients", "industries") and INVALID not in p.parents
    ]
    return sorted(p for folder in folders for p in folder.glob("*.yaml"))


@pytest.mark.parametrize("path", _hand_written_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_files_written_before_yaml_1_2_give_the_same_models(path: Path) -> None:
    """Reading plain values as YAML 1.2 changes nothing in a file that was valid before."""
    from generator.format.model import Client, Industry
    from generator.reading.yamlsource import parse

    model = Industry if path.parent.name == "industries" else Client
    text = path.read_text("utf-8")
    before = model.model_validate(yaml.safe_load(text))  # PyYAML: YAML 1.1
    assert model.model_validate(parse(text).data) == before


def test_text_fields_keep_what_was_written(tmp_path: Path) -> None:
    """`no`, `on`, `10:00`, `0755`, `1e3`, a date: in a text field, the text as written."""
    (tmp_path / "clients").mkdir()
    (tmp_path / "industries").mkdir()
    (tmp_path / "industries" / "fmcg.yaml").write_text(MINIMAL_INDUSTRY, encoding="utf-8")
    (tmp_path / "clients" / "acme.yaml").write_text(
        MINIMAL_CLIENT
        + "aliases: [no, yes, on, off]\n"
        + "profile:\n  size: 0755\n  headquarters: 1e3\n  background: 2026-03-01\n"
        + "preferences:\n  cadence: 10:00\n  response_time_hours: 1e1\n"
        + "since: 2021-03-01\n",
        encoding="utf-8",
    )
    client = load_handbook(tmp_path).clients["acme"].data
    assert client.aliases == ["no", "yes", "on", "off"]
    assert client.profile is not None and client.preferences is not None
    assert (client.profile.size, client.profile.headquarters) == ("0755", "1e3")
    assert client.profile.background == "2026-03-01"
    assert client.preferences.cadence == "10:00"
    assert client.preferences.response_time_hours == 10  # a number field reads a number
    assert client.since is not None and client.since.isoformat() == "2021-03-01"  # a date
