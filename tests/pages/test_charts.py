"""Charts drawn at build time: structure, states, and labels that cannot break out."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest

from generator.format.labels import Translator
from generator.format.model import Contact, Kpi, Project
from generator.pages import charts

NS = {"svg": charts.SVG_NS}
HOSTILE = '<script>alert("x")</script> "quoted" [b] |pipe| {{ t }} &amp;'
t = Translator("en")


def svg_of(markup: str) -> ET.Element:
    head = '<figure class="pb-chart" data-search-exclude>'
    assert markup.startswith(head + "<svg") and markup.endswith("</figure>")
    assert "\n" not in markup  # one raw-HTML line for Markdown
    return ET.fromstring(markup[len(head) : -len("</figure>")])


def contact(**fields: object) -> Contact:
    return Contact.model_validate(fields)


def test_decision_chain_shapes_and_roles() -> None:
    people = [
        contact(id="boss", name="蒋思琪", title="CMO", role="decision_maker"),
        contact(id="a", name="邵磊", role="champion", reports_to="boss"),
        contact(id="b", name="柯军", role="blocker", reports_to="boss"),
        contact(id="c", name="葛莉", reports_to="a"),
    ]
    svg = svg_of(charts.decision_chain(people, t.enum, "chain"))
    groups = svg.findall("svg:a/svg:g", NS)
    links = [a.get("href") for a in svg.findall("svg:a", NS)]
    # each person opens their contact details on the page
    assert links == ["#contact-boss", "#contact-a", "#contact-b", "#contact-c"]
    assert [g.get("class") for g in groups] == [
        "pb-person pb-role-decision_maker",
        "pb-person pb-role-champion",
        "pb-person pb-role-blocker",
        "pb-person pb-role-none",
    ]
    assert len(svg.findall("svg:path", NS)) == 3  # one edge per reporting line
    boss_y = float(groups[0].find("svg:rect", NS).get("y"))
    staff_y = float(groups[3].find("svg:rect", NS).get("y"))
    assert staff_y > boss_y
    assert groups[0].find("svg:title", NS).text == "蒋思琪 · CMO · Decision maker"


def test_labels_are_text_never_markup() -> None:
    markup = charts.decision_chain([contact(id="x", name=HOSTILE, title=HOSTILE)], t.enum, HOSTILE)
    assert "<script" not in markup and "&lt;script&gt;" in markup
    svg = svg_of(markup)
    assert svg.get("aria-label") == HOSTILE
    assert svg.find("svg:a/svg:g/svg:title", NS).text.startswith(HOSTILE)


@pytest.mark.parametrize(
    "name",
    [
        "一个很长很长的中文名字再长一点点",
        "一个非常非常非常非常非常非常非常非常非常非常非常长的中文名字",
    ],
)
def test_long_names_are_set_whole_and_smaller(name: str) -> None:
    """A chart cuts no text (paper has no tooltip for the rest): a long name is set smaller,
    then squeezed to the box's width."""
    svg = svg_of(charts.decision_chain([contact(id="x", name=name)], t.enum, "c"))
    shown = svg.find("svg:a/svg:g/svg:text", NS)
    assert shown.text == name
    size = float(re.fullmatch(r"font-size: ([\d.]+)px", shown.get("style")).group(1))
    assert charts.MIN_FONT <= size < charts.FONT + 1
    width = charts.BOX_W - 16
    assert charts.text_width(name, size) <= width or float(shown.get("textLength")) == width


def test_timeline_marks_late_and_overdue_milestones() -> None:
    project = Project.model_validate(
        {
            "id": "p",
            "name": "Launch",
            "status": "active",
            "start": "2026-01-01",
            "end": "2026-12-31",
            "milestones": [
                {"name": "done", "due": "2026-02-01", "status": "done"},
                {"name": "late", "due": "2026-12-01", "status": "late"},
                {"name": "overdue", "due": "2026-03-01", "status": "todo"},
                {"name": "ahead", "due": "2026-11-30"},
            ],
        }
    )
    svg = svg_of(charts.timeline([project], dt.date(2026, 6, 1), "timeline", t.enum))
    states = [p.get("class") for p in svg.findall("svg:path", NS)]
    assert states == [
        "pb-milestone pb-milestone-done",
        "pb-milestone pb-milestone-late",
        "pb-milestone pb-milestone-late",
        "pb-milestone pb-milestone-todo",
    ]
    assert svg.find("svg:line[@class='pb-today']", NS) is not None
    bar = svg.find("svg:rect", NS)
    assert bar.get("class") == "pb-bar pb-project-active"


def test_timeline_without_dates_draws_nothing() -> None:
    project = Project.model_validate({"id": "p", "name": "x", "status": "planned"})
    assert charts.timeline([project], dt.date(2026, 1, 1), "t", t.enum) == ""


def test_kpis_missing_actual_is_missing_not_zero() -> None:
    items = [
        Kpi(name="met", target=10, actual=12),
        Kpi(name="below", target=10, actual=5),
        Kpi(name="unknown", target=10),
    ]
    svg = svg_of(charts.kpis(items, "kpis", lambda k: "n/a" if k.actual is None else "v"))
    actual_bars = [
        r.get("class") for r in svg.findall("svg:rect", NS) if "pb-actual" in r.get("class")
    ]
    assert actual_bars == ["pb-actual pb-kpi-met", "pb-actual pb-kpi-below"]
    values = [x.get("class") for x in svg.findall("svg:text", NS) if "pb-value" in x.get("class")]
    assert values[-1] == "pb-value pb-kpi-missing"
    widths = {r.get("class"): float(r.get("width")) for r in svg.findall("svg:rect", NS)}
    assert widths["pb-actual pb-kpi-below"] < widths["pb-actual pb-kpi-met"]


def test_timeline_of_a_project_with_only_an_end() -> None:
    """Found by the generated-files property test: no start and no milestones."""
    project = Project.model_validate(
        {"id": "p", "name": "x", "status": "done", "end": "2026-05-01"}
    )
    svg = svg_of(charts.timeline([project], dt.date(2026, 1, 1), "t", t.enum))
    assert svg.find("svg:rect", NS).get("class") == "pb-bar pb-project-done"
