"""The shared rules (running project; open, overdue and next milestone), and every page that
shows them giving the same answers on one handbook."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from generator.format.model import Client
from generator.format.rules import is_open, is_overdue, is_running, next_milestone
from generator.pages.places import person as person_page
from tests.conftest import FIXTURES, MINIMAL_INDUSTRY, page_text, run_cli, write_handbook

TODAY = dt.date(2026, 11, 21)
CLIENT = (FIXTURES / "rules" / "clients" / "milestones.yaml").read_text("utf-8")


def test_the_rules() -> None:
    import yaml

    client = Client.model_validate(yaml.safe_load(CLIENT))
    launch, old, review = client.projects
    assert next_milestone(review) is None  # only an undated one: nothing is "next"
    assert is_running(launch) and not is_running(old)
    undated, done, later, overdue = launch.milestones
    assert is_open(undated) and not is_open(done)
    assert is_overdue(overdue, TODAY) and not is_overdue(later, TODAY)
    assert not is_overdue(undated, TODAY)  # no due date: never overdue
    assert next_milestone(launch) is overdue  # the undated one, listed first, is never next


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_handbook(
        tmp_path_factory.mktemp("rules") / "handbook",
        clients={"rules.yaml": CLIENT},
        industries={"fmcg.yaml": MINIMAL_INDUSTRY},
    )
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "  - playbook\n", f"  - playbook:\n      today: '{TODAY.isoformat()}'\n"
        ),
        encoding="utf-8",
    )
    result = run_cli("build", "--root", str(root))
    assert result.exit_code == 0, result.output
    return root / "site"


def text(site: Path, page: str) -> str:
    return page_text((site / page / "index.html").read_text("utf-8"))


def test_every_page_agrees_on_the_next_and_the_overdue_milestone(site: Path) -> None:
    glance = text(site, "accounts/rules").split("一览", 1)[1].split("我方团队", 1)[0]
    assert "下一个里程碑: 物料定稿, 2026-11-01 (已过期)" in glance
    assert "待定的庆功会" not in glance and "方案通过" not in glance
    assert "下一个关怀日期: 2026-12-05 新品上市: 发布会" in glance  # not the done 方案通过
    brief = text(site, "briefs/rules")
    assert "新品上市 计划中 物料定稿 (2026-11-01)" in brief
    assert "待定的复盘会" not in brief and "待定的复盘会" not in glance

    health = text(site, "health")
    assert "新品上市: 物料定稿 (20 天)" in health  # overdue in a planned project too
    assert "发布会" not in health and "待定的庆功会" not in health

    team = text(site, person_page("周航").removesuffix(".md").removesuffix("/index"))
    assert "2026-11-01 已过期 · 规则客户 · 新品上市: 物料定稿" in team
    assert "新品上市: 发布会" in team and "新品上市: 待定的庆功会" in team  # open, undated too
    assert "方案通过" not in team and "旧的里程碑" not in team  # done; a done project's

    titles = sorted(
        item["title"]
        for part in sorted((site / "calendar" / "upcoming").glob("[mdy]*.json"))
        for item in json.loads(part.read_text("utf-8"))
    )
    assert titles == ["新品上市: 发布会", "新品上市: 物料定稿"]
    calendar = text(site, "calendar")
    assert "方案通过" not in calendar and "旧的里程碑" not in calendar


@pytest.mark.parametrize(
    ("name", "unit", "cost"),
    [
        ("获客成本", "元", True),
        ("单次点击费用", None, True),
        ("CPC", None, True),
        ("点击", "元/CPC", True),
        ("获客CPA", None, True),
        ("Cost per lead", None, True),
        ("试驾人数", "人", False),
        ("Costume sales", None, False),
        ("便利店铺货率", "%", False),
    ],
)
def test_a_cost_kpi_is_met_by_staying_under_its_target(name, unit, cost) -> None:
    from generator.format.model import Kpi
    from generator.format.rules import is_cost_kpi, kpi_met

    assert is_cost_kpi(Kpi(name=name, unit=unit)) is cost
    under = Kpi(name=name, unit=unit, target=10, actual=8)
    over = Kpi(name=name, unit=unit, target=10, actual=12)
    assert kpi_met(under) is cost and kpi_met(over) is not cost
    assert kpi_met(Kpi(name=name, unit=unit, target=10, actual=10)) is True
    assert kpi_met(Kpi(name=name, unit=unit, target=10)) is None


def test_a_project_counts_once_it_has_ended() -> None:
    from generator.format.model import Project
    from generator.format.rules import has_ended

    def project(**fields) -> Project:
        return Project.model_validate({"id": "p", "name": "P", **fields})

    assert has_ended(project(status="done", end="2026-10-01"), TODAY)
    assert has_ended(project(status="done", end=TODAY.isoformat()), TODAY)
    assert has_ended(project(status="done"), TODAY)
    assert not has_ended(project(status="active", end="2026-10-01"), TODAY)
    assert not has_ended(project(status="planned"), TODAY)
    assert not has_ended(project(status="done", end="2027-03-31"), TODAY)
