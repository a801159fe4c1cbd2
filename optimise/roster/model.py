"""Rosters of named staff as a PuLP integer program, and the benchmark's penalty of a roster.

x[e, d, s] = 1 when employee e works shift s on day d. Hard rules are constraints: one shift a
day, days off, shifts that may not follow each other, shifts per type, total minutes, longest
and shortest runs of working days and of days off (runs touching the horizon's ends are free,
as the benchmark defines them), worked weekends. The objective adds request violations and
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

from optimise.roster.instance import RosterInstance
from optimise.solver import Solution, SolverName, Status, solve
from scenarios import InfeasiblePlan


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


def _runs(days: int, length: int):
    """Yield (first, last) of every run of `length` days that touches neither end."""
    for first in range(1, days - length):
        yield first, first + length - 1


def solve_roster(
    instance: RosterInstance,
    *,
    solver: SolverName = SolverName.cbc,
    time_limit: float = 60.0,
    gap: float = 0.0,
) -> Roster:
    """Return the roster of least penalty that keeps every hard rule (or the best found)."""
    problem = pulp.LpProblem("roster", pulp.LpMinimize)
    days, shifts = range(instance.days), list(instance.shifts)
    x: dict[tuple[str, int, str], pulp.LpVariable] = {}
    for employee, contract in instance.staff.items():
        off = instance.days_off.get(employee, frozenset())
        for d in days:
            if d in off:
                continue
            for s in shifts:
                if contract.max_shifts.get(s, 0) > 0:
                    x[employee, d, s] = problem.add_variable(
                        f"x_{employee}_{d}_{s}", 0, 1, cat="Binary"
                    )
    by_employee_day: dict[tuple[str, int], list] = defaultdict(list)
    for (employee, d, _), var in x.items():
        by_employee_day[employee, d].append(var)

    def works(employee: str, d: int) -> pulp.LpAffineExpression:
        return pulp.lpSum(by_employee_day.get((employee, d), []))

    for employee, contract in instance.staff.items():
        name = employee
        for d in days:
            if by_employee_day.get((employee, d)):
                problem += works(employee, d) <= 1, f"one_shift_{name}_{d}"
        for s, kind in instance.shifts.items():
            for t in kind.not_followed_by:
                for d in range(instance.days - 1):
                    if (employee, d, s) in x and (employee, d + 1, t) in x:
                        problem += (
                            x[employee, d, s] + x[employee, d + 1, t] <= 1,
                            (f"rotation_{name}_{d}_{s}_{t}"),
                        )
            mine = [x[employee, d, s] for d in days if (employee, d, s) in x]
            if mine and contract.max_shifts.get(s, 0) < len(mine):
                problem += pulp.lpSum(mine) <= contract.max_shifts[s], f"max_{name}_{s}"
        minutes = pulp.lpSum(
            instance.shifts[s].minutes * var for (e, _, s), var in x.items() if e == employee
        )
        problem += minutes <= contract.max_minutes, f"max_minutes_{name}"
        problem += minutes >= contract.min_minutes, f"min_minutes_{name}"
        span = contract.max_consecutive + 1
        for first in range(instance.days - span + 1):
            problem += (
                pulp.lpSum(works(employee, d) for d in range(first, first + span))
                <= (contract.max_consecutive),
                f"max_run_{name}_{first}",
            )
        for length in range(1, contract.min_consecutive):
            for first, last in _runs(instance.days, length):
                # no run of `length` working days with a day off on either side
                problem += (
                    (
                        pulp.lpSum(works(employee, d) for d in range(first, last + 1))
                        - works(employee, first - 1)
                        - works(employee, last + 1)
                        <= length - 1
                    ),
                    f"min_run_{name}_{first}_{length}",
                )
        for length in range(1, contract.min_days_off):
            for first, last in _runs(instance.days, length):
                problem += (
                    (
                        works(employee, first - 1)
                        + works(employee, last + 1)
                        - pulp.lpSum(works(employee, d) for d in range(first, last + 1))
                        <= 1
                    ),
                    f"min_off_{name}_{first}_{length}",
                )
        weekends = []
        for w, saturday in enumerate(range(5, instance.days, 7)):
            weekend = problem.add_variable(f"weekend_{name}_{w}", 0, 1, cat="Binary")
            for d in (saturday, saturday + 1):
                if d < instance.days:
                    problem += weekend >= works(employee, d), f"weekend_{name}_{w}_{d}"
            weekends.append(weekend)
        if weekends and contract.max_weekends < len(weekends):
            problem += pulp.lpSum(weekends) <= contract.max_weekends, f"max_weekends_{name}"

    objective = []
    for request in instance.on_requests:
        var = x.get((request.employee, request.day, request.shift))
        objective.append(request.weight * (1 - var) if var is not None else request.weight)
    for request in instance.off_requests:
        var = x.get((request.employee, request.day, request.shift))
        if var is not None:
            objective.append(request.weight * var)
    under = {}
    for c in instance.cover:
        staff = [e for e in instance.staff if c.group is None or instance.groups.get(e) == c.group]
        n = pulp.lpSum(x[e, c.day, c.shift] for e in staff if (e, c.day, c.shift) in x)
        key = f"{c.day}_{c.shift}_{c.group or 'all'}"
        short = problem.add_variable(f"under_{key}", 0)
        over = problem.add_variable(f"over_{key}", 0)
        problem += n + short - over == c.required, f"cover_{key}"
        objective += [c.under_weight * short, c.over_weight * over]
        under[c.day, c.shift, c.group] = short
    _break_symmetry(problem, instance, x)
    problem += pulp.lpSum(objective)
    solution = solve(problem, solver, time_limit, gap)
    if solution.status is Status.not_solved:
        raise InfeasiblePlan(
            f"no roster found within the time limit of {time_limit:g} s (none proven "
            "impossible either): give a longer --time-limit or try --solver highs"
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
    for members in alike.values():
        for first, second in itertools.pairwise(members):

            def minutes(e: str) -> pulp.LpAffineExpression:
                return pulp.lpSum(
                    instance.shifts[s].minutes * var for (emp, _, s), var in x.items() if emp == e
                )

            problem += minutes(first) >= minutes(second), f"order_{first}_{second}"
