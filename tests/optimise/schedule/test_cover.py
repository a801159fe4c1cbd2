"""Cover-mode shift plans against brute force, hand-worked costs and an independent cover
check from plan.csv."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pulp
import pytest

from optimise.schedule import plan_cover, tours
from optimise.schedule.model import ShiftModel
from optimise.schedule.start import adopt, keeps_rules, lp_values, rounded_relaxation
from optimise.solver import SolverName, solve
from scenarios import InfeasiblePlan, ScenarioError, scenario_from_dict
from scenarios.shift_rules import WeekRule
from tests.optimise.schedule.centres import centre, cheapest_cover, need
from tests.plan_csv import on_duty

DAY = pd.Timedelta(days=1)


def test_cover_cost_equals_brute_force_without_breaks():
    # 4-hour shifts from 08, 10 or 12; 2-hour shifts from 08, 10, 12 or 14; 10 an hour
    types = {
        "long": {"length_hours": 4, "start": ["08:00", "12:00"], "start_step_minutes": 120},
        "short": {"length_hours": 2, "start": ["08:00", "14:00"], "start_step_minutes": 120},
    }
    required = [1, 2, 3, 3, 2, 2, 1, 1]
    plan = plan_cover(
        scenario_from_dict(centre(types, {"g": {"skills": {"a": 1}, "cost_per_hour": 10}})),
        need({"a": required}),
    )
    patterns = [(s, 4) for s in (0, 2, 4)] + [(s, 2) for s in (0, 2, 4, 6)]
    best = cheapest_cover(required, patterns)
    assert plan.cost == pytest.approx(best)
    assert plan.solution.bound <= plan.cost + 1e-6


def test_cover_cost_equals_brute_force_with_breaks():
    # 4-hour shifts starting 08:00-12:00 hourly with an unpaid 1-hour break in hour 2 or 3
    types = {
        "long": {
            "length_hours": 4,
            "start": ["08:00", "12:00"],
            "start_step_minutes": 60,
            "breaks": [{"minutes": 60, "start_after_minutes": 60, "end_before_minutes": 180}],
        }
    }
    required = [1, 1, 2, 1, 2, 1, 1, 1]
    plan = plan_cover(
        scenario_from_dict(centre(types, {"g": {"skills": {"a": 1}, "cost_per_hour": 10}})),
        need({"a": required}),
    )
    patterns = [(s, b) for s in range(5) for b in (1, 2)]  # start hour, break offset
    best = np.inf
    for counts in itertools.product(range(3), repeat=len(patterns)):
        if sum(counts) > 6:
            continue
        cover = np.zeros(8)
        for (start, gap), k in zip(patterns, counts, strict=True):
            on = np.ones(4)
            on[gap] = 0
            cover[start : start + 4] += k * on
        if (cover >= required).all():
            best = min(best, 30 * sum(counts))  # 3 paid hours at 10 an hour
    assert plan.cost == pytest.approx(best)


def test_weekly_tour_cost_equals_brute_force_over_tours():
    # One 8-hour shift a day; agents work 5 days with 2 consecutive days off.  Each day needs
    # r_d agents all day; brute force over how many agents take each of the 7 tours.
    types = {"day": {"length_hours": 8, "start": ["08:00", "08:00"]}}
    required = [3, 2, 2, 2, 3, 1, 1]
    scenario = scenario_from_dict(
        centre(
            types,
            {"g": {"skills": {"a": 1}, "cost_per_hour": 10}},
            days=7,
            week={"days_on": 5, "consecutive_days_off": 2},
        )
    )
    rows = [
        (pd.Timestamp("2026-01-05") + pd.Timedelta(days=d, hours=8 + h), "a", required[d])
        for d in range(7)
        for h in range(8)
    ]
    plan = plan_cover(scenario, pd.DataFrame(rows, columns=["interval_start", "skill", "agents"]))
    week = tours(WeekRule(days_on=5, consecutive_days_off=2))
    best = np.inf
    for counts in itertools.product(range(4), repeat=len(week)):
        per_day = [sum(k for k, on in zip(counts, week, strict=True) if d in on) for d in range(7)]
        if all(p >= r for p, r in zip(per_day, required, strict=True)):
            best = min(best, 5 * 80 * sum(counts))
    assert plan.cost == pytest.approx(best)
    worked = plan.shifts.groupby("day")["agents"].sum().to_numpy()
    assert (worked >= required).all()


def test_a_blended_group_makes_the_plan_cheaper_by_the_hand_worked_amount():
    # Skill a needs 1 agent 08-12, skill b 1 agent 12-16; only 8-hour shifts (08-16).
    # Specialists (10 an hour each): one a-shift and one b-shift, 2 x 80 = 160.
    # A blended agent (12 an hour) covers both: 8 x 12 = 96.
    types = {"day": {"length_hours": 8, "start": ["08:00", "08:00"]}}
    required = need({"a": [1, 1, 1, 1, 0, 0, 0, 0], "b": [0, 0, 0, 0, 1, 1, 1, 1]})
    specialists = {
        "sa": {"skills": {"a": 1}, "cost_per_hour": 10},
        "sb": {"skills": {"b": 1}, "cost_per_hour": 10},
    }
    separate = plan_cover(scenario_from_dict(centre(types, specialists)), required)
    blended = plan_cover(
        scenario_from_dict(
            centre(
                types, {**specialists, "both": {"skills": {"a": 1, "b": 1}, "cost_per_hour": 12}}
            )
        ),
        required,
    )
    assert separate.cost == pytest.approx(160)
    assert blended.cost == pytest.approx(96)
    assert set(blended.shifts["group"]) == {"both"}


def test_every_interval_and_skill_is_covered_according_to_plan_csv(tmp_path):
    # Two skills, specialists and a blended group, breaks, two days; checked from plan.csv by
    # Hall's condition: for every set of skills, the agents able to serve one of them suffice.
    types = {
        "long": {
            "length_hours": 6,
            "start": ["08:00", "10:00"],
            "start_step_minutes": 60,
            "breaks": [{"minutes": 60, "start_after_minutes": 120, "end_before_minutes": 300}],
        },
        "short": {"length_hours": 3, "start": ["08:00", "13:00"], "start_step_minutes": 60},
    }
    groups = {
        "sa": {"skills": {"a": 1}, "cost_per_hour": 10},
        "sb": {"skills": {"b": 1}, "cost_per_hour": 11},
        "both": {"skills": {"a": 1, "b": 1}, "cost_per_hour": 13},
    }
    required = need({"a": [2, 3, 4, 4, 3, 2, 2, 1], "b": [1, 1, 2, 3, 3, 2, 1, 1]}, days=2)
    plan = plan_cover(scenario_from_dict(centre(types, groups, days=2)), required)
    path = tmp_path / "plan.csv"
    plan.shifts.to_csv(path, index=False)
    table = on_duty(pd.read_csv(path), pd.Timestamp("2026-01-05"), 48, 60)
    duty = {(g, t): table.at[t, g] for g in table.columns for t in table.index}
    skills_of = {g: set(spec["skills"]) for g, spec in groups.items()}
    for start, rows in required.groupby("interval_start"):
        demand = dict(zip(rows["skill"], rows["agents"], strict=True))
        for size in (1, 2):
            for subset in itertools.combinations(demand, size):
                able = sum(duty.get((g, start), 0) for g, s in skills_of.items() if s & set(subset))
                assert able >= sum(demand[s] for s in subset), (start, subset)


def test_headcount_too_low_is_reported_by_interval_and_skill():
    types = {"day": {"length_hours": 8, "start": ["08:00", "08:00"]}}
    groups = {"g": {"skills": {"a": 1}, "cost_per_hour": 10, "max_agents": 2}}
    with pytest.raises(InfeasiblePlan) as error:
        plan_cover(scenario_from_dict(centre(types, groups)), need({"a": [3, 3, 2, 2, 1, 1, 1, 1]}))
    report = error.value.shortfall
    assert list(report["skill"]) == ["a", "a"]
    assert list(report["short_by"]) == pytest.approx([1.0, 1.0])
    assert "08:00 a: short by 1.0" in str(error.value)


def test_the_rounded_relaxation_is_a_full_cover_that_keeps_the_tours():
    # Two 8-hour shift types with a lunch anywhere in a window, a week of 5 days on with 2 off,
    # an uneven requirement: the relaxation is fractional; its rounding must cover every
    # interval (checked from the shifts, minute by minute) and keep the tours.
    types = {
        "early": {"length_hours": 4, "start": ["08:00", "12:00"], "start_step_minutes": 60},
        "day": {
            "length_hours": 8,
            "start": ["08:00", "08:00"],
            "breaks": [{"minutes": 60, "start_after_minutes": 180, "end_before_minutes": 360}],
        },
    }
    groups = {"g": {"skills": {"a": 1}, "cost_per_hour": 10}}
    document = centre(types, groups, days=7, week={"days_on": 5, "consecutive_days_off": 2})
    scenario = scenario_from_dict(document)
    per_day = [[3, 5, 4, 2, 2, 4, 6, 3], [1, 2, 2, 2, 3, 3, 2, 1]] * 3 + [[2] * 8]
    days = [
        need({"a": counts}).assign(interval_start=lambda f, d=d: f["interval_start"] + d * DAY)
        for d, counts in enumerate(per_day)
    ]
    required = pd.concat(days, ignore_index=True)
    model = ShiftModel(scenario, required, pulp.LpMinimize)
    for i in np.flatnonzero(model.required[0] > 0):
        model.problem += model.covered("a", int(i)) >= float(model.required[0, i])
    model.problem += model.cost
    assert solve(model.problem, SolverName.cbc, 30, relax=True).objective is not None
    plan = rounded_relaxation(model, lp_values(model))
    assert keeps_rules(model, plan)  # tours and headcounts: the program's own constraints
    adopt(model, plan)
    duty = on_duty(model.shift_table(), pd.Timestamp("2026-01-05"), 7 * 24, 60)["g"]
    wanted = required.set_index("interval_start")["agents"]
    assert (duty.reindex(wanted.index) >= wanted - 1e-9).all()


@pytest.mark.parametrize(
    ("kind", "where"),
    [
        ({"length_hours": 8, "start": ["08:00", "09:00"]}, "start_step_minutes"),  # step 30
        ({"length_hours": 7.5, "start": ["08:00", "09:00"], "start_step_minutes": 60}, "length"),
    ],
)
def test_shift_types_off_the_interval_grid_are_bad_input(kind, where):
    # hourly intervals: a shift starting 08:30 or lasting 7.5 hours cannot be counted per hour
    document = centre({"day": kind}, {"g": {"skills": {"a": 1}, "cost_per_hour": 10}})
    with pytest.raises(ScenarioError, match=rf"shifts\.types\.day\.{where}.*60-minute"):
        scenario_from_dict(document)


def test_a_horizon_shorter_than_a_week_plans_with_a_week_rule():
    # two days of a 5-on-2-off week: tours working neither day are in no constraint
    types = {"day": {"length_hours": 8, "start": ["08:00", "08:00"]}}
    document = centre(
        types,
        {"g": {"skills": {"a": 1}, "cost_per_hour": 10}},
        days=2,
        week={"days_on": 5, "consecutive_days_off": 2},
    )
    plan = plan_cover(scenario_from_dict(document), need({"a": [2] * 8}, days=2))
    assert plan.shifts.groupby("day")["agents"].sum().tolist() == [2, 2]
    assert plan.cost == pytest.approx(2 * 2 * 80)
