"""The report in a notebook: runs in memory read as folders are, a Page Jupyter displays with
the chart styles, sections chosen by name, and a page saved whole."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from report.inline import Page, chart, result_files, show
from report.runs import read_run, run_from_files
from scenarios import InputError
from tests.report.conftest import KPIS, OCCUPANCY, SCENARIO, SUMMARY


def test_files_in_memory_read_as_the_folder_they_would_be(simulation_run):
    files = {
        "kpis.csv": KPIS,
        "occupancy.csv": OCCUPANCY.encode("utf-8"),  # bytes, as workbooks are, read alike
        "summary.json": json.dumps(SUMMARY),
        "scenario.yaml": SCENARIO,
    }
    in_memory, on_disk = run_from_files("sim", files), read_run(simulation_run)
    assert in_memory.kind == on_disk.kind == "simulation"
    assert in_memory.tables.keys() == on_disk.tables.keys()
    for name, table in on_disk.tables.items():
        pd.testing.assert_frame_equal(in_memory.tables[name], table)
    assert in_memory.summary == on_disk.summary and in_memory.scenario == on_disk.scenario
    with pytest.raises(InputError, match="no staffsim table"):
        run_from_files("nothing", {"summary.json": "{}"})


def test_show_gives_jupyter_the_chosen_sections_with_their_styles(simulation_run, plan_run):
    page = show(simulation_run, plan_run, sections=["plan_views", "service_level"])
    html = page._repr_html_()
    # the chart styles travel with the page, not the report's page layout (header, body)
    assert "svg.chart{" in html and "header{" not in html and "body{" not in html
    # the sections in the order asked, each only for the run it applies to
    assert html.index('data-section="plan_views"') < html.index('data-section="service_level"')
    assert html.count("<section") == 2
    assert 'data-chart="service-level"' in html and 'data-chart="plan-heat-map"' in html
    whole = show(simulation_run)._repr_html_()
    assert 'data-section="abandonment"' in whole and 'data-section="plan_views"' not in whole
    with pytest.raises(InputError, match="no section named nonsense; the sections are"):
        show(simulation_run, sections=["nonsense"])


def test_a_page_is_saved_whole_and_a_chart_shown_alone(simulation_run, tmp_path):
    saved = show(simulation_run, sections=["asa"]).save(tmp_path / "asa.html")
    text = saved.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and 'data-chart="asa-seconds"' in text
    assert isinstance(chart("<svg/>"), Page) and "<svg/>" in chart("<svg/>")._repr_html_()


def test_only_staffsim_results_are_shown():
    with pytest.raises(InputError, match="cannot show a dict"):
        result_files(None, {})  # type: ignore[arg-type]
