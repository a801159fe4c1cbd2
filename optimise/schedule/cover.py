"""Cover mode: the cheapest shift plan that covers every interval's requirement per skill.

A shortfall variable per interval and skill, priced far above any agent, turns an impossible
cover into a report of what cannot be covered instead of a bare "infeasible".
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pulp

from optimise.schedule.model import ShiftModel
from optimise.schedule.plan import Plan
from optimise.solver import Solution, SolverName, Status, solve
from scenarios import InfeasiblePlan, Scenario


def plan_cover(
    scenario: Scenario,
    required: pd.DataFrame,
    *,
    solver: SolverName = SolverName.cbc,
    time_limit: float = 60.0,
    gap: float = 1e-4,
) -> Plan:
    """Return the cheapest shift plan covering every interval's requirement per skill.

    `required` has columns interval_start, skill, agents. Raises InfeasiblePlan, with the
    intervals and skills short and by how much, when no plan within the rules can cover them.
    """
    model = ShiftModel(scenario, required, pulp.LpMinimize)
    short = {}
    penalty = 1000.0 * max([c for c, _ in model.cost_terms] + [1.0])
    for s, skill in enumerate(model.skills):
        for i in np.flatnonzero(model.required[s] > 0):
            short[skill, int(i)] = model.problem.add_variable(f"short_{s}_{i}", 0)
            label = f"cover_{s}_{i}"
            need = float(model.required[s, i])
            model.problem += model.covered(skill, int(i)) + short[skill, int(i)] >= need, label
    model.problem += model.cost + penalty * pulp.lpSum(short.values())
    solution = solve(model.problem, solver, time_limit, gap)
    if solution.status not in (Status.optimal, Status.feasible):
        raise InfeasiblePlan(f"the solver found no plan ({solution.status.value})")
    gaps = [
        (model.starts[i], skill, var.value())
        for (skill, i), var in short.items()
        if (var.value() or 0) > 1e-6
    ]
    if gaps:
        frame = pd.DataFrame(gaps, columns=["interval_start", "skill", "short_by"])
        if solution.status is not Status.optimal:
            raise InfeasiblePlan(
                f"no plan covering every interval was found within the time limit of "
                f"{time_limit:g} s (the best found is short in {len(frame)} interval(s), none "
                "proven impossible): give a longer --time-limit",
                shortfall=frame,
            )
        raise InfeasiblePlan(_shortfall_text(frame), shortfall=frame)
    cost = float(pulp.value(model.cost) or 0.0)
    solution = _without_penalty(solution, cost)
    return Plan(model.shift_table(), model.coverage_table(), solution, cost, model.size())


def _without_penalty(solution: Solution, cost: float) -> Solution:
    """Return the solution with objective the plan's cost (no shortfall was left)."""
    bound = None if solution.bound is None else min(solution.bound, cost)
    gap = None if bound is None else abs(cost - bound) / max(abs(cost), 1e-9)
    return Solution(solution.status, cost, bound, gap, solution.seconds, solution.solver)


def _shortfall_text(frame: pd.DataFrame) -> str:
    worst = frame.sort_values("short_by", ascending=False)
    lines = [
        f"no plan within the shift rules and headcount limits covers {len(frame)} interval(s):"
    ]
    for row in worst.head(10).itertuples():
        lines.append(
            f"  {row.interval_start:%a %Y-%m-%d %H:%M} {row.skill}: short by "
            f"{row.short_by:.1f} agent(s)"
        )
    if len(frame) > 10:
        lines.append(f"  ... and {len(frame) - 10} more (see the shortfall table)")
    return "\n".join(lines)
