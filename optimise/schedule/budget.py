"""Budget plans: the shift plan within a budget that answers the most contacts in time."""

from __future__ import annotations

import itertools

import pandas as pd
import pulp

from optimise.queueing.curves import skill_curves
from optimise.schedule.model import ShiftModel
from optimise.schedule.plan import Plan
from optimise.schedule.start import lp_values, rounded_down, set_start
from optimise.solver import Deadline, Solution, SolverName, Status, solve
from scenarios import InfeasiblePlan, NoAnswerInTime, Scenario

LP_SHARE = 0.3  # of the time left, the most the relaxation may take
RESERVE = 0.1  # of the time left after it, kept to complete the start plan if need be


def plan_budget(
    scenario: Scenario,
    required: pd.DataFrame,
    budget: float,
    *,
    solver: SolverName = SolverName.cbc,
    time_limit: float | Deadline = 60.0,
    gap: float = 1e-4,
) -> Plan:
    """Return the plan costing at most `budget` that answers the most contacts within target.

    Each skill and interval earns the contacts answered within target that its agents buy, read
    off the concave curve of `optimise.queueing.curves`; shifts are bought where they earn most.
    """
    deadline = time_limit if isinstance(time_limit, Deadline) else Deadline.after(time_limit)
    model = ShiftModel(scenario, required, pulp.LpMaximize)
    earned = []
    volume = 0.0
    for (skill, i), curve in skill_curves(scenario).items():
        if skill not in model.skills:
            continue
        s = model.skills.index(skill)  # names from indexes: user names never reach the solver
        volume += float(curve.answered[-1])
        u = model.problem.add_variable(f"u_{s}_{i}", 0, float(curve.answered[-1]))
        cover = model.covered(skill, i)
        for (x0, y0), (x1, y1) in itertools.pairwise(
            zip(curve.agents, curve.answered, strict=True)
        ):
            slope = (y1 - y0) / (x1 - x0)
            model.problem += u <= y0 + slope * (cover - x0), f"curve_{s}_{i}_{int(x0)}"
        if len(curve.agents) == 1:
            model.problem += u <= 0, f"curve_{s}_{i}"
        earned.append(u)
    cheapest = min((c for c, _ in model.cost_terms), default=0.0)
    model.problem += model.cost <= budget, "budget"
    model.problem += pulp.lpSum(earned) - 1e-6 * model.cost
    relaxed = solve(
        model.problem, solver, Deadline.after(LP_SHARE * deadline.remaining()), relax=True
    )
    # the empty plan is always within budget; the rounded-down relaxation is a better start
    start = rounded_down(model, lp_values(model), budget) if relaxed.objective is not None else {}
    set_start(model, start, integers_only=True)
    reserve = Deadline.after(max(deadline.remaining() * (1 - RESERVE), 0.0))
    solution = solve(model.problem, solver, reserve, gap, warm_start=True)
    if solution.status is Status.infeasible:
        raise InfeasiblePlan(
            f"no plan within a budget of {budget:,.2f} keeps the shift rules and headcount limits"
        )
    if solution.objective is None:
        # out of time with no plan: complete the start's split and earnings, and stand by it
        solution = _complete(model, start, solver, deadline, relaxed.objective, solution)
    shifts = model.shift_table()
    if shifts.empty:
        raise InfeasiblePlan(
            f"a budget of {budget:,.2f} buys no useful shift: the cheapest costs {cheapest:,.2f}"
        )
    cost = float(pulp.value(model.cost) or 0.0)
    answered = float(sum(u.value() or 0.0 for u in earned))
    return Plan(
        shifts,
        model.coverage_table(),
        solution,
        cost,
        model.size(),
        budget=budget,
        expected_service_level=answered / volume if volume else None,
    )


def _complete(
    model: ShiftModel,
    start: dict[str, float],
    solver: SolverName,
    deadline: Deadline,
    bound: float | None,
    timed_out: Solution,
) -> Solution:
    """Return the start plan as the answer: its shifts fixed, the rest solved as an LP."""
    fixed = [v for v in model.problem.variables() if v.cat == pulp.LpInteger]
    saved = [(v.lowBound, v.upBound) for v in fixed]
    for var in fixed:
        var.lowBound = var.upBound = start.get(var.name, 0)
    try:
        answer = solve(model.problem, solver, deadline, relax=True)
    finally:
        for var, (low, high) in zip(fixed, saved, strict=True):
            var.lowBound, var.upBound = low, high
    if answer.objective is None:
        raise NoAnswerInTime(
            "no budget plan was completed within the time limit: give a longer --time-limit"
        )
    objective = answer.objective
    gap = None if bound is None else abs(bound - objective) / max(abs(objective), 1e-9)
    return Solution(
        Status.feasible, objective, bound, gap, timed_out.seconds, timed_out.solver, True
    )
