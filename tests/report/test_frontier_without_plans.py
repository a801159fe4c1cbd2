"""A frontier whose budgets bought no plan (too small, or out of time on a busy machine) still
gets its report: the budgets and their status, no chart of nothing, no traceback."""

from __future__ import annotations

import json

from report.html import report_html
from report.runs import read_run
from tests.report.conftest import SCENARIO, write_folder

EMPTY = """\
budget,status,cost,queue,offered,service_level,ci_low,ci_high,abandon_rate,target,max_abandon,meets_target
90000,no plan,,billing,,,,,,0.8,,False
100000,out of time,,billing,,,,,,0.8,,False
"""


def test_a_frontier_without_plans_lists_its_budgets(tmp_path):
    folder = write_folder(
        tmp_path / "frontier",
        {
            "frontier.csv": EMPTY,
            "summary.json": json.dumps({"scenario": "tiny", "cheapest_meeting_targets": None}),
            "scenario.yaml": SCENARIO,
        },
    )
    page = report_html([read_run(folder)])
    assert "no budget gave a plan to simulate" in page
    assert "<td>90,000</td><td>no plan</td>" in page
    assert "<td>100,000</td><td>out of time</td>" in page
    assert 'data-chart="frontier"' not in page
