"""Budget-mode shift plans: within the budget, and serving more as the budget grows."""

from __future__ import annotations

import pytest

from optimise.schedule.budget import plan_budget
from scenarios import InfeasiblePlan, scenario_from_dict
from tests.optimise.schedule.centres import centre, need


def test_budget_plans_stay_within_budget_and_serve_more_as_it_grows():
    types = {"long": {"length_hours": 4, "start": ["08:00", "12:00"], "start_step_minutes": 60}}
    document = centre(types, {"g": {"skills": {"a": 1}, "cost_per_hour": 10}})
    scenario = scenario_from_dict(document)
    required = need({"a": [3, 3, 3, 3, 3, 3, 3, 3]})
    levels = []
    for budget in (100, 200, 400, 800):
        plan = plan_budget(scenario, required, budget)
        assert plan.cost <= budget + 1e-6
        levels.append(plan.expected_service_level)
    assert levels == sorted(levels) and levels[-1] > levels[0]
    with pytest.raises(InfeasiblePlan, match="buys no useful shift"):
        plan_budget(scenario, required, 30)  # the cheapest shift costs 40
