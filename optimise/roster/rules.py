"""Labour rules of a roster, one constraint builder each, applied to one employee at a time.

Each builder adds its rule to the problem for one employee's variables and names every
constraint from indexes only (employee number, day, shift number): names a user wrote never
reach the solver. Runs that touch the horizon's ends are free, as the public benchmark defines
them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

import pulp

from optimise.roster.instance import Contract, ShiftKind


@dataclass(frozen=True)
class Employee:
    """One employee's assignment variables: x[day, shift] = 1 when they work that shift."""

    number: int  # position in the instance's staff, for constraint names
    x: dict[tuple[int, str], pulp.LpVariable]
    days: int

    @cached_property
    def by_day(self) -> dict[int, list[pulp.LpVariable]]:
        """Return the employee's variables per day (built once: rules ask for days often)."""
        days: dict[int, list[pulp.LpVariable]] = defaultdict(list)
        for (d, _), var in self.x.items():
            days[d].append(var)
        return dict(days)

    def works(self, day: int) -> pulp.LpAffineExpression:
        """Return the expression that is 1 when the employee works on `day`, else 0."""
        return pulp.lpSum(self.by_day.get(day, []))

    def minutes(self, shifts: dict[str, ShiftKind]) -> pulp.LpAffineExpression:
        """Return the minutes the employee works over the horizon."""
        return pulp.lpSum(shifts[s].minutes * var for (_, s), var in self.x.items())


def _inner_runs(days: int, length: int) -> Iterator[tuple[int, int]]:
    """Yield (first, last) of every run of `length` days that touches neither end."""
    for first in range(1, days - length):
        yield first, first + length - 1


def one_shift_a_day(problem: pulp.LpProblem, who: Employee) -> None:
    """At most one shift a day."""
    for d, variables in who.by_day.items():
        if len(variables) > 1:
            problem += pulp.lpSum(variables) <= 1, f"one_shift_{who.number}_{d}"


def no_forbidden_successions(
    problem: pulp.LpProblem, who: Employee, shifts: dict[str, ShiftKind]
) -> None:
    """A shift is never followed the next day by one it may not be followed by.

    One constraint per day and shift, not per pair: x[d, s] plus every shift s forbids on day
    d + 1 is at most 1 (valid since at most one shift is worked a day, and tighter).
    """
    for number, (s, kind) in enumerate(shifts.items()):
        if not kind.not_followed_by:
            continue
        for d in range(who.days - 1):
            if (d, s) not in who.x:
                continue
            after = [who.x[d + 1, t] for t in kind.not_followed_by if (d + 1, t) in who.x]
            if after:
                label = f"rotation_{who.number}_{d}_{number}"
                problem += who.x[d, s] + pulp.lpSum(after) <= 1, label


def shifts_per_type(
    problem: pulp.LpProblem, who: Employee, contract: Contract, shifts: dict[str, ShiftKind]
) -> None:
    """At most the contract's number of shifts of each type."""
    for number, s in enumerate(shifts):
        mine = [var for (_, kind), var in who.x.items() if kind == s]
        most = contract.max_shifts.get(s, 0)  # a type the contract does not list: none of it
        if mine and most < len(mine):
            problem += pulp.lpSum(mine) <= most, f"max_{who.number}_{number}"


def minutes_within_contract(
    problem: pulp.LpProblem, who: Employee, contract: Contract, shifts: dict[str, ShiftKind]
) -> None:
    """Total minutes worked between the contract's minimum and maximum."""
    minutes = who.minutes(shifts)
    problem += minutes <= contract.max_minutes, f"max_minutes_{who.number}"
    if contract.min_minutes > 0:
        problem += minutes >= contract.min_minutes, f"min_minutes_{who.number}"
    if contract.week_minutes is not None:  # a weekly maximum: each calendar week of 7 days
        for w, first in enumerate(range(0, who.days, 7)):
            week = pulp.lpSum(
                shifts[s].minutes * var for (d, s), var in who.x.items() if first <= d < first + 7
            )
            problem += week <= contract.week_minutes, f"week_minutes_{who.number}_{w}"


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


def max_weekends(problem: pulp.LpProblem, who: Employee, limit: int) -> dict[int, pulp.LpVariable]:
    """At most `limit` weekends (Saturday or Sunday, day 5 and 6 of each week) worked; return
    each weekend's "worked" flag by its number (none when the limit cannot bind)."""
    saturdays = list(range(5, who.days, 7))
    if limit >= len(saturdays):
        return {}
    weekends = {}
    for w, saturday in enumerate(saturdays):
        weekend = problem.add_variable(f"weekend_{who.number}_{w}", 0, 1, cat="Binary")
        for d in (saturday, saturday + 1):
            if d < who.days and d in who.by_day:
                problem += weekend >= who.works(d), f"weekend_{who.number}_{w}_{d}"
        weekends[w] = weekend
    problem += pulp.lpSum(weekends.values()) <= limit, f"max_weekends_{who.number}"
    return weekends
