"""The cost-service frontier on a tiny centre: budgets parsed, plans simulated on the same
customers, and the cheapest plan meeting the target found where queueing theory puts it."""

from __future__ import annotations

import json

import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from cli.app import app
from optimise.frontier import budget_range, cost_service_frontier
from scenarios import scenario_from_dict
from tests.optimise.schedule.centres import centre

runner = CliRunner()


def test_budget_ranges():
    assert budget_range("90000:150000:10000") == [90000.0 + 10000 * k for k in range(7)]
    assert budget_range("300, 100,200") == [100.0, 200.0, 300.0]
    for bad in ("1:0:1", "1:2:0", "a:b:c", "-5", "0:1e9:1", "nan"):
        with pytest.raises(ValueError):
            budget_range(bad)


def test_frontier_command_on_a_tiny_centre(tmp_path, write):
    # Open 08:00-16:00, 10 calls an hour of 5 minutes (0.83 erlang), 4-hour shifts at 10 an
    # hour: 40 an agent-shift. A budget of 150 buys 3 shifts, 12 agent-hours for 8 hours, so at
    # least 4 hours have at most one agent, where Erlang C answers at most
    # 1 - 0.83 * exp(-(1 - 0.83) * 20 / 300) = 18% within 20 s: the day's service level is at
    # most (4 * 0.18 + 4 * 1) / 8 = 59%, below the 80% target. A budget of 270 buys 6 shifts,
    # three agents every hour: Erlang C gives 96% within 20 s, above the target.
    types = {"day": {"length_hours": 4, "start": ["08:00", "12:00"], "start_step_minutes": 60}}
    document = centre(types, {"g": {"skills": {"a": 1}, "cost_per_hour": 10}})
    path = write("tiny.yaml", yaml.safe_dump(document))
    out = tmp_path / "frontier"
    result = runner.invoke(
        app,
        [
            "frontier",
            str(path),
            "--budgets",
            "150:270:120",
            "--replications",
            "4",
            "--out",
            str(out),
            "--quiet",
        ],
    )
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out / "frontier.csv")
    assert list(table["budget"]) == [150, 270]
    assert (table["cost"] <= table["budget"]).all()
    assert list(table["meets_target"]) == [False, True]
    assert table.loc[0, "ci_high"] < 0.8 < table.loc[1, "service_level"]
    # common random numbers: both plans met the same customers
    assert table.loc[0, "offered"] == table.loc[1, "offered"]
    summary = json.loads((out / "summary.json").read_text())
    assert summary["cheapest_meeting_targets"]["budget"] == 270
    # named in words too: off a terminal the bold row is lost
    assert "meeting every target (bold): budget 270" in " ".join(result.output.split())
    plans = pd.read_csv(out / "plans.csv")
    assert set(plans["budget"]) == {150, 270}
    chosen = pd.read_csv(out / "plan.csv")
    assert chosen["agents"].sum() == 6
    page = (out / "report.html").read_text(encoding="utf-8")
    assert 'data-chart="frontier"' in page and 'class="chosen"' in page


def test_frontier_plans_cost_and_serve_more_as_the_budget_grows():
    # Each budget starts from the plan the one before bought, which it can afford too. With
    # each solve optimal, a larger budget's plan costs no less: a cheaper plan earning as much
    # would have been within the smaller budget and preferred there (ties go to the cheaper).
    types = {"day": {"length_hours": 4, "start": ["08:00", "12:00"], "start_step_minutes": 60}}
    scenario = scenario_from_dict(centre(types, {"g": {"skills": {"a": 1}, "cost_per_hour": 10}}))
    budgets = budget_range("80:400:80")
    frontier = cost_service_frontier(scenario, budgets, replications=2, seed=3)
    plans = [frontier.plans[b] for b in budgets]
    assert all(plan.cost <= budget + 1e-6 for plan, budget in zip(plans, budgets, strict=True))
    costs = [plan.cost for plan in plans]
    assert costs == sorted(costs) and costs[-1] > costs[0]
    earned = [plan.expected_service_level for plan in plans]
    assert earned == sorted(earned)
