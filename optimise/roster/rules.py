"""Labour rules of a roster, one constraint builder each, applied to one employee at a time.

Each builder adds its rule to the problem for one employee's variables and names every
constraint from indexes only (employee number, day, shift number): names a user wrote never
reach the solver. Runs that touch the horizon's ends are free, as the public benchmark defines
them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pulp

from optimise.roster.instance import Contract, ShiftKind


@dataclass(frozen=True)
class Employee:
    """One employee's assignment variables: x[day, shift] = 1 when they work that shift."""

    number: int  # position in the instance's staff, for constraint names
    x: dict[tuple[int, str], pulp.LpVariable]
    days: int

    def works(self, day: int) -> pulp.LpAffineExpression:
        """Return the expression that is 1 when the employee works on `day`, else 0."""
        return pulp.lpSum(var for (d, _), var in self.x.items() if d == day)

    def minutes(self, shifts: dict[str, ShiftKind]) -> pulp.LpAffineExpression:
        """Return the minutes the employee works over the horizon."""
        return pulp.lpSum(shifts[s].minutes * var for (_, s), var in self.x.items())


def _inner_runs(days: int, length: int) -> Iterator[tuple[int, int]]:
    """Yield (first, last) of every run of `length` days that touches neither end."""
    for first in range(1, days - length):
        yield first, first + length - 1


def one_shift_a_day(problem: pulp.LpProblem, who: Employee) -> None:
    """At most one shift a day."""
    for d in range(who.days):
        if any(day == d for day, _ in who.x):
            problem += who.works(d) <= 1, f"one_shift_{who.number}_{d}"


def no_forbidden_successions(
    problem: pulp.LpProblem, who: Employee, shifts: dict[str, ShiftKind]
) -> None:
    """A shift is never followed the next day by one it may not be followed by."""
    names = list(shifts)
    for s, kind in shifts.items():
        for t in kind.not_followed_by:
            for d in range(who.days - 1):
                if (d, s) in who.x and (d + 1, t) in who.x:
                    label = f"rotation_{who.number}_{d}_{names.index(s)}_{names.index(t)}"
                    problem += who.x[d, s] + who.x[d + 1, t] <= 1, label


def shifts_per_type(
    problem: pulp.LpProblem, who: Employee, contract: Contract, shifts: dict[str, ShiftKind]
) -> None:
    """At most the contract's number of shifts of each type."""
    for number, s in enumerate(shifts):
        mine = [var for (_, kind), var in who.x.items() if kind == s]
        if mine and contract.max_shifts.get(s, 0) < len(mine):
            problem += pulp.lpSum(mine) <= contract.max_shifts[s], f"max_{who.number}_{number}"


def minutes_within_contract(
    problem: pulp.LpProblem, who: Employee, contract: Contract, shifts: dict[str, ShiftKind]
) -> None:
    """Total minutes worked between the contract's minimum and maximum."""
    minutes = who.minutes(shifts)
    problem += minutes <= contract.max_minutes, f"max_minutes_{who.number}"
    problem += minutes >= contract.min_minutes, f"min_minutes_{who.number}"


def max_consecutive_days(problem: pulp.LpProblem, who: Employee, limit: int) -> None:
    """No more than `limit` working days in a row: every window of limit + 1 has a day off."""
    span = limit + 1
    for first in range(who.days - span + 1):
        worked = pulp.lpSum(who.works(d) for d in range(first, first + span))
        problem += worked <= limit, f"max_run_{who.number}_{first}"


def min_consecutive_days(problem: pulp.LpProblem, who: Employee, minimum: int) -> None:
    """No inner run of working days shorter than `minimum`."""
    for length in range(1, minimum):
        for first, last in _inner_runs(who.days, length):
            inside = pulp.lpSum(who.works(d) for d in range(first, last + 1))
            edges = who.works(first - 1) + who.works(last + 1)
            problem += inside - edges <= length - 1, f"min_run_{who.number}_{first}_{length}"


def min_consecutive_days_off(problem: pulp.LpProblem, who: Employee, minimum: int) -> None:
    """No inner run of days off shorter than `minimum`."""
    for length in range(1, minimum):
        for first, last in _inner_runs(who.days, length):
            inside = pulp.lpSum(who.works(d) for d in range(first, last + 1))
            edges = who.works(first - 1) + who.works(last + 1)
            problem += edges - inside <= 1, f"min_off_{who.number}_{first}_{length}"


def max_weekends(problem: pulp.LpProblem, who: Employee, limit: int) -> None:
    """At most `limit` weekends (Saturday or Sunday, day 5 and 6 of each week) worked."""
    weekends = []
    for w, saturday in enumerate(range(5, who.days, 7)):
        weekend = problem.add_variable(f"weekend_{who.number}_{w}", 0, 1, cat="Binary")
        for d in (saturday, saturday + 1):
            if d < who.days:
                problem += weekend >= who.works(d), f"weekend_{who.number}_{w}_{d}"
        weekends.append(weekend)
    if weekends and limit < len(weekends):
        problem += pulp.lpSum(weekends) <= limit, f"max_weekends_{who.number}"
