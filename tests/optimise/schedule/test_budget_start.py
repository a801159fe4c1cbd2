"""Budget plans started from a plan: never worse than the plan they start from, on a tiny
centre with a weekly tour rule (the start's tours are worked out again) and without one."""

from __future__ import annotations

import pytest

from optimise.schedule import plan_requirements
from optimise.schedule.budget import plan_budget
from scenarios import scenario_from_dict
from tests.optimise.schedule.centres import centre
from tests.optimise.schedule.test_budget import two_skills

TYPES = {"long": {"length_hours": 4, "start": ["08:00", "12:00"], "start_step_minutes": 60}}


def week_centre() -> dict:
    """Two groups over a week, each agent working 5 days with 2 consecutive days off."""
    groups = {
        "ga": {"skills": {"a": 1}, "cost_per_hour": 10},
        "gb": {"skills": {"b": 1}, "cost_per_hour": 12},
    }
    document = centre(TYPES, groups, days=7, week={"days_on": 5, "consecutive_days_off": 2})
    document["queues"]["a"]["volume"] = {"per_interval": 40}
    return document


@pytest.mark.parametrize("document", [two_skills(), week_centre()], ids=["day", "week"])
def test_a_plan_started_from_a_cheaper_budgets_plan_serves_at_least_as_much(document):
    scenario = scenario_from_dict(document)
    required = plan_requirements(scenario)
    # a few seconds per solve: the week's model is not solved to optimality in them, and the
    # answer must still be no worse than its start
    budget = 400 if document["horizon"]["days"] == 1 else 2400
    small = plan_budget(scenario, required, budget, time_limit=8)
    assert small.cost > 0
    for budget in (small.cost, small.cost * 1.5):
        grown = plan_budget(scenario, required, budget, start=small, time_limit=8)
        assert grown.cost <= budget + 1e-6
        # its earnings are at least the start's: the start is within this budget too
        assert grown.expected_service_level >= small.expected_service_level - 1e-9
        if budget == small.cost:  # the same budget: no skill's floor is shared out worse
            worst = min(small.expected_by_skill.values())
            assert min(grown.expected_by_skill.values()) >= worst - 1e-9
