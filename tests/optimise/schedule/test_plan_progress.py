"""Progress of plan solves, by each installed solver: seconds run forward, the best plan told
only improves, gaps are never negative, and the last report is the plan returned.

The cover's optimum is worked out by brute force over every count of every shift pattern (as
in test_cover.py); the budget plans are compared with the plan's own objective, which the
solve reads back by another path (the variables' values, not the solver's log or callbacks).
"""

from __future__ import annotations

import pytest

from optimise.frontier import cost_service_frontier
from optimise.schedule import plan_budget, plan_cover, plan_scenario
from optimise.simopt import verify_plan
from optimise.solver import SolverName, Status, highs_available
from scenarios import Scenario, scenario_from_dict
from tests.optimise.schedule.centres import centre, cheapest_cover, need

SOLVERS = [SolverName.cbc] + ([SolverName.highs] if highs_available() else [])
# 4-hour shifts from 08, 10 or 12; 2-hour shifts from 08, 10, 12 or 14; 10 an hour
TYPES = {
    "long": {"length_hours": 4, "start": ["08:00", "12:00"], "start_step_minutes": 120},
    "short": {"length_hours": 2, "start": ["08:00", "14:00"], "start_step_minutes": 120},
}
REQUIRED = [1, 2, 3, 3, 2, 2, 1, 1]

Report = tuple[float, float | None, float | None]


def tiny() -> Scenario:
    return scenario_from_dict(centre(TYPES, {"g": {"skills": {"a": 1}, "cost_per_hour": 10}}))


def brute_force_cost() -> float:
    """Return the cheapest cover of REQUIRED by every count (0-3) of every pattern."""
    return cheapest_cover(REQUIRED, [(s, 4) for s in (0, 2, 4)] + [(s, 2) for s in (0, 2, 4, 6)])


def check_forward(heard: list[Report], *, maximise: bool) -> None:
    """Seconds never fall, gaps are never negative, the best plan told only improves."""
    assert heard, "no progress reported"
    seconds = [s for s, _, _ in heard]
    assert seconds == sorted(seconds) and seconds[0] >= 0
    assert all(g is None or g >= 0 for _, _, g in heard)
    incumbents = [i for _, i, _ in heard if i is not None]
    assert incumbents == sorted(incumbents, reverse=not maximise)


@pytest.mark.parametrize("solver", SOLVERS)
def test_cover_progress_ends_on_the_brute_force_optimum(solver):
    heard: list[Report] = []
    plan = plan_cover(
        tiny(),
        need({"a": REQUIRED}),
        solver=solver,
        time_limit=30,
        progress=lambda *report: heard.append(report),
    )
    check_forward(heard, maximise=False)
    assert plan.solution.status is Status.optimal
    _, incumbent, gap = heard[-1]
    # 160 by hand too: 4-hour shifts from 08, 10 (twice) and 12, a 2-hour shift from 14
    assert incumbent == plan.solution.objective == plan.cost == brute_force_cost() == 160
    assert gap == plan.solution.gap and gap >= 0


def test_a_cover_with_no_time_to_solve_reports_the_plan_built_before_the_solver():
    # one second leaves too little to start a solver (cover.MIN_SOLVE_SECONDS): the greedy
    # cover stands, and it is what progress tells, first and last
    heard: list[Report] = []
    plan = plan_cover(
        tiny(), need({"a": REQUIRED}), time_limit=1.0, progress=lambda *r: heard.append(r)
    )
    check_forward(heard, maximise=False)
    assert plan.solution.status is Status.feasible and plan.solution.timed_out
    assert heard[-1][1] == plan.cost >= brute_force_cost()
    assert heard[0][1] == plan.cost  # the greedy cover, told before any solve


@pytest.mark.parametrize("solver", SOLVERS)
def test_budget_progress_ends_on_the_plans_objective(solver):
    heard: list[Report] = []
    plan = plan_budget(
        tiny(),
        need({"a": REQUIRED}),
        120,
        solver=solver,
        time_limit=30,
        progress=lambda *r: heard.append(r),
    )
    check_forward(heard, maximise=True)
    _, incumbent, gap = heard[-1]
    assert incumbent == plan.solution.objective
    assert gap == plan.solution.gap and gap >= 0


def test_a_budget_plan_from_a_start_tells_the_start_first():
    scenario, required = tiny(), need({"a": REQUIRED})
    smaller = plan_budget(scenario, required, 80, time_limit=30)
    heard: list[Report] = []
    plan = plan_budget(
        scenario, required, 160, time_limit=30, start=smaller, progress=lambda *r: heard.append(r)
    )
    check_forward(heard, maximise=True)
    told = [i for _, i, _ in heard if i is not None]
    # the start plan, completed in the larger budget's model, earns what it earned before
    assert told[0] == pytest.approx(smaller.solution.objective, rel=1e-6)
    assert told[-1] == plan.solution.objective >= smaller.solution.objective - 1e-6


def test_plan_scenario_passes_progress_on():
    heard: list[Report] = []
    plan = plan_scenario(tiny(), time_limit=30, progress=lambda *r: heard.append(r))
    check_forward(heard, maximise=False)
    assert heard[-1][1] == plan.cost


def test_verify_plan_tells_each_iterations_solve():
    heard: list[Report] = []
    verified = verify_plan(
        tiny(),
        replications=2,
        max_iterations=2,
        time_limit=120,
        solve_progress=lambda *r: heard.append(r),
    )
    told = {i for _, i, _ in heard}
    assert {step.plan.cost for step in verified.iterations} <= told


def test_frontier_tells_each_budgets_solve():
    heard: list[Report] = []
    frontier = cost_service_frontier(
        tiny(), [80.0, 160.0], replications=2, solve_progress=lambda *r: heard.append(r)
    )
    told = {i for _, i, _ in heard}
    assert {plan.solution.objective for plan in frontier.plans.values()} <= told
    assert heard[-1][1] == frontier.plans[160.0].solution.objective
