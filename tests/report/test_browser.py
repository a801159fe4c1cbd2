"""The report in a real browser: headless Chromium opens the page, the console stays clean,
every chart is drawn with a size and marks, and a screenshot is taken."""

from __future__ import annotations

import pytest

from report.html import write_report
from tests.report.browser import browser_paths, open_page
from tests.report.conftest import EVIL

pytest.importorskip("selenium", reason="selenium is in the test extras: pip install -e .[test]")
pytestmark = pytest.mark.skipif(
    browser_paths() is None,
    reason="no Chromium and chromedriver installed (Debian: apt-get install chromium "
    "chromium-driver; .ci/run installs them)",
)

MARKS = "path.series, path.band, rect.cell, rect.bar, circle.point"


def test_the_report_renders_in_chromium(simulation_run, plan_run, tmp_path):
    page = write_report([simulation_run, plan_run], tmp_path / "report.html")
    charts = rendered(page, tmp_path / "report.png")
    names = {chart["name"] for chart in charts}
    assert {"service-level", "group-agents", "plan-heat-map", "plan-cost"} <= names


def test_frontier_and_stress_reports_render(study_runs, tmp_path):
    page = write_report(study_runs, tmp_path / "studies.html")
    names = {chart["name"] for chart in rendered(page, tmp_path / "studies.png")}
    assert names == {"frontier", "p-breach", "recovery"}


def test_roster_and_contingency_reports_render(roster_run, contingency_run, tmp_path):
    page = write_report([roster_run, contingency_run], tmp_path / "roster.html")
    charts = rendered(page, tmp_path / "roster.png")
    names = {chart["name"] for chart in charts}
    assert names == {
        "roster-gantt",
        "roster-hours",
        "lever-agents",
        "lever-expected_use",
        "lever-expected_cost",
        "contingency-breach",
    }
    # the Gantt's three shifts and the chance before and after for two targets: all drawn
    marks = {chart["name"]: chart["marks"] for chart in charts}
    assert marks["roster-gantt"] == 3 and marks["contingency-breach"] == 4


def rendered(page, png):
    """Open the page, check it rendered cleanly, screenshot it; return its charts' sizes."""
    driver = open_page(page)
    try:
        errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
        assert errors == []
        charts = driver.execute_script(
            """return [...document.querySelectorAll('svg.chart')].map(svg => {
                const box = svg.getBoundingClientRect();
                return {name: svg.dataset.chart, width: box.width, height: box.height,
                        marks: svg.querySelectorAll(arguments[0]).length};
            });""",
            MARKS,
        )
        assert charts
        for chart in charts:
            assert chart["width"] > 100 and chart["height"] > 50, chart
            assert chart["marks"] > 0, chart
        # a drawn line has a length on screen, not just an element
        length = driver.execute_script(
            "const line = document.querySelector('svg.chart path.series');"
            "return line === null ? null : line.getTotalLength()"
        )
        assert length is None or length > 10
        # the queue named like a script is shown as text and never ran
        assert driver.execute_script("return document.scripts.length") == 0
        assert EVIL in driver.find_element("tag name", "body").text
        assert driver.save_screenshot(str(png))
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
        return charts
    finally:
        driver.quit()
