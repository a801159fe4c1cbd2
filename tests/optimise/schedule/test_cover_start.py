"""Cover plans started from a previous plan: when the solver has no time, the answer costs no
more than the previous plan with what the raised requirement asks bought on top of it."""

from __future__ import annotations

from optimise.schedule.cover import plan_cover
from scenarios import scenario_from_dict
from tests.optimise.schedule.centres import centre, need


def test_a_raised_requirement_costs_no_more_than_the_last_plan_and_the_shifts_it_needs():
    # 4-hour shifts from 08:00 or 12:00 at 10 an hour (40 a shift). Three agents every hour
    # from 08:00 to 16:00 is three shifts at each start: 240. One more at 09:00 needs one more
    # morning shift: 280, the least any cover costs.
    types = {"long": {"length_hours": 4, "start": ["08:00", "12:00"], "start_step_minutes": 60}}
    scenario = scenario_from_dict(centre(types, {"g": {"skills": {"a": 1}, "cost_per_hour": 10}}))
    first = plan_cover(scenario, need({"a": [3] * 8}))
    assert first.cost == 240
    raised = need({"a": [3, 4, 3, 3, 3, 3, 3, 3]})
    # no time for a solver: the plan built before the solve stands
    rushed = plan_cover(scenario, raised, time_limit=0.5, start=first)
    assert rushed.cost <= 280
    cover = rushed.coverage.set_index("interval_start")
    assert (cover["scheduled"] >= cover["required"] - 1e-9).all()
    assert plan_cover(scenario, raised, start=first).cost == 280
