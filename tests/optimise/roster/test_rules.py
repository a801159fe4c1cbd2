"""Each labour-rule builder against brute force on a tiny horizon.

For one employee and a few days, every assignment (each day: off or one shift) is enumerated;
the rule, written out here from its definition, says which are feasible, and the builder's
constraints, evaluated on the assignment with the variables fixed, must admit exactly those.
A builder's own helper variables (a weekend's "worked" flag) may take any value their bounds
allow: an assignment is admitted when some choice of them keeps every constraint.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

import numpy as np
import pulp
import pytest

from optimise.roster import rules
from optimise.roster.instance import Contract, ShiftKind
from optimise.roster.rules import Employee

OFF = "-"
Assignment = tuple[str, ...]  # per day: OFF or a shift name


def employee(
    problem: pulp.LpProblem, days: int, shifts: Sequence[str], off: Sequence[int] = ()
) -> Employee:
    """Return one employee with a binary variable per day and shift, none on days off."""
    x = {
        (d, s): problem.add_variable(f"x_{d}_{s}", 0, 1, cat="Binary")
        for d in range(days)
        if d not in off
        for s in shifts
    }
    return Employee(number=0, x=x, days=days)


def assignments(days: int, shifts: Sequence[str], off: Sequence[int] = ()) -> list[Assignment]:
    """Return every assignment of a day's shift (or none) to each day; days off stay off."""
    choices = [(OFF,) if d in off else (OFF, *shifts) for d in range(days)]
    return list(itertools.product(*choices))


def admitted(
    problem: pulp.LpProblem, who: Employee, candidates: Sequence[dict[tuple[int, str], int]]
) -> list[bool]:
    """Return, per candidate (a value for every x), whether the problem's constraints admit it.

    Each constraint is `sum(coefficient * variable) + constant  <=, = or >=  0`; it is evaluated
    with numpy for every candidate and every 0/1 choice of the helper variables at once.
    """
    constraints = problem.constraints()
    keys = list(who.x)
    column = {who.x[k].name: j for j, k in enumerate(keys)}
    helpers = {}
    for constraint in constraints:
        for var, _ in constraint.items():
            if var.name not in column and var.name not in helpers:
                helpers[var.name] = var
    for var in helpers.values():  # the enumeration below covers binaries only
        assert var.cat == pulp.LpBinary or (var.lowBound, var.upBound) == (0, 1), var.name
    for name in helpers:
        column[name] = len(column)
    a = np.zeros((len(constraints), len(column)))
    constant = np.array([c.constant for c in constraints], dtype=float)
    sense = np.array([c.sense for c in constraints])
    for i, constraint in enumerate(constraints):
        for var, coefficient in constraint.items():
            a[i, column[var.name]] += coefficient
    fixed = np.array([[c[k] for k in keys] for c in candidates], dtype=float).reshape(
        len(candidates), len(keys)
    )
    ok = np.zeros(len(candidates), dtype=bool)
    for choice in itertools.product((0.0, 1.0), repeat=len(helpers)):
        values = np.hstack([fixed, np.tile(choice, (len(candidates), 1))])
        lhs = values @ a.T + constant
        keeps = np.where(
            sense < 0, lhs <= 1e-9, np.where(sense > 0, lhs >= -1e-9, np.abs(lhs) <= 1e-9)
        )
        ok |= keeps.all(axis=1)
    return ok.tolist()


def check(
    build: Callable[[pulp.LpProblem, Employee], None],
    feasible: Callable[[Assignment], bool],
    days: int,
    shifts: Sequence[str],
    off: Sequence[int] = (),
) -> None:
    """Assert the builder admits exactly the assignments the definition calls feasible."""
    problem = pulp.LpProblem("rule", pulp.LpMinimize)
    who = employee(problem, days, shifts, off)
    build(problem, who)
    every = assignments(days, shifts, off)
    values = [{(d, s): int(plan[d] == s) for (d, s) in who.x} for plan in every]
    got = {plan for plan, yes in zip(every, admitted(problem, who, values), strict=True) if yes}
    want = {plan for plan in every if feasible(plan)}
    assert want, "the rule leaves no feasible assignment: the case tests nothing"
    wrongly_admitted = sorted(got - want)[:5]
    wrongly_refused = sorted(want - got)[:5]
    assert got == want, f"admitted {wrongly_admitted} ... refused {wrongly_refused} ..."


def runs(plan: Assignment) -> list[tuple[bool, int, int]]:
    """Return the maximal runs of working (True) or off (False) days: (working, first, last)."""
    found = []
    first = 0
    for d in range(1, len(plan) + 1):
        if d == len(plan) or (plan[d] != OFF) != (plan[first] != OFF):
            found.append((plan[first] != OFF, first, d - 1))
            first = d
    return found


def inner(plan: Assignment, first: int, last: int) -> bool:
    """Return whether a run touches neither the horizon's first nor its last day."""
    return first > 0 and last < len(plan) - 1


# -- the rules, each checked on every assignment ----------------------------------------------


def test_runs_helper_on_a_hand_worked_week():
    # D D - - D - D: worked 0-1, off 2-3, worked 4, off 5, worked 6
    assert runs(("D", "D", OFF, OFF, "D", OFF, "D")) == [
        (True, 0, 1),
        (False, 2, 3),
        (True, 4, 4),
        (False, 5, 5),
        (True, 6, 6),
    ]


@pytest.mark.parametrize("days", [1, 4, 5])
def test_one_shift_a_day(days):
    # here every 0/1 value of x is a candidate, two shifts on one day included
    shifts = ("E", "L")
    problem = pulp.LpProblem("rule", pulp.LpMinimize)
    who = employee(problem, days, shifts)
    rules.one_shift_a_day(problem, who)
    keys = list(who.x)
    candidates = [
        dict(zip(keys, bits, strict=True)) for bits in itertools.product((0, 1), repeat=len(keys))
    ]
    want = [all(c[d, "E"] + c[d, "L"] <= 1 for d in range(days)) for c in candidates]
    assert admitted(problem, who, candidates) == want
    assert not all(want)


@pytest.mark.parametrize(
    "forbidden",
    [
        {"L": {"E"}},  # a late shift is never followed by an early one
        {"L": {"E", "D"}, "D": {"E"}},
        {"E": {"E"}},  # a shift that may not follow itself
        {},
    ],
)
def test_no_forbidden_successions(forbidden):
    shifts = {s: ShiftKind(s, 480, frozenset(forbidden.get(s, ()))) for s in ("E", "D", "L")}

    def feasible(plan: Assignment) -> bool:
        # shift s on day d and t on day d + 1 with t among the shifts s may not be followed by
        return not any(
            plan[d] != OFF and plan[d + 1] in forbidden.get(plan[d], ())
            for d in range(len(plan) - 1)
        )

    check(
        lambda problem, who: rules.no_forbidden_successions(problem, who, shifts),
        feasible,
        days=5,
        shifts=tuple(shifts),
    )


def contract(**fields: object) -> Contract:
    """Return a contract that allows everything but what `fields` restrict."""
    defaults: dict[str, object] = {
        "max_shifts": {"E": 99, "L": 99},
        "max_minutes": 10**6,
        "min_minutes": 0,
        "max_consecutive": 99,
        "min_consecutive": 1,
        "min_days_off": 1,
        "max_weekends": 99,
    }
    return Contract(**{**defaults, **fields})


@pytest.mark.parametrize(
    "most", [{"E": 0, "L": 6}, {"E": 1, "L": 2}, {"E": 3, "L": 0}, {"E": 6, "L": 6}]
)
def test_shifts_per_type(most):
    shifts = {"E": ShiftKind("E", 480), "L": ShiftKind("L", 480)}
    terms = contract(max_shifts=most)
    check(
        lambda problem, who: rules.shifts_per_type(problem, who, terms, shifts),
        lambda plan: all(plan.count(s) <= most[s] for s in shifts),
        days=6,
        shifts=tuple(shifts),
    )


def test_shifts_per_type_allows_none_of_a_type_the_contract_does_not_list():
    shifts = {"E": ShiftKind("E", 480), "L": ShiftKind("L", 480)}
    terms = contract(max_shifts={"E": 3})  # L not listed: none may be worked
    check(
        lambda problem, who: rules.shifts_per_type(problem, who, terms, shifts),
        lambda plan: plan.count("E") <= 3 and "L" not in plan,
        days=5,
        shifts=tuple(shifts),
    )


@pytest.mark.parametrize(
    "least, most",
    [(0, 10**6), (960, 10**6), (0, 1200), (1200, 1440), (1440, 1440), (720, 960)],
)
def test_minutes_within_contract(least, most):
    # an early shift of 8 hours and a short late one of 4: totals are multiples of 240
    shifts = {"E": ShiftKind("E", 480), "L": ShiftKind("L", 240)}
    terms = contract(min_minutes=least, max_minutes=most)

    def feasible(plan: Assignment) -> bool:
        worked = sum({"E": 480, "L": 240}.get(s, 0) for s in plan)
        return least <= worked <= most

    check(
        lambda problem, who: rules.minutes_within_contract(problem, who, terms, shifts),
        feasible,
        days=5,
        shifts=tuple(shifts),
    )


@pytest.mark.parametrize("limit", [1, 2, 3, 5, 6, 7])
@pytest.mark.parametrize("off", [(), (3,)])
def test_max_consecutive_days(limit, off):
    # no run of working days longer than the limit; runs at the ends count what is inside
    check(
        lambda problem, who: rules.max_consecutive_days(problem, who, limit),
        lambda plan: all(last - first + 1 <= limit for on, first, last in runs(plan) if on),
        days=7,
        shifts=("E", "L"),
        off=off,
    )


@pytest.mark.parametrize("minimum", [1, 2, 3, 4])
@pytest.mark.parametrize("off", [(), (2,)])
def test_min_consecutive_days(minimum, off):
    # no run of working days shorter than the minimum, unless it touches the first or last day
    check(
        lambda problem, who: rules.min_consecutive_days(problem, who, minimum),
        lambda plan: all(
            last - first + 1 >= minimum
            for on, first, last in runs(plan)
            if on and inner(plan, first, last)
        ),
        days=7,
        shifts=("E", "L"),
        off=off,
    )


@pytest.mark.parametrize("minimum", [1, 2, 3, 4])
@pytest.mark.parametrize("off", [(), (2,)])
def test_min_consecutive_days_off(minimum, off):
    # no run of days off shorter than the minimum, unless it touches the first or last day
    check(
        lambda problem, who: rules.min_consecutive_days_off(problem, who, minimum),
        lambda plan: all(
            last - first + 1 >= minimum
            for on, first, last in runs(plan)
            if not on and inner(plan, first, last)
        ),
        days=7,
        shifts=("E", "L"),
        off=off,
    )


@pytest.mark.parametrize(
    "days, limit",
    [(5, 0), (6, 0), (7, 0), (7, 1), (13, 1), (14, 0), (14, 1), (14, 2)],
)
def test_max_weekends(days, limit):
    # weekend w is Saturday 5 + 7w and Sunday 6 + 7w (those inside the horizon); it is worked
    # when either day is; at most `limit` weekends worked
    def feasible(plan: Assignment) -> bool:
        weekends = [
            [d for d in (saturday, saturday + 1) if d < days] for saturday in range(5, days, 7)
        ]
        return sum(any(plan[d] != OFF for d in weekend) for weekend in weekends) <= limit

    check(
        lambda problem, who: rules.max_weekends(problem, who, limit),
        feasible,
        days=days,
        shifts=("D",),
    )
