"""Plans built before the integer solve: the answer that stands if the solver runs out of time.

Cover mode builds a greedy full cover without any solver (see `greedy`); with a weekly tour
rule each day's shifts are then matched to tours (extra tours where the shifts need them,
extra cheapest shifts where the tours do). Budget mode rounds the LP relaxation down to a plan
within budget (see `rounded_down`).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pulp

from optimise.schedule.model import ShiftModel, tours
from scenarios.calendar import format_clock
from scenarios.shift_rules import WeekRule


def lp_values(model: ShiftModel) -> dict[str, float]:
    """Return every variable's value in the solved relaxation, by name."""
    return {var.name: var.value() or 0.0 for var in model.problem.variables()}


def greedy(model: ShiftModel, short: dict[tuple[str, int], pulp.LpVariable]) -> dict[str, float]:
    """Return a full-cover integer plan built without any solver, in a fraction of a second.

    Each skill's need in an interval goes to the cheapest group on duty there that has the
    skill; each group then covers its intervals in time order, at the first one short buying
    the shifts that cover it and the most other short intervals per unit cost. Where no group
    can be on duty, the need stays short (the solver will report it).
    """
    start: dict[str, float] = {var.name: 0.0 for var in model.problem.variables()}
    cost_of = {var.name: cost for cost, var in model.cost_terms}
    owed = _split_need(model, short, start)
    for group in model.groups:
        _cover_group(model, group, owed[group], cost_of, start)
    if model.rules.week is not None:
        _match_all_tours(model, model.rules.week, start, cost_of)
    return start


def shift_counts(model: ShiftModel, shifts: pd.DataFrame) -> dict[str, float] | None:
    """Return a plan's shift table (plan.csv's columns) as agents per shift variable, by name;
    None if some shift has no variable in this model."""
    start = pd.Timestamp(model.scenario.horizon.start)
    variable = {}
    for (group, day, index), var in model.x.items():
        pattern = model.patterns[index]
        when = (start + pd.Timedelta(days=day)).date().isoformat()
        begins = format_clock(pattern.start)
        variable[group, when, pattern.shift_type, begins, pattern.describe_breaks()] = var
    counts = {var.name: 0.0 for var in model.x.values()}
    for row in shifts.itertuples():
        var = variable.get((row.group, row.day, row.shift_type, row.start, row.breaks))
        if var is None:
            return None
        counts[var.name] += float(row.agents)
    return counts


def extended(
    model: ShiftModel, short: dict[tuple[str, int], pulp.LpVariable], counts: dict[str, float]
) -> dict[str, float]:
    """Return a full-cover integer plan that keeps every shift of `counts` (a previous plan's)
    and buys, as `greedy` does, only what the requirement now asks beyond them."""
    start: dict[str, float] = {var.name: 0.0 for var in model.problem.variables()}
    start.update(counts)
    cost_of = {var.name: cost for cost, var in model.cost_terms}
    owed = _split_need(model, short, start)
    for key, var in model.x.items():
        owed[key[0]][model.span[key]] -= counts.get(var.name, 0.0) * model.present[key]
    for group in model.groups:
        _cover_group(model, group, np.maximum(owed[group] - 1e-6, 0.0), cost_of, start)
    if model.rules.week is not None:
        _match_all_tours(model, model.rules.week, start, cost_of)
    return start


def _match_all_tours(
    model: ShiftModel, rule: WeekRule, start: dict[str, float], cost_of: dict[str, float]
) -> None:
    """Match every group's tours to its shifts day by day (see `_match_tours`)."""
    days = model.scenario.horizon.days
    for group, y in model.y.items():
        shifts: dict[int, list[tuple[float, pulp.LpVariable]]] = {d: [] for d in range(days)}
        for (g, day, _), var in model.x.items():
            if g == group:
                shifts[day].append((cost_of[var.name], var))
        _match_tours(model, rule, start, shifts, y)


def _rounded_to(
    total: int, variables: list[pulp.LpVariable], values: dict[str, float]
) -> dict[str, int]:
    """Return the variables' values rounded to whole numbers summing to `total`: rounded down,
    then raised by largest fraction first (or lowered by smallest first)."""
    whole = {v.name: int(np.floor(values[v.name] + 1e-9)) for v in variables}
    missing = total - sum(whole.values())
    by_fraction = sorted(variables, key=lambda v: values[v.name] - whole[v.name], reverse=True)
    if missing > 0:  # fewer than one per variable: each fraction is below one
        for var in by_fraction[:missing]:
            whole[var.name] += 1
        # more than the variables could take by their fractions: the first takes the rest
        if missing > len(by_fraction) and by_fraction:
            whole[by_fraction[0].name] += missing - len(by_fraction)
    # fewer tours than the relaxation's shifts: a variable may give up several agents
    for var in reversed(by_fraction):
        if missing >= 0:
            break
        taken = min(whole[var.name], -missing)
        whole[var.name] -= taken
        missing += taken
    return whole


def _match_tours(
    model: ShiftModel,
    rule: WeekRule,
    start: dict[str, float],
    shifts: dict[int, list[tuple[float, pulp.LpVariable]]],
    y: list[pulp.LpVariable],
) -> None:
    """Round a group's tours up, then make each day's shifts equal the tours working that day."""
    week = tours(rule)
    days = len(shifts)
    for var in y:  # a tour working no day of a short horizon is in no constraint: absent
        start[var.name] = math.ceil(start.get(var.name, 0.0) - 1e-6)
    on_day = [[t for t, on in enumerate(week) if model.weekday[d] in on] for d in range(days)]
    # a tour may be used only if the group has a shift to work on each of its days
    usable = [t for t in range(len(week)) if all(shifts[d] for d in range(days) if t in on_day[d])]

    working = np.array([[t in on_day[d] for d in range(days)] for t in range(len(week))])
    bought = np.array([sum(start[var.name] for _, var in shifts[d]) for d in range(days)])
    counts = np.array([start[var.name] for var in y], dtype=float)
    surplus = counts @ working - bought  # per day: the tours working less the shifts bought
    while usable and (surplus < 0).any():
        mended = working[usable].astype(int) @ (surplus < 0)  # short days each tour would work
        if mended.max() == 0:
            return  # no tour can work those days: the plan stays unmatched (not a start)
        best = usable[int(np.argmax(mended))]
        start[y[best].name] += 1
        surplus += working[best]
    for d, extra in enumerate(surplus):
        if extra > 0 and shifts[d]:
            _, cheapest = min(shifts[d], key=lambda pair: pair[0])
            start[cheapest.name] += int(extra)


def keeps_rules(model: ShiftModel, start: dict[str, float]) -> bool:
    """Return whether a rounded plan keeps the tours and headcount limits (it is then feasible)."""
    adopt(model, start)
    return all(constraint.valid(1e-6) for constraint in model.integer_rules)


def set_start(model: ShiftModel, start: dict[str, float], *, integers_only: bool = False) -> None:
    """Give the solver a plan to start from (its variables' initial values)."""
    for var in model.problem.variables():
        if integers_only and var.cat != pulp.LpInteger:
            var.varValue = None
            continue
        value = start.get(var.name, 0.0)  # a relaxation's value may stray a hair past a bound
        if var.lowBound is not None:
            value = max(value, var.lowBound)
        if var.upBound is not None:
            value = min(value, var.upBound)
        var.setInitialValue(value)


def _split_need(
    model: ShiftModel, short: dict[tuple[str, int], pulp.LpVariable], start: dict[str, float]
) -> dict[str, np.ndarray]:
    """Return the agents each group must have on duty per interval, each skill's need given to
    the cheapest group that can be on duty with it (set in `start`; the rest left short)."""
    hourly = {g: model.scenario.agent_groups[g].cost_per_hour for g in model.groups}
    owed = {g: np.zeros(model.n) for g in model.groups}
    for s, skill in enumerate(model.skills):
        for i in np.flatnonzero(model.required[s] > 0):
            candidates = [g for g in model.groups if (g, skill, int(i)) in model.z]
            need = float(model.required[s, i])
            if not candidates:
                start[short[skill, int(i)].name] = need
                continue
            group = min(candidates, key=lambda g: hourly[g])
            start[model.z[group, skill, int(i)].name] = need
            owed[group][i] += need
    return owed


def _cover_group(
    model: ShiftModel,
    group: str,
    residual: np.ndarray,
    cost_of: dict[str, float],
    start: dict[str, float],
) -> None:
    """Buy a group's shifts in time order until its owed agents are on duty (added to `start`)."""
    keys = [key for key in model.x if key[0] == group]
    if not keys:
        return
    on = np.zeros((len(keys), model.n))  # option x interval: share of its agents on duty
    for row, key in enumerate(keys):
        on[row, model.span[key]] = model.present[key]
    price = np.array([max(cost_of[model.x[key].name], 1e-9) for key in keys])
    for i in np.flatnonzero(residual > 1e-9):
        options = np.flatnonzero(on[:, i] > 0)
        if residual[i] <= 1e-9 or not len(options):
            continue
        still_short = (residual > 1e-9).astype(float)
        gain = on[options] @ still_short  # short intervals each would help (agents present)
        best = options[int(np.argmax(gain / price[options]))]
        agents = math.ceil(residual[i] / on[best, i] - 1e-9)
        start[model.x[keys[best]].name] += agents
        residual -= agents * on[best]


def rounded_relaxation(model: ShiftModel, values: dict[str, float]) -> dict[str, float]:
    """Return an integer full-cover plan from the cover's relaxation (values by name): its
    shift counts rounded down, the cover they leave short bought greedily, tours matched.

    Each group must cover what the relaxation put on it (its split of skills between groups);
    rounding down keeps most of the relaxation's shifts, and the greedy step only mends the
    intervals rounding left short, so the plan lands near the relaxation's cost.
    """
    start = dict(values)
    cost_of = {var.name: cost for cost, var in model.cost_terms}
    owed = {g: np.zeros(model.n) for g in model.groups}
    for (group, _, i), var in model.z.items():
        owed[group][i] += values.get(var.name, 0.0)
    for key, var in model.x.items():
        start[var.name] = math.floor(values.get(var.name, 0.0) + 1e-6)
        owed[key[0]][model.span[key]] -= start[var.name] * model.present[key]
    for group in model.groups:
        _cover_group(model, group, np.maximum(owed[group] - 1e-6, 0.0), cost_of, start)
    if model.rules.week is not None:
        _match_all_tours(model, model.rules.week, start, cost_of)
    return start


def adopt(model: ShiftModel, start: dict[str, float]) -> None:
    """Make a plan the model's answer, as if the solver had returned it."""
    for var in model.problem.variables():
        var.varValue = start.get(var.name, 0.0)


def rounded_down(model: ShiftModel, values: dict[str, float], budget: float) -> dict[str, float]:
    """Return a plan within budget (integer variables by name): the relaxation rounded down.

    Tours are rounded down, each day's shifts are then rounded to the tours' count (largest
    fractions first); if rounding overspends or breaks a headcount limit, the empty plan
    (always within budget) instead.
    """
    start: dict[str, float] = {}
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
            start[var.name] = counts[var.name]
        for day, variables in days.items():
            start.update(_rounded_to(need[day], variables, values))
    spent = sum(cost_of[var.name] * start.get(var.name, 0) for var in model.x.values())
    if spent > budget + 1e-6 or not keeps_rules(model, start):
        return {name: 0 for name in start}
    return start
