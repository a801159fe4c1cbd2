"""Budget plans: the shift plan within a budget that answers the most contacts in time."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pulp

from optimise.queueing.curves import skill_curves
from optimise.schedule.model import ShiftModel, tours
from optimise.schedule.plan import Plan
from optimise.solver import SolverName, Status, solve
from scenarios import InfeasiblePlan, Scenario


def plan_budget(
    scenario: Scenario,
    required: pd.DataFrame,
    budget: float,
    *,
    solver: SolverName = SolverName.cbc,
    time_limit: float = 60.0,
    gap: float = 1e-4,
) -> Plan:
    """Return the plan costing at most `budget` that answers the most contacts within target.

    Each skill and interval earns the contacts answered within target that its agents buy, read
    off the concave curve of `optimise.queueing.curves`; shifts are bought where they earn most.
    """
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
    _rounded_start(model, budget)
    solution = solve(model.problem, solver, time_limit, gap, warm_start=True)
    if solution.status not in (Status.optimal, Status.feasible):
        raise InfeasiblePlan(
            f"no plan within a budget of {budget:,.2f} meets the shift rules and headcount "
            f"limits ({solution.status.value})"
        )
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


def _rounded_start(model: ShiftModel, budget: float) -> None:
    """Give the solver a plan within budget to start from: the LP optimum rounded down.

    Tours are rounded down, each day's shifts are then rounded to the tours' count (largest
    fractions first), and whole tours are dropped until the cost fits the budget. Only the
    integer variables are set; the solver completes the rest.
    """
    model.problem.solve(pulp.PULP_CBC_CMD(msg=False, mip=False))
    values = {var.name: var.value() or 0.0 for var in model.problem.variables()}
    for var in model.problem.variables():
        var.varValue = None
    cost_of = {var.name: cost for cost, var in model.cost_terms}
    scenario = model.scenario
    for group in scenario.agent_groups:
        tours_y = model.y.get(group, [])
        days: dict[int, list[pulp.LpVariable]] = {}
        for (g, day, _), var in model.x.items():
            if g == group:
                days.setdefault(day, []).append(var)
        if model.rules.week is not None and tours_y:
            week = tours(model.rules.week)
            counts = {v.name: int(np.floor(values[v.name] + 1e-9)) for v in tours_y}
            need = {
                day: sum(
                    counts[tours_y[t].name] for t, on in enumerate(week) if model.weekday[day] in on
                )
                for day in days
            }
        else:
            counts = {}
            need = {
                day: int(np.floor(sum(values[v.name] for v in vs) + 1e-9))
                for day, vs in days.items()
            }
        for var in tours_y:
            var.setInitialValue(counts[var.name])
        for day, variables in days.items():
            whole = {v.name: int(np.floor(values[v.name] + 1e-9)) for v in variables}
            missing = need[day] - sum(whole.values())
            by_fraction = sorted(
                variables, key=lambda v: values[v.name] - whole[v.name], reverse=True
            )
            for var in by_fraction if missing > 0 else reversed(by_fraction):
                if missing == 0:
                    break
                if missing > 0:
                    whole[var.name] += 1
                    missing -= 1
                elif whole[var.name] > 0:
                    whole[var.name] -= 1
                    missing += 1
            for var in variables:
                var.setInitialValue(whole[var.name])
    spent = sum(
        cost_of[name] * (var.varValue or 0) for name, var in ((v.name, v) for v in model.x.values())
    )
    if spent > budget + 1e-6:
        for var in model.problem.variables():
            if var.cat == pulp.LpInteger:
                var.setInitialValue(0)  # rounding overspent: start from the empty plan
