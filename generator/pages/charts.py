"""Pictures drawn at build time as inline SVG: decision chain, project timeline, KPIs.

No JavaScript and no request to anywhere: the SVG is part of the page, prints as
it shows, and its labels are escaped by ElementTree like any other XML text. Colours
come from classes styled in ``assets/playbook.css`` (light and dark, screen and print).
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..format.model import Contact, Kpi, Milestone, MilestoneStatus, Project
from ..format.rules import is_open, is_overdue, kpi_met

FONT = 13  # px, the size the width estimates below assume
SVG_NS = "http://www.w3.org/2000/svg"


def text_width(text: str, size: float = FONT) -> float:
    """Estimated rendered width: wide (CJK) characters count one em, others about 0.6."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else size * 0.6 for c in text)


MIN_FONT = 8.0  # px: the smallest a label is set in before it is squeezed instead


def fitting(text: str, width: float, size: float = FONT) -> dict[str, str]:
    """``text`` whole on one line within ``width`` pixels, as a ``<text>``'s attributes: set
    smaller when too long at ``size`` (an inline style, over the stylesheet's size), and
    squeezed to the width below ``MIN_FONT``. Never cut: paper has no tooltip to show the
    rest, and a reader of the site should not need one."""
    text = " ".join(text.split())
    wide = text_width(text, size)
    if wide <= width:
        return {"text": text}
    smaller = max(size * width / wide, MIN_FONT)
    fitted = {"text": text, "style": f"font-size: {smaller:.1f}px"}
    if text_width(text, smaller) > width:
        fitted |= {"textLength": f"{width:.1f}", "lengthAdjust": "spacingAndGlyphs"}
    return fitted


class Svg:
    """A small builder over ElementTree: every label is XML-escaped by the library."""

    def __init__(
        self, width: float, height: float, label: str, css_class: str, *, links: bool = False
    ):
        # A picture is one image to assistive technology; one with links in it is a group,
        # so that its links stay reachable (an image's children are not).
        self.root = ET.Element(
            "svg",
            {
                "xmlns": SVG_NS,
                "viewBox": f"0 0 {width:.0f} {height:.0f}",
                "width": f"{width:.0f}",
                "height": f"{height:.0f}",
                "role": "group" if links else "img",
                "aria-label": label,
                "class": f"pb-svg {css_class}",
            },
        )
        ET.SubElement(self.root, "title").text = label

    def add(
        self,
        tag: str,
        parent: ET.Element | None = None,
        text: str | None = None,
        **attributes: object,
    ) -> ET.Element:
        element = ET.SubElement(
            parent if parent is not None else self.root,
            tag,
            {
                key.rstrip("_").replace("_", "-"): (
                    f"{value:.1f}" if isinstance(value, float) else str(value)
                )
                for key, value in attributes.items()
            },
        )
        if text is not None:
            element.text = text
        return element

    def markup(self) -> str:
        """One line of HTML: a figure holding the SVG (a raw HTML block for Markdown)."""
        svg = ET.tostring(self.root, encoding="unicode", short_empty_elements=True)
        # The page's tables carry the same facts; search indexes them, not the picture.
        return f'<figure class="pb-chart" data-search-exclude>{svg}</figure>'


# --- decision chain --------------------------------------------------------------------------

BOX_W, BOX_H, GAP_X, GAP_Y, PAD = 168, 58, 18, 36, 8


@dataclass
class _Node:
    contact: Contact
    children: list[_Node]
    x: float = 0
    depth: int = 0


def _layout(roots: list[_Node]) -> tuple[int, int]:
    """Leaves left to right, parents centred over their children; returns (columns, depth)."""
    next_column = 0
    deepest = 0

    def place(node: _Node, depth: int) -> None:
        nonlocal next_column, deepest
        node.depth = depth
        deepest = max(deepest, depth)
        if not node.children:
            node.x = next_column
            next_column += 1
            return
        for child in node.children:
            place(child, depth + 1)
        node.x = (node.children[0].x + node.children[-1].x) / 2

    for root in roots:
        place(root, 0)
    return next_column, deepest + 1


def decision_chain(
    contacts: Sequence[Contact],
    role_label: Callable[[object], str],
    label: str,
    departed: tuple[str, Callable[[Contact], bool]] | None = None,
) -> str:
    """The client's people as an organisation chart, coloured by their decision role.

    ``departed``: the word for someone who left, and who has; they stay in the chain (who
    decided what, then) but are marked, greyed, and their role is not drawn as current."""
    if not contacts:
        return ""
    nodes = {c.id: _Node(c, []) for c in contacts}
    roots = []
    for contact in contacts:
        node = nodes[contact.id]
        if contact.reports_to and contact.reports_to in nodes:
            nodes[contact.reports_to].children.append(node)
        else:
            roots.append(node)
    columns, levels = _layout(roots)
    width = columns * (BOX_W + GAP_X) - GAP_X + 2 * PAD
    height = levels * (BOX_H + GAP_Y) - GAP_Y + 2 * PAD
    svg = Svg(width, height, label, "pb-chain", links=True)

    def left(node: _Node) -> float:
        return PAD + node.x * (BOX_W + GAP_X)

    def top(node: _Node) -> float:
        return PAD + node.depth * (BOX_H + GAP_Y)

    for node in nodes.values():
        for child in node.children:
            x1, y1 = left(node) + BOX_W / 2, top(node) + BOX_H
            x2, y2 = left(child) + BOX_W / 2, top(child)
            middle = (y1 + y2) / 2
            svg.add(
                "path", class_="pb-edge", d=f"M{x1:.1f},{y1:.1f} V{middle:.1f} H{x2:.1f} V{y2:.1f}"
            )
    for node in nodes.values():
        contact = node.contact
        role = contact.role.value if contact.role else "none"
        gone = departed[0] if departed and departed[1](contact) else ""
        role_text = " · ".join(filter(None, [gone, role_label(contact.role)]))
        summary = " · ".join(filter(None, [contact.name, contact.title, role_text]))
        # Each person opens their contact details below the chart (keyboard and mouse).
        link = svg.add("a", href=f"#contact-{contact.id}")  # named by its visible text
        group = svg.add(
            "g", link, class_=f"pb-person pb-role-{role}" + (" pb-departed" if gone else "")
        )
        svg.add("title", group, text=summary)
        svg.add(
            "rect",
            group,
            x=left(node),
            y=top(node),
            width=float(BOX_W),
            height=float(BOX_H),
            rx=6.0,
        )
        lines = (
            (contact.name, "pb-name", FONT + 1, 20),
            (contact.title or "", "pb-title", FONT, 36),
            (role_text, "pb-role", FONT - 1, 51),
        )
        for text, css_class, size, baseline in lines:
            svg.add(
                "text",
                group,
                **fitting(text, BOX_W - 16, size),
                class_=css_class,
                x=left(node) + 8,
                y=top(node) + baseline,
            )
    return svg.markup()


# --- project timeline ------------------------------------------------------------------------

LABEL_W, ROW_H, AXIS_H, CHART_W = 190, 30, 26, 560


def _milestone_state(milestone: Milestone, today: dt.date) -> str:
    if not is_open(milestone):
        return "done"
    if milestone.status is MilestoneStatus.late or is_overdue(milestone, today):
        return "late"
    return "todo"


def timeline(
    projects: Sequence[Project], today: dt.date, label: str, status_label: Callable[[object], str]
) -> str:
    """Projects as bars from start to end, milestones as diamonds; late ones stand out."""
    rows = [p for p in projects if p.start or p.end or any(m.due for m in p.milestones)]
    if not rows:
        return ""
    days = [d for p in rows for d in (p.start, p.end, *(m.due for m in p.milestones)) if d]
    first, last = min(days), max(days)
    if first <= today <= last + dt.timedelta(days=60):
        last = max(last, today)
    span = max((last - first).days, 1)

    def x(day: dt.date) -> float:
        return LABEL_W + (day - first).days / span * CHART_W

    width = LABEL_W + CHART_W + 20
    height = AXIS_H + len(rows) * ROW_H + 8
    svg = Svg(width, height, label, "pb-timeline")
    month = dt.date(first.year, first.month, 1)
    months = []
    while month <= last:
        months.append(month)
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    step = max(1, math.ceil(len(months) * 72 / CHART_W))  # labels ~70 px wide, never overlapping
    for tick in months[::step]:
        if tick >= first:
            svg.add(
                "line",
                class_="pb-tick",
                x1=x(tick),
                x2=x(tick),
                y1=float(AXIS_H - 6),
                y2=float(height),
            )
            svg.add(
                "text",
                text=tick.strftime("%Y-%m"),
                class_="pb-axis",
                x=x(tick) + 3,
                y=float(AXIS_H - 10),
            )
    for i, project in enumerate(rows):
        y = AXIS_H + i * ROW_H
        svg.add(
            "text",
            **fitting(project.name, LABEL_W - 12),
            class_="pb-label",
            x=4.0,
            y=y + ROW_H / 2 + 4,
        )
        own = [d for d in (project.start, project.end, *(m.due for m in project.milestones)) if d]
        start, end = project.start or min(own), project.end or max(own)
        bar = svg.add(
            "rect",
            class_=f"pb-bar pb-project-{project.status.value}",
            x=x(start),
            y=y + 8.0,
            width=max(x(end) - x(start), 3.0),
            height=float(ROW_H - 16),
            rx=3.0,
        )
        svg.add(
            "title",
            bar,
            text=f"{project.name} · {status_label(project.status)} · "
            f"{start.isoformat()} – {end.isoformat()}",
        )
        for milestone in project.milestones:
            if not milestone.due:
                continue
            state = _milestone_state(milestone, today)
            cx, cy, r = x(milestone.due), y + ROW_H / 2, 7.0
            mark = svg.add(
                "path",
                class_=f"pb-milestone pb-milestone-{state}",
                d=f"M{cx:.1f},{cy - r:.1f} L{cx + r:.1f},{cy:.1f} "
                f"L{cx:.1f},{cy + r:.1f} L{cx - r:.1f},{cy:.1f} Z",
            )
            svg.add(
                "title",
                mark,
                text=f"{milestone.name} · {milestone.due.isoformat()} · "
                f"{status_label(milestone.status)}",
            )
    if first <= today <= last:
        svg.add(
            "line",
            class_="pb-today",
            x1=x(today),
            x2=x(today),
            y1=float(AXIS_H - 6),
            y2=float(height),
        )
    return svg.markup()


# --- KPIs ------------------------------------------------------------------------------------

KPI_LABEL_W, KPI_BAR_W, KPI_ROW_H = 170, 300, 28


def kpis(items: Sequence[Kpi], label: str, value_text: Callable[[Kpi], str]) -> str:
    """Target as an outline, actual as a filled bar on the same scale; no actual, no bar."""
    rows = [k for k in items if k.target is not None or k.actual is not None]
    if not rows:
        return ""
    width = KPI_LABEL_W + KPI_BAR_W + 190
    svg = Svg(width, len(rows) * KPI_ROW_H + 6, label, "pb-kpis")
    for i, kpi in enumerate(rows):
        y = 4 + i * KPI_ROW_H
        scale = max(abs(kpi.target or 0), abs(kpi.actual or 0)) or 1
        svg.add("text", **fitting(kpi.name, KPI_LABEL_W - 10), class_="pb-label", x=2.0, y=y + 16.0)
        if kpi.target is not None:
            svg.add(
                "rect",
                class_="pb-target",
                x=float(KPI_LABEL_W),
                y=y + 3.0,
                width=abs(kpi.target) / scale * KPI_BAR_W,
                height=float(KPI_ROW_H - 10),
                rx=2.0,
            )
        if kpi.actual is None:
            state = "missing"
        elif kpi.target is None:
            state = "measured"
        else:
            state = "met" if kpi_met(kpi) else "below"  # a cost: met at or under target
        if kpi.actual is not None:
            svg.add(
                "rect",
                class_=f"pb-actual pb-kpi-{state}",
                x=float(KPI_LABEL_W),
                y=y + 7.0,
                width=max(abs(kpi.actual) / scale * KPI_BAR_W, 1.0),
                height=float(KPI_ROW_H - 18),
                rx=2.0,
            )
        svg.add(
            "text",
            text=value_text(kpi),
            class_=f"pb-value pb-kpi-{state}",
            x=float(KPI_LABEL_W + KPI_BAR_W + 8),
            y=y + 16.0,
        )
    return svg.markup()


# --- shares (results across accounts) ---------------------------------------------------------

SHARE_LABEL_W, SHARE_BAR_W, SHARE_ROW_H = 190, 300, 26


def shares(rows: Sequence[tuple[str, float, str]], label: str) -> str:
    """Horizontal bars of shares (0 to 1): ``(label, share, value text)`` per row."""
    if not rows:
        return ""
    svg = Svg(SHARE_LABEL_W + SHARE_BAR_W + 120, len(rows) * SHARE_ROW_H + 6, label, "pb-shares")
    for i, (name, share, value) in enumerate(rows):
        y = 4 + i * SHARE_ROW_H
        svg.add("text", **fitting(name, SHARE_LABEL_W - 10), class_="pb-label", x=2.0, y=y + 16.0)
        svg.add(
            "rect",
            class_="pb-target",
            x=float(SHARE_LABEL_W),
            y=y + 3.0,
            width=float(SHARE_BAR_W),
            height=float(SHARE_ROW_H - 10),
            rx=2.0,
        )
        svg.add(
            "rect",
            class_="pb-actual pb-kpi-met" if share >= 0.5 else "pb-actual pb-kpi-below",
            x=float(SHARE_LABEL_W),
            y=y + 7.0,
            width=max(share * SHARE_BAR_W, 1.0),
            height=float(SHARE_ROW_H - 18),
            rx=2.0,
        )
        svg.add(
            "text",
            text=value,
            class_="pb-value",
            x=float(SHARE_LABEL_W + SHARE_BAR_W + 8),
            y=y + 16.0,
        )
    return svg.markup()
