"""From a scenario to a shift plan: the requirement, then cover mode or budget mode."""

from __future__ import annotations

from pathlib import Path

from optimise.queueing.timevarying import Method
from optimise.schedule.budget import plan_budget
from optimise.schedule.cover import plan_cover
from optimise.schedule.plan import Plan, plan_requirements
from optimise.solver import Deadline, Progress, SolverName
from scenarios import Scenario


def plan_scenario(
    scenario: Scenario,
    *,
    budget: float | None = None,
    shrinkage: float = 0.0,
    requirements_csv: Path | None = None,
    solver: SolverName = SolverName.cbc,
    time_limit: float | Deadline = 60.0,
    gap: float = 1e-3,
    method: Method = Method.sipp,
    floor: float | None = None,
    start: Plan | None = None,
    progress: Progress | None = None,
) -> Plan:
    """Return the cheapest plan covering the scenario's requirement, or the best one a budget buys.

    The requirement is the scenario's Erlang requirement after shrinkage (`method` reading
    the arrival rates), or the CSV given;
    `time_limit` is seconds from now or the command's Deadline, and counts the requirement too.
    With a budget, `start` is a plan the answer must be at least as good as (the previous
    budget's, say), given to the solver to start from. `progress` hears (seconds since the
    solve began, best cost or budget objective, gap) as they improve, and last the plan's own.
    """
    deadline = time_limit if isinstance(time_limit, Deadline) else Deadline.after(time_limit)
    needs = plan_requirements(scenario, shrinkage=shrinkage, csv=requirements_csv, method=method)
    if budget is None:
        return plan_cover(
            scenario, needs, solver=solver, time_limit=deadline, gap=gap, progress=progress
        )
    return plan_budget(
        scenario,
        needs,
        budget,
        solver=solver,
        time_limit=deadline,
        gap=gap,
        floor=floor,
        start=start,
        progress=progress,
    )
