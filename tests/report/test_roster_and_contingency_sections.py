"""Roster and contingency folders in the report: every position and figure expected below is
worked out by hand from the files in conftest.py."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from report.html import report_html
from report.runs import read_run
from tests.report.conftest import EVIL

SVG = "{http://www.w3.org/2000/svg}"


def chart(page: str, name: str) -> ET.Element:
    """Return the parsed <svg> of the named chart on the page."""
    start = page.index(f'<svg class="chart" data-chart="{name}"')
    return ET.fromstring(page[start : page.index("</svg>", start) + 6])


def marks(root: ET.Element, tag: str, kind: str) -> list[ET.Element]:
    """Return the chart's marks of one tag and class."""
    return [e for e in root.iter(SVG + tag) if e.get("class") == kind]


def test_roster_gantt_and_hours(roster_run):
    run = read_run(roster_run)
    assert run.kind == "roster"
    page = report_html([run])
    assert "<script" not in page
    gantt = chart(page, "roster-gantt")
    # rows by group then name: night's agent first, then a1 and the idle a2; three rows of
    # 16 px from y = 12, bars 80% of a row tall and 10% down it
    rows = [t.text for t in gantt.iter(SVG + "text") if t.get("text-anchor") == "end"]
    assert rows == [EVIL, "a1", "a2"]
    bars = [
        (float(b.get("x")), float(b.get("y")), float(b.get("width")), float(b.get("height")))
        for b in marks(gantt, "rect", "bar")
    ]
    # two days: x = 150 + hours / 48 * 798 (the axis runs from 150 to 960 - 12)
    x = lambda hours: 150 + hours / 48 * 798  # noqa: E731
    expected = [
        (x(8), 12 + 16 + 1.6, x(12) - x(8), 12.8),  # a1, Monday 08:00-12:00
        (x(32), 12 + 16 + 1.6, x(36) - x(32), 12.8),  # a1, Tuesday 08:00-12:00
        (x(22), 12 + 1.6, x(26) - x(22), 12.8),  # night, Monday 22:00 to Tuesday 02:00
    ]
    assert bars == [pytest.approx(b, abs=0.01) for b in expected]

    hours = chart(page, "roster-hours")
    # hours 0 (a2), 4 (night) and 7.5 (a1): three bars of one agent each, the axis to 1
    heights = [float(b.get("height")) for b in marks(hours, "rect", "bar")]
    assert heights == [pytest.approx(214.0)] * 3
    labels = [t.text for t in hours.iter(SVG + "text") if t.get("class") == "tick"][-3:]
    assert labels == ["0 h", "4 h", "7.5 h"]
    # the fairness figures as summary.json gives them; 11.5 of 28 contract hours worked = 41%
    assert "<td>4 to 7.5 (spread 3.5)</td>" in page
    assert "<td>11.5</td><td>28.0</td><td>41%</td>" in page


def test_contingency_levers_and_breach_before_after(contingency_run):
    run = read_run(contingency_run)
    assert run.kind == "contingency plan"
    page = report_html([run])
    assert "<script" not in page
    # every column levers.csv holds, the unknown ones too, and both levers
    head = page[page.index("<table>") : page.index("</thead>")]
    assert [h for h in ("lever", "agents", "expected use", "expected cost") if h in head] == [
        "lever",
        "agents",
        "expected use",
        "expected cost",
    ]
    assert "<td>overtime:team</td><td>3</td><td>0.25</td><td>450</td>" in page
    assert "<td>budget per week</td><td>500</td>" in page
    # P(breach): two slots of 892 / 2 = 446 px from x = 56; within a slot the two series sit
    # at a quarter of it plus 111.5 * (s + 0.5); y = 226 - 214 * p
    root = chart(page, "contingency-breach")
    points = [(float(c.get("cx")), float(c.get("cy"))) for c in marks(root, "circle", "point")]
    assert points == [
        (223.25, 226 - 214 * 0.5),
        (669.25, 226.0),
        (334.75, 226 - 214 * 0.25),
        (780.75, 226.0),
    ]
    errors = [(float(e.get("y1")), float(e.get("y2"))) for e in marks(root, "line", "error")]
    assert errors[0] == (pytest.approx(226 - 214 * 0.3), pytest.approx(226 - 214 * 0.7))
    assert "<td>50% (30% to 70%)</td><td>25% (10% to 50%)</td>" in page
    # a stress test's view needs its per-period columns: not drawn for this breach.csv
    assert 'data-section="stress"' not in page
