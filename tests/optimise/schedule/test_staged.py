"""The cover plan built in stages (tours, then each day's shifts) against brute force: it
covers the requirement, its shifts can be worked as weekly tours (checked here, apart from the
model's tour variables), and it costs no less than the cheapest plan found by enumeration (and,
on cases worked by hand, the same)."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pulp
import pytest

from optimise.schedule.cover import cover_model, plan_cover
from optimise.schedule.staged import restricted, split, staged_plan
from optimise.schedule.start import keeps_rules, lp_values
from optimise.solver import Deadline, SolverName, Status, solve
from scenarios import scenario_from_dict
from tests.optimise.schedule.centres import centre, cheapest_cover, need

HALVES = {"half": {"length_hours": 4, "start": ["08:00", "12:00"], "start_step_minutes": 240}}
WEEK = {"days_on": 5, "consecutive_days_off": 2}
# the weekly tours of 5 days on with 2 consecutive days off (Monday = 0), listed here by hand
TOURS = [tuple(d for d in range(7) if d not in (off, (off + 1) % 7)) for off in range(7)]


def staged(scenario, required):
    """Return the staged plan's agents per shift (day, start hour, hours long), its cost, and
    whether it keeps the model's rules, built from the solved relaxation."""
    model, short = cover_model(scenario, required)
    relaxed = solve(model.problem, SolverName.cbc, Deadline.after(20), relax=True)
    assert relaxed.status is Status.optimal
    plan = staged_plan(model, short, lp_values(model), Deadline.after(20), 1e-6)
    assert plan is not None
    shifts: dict[tuple[int, int, int], int] = {}
    for (_, day, index), var in model.x.items():
        agents = plan.get(var.name, 0.0)
        assert agents == round(agents) and agents >= 0
        if agents:
            pattern = model.patterns[index]
            key = (day, pattern.start // 60, pattern.length // 60)
            shifts[key] = shifts.get(key, 0) + round(agents)
    cost = sum(cost * plan.get(var.name, 0.0) for cost, var in model.cost_terms)
    return shifts, cost, keeps_rules(model, plan)


def weekly_requirement(morning: list[int], afternoon: list[int]) -> pd.DataFrame:
    """Agents needed each hour of each day: `morning[d]` 08:00-12:00, `afternoon[d]` 12:00-16:00."""
    rows = []
    for day in range(7):
        for hour in range(8):
            agents = morning[day] if hour < 4 else afternoon[day]
            when = pd.Timestamp("2026-01-05") + pd.Timedelta(days=day, hours=8 + hour)
            rows.append((when, "a", agents))
    return pd.DataFrame(rows, columns=["interval_start", "skill", "agents"])


def as_tours(per_day: list[int], tours: list[tuple[int, ...]] = TOURS) -> bool:
    """Return whether some whole number of agents on each tour works exactly `per_day`."""
    if not tours:
        return not any(per_day)
    first, rest = tours[0], tours[1:]
    most = min(per_day[d] for d in first)
    for k in range(most + 1):  # agents on the first tour, the rest left to the others
        left = [n - k if d in first else n for d, n in enumerate(per_day)]
        if as_tours(left, rest):
            return True
    return False


def fewest_tours(per_day: list[int]) -> int:
    """Return the fewest agents on tours that work at least `per_day` agents each day."""
    best = None
    for counts in itertools.product(range(max(per_day) + 1), repeat=len(TOURS)):
        worked = [sum(k for k, t in zip(counts, TOURS, strict=True) if d in t) for d in range(7)]
        if all(w >= n for w, n in zip(worked, per_day, strict=True)):
            best = sum(counts) if best is None else min(best, sum(counts))
    assert best is not None
    return best


CASES = [
    # (morning, afternoon) agents per day, Monday first
    ([2, 2, 2, 2, 2, 1, 0], [1, 1, 1, 1, 1, 0, 1]),
    ([1, 2, 1, 2, 1, 1, 1], [2, 1, 2, 1, 2, 0, 0]),
    ([0, 1, 1, 1, 1, 1, 0], [1, 1, 1, 1, 0, 0, 1]),
]


@pytest.mark.parametrize(("morning", "afternoon"), CASES)
def test_a_staged_plan_covers_works_as_tours_and_costs_no_less_than_the_cheapest(
    morning, afternoon
):
    # two 4-hour shifts a day (08:00, 12:00) at 10 an hour: every shift costs 40, so a plan's
    # cost is 40 x 5 shifts x its agents on tours; each day its shifts number the tours working
    scenario = scenario_from_dict(
        centre(HALVES, {"g": {"skills": {"a": 1}, "cost_per_hour": 10}}, days=7, week=WEEK)
    )
    shifts, cost, keeps = staged(scenario, weekly_requirement(morning, afternoon))
    assert keeps
    for day in range(7):
        assert shifts.get((day, 8, 4), 0) >= morning[day]
        assert shifts.get((day, 12, 4), 0) >= afternoon[day]
    per_day = [shifts.get((day, 8, 4), 0) + shifts.get((day, 12, 4), 0) for day in range(7)]
    assert as_tours(per_day)
    both = [m + a for m, a in zip(morning, afternoon, strict=True)]
    assert cost >= 200 * fewest_tours(both) - 1e-6


def test_a_staged_plan_equals_the_cheapest_worked_by_hand():
    # Monday-Friday need 3 agents a day (2 in the morning, 1 in the afternoon), Saturday 1 and
    # Sunday 1: 17 agent-days, so at least 4 agents on tours (20 days); 4 suffice: 3 on the
    # tour off Saturday-Sunday (3 a weekday) and 1 off Monday-Tuesday (Wednesday-Sunday),
    # or the like. 4 agents x 5 shifts x 40 = 800.
    morning, afternoon = CASES[0]
    assert fewest_tours([m + a for m, a in zip(morning, afternoon, strict=True)]) == 4
    scenario = scenario_from_dict(
        centre(HALVES, {"g": {"skills": {"a": 1}, "cost_per_hour": 10}}, days=7, week=WEEK)
    )
    _, cost, _ = staged(scenario, weekly_requirement(morning, afternoon))
    assert cost == pytest.approx(800)


@pytest.mark.parametrize(
    "required", [[1, 2, 2, 3, 3, 2, 1, 1], [3, 1, 0, 2, 2, 0, 1, 3], [0, 2, 2, 2, 2, 2, 2, 0]]
)
def test_without_tours_a_staged_plan_costs_no_less_than_the_brute_force_cheapest(required):
    # one day, 2-hour shifts every 2 hours and 4-hour shifts at 08:00 and 12:00, at 10 an
    # hour: the brute force tries 0-3 of every shift; the staged plan may only match it
    types = {
        "short": {"length_hours": 2, "start": ["08:00", "14:00"], "start_step_minutes": 120},
        "long": {"length_hours": 4, "start": ["08:00", "12:00"], "start_step_minutes": 240},
    }
    scenario = scenario_from_dict(centre(types, {"g": {"skills": {"a": 1}, "cost_per_hour": 10}}))
    shifts, cost, keeps = staged(scenario, need({"a": required}))
    assert keeps
    cover = np.zeros(8)
    for (_, start, hours), agents in shifts.items():
        cover[start - 8 : start - 8 + hours] += agents
    assert (cover >= required).all()
    patterns = [(0, 2), (2, 2), (4, 2), (6, 2), (0, 4), (4, 4)]  # hours from 08:00
    assert cost >= cheapest_cover(required, patterns) - 1e-6


def test_restricted_folds_fixed_variables_into_constants_and_split_parts_what_no_constraint_links():
    # minimise x + 2y + 3z + w subject to x + y >= 2, z + w >= 1, y <= 5: with y fixed at 1 the
    # first constraint is x >= 1 and the last has no variable left (dropped); x and (z, w) share
    # no constraint, so they are two problems: x = 1 (cost 1) and w = 1 (cost 1)
    problem = pulp.LpProblem("tiny", pulp.LpMinimize)
    x, y, z, w = (problem.add_variable(name, 0) for name in "xyzw")
    problem += x + 2 * y + 3 * z + w
    problem += x + y >= 2, "first"
    problem += z + w >= 1, "second"
    problem += y <= 5, "third"
    part = restricted(problem, {"y": 1.0})
    assert sorted(c.name for c in part.constraints()) == ["first", "second"]
    assert part.objective.constant == 2.0
    parts = split(part)
    assert sorted(sorted(v.name for v in p.variables()) for p in parts) == [["w", "z"], ["x"]]
    for each in parts:
        assert solve(each, SolverName.highs, Deadline.after(10)).status is Status.optimal
    assert (x.value(), z.value(), w.value()) == (1.0, 0.0, 1.0)


def test_without_tours_a_staged_plan_equals_the_cheapest_worked_by_hand():
    # 2 agents from 09:00 to 15:00. 09:00 is worked only by shifts starting at 08:00, and
    # 14:00 only by those ending at 16:00: each of those hours needs 2 shifts of its own, and
    # 10:00-14:00 needs 2 agents for 4 hours more: 16 agent-hours at least, which two 2-hour
    # shifts at each of 08:00, 10:00, 12:00, 14:00 (or two 4-hour at 08:00 and 12:00) give:
    # 160, as the brute force finds
    types = {
        "short": {"length_hours": 2, "start": ["08:00", "14:00"], "start_step_minutes": 120},
        "long": {"length_hours": 4, "start": ["08:00", "12:00"], "start_step_minutes": 240},
    }
    scenario = scenario_from_dict(centre(types, {"g": {"skills": {"a": 1}, "cost_per_hour": 10}}))
    required = [0, 2, 2, 2, 2, 2, 2, 0]
    patterns = [(0, 2), (2, 2), (4, 2), (6, 2), (0, 4), (4, 4)]
    assert cheapest_cover(required, patterns) == 160
    _, cost, _ = staged(scenario, need({"a": required}))
    assert cost == pytest.approx(160)


def test_a_cover_plan_over_a_week_of_tours_costs_the_least_worked_by_hand():
    # CASES[2] needs 1, 2, 2, 2, 1, 1, 1 agents Monday to Sunday: 10 agent-days, so 2 agents
    # on tours at least (5 days each); and 2 suffice: one off Friday-Saturday (works Sunday to
    # Thursday), one off Sunday-Monday (Tuesday to Saturday) work 1, 2, 2, 2, 1, 1, 1
    morning, afternoon = CASES[2]
    both = [m + a for m, a in zip(morning, afternoon, strict=True)]
    assert fewest_tours(both) == 2
    scenario = scenario_from_dict(
        centre(HALVES, {"g": {"skills": {"a": 1}, "cost_per_hour": 10}}, days=7, week=WEEK)
    )
    plan = plan_cover(scenario, weekly_requirement(morning, afternoon), time_limit=30, gap=1e-3)
    assert plan.cost == pytest.approx(400)  # 2 agents x 5 shifts x 40
    assert plan.solution.status is Status.optimal


def test_a_day_whose_shifts_cannot_match_its_tours_is_given_one_more_tour():
    # A fifth of the group is absent all week, so a shift covers 0.8 of an agent: an hour that
    # needs 1 agent needs 2 shifts over it. Each day both halves (08:00 and 12:00) need 1
    # agent: 4 shifts a day. The relaxation buys 1.25 a half (2.5 a day), so the tours chosen
    # from it give a day 3 shifts, and 3 whole shifts leave one half at 0.8: no plan. With one
    # more tour on every such day each day has 4 or more: at least 28 agent-days, so 6 agents
    # on tours (30 days), e.g. one on each tour but the one off Saturday-Sunday. Worked by
    # hand: 6 agents x 5 shifts x 40 = 1,200.
    document = centre(HALVES, {"g": {"skills": {"a": 1}, "cost_per_hour": 10}}, days=7, week=WEEK)
    document["events"] = [
        {
            "type": "absenteeism",
            "group": "g",
            "share": 0.2,
            "start": "2026-01-05 00:00",
            "end": "2026-01-12 00:00",
        }
    ]
    assert fewest_tours([4] * 7) == 6
    shifts, cost, keeps = staged(scenario_from_dict(document), weekly_requirement([1] * 7, [1] * 7))
    assert keeps
    for day in range(7):
        assert shifts.get((day, 8, 4), 0) >= 2 and shifts.get((day, 12, 4), 0) >= 2
    per_day = [shifts.get((day, 8, 4), 0) + shifts.get((day, 12, 4), 0) for day in range(7)]
    assert as_tours(per_day)
    assert cost == pytest.approx(1200)
