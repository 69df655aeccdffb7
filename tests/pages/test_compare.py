"""Comparing accounts on a small handbook, in one real strict build: results client by
client and lead by lead (running projects not counted, costs better lower), and the norms
of every account with their taboos written out (hostile text shown literally)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import MINIMAL_INDUSTRY, mkdocs_build_strict, page_text, write_handbook

HOSTILE = "别写 a | b <script>alert(1)</script> {{ x }} **粗**"

ACME = """\
name: 对比<b>甲</b> | 一
industry: fmcg
tier: B
status: active
team:
  lead: 王芳
preferences:
  taboos:
    - 不要把奶酪棒说成“零食”
    - HOSTILE
projects:
  - id: spring
    name: 春季
    status: done
    start: 2026-03-01
    end: 2026-06-30
    kpis:
      - {name: 点击成本, target: 2.5, actual: 2.0, unit: 元}
      - {name: 曝光, target: 100, actual: 120, unit: 万}
  - id: launch
    name: 上市
    status: active
    start: 2026-10-01
    end: 2027-03-31
    kpis:
      - {name: 销量, target: 10, actual: 0}
""".replace("HOSTILE", json.dumps(HOSTILE, ensure_ascii=False))

BETA = """\
name: 对比乙
industry: fmcg
tier: A
status: active
team:
  lead: 李雷
projects:
  - id: autumn
    name: 秋季
    status: done
    end: 2026-10-31
    kpis:
      - {name: 获客 CPA, target: 50, actual: 60}
      - {name: 到店, target: 10, actual: 12}
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_handbook(
        tmp_path_factory.mktemp("compare"),
        clients={"acme.yaml": ACME, "beta.yaml": BETA},
        industries={"fmcg.yaml": MINIMAL_INDUSTRY},
    )
    result = mkdocs_build_strict(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def _rows(page: str, section: str) -> dict[str, list[str]]:
    """The rows of a section's table by their data-client, each as its cells' text."""
    start = page.index(f'id="{section}"')
    table = page[start : page.index("</table>", start)]
    return {
        client: [page_text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)]
        for client, row in re.findall(r'<tr data-client="([^"]*)">(.*?)</tr>', table, re.DOTALL)
    }


def test_results_by_client_and_by_lead(site: Path) -> None:
    page = (site / "results/index.html").read_text("utf-8")
    by_client = _rows(page, "by-client")
    # 点击成本 2.0 under its 2.5 target: met; the running launch (ends 2027) waits
    assert by_client["acme"] == ["对比<b>甲</b> | 一", "王芳", "2", "2", "100%", "1"]
    # 获客 CPA 60 over its 50 target: missed
    assert by_client["beta"] == ["对比乙", "李雷", "2", "1", "50%", "0"]
    assert _rows(page, "by-lead") == {
        "acme": ["王芳", "对比<b>甲</b> | 一", "2", "2", "100%", "1"],
        "beta": ["李雷", "对比乙", "2", "1", "50%", "0"],
    }
    assert 'href="../accounts/acme/#projects"' in page
    text = page_text(page)
    assert "2027" not in text.split("按行业和年份的预算")[0]  # no year of a running project
    assert "快速消费品 4 3 75%" in text
    assert "低于目标会算作未达成" not in text and "越低越好" in text
    by_industry = page_text((site / "results/by-industry/index.html").read_text("utf-8"))
    assert "对比乙 · 秋季 — 1/2 个 KPI 达成" in by_industry
    assert "上市" not in by_industry


def test_norms_show_the_taboos_literally(site: Path) -> None:
    page = (site / "norms/accounts/index.html").read_text("utf-8")
    assert "<script>alert" not in page
    (row,) = re.findall(r'<tr data-client="acme">(.*?)</tr>', page, re.DOTALL)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)
    assert len(cells) == 8
    taboos = [page_text(item) for item in re.findall(r"<li>(.*?)</li>", cells[6], re.DOTALL)]
    assert taboos == ["不要把奶酪棒说成“零食”", HOSTILE]
    assert page_text(cells[0]) == "对比<b>甲</b> | 一"
    assert 'href="../../accounts/acme/#preferences"' in cells[0]


def test_the_kpi_chart_scores_a_cost_the_same_way(site: Path) -> None:
    """The client page's KPI bars ask the same rule: 点击成本 2.0 under 2.5 is met."""
    page = (site / "accounts/acme/index.html").read_text("utf-8")
    chart = page[page.index('id="project-spring"') :]
    chart = chart[chart.index("<svg") : chart.index("</svg>")]
    assert chart.count("pb-actual pb-kpi-met") == 2 and "pb-kpi-below" not in chart
