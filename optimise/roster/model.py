"""Rosters of named staff as a PuLP integer program, and the benchmark's penalty of a roster.

x[e, d, s] = 1 when employee e works shift s on day d. Hard rules are constraints, one builder
each in `optimise.roster.rules`: one shift a day, days off, shifts that may not follow each
other, shifts per type, total minutes, longest and shortest runs of working days and of days
off, worked weekends. The objective adds request violations and
cover deviations, each at its weight; cover is counted in aggregate (how many work a shift on
a day), and employees with identical contracts and no individual wishes are ordered by minutes
worked, which removes the symmetry between them without losing any roster.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass

import pandas as pd
import pulp

from optimise.roster import rules
from optimise.roster.instance import RosterInstance
from optimise.roster.rules import Employee
from optimise.solver import Deadline, Solution, SolverName, Status, solve
from scenarios import InfeasiblePlan, NoAnswerInTime


@dataclass(frozen=True)
class Roster:
    """Who works what: one row per employee and worked day, and how the solve went."""

    assignments: pd.DataFrame  # employee, day, shift
    solution: Solution
    penalty: int  # the benchmark's objective, recomputed from the roster
    shortfall: pd.DataFrame  # day, shift, group, short_by: cover left unmet


def penalty(instance: RosterInstance, assignments: pd.DataFrame) -> int:
    """Return a roster's objective exactly as the benchmark defines it."""
    worked = {(r.employee, int(r.day)): r.shift for r in assignments.itertuples()}
    total = 0
    for request in instance.on_requests:
        total += request.weight * (worked.get((request.employee, request.day)) != request.shift)
    for request in instance.off_requests:
        total += request.weight * (worked.get((request.employee, request.day)) == request.shift)
    counts: dict[tuple, int] = defaultdict(int)
    for (employee, day), shift in worked.items():
        counts[day, shift, instance.groups.get(employee)] += 1
        counts[day, shift, None] += 1 if instance.groups else 0
    for cover in instance.cover:
        key = (cover.day, cover.shift, cover.group)
        n = (
            counts[key]
            if instance.groups
            else sum(1 for (_, d), s in worked.items() if d == cover.day and s == cover.shift)
        )
        total += cover.under_weight * max(0, cover.required - n)
        total += cover.over_weight * max(0, n - cover.required)
    return int(total)


def solve_roster(
    instance: RosterInstance,
    *,
    solver: SolverName = SolverName.cbc,
    time_limit: float | Deadline = 60.0,
    gap: float = 0.0,
) -> Roster:
    """Return the roster of least penalty that keeps every hard rule (or the best found)."""
    problem = pulp.LpProblem("roster", pulp.LpMinimize)
    shift_number = {s: k for k, s in enumerate(instance.shifts)}
    x: dict[tuple[str, int, str], pulp.LpVariable] = {}
    for e, (employee, contract) in enumerate(instance.staff.items()):
        off = instance.days_off.get(employee, frozenset())
        mine = {}
        for d in range(instance.days):
            if d in off:
                continue
            for s in instance.shifts:
                if contract.max_shifts.get(s, 0) > 0:
                    var = problem.add_variable(f"x_{e}_{d}_{shift_number[s]}", 0, 1, cat="Binary")
                    x[employee, d, s] = mine[d, s] = var
        who = Employee(e, mine, instance.days)
        rules.one_shift_a_day(problem, who)
        rules.no_forbidden_successions(problem, who, instance.shifts)
        rules.shifts_per_type(problem, who, contract, instance.shifts)
        rules.minutes_within_contract(problem, who, contract, instance.shifts)
        rules.max_consecutive_days(problem, who, contract.max_consecutive)
        rules.min_consecutive_days(problem, who, contract.min_consecutive)
        rules.min_consecutive_days_off(problem, who, contract.min_days_off)
        rules.max_weekends(problem, who, contract.max_weekends)

    objective = []
    for request in instance.on_requests:
        var = x.get((request.employee, request.day, request.shift))
        objective.append(request.weight * (1 - var) if var is not None else request.weight)
    for request in instance.off_requests:
        var = x.get((request.employee, request.day, request.shift))
        if var is not None:
            objective.append(request.weight * var)
    under = {}
    for k, c in enumerate(instance.cover):
        staff = [e for e in instance.staff if c.group is None or instance.groups.get(e) == c.group]
        n = pulp.lpSum(x[e, c.day, c.shift] for e in staff if (e, c.day, c.shift) in x)
        short = problem.add_variable(f"under_{k}", 0)
        over = problem.add_variable(f"over_{k}", 0)
        problem += n + short - over == c.required, f"cover_{k}"
        objective += [c.under_weight * short, c.over_weight * over]
        under[c.day, c.shift, c.group] = short
    _break_symmetry(problem, instance, x)
    problem += pulp.lpSum(objective)
    solution = solve(problem, solver, time_limit, gap)
    if solution.status is Status.not_solved:
        raise NoAnswerInTime(
            "no roster found within the time limit (none proven impossible either): give a "
            "longer --time-limit or try --solver highs"
        )
    if solution.status not in (Status.optimal, Status.feasible):
        raise InfeasiblePlan(
            f"no roster keeps every hard rule ({solution.status.value}): check contracts, "
            "days off and minimum hours against the horizon"
        )
    rows = [(e, d, s) for (e, d, s), var in x.items() if (var.value() or 0) > 0.5]
    assignments = pd.DataFrame(rows, columns=["employee", "day", "shift"]).sort_values(
        ["employee", "day"], ignore_index=True
    )
    shortfall = pd.DataFrame(
        [(d, s, g, round(v.value())) for (d, s, g), v in under.items() if (v.value() or 0) > 0.5],
        columns=["day", "shift", "group", "short_by"],
    )
    return Roster(assignments, solution, penalty(instance, assignments), shortfall)


def _break_symmetry(problem: pulp.LpProblem, instance: RosterInstance, x: dict) -> None:
    """Order employees who are interchangeable by the minutes they work."""
    personal = {r.employee for r in (*instance.on_requests, *instance.off_requests)}
    alike: dict[tuple, list[str]] = defaultdict(list)
    for employee, contract in instance.staff.items():
        if employee in personal:
            continue
        key = (
            tuple(sorted(contract.max_shifts.items())),
            contract.max_minutes,
            contract.min_minutes,
            contract.max_consecutive,
            contract.min_consecutive,
            contract.min_days_off,
            contract.max_weekends,
            instance.days_off.get(employee, frozenset()),
            instance.groups.get(employee),
        )
        alike[key].append(employee)
    number = {e: k for k, e in enumerate(instance.staff)}

    def minutes(e: str) -> pulp.LpAffineExpression:
        return pulp.lpSum(
            instance.shifts[s].minutes * var for (emp, _, s), var in x.items() if emp == e
        )

    for members in alike.values():
        for first, second in itertools.pairwise(members):
            label = f"order_{number[first]}_{number[second]}"
            problem += minutes(first) >= minutes(second), label
