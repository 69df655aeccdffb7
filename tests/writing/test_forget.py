"""`playbook privacy` and `playbook forget`: a person's data, found and removed."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest
import yaml

from generator.format.model import PERSONAL_FIELDS, DateKind
from generator.reading.loader import load_handbook
from tests.conftest import FIXTURES, REPO, copy_sample, run_cli, write_handbook

LINE = re.compile(r"^(?P<path>\S+):(?P<line>\d+): (?P<field>\S+) \((?P<who>.+)\)$")


def _listed(root: Path, *args: str) -> list[dict[str, str]]:
    result = run_cli("privacy", "--root", str(root), *args)
    assert result.exit_code == 0, result.output
    *lines, summary = result.output.strip().splitlines()
    matches = [LINE.match(line) for line in lines]
    assert all(matches), lines
    assert f"{len(lines)} " in summary or f"、{len(lines)} 项" in summary, summary
    return [m.groupdict() for m in matches if m]


def _expected(root: Path) -> set[tuple[str, str]]:
    """Every personal value, worked out here from the model: (file, field path)."""
    found = set()
    for entry in load_handbook(root).clients.values():
        for i, contact in enumerate(entry.data.contacts):
            found |= {
                (entry.path, f"contacts[{i}].{name}")
                for name in PERSONAL_FIELDS
                if getattr(contact, name)
            }
        found |= {
            (entry.path, f"dates[{i}]")
            for i, date in enumerate(entry.data.dates)
            if date.kind is DateKind.birthday
        }
    return found


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for folder in ("clients", "industries")
        for p in sorted((root / folder).glob("*.yaml"))
    }


def test_privacy_lists_every_personal_value_of_the_sample_at_its_line() -> None:
    listed = _listed(REPO)
    assert {(v["path"], v["field"]) for v in listed} == _expected(REPO)
    texts = {path: (REPO / path).read_text("utf-8").splitlines() for path in _files(REPO)}
    for value in listed:
        key = value["field"].rsplit(".", 1)[-1]
        line = texts[value["path"]][int(value["line"]) - 1]
        assert key in line or "date:" in line or "- " in line, (value, line)
    # each person's values together: the name changes once per person
    people = [v["who"] for v in listed]
    runs = [p for i, p in enumerate(people) if i == 0 or people[i - 1] != p]
    assert len(runs) == len(set(people))


def test_privacy_lists_every_personal_value_of_the_hostile_fixture(tmp_path: Path) -> None:
    root = write_handbook(
        tmp_path / "h",
        clients={"hostile.yaml": (FIXTURES / "hostile/clients/hostile.yaml").read_text("utf-8")},
        industries={"hostile.yaml": (FIXTURES / "hostile/industries/hostile.yaml").read_text()},
    )
    listed = _listed(root)
    assert listed and {(v["path"], v["field"]) for v in listed} == _expected(root)


def test_privacy_of_one_person() -> None:
    listed = _listed(REPO, "蒋思琪")
    assert {v["who"] for v in listed} == {"蒋思琪"}
    assert {v["field"] for v in listed} >= {"contacts[0].email", "contacts[0].phone"}


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "sample")


def test_forget_without_yes_writes_nothing(sample: Path) -> None:
    before = _files(sample)
    result = run_cli("forget", "--root", str(sample), "蒋思琪")
    assert result.exit_code == 0, result.output
    assert "--yes" in result.output and "clients/dingsheng-beverage.yaml:38: contacts[0].phone" in (
        result.output
    )
    assert _files(sample) == before


def test_forget_removes_the_personal_data_and_keeps_the_contact(sample: Path) -> None:
    path = sample / "clients/dingsheng-beverage.yaml"
    before = path.read_text("utf-8")
    others = {k: v for k, v in _files(sample).items() if k != "clients/dingsheng-beverage.yaml"}
    result = run_cli("forget", "--root", str(sample), "jiang-siqi", "--yes")
    assert result.exit_code == 0, result.output
    after = path.read_text("utf-8")
    assert run_cli("check", "--root", str(sample)).exit_code == 0
    contact = yaml.safe_load(after)["contacts"][0]
    assert contact["name"] == "蒋思琪" and contact["style"] and contact["notes"]
    assert not set(contact) & PERSONAL_FIELDS
    for value in ("jiang.siqi@example.com", "0000 1001", "08-16"):
        assert value in before and value not in after
    dates = yaml.safe_load(after)["dates"]
    assert all(d.get("contact") != "jiang-siqi" or d.get("kind") != "birthday" for d in dates)
    # comments and every other line stay as they were
    removed = set(before.splitlines()) - set(after.splitlines())
    assert [line for line in before.splitlines() if line.lstrip().startswith("#")] == [
        line for line in after.splitlines() if line.lstrip().startswith("#")
    ]
    assert len(removed) <= 8, removed
    assert {k: v for k, v in _files(sample).items() if k in others} == others


_DATES = {
    "anniversary": '  # 合作周年\n  - date: "03-01"\n    title: 合作周年纪念\n    kind: anniversary\n',
    "renewal": "  # 续约:提前一个月启动\n  - date: 2026-12-31\n    title: 年度合同到期\n    kind: renewal\n",
    "birthday": (
        "  # 蒋思琪的生日,礼物由周航准备\n"
        '  - date: "08-16"\n    title: 蒋思琪生日\n    kind: birthday  # 每年\n'
        "    contact: jiang-siqi\n"
    ),
    "other": '  # 年会\n  - date: "01-28"\n    title: 鼎盛集团年会\n    kind: other\n',
}
_PERSONAL = (
    "    email: jiang.siqi@example.com\n"
    "    # 内部备注:只在工作日联系\n"
    '    phone: "+86 571 0000 1001"  # 私人号码\n'
    '    birthday: "08-16"\n'
)


@pytest.mark.parametrize("position", [0, 1, 3, None])
def test_forget_keeps_each_comment_with_its_line(sample: Path, position: int | None) -> None:
    """Issue 30: the comment above a removed birthday goes with it, the next entry's stays
    (birthday first, in the middle, last, alone: then `dates:` goes too)."""
    path = sample / "clients/dingsheng-beverage.yaml"
    text = path.read_text("utf-8")
    order = ["anniversary", "renewal", "other"] if position is not None else []
    order.insert(position or 0, "birthday")
    dates = "".join(_DATES[kind] for kind in order)
    start, end = text.index("dates:\n") + len("dates:\n"), text.index("review:\n")
    text = text[:start] + dates + "# 最近一次复盘\n" + text[end:]
    personal = text[text.index("    email: jiang.siqi") : text.index("    style: |\n      看重")]
    text = text.replace(personal, _PERSONAL, 1)
    path.write_text(text, encoding="utf-8")
    assert run_cli("check", "--root", str(sample)).exit_code == 0

    result = run_cli("forget", "--root", str(sample), "jiang-siqi", "--yes")
    assert result.exit_code == 0, result.output
    after = path.read_text("utf-8")
    removed = ("" if order[1:] else "dates:\n") + _DATES["birthday"]
    assert after == text.replace(_PERSONAL, "", 1).replace(removed, "", 1)
    # as `git diff` shows it: only lines taken out, all of them together
    diff = [line for line in difflib.ndiff(text.splitlines(), after.splitlines()) if line[0] != " "]
    assert all(line.startswith("- ") for line in diff), diff
    assert [line[2:] for line in diff] == (_PERSONAL + removed).splitlines()
    assert run_cli("check", "--root", str(sample)).exit_code == 0


def test_forget_several_matches_lists_them_and_changes_nothing(sample: Path) -> None:
    path = sample / "clients/lvye-dairy.yaml"
    path.write_text(
        path.read_text("utf-8").replace("name: 朱涛", "name: 蒋思琪", 1), encoding="utf-8"
    )
    before = _files(sample)
    result = run_cli("forget", "--root", str(sample), "蒋思琪", "--yes")
    assert result.exit_code == 1
    assert "dingsheng-beverage/jiang-siqi" in result.output
    assert "lvye-dairy/zhu-tao" in result.output
    assert _files(sample) == before
    chosen = run_cli("forget", "--root", str(sample), "lvye-dairy/zhu-tao", "--yes")
    assert chosen.exit_code == 0, chosen.output
    assert "0000 2002" not in (sample / "clients/lvye-dairy.yaml").read_text("utf-8")


def test_forget_without_a_match_says_so_and_suggests(sample: Path) -> None:
    before = _files(sample)
    result = run_cli("forget", "--root", str(sample), "蒋思棋", "--lang", "zh")
    assert result.exit_code == 1
    assert "clients/:没有标识或姓名为“蒋思棋”的联系人。你是不是想写 `蒋思琪`?" in result.output
    assert "Traceback" not in result.output and _files(sample) == before


def test_forget_never_overwrites_a_save_made_after_it_read_the_file(tmp_path: Path) -> None:
    """`forget` plans from the file it read; a form save that lands before it writes wins,
    and forget writes nothing (it says so; run it again)."""
    from generator.reading.personal_data import people
    from generator.writing.files import HandbookFiles, Refused
    from generator.writing.forget import carry_out, plan

    root = copy_sample(tmp_path / "handbook")
    handbook = load_handbook(root)
    person = next(p for p in people(handbook) if p.contact.phone)
    files = HandbookFiles(root)
    forgetting = plan(handbook, person, files)
    path = root / person.path
    saved_meanwhile = path.read_text("utf-8").replace("tier: A", "tier: B", 1)
    assert saved_meanwhile != path.read_text("utf-8")
    path.write_text(saved_meanwhile, "utf-8")
    with pytest.raises(Refused) as refused:
        carry_out(files, forgetting)
    assert refused.value.status == 409
    assert path.read_text("utf-8") == saved_meanwhile
