"""A stress-test folder in the report: the week's chances of a breach, each day's drawn at its
midday, and the recovery times, all from the files written below."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from report.html import report_html
from report.runs import read_run
from tests.report.conftest import BREACH, EVIL, write_folder

SVG = "{http://www.w3.org/2000/svg}"


def test_stress_folder(tmp_path):
    summary = {"scenario": "s", "runs": 20, "queues": {EVIL: {"mean_recovery_minutes": 45.0}}}
    folder = write_folder(
        tmp_path / "stress", {"breach.csv": BREACH, "summary.json": json.dumps(summary)}
    )
    run = read_run(folder)
    assert run.kind == "stress test"
    page = report_html([run])
    assert "<script" not in page
    assert "<td>60%</td><td>40% to 80%</td>" in page
    chart = page[page.index('<svg class="chart" data-chart="p-breach"') :]
    root = ET.fromstring(chart[: chart.index("</svg>") + 6])
    (line,) = [e for e in root.iter(SVG + "path") if e.get("class") == "series"]
    # two days: x from 0 to 48 h over 56..948; middays 12 h -> 279, 36 h -> 725;
    # y: 226 - 214 * p: 0.25 -> 172.5, 0.5 -> 119
    points = [tuple(map(float, p.strip(" ML").split(","))) for p in line.get("d").split("L")]
    assert points == [(279.0, 172.5), (725.0, 119.0)]
    bars = page[page.index('data-chart="recovery"') :]
    root = ET.fromstring('<svg class="chart" ' + bars[: bars.index("</svg>") + 6])
    (bar,) = [e for e in root.iter(SVG + "rect") if e.get("class") == "bar"]
    # the axis runs to 50 minutes: 45 of 50 of 214 px
    assert float(bar.get("height")) == pytest.approx(214 * 45 / 50)
