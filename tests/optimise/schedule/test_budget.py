"""Budget-mode shift plans: within the budget, and serving more as the budget grows."""

from __future__ import annotations

import pytest

from optimise.schedule import plan_cover, plan_requirements
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


def two_skills() -> dict:
    """Skill a: 40 calls an hour; skill b: 6; one group each, 4-hour shifts."""
    types = {"long": {"length_hours": 4, "start": ["08:00", "12:00"], "start_step_minutes": 60}}
    groups = {
        "ga": {"skills": {"a": 1}, "cost_per_hour": 10},
        "gb": {"skills": {"b": 1}, "cost_per_hour": 10},
    }
    document = centre(types, groups)
    document["queues"]["a"]["volume"] = {"per_interval": 40}
    document["queues"]["b"]["volume"] = {"per_interval": 6}
    return document


def test_floors_give_every_queue_its_target_before_the_rest_is_spent():
    scenario = scenario_from_dict(two_skills())
    required = plan_requirements(scenario)
    cover = plan_cover(scenario, required)  # meets 80% in every interval of both skills
    budget = cover.cost + 80  # the cover, and two more shifts to spend where they buy most
    floored = plan_budget(scenario, required, budget)
    assert floored.cost <= budget + 1e-6
    for skill in ("a", "b"):
        assert floored.expected_by_skill[skill] >= 0.8 - 1e-6
    # Without floors a budget that cannot buy the cover goes where contacts are cheapest to
    # answer; with floors the small queue is never starved below what the budget allows it.
    tight = cover.cost * 0.6
    free = plan_budget(scenario, required, tight, floor=0.0)
    kept = plan_budget(scenario, required, tight)
    assert kept.expected_by_skill["b"] >= free.expected_by_skill["b"] - 1e-9
    assert min(kept.expected_by_skill.values()) >= min(free.expected_by_skill.values()) - 1e-9


def test_with_weekly_tours_the_start_plan_chooses_whole_tours_and_spends_the_budget(
    monkeypatch,
):
    # One 4-hour shift a day (08:00) at 10 an hour: a shift costs 40, a tour of 5 days 200.
    # Two calls an hour, 5 minutes each: one agent answers most in time, a second adds little,
    # so an agent is worth most on a day nobody else works. 400 buys 2 tours whole, and two
    # tours with different days off work every day: by hand, 10 shifts, 400, every day covered.
    # The step that chooses tours whole must give that plan.
    import optimise.schedule.budget as budget_module

    types = {"morning": {"length_hours": 4, "start": ["08:00", "08:00"], "start_step_minutes": 60}}
    week = {"days_on": 5, "consecutive_days_off": 2}
    document = centre(types, {"g": {"skills": {"a": 1}, "cost_per_hour": 10}}, days=7, week=week)
    document["queues"]["a"]["volume"] = {"per_interval": 2}
    scenario = scenario_from_dict(document)
    required = need({"a": [1, 1, 1, 1]}, days=7)
    chosen: list[dict[str, float] | None] = []
    real = budget_module._tours_chosen

    def spy(*args):  # the real step, its answer kept to be checked by hand
        plan = real(*args)
        chosen.append(plan)
        return plan

    monkeypatch.setattr(budget_module, "_tours_chosen", spy)
    plan = plan_budget(scenario, required, 400)
    assert len(chosen) == 1 and chosen[0] is not None
    start = chosen[0]
    tours = sorted(v for name, v in start.items() if name.startswith("y_") and v)
    shifts = sum(v for name, v in start.items() if name.startswith("x_"))
    assert tours == [1.0, 1.0] and shifts == 10
    assert plan.cost == pytest.approx(400)
    days = plan.shifts.groupby("day")["agents"].sum()
    assert len(days) == 7 and (days >= 1).all()
