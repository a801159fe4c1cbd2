"""Column generation's pricing and master, against brute force on an eight-day instance.

Every schedule of each employee (3^8 = 6,561: off, E or L each day) is enumerated here and
kept when the independent checker (tests/optimise/roster/roster_checker.py) finds it keeps the
contract. The pricing problems must find the schedule of least reduced cost among those; the
master's relaxation over the columns generated must equal the relaxation over all of them,
solved here as one linear program with scipy; its bound may not exceed the true optimum,
found here by trying every combination of feasible schedules.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.optimize import linprog

from optimise.deadline import Deadline
from optimise.roster.columns import generate
from optimise.roster.dynamic import LazyPricer, SchedulePricer
from optimise.roster.instance import read_instance as read_problem
from optimise.roster.milp import CoverIndex
from optimise.roster.model import solve_roster
from optimise.roster.pricing import Pricer
from tests.optimise.roster.roster_checker import objective, read_instance, violations

# Eight days from a Monday: day 5 and 6 are the one weekend. A may work no weekend and at most
# two lates; a late may not be followed by an early; B has day 2 off; C works lates only. Runs
# and minutes differ by employee, and the shifts differ in length (480 and 600 minutes).
EIGHT_DAYS = """\
SECTION_HORIZON
8

SECTION_SHIFTS
E,480,
L,600,E

SECTION_STAFF
A,E=8|L=2,3600,1920,3,2,2,0
B,E=8|L=8,3000,1440,4,1,1,1
C,E=0|L=8,4200,1200,3,2,1,1

SECTION_DAYS_OFF
B,2

SECTION_SHIFT_ON_REQUESTS
A,0,L,3
C,7,L,2

SECTION_SHIFT_OFF_REQUESTS
B,4,E,5

SECTION_COVER
0,E,1,100,1
1,E,2,100,1
2,E,1,100,1
3,E,1,100,1
4,E,2,100,1
5,E,1,100,1
6,E,0,100,1
7,E,1,100,1
0,L,1,100,1
1,L,1,100,1
2,L,0,100,1
3,L,1,100,1
4,L,1,100,1
5,L,1,100,1
6,L,1,100,1
7,L,1,100,1
"""


def _row(problem, day: int, shift: str) -> int:
    return next(k for k, c in enumerate(problem.cover) if (c.day, c.shift) == (day, shift))


def priced_by_hand(problem, every_schedule, scale: float, seed: int):
    """Yield, at four random price vectors, each employee with its schedules and the least
    reduced cost among them (own cost less the prices of the rows it covers), enumerated."""
    rng = np.random.default_rng(seed)
    for _ in range(4):
        prices = rng.uniform(-1.0, 1.0, len(problem.cover)) * scale
        for employee, schedules in every_schedule.items():
            least = min(
                own - sum(prices[_row(problem, d, s)] for d, s in schedule.items())
                for schedule, own in schedules
            )
            yield prices, employee, schedules, least


def test_every_employee_has_several_schedules_and_the_rules_cut_most(every_schedule):
    # the contracts leave each employee a choice, but most of the 6,561 schedules break a rule
    for schedules in every_schedule.values():
        assert 1 < len(schedules) < 6561 // 4


@pytest.mark.parametrize("kind", [SchedulePricer, LazyPricer, Pricer])
@pytest.mark.parametrize("scale", [1.0, 10.0, 300.0])
def test_pricing_finds_the_least_reduced_cost_schedule(eight_days, every_schedule, kind, scale):
    problem = read_problem(eight_days)
    index = CoverIndex.of(problem)
    for prices, employee, schedules, least in priced_by_hand(
        problem, every_schedule, scale, seed=int(scale)
    ):
        priced = kind(problem, employee, index).price(prices, Deadline.after(30))
        assert priced is not None and priced.proven
        assert priced.value == pytest.approx(least, abs=1e-9)
        # the schedule returned is one of the feasible ones and is worth what is claimed
        mine = dict(schedules_of(schedules))
        key = tuple(sorted(priced.schedule.items()))
        assert key in mine
        earned = sum(prices[_row(problem, d, s)] for d, s in priced.schedule.items())
        assert mine[key] - earned == pytest.approx(priced.value, abs=1e-9)
        assert priced.own_cost == mine[key]


def schedules_of(schedules):
    return ((tuple(sorted(schedule.items())), own) for schedule, own in schedules)


def _full_relaxation(problem, every_schedule) -> float:
    """The master's relaxation over every feasible schedule of every employee."""
    staff = list(problem.staff)
    cover = problem.cover
    costs, columns = [], []
    for e, schedules in every_schedule.items():
        for schedule, own in schedules:
            column = np.zeros(len(staff) + len(cover))
            column[staff.index(e)] = 1
            for d, s in schedule.items():
                column[len(staff) + _row(problem, d, s)] += 1
            costs.append(own)
            columns.append(column)
    for k, c in enumerate(cover):  # short and over on each cover row
        for sign, weight in ((1, c.under_weight), (-1, c.over_weight)):
            column = np.zeros(len(staff) + len(cover))
            column[len(staff) + k] = sign
            costs.append(weight)
            columns.append(column)
    rhs = np.array([1.0] * len(staff) + [c.required for c in cover])
    result = linprog(costs, A_eq=np.array(columns).T, b_eq=rhs, bounds=(0, None), method="highs")
    assert result.status == 0
    return float(result.fun)


@pytest.fixture(scope="module")
def optimum(eight_days, every_schedule) -> int:
    """The least penalty over every combination of feasible schedules (the first employee's
    in a loop, the others' pairs as arrays)."""
    problem = read_problem(eight_days)
    cells = [(c.day, c.shift) for c in problem.cover]
    required = np.array([c.required for c in problem.cover])
    under = np.array([c.under_weight for c in problem.cover])
    over = np.array([c.over_weight for c in problem.cover])

    def worked(schedules):
        own = np.array([o for _, o in schedules])
        rows = np.array([[int(sch.get(d) == s) for d, s in cells] for sch, _ in schedules])
        return own, rows

    (own_a, a), (own_b, b), (own_c, c) = (worked(v) for v in every_schedule.values())
    pairs = (b[:, None, :] + c[None, :, :]).reshape(-1, len(cells))
    pair_own = (own_b[:, None] + own_c[None, :]).ravel()
    best = None
    for k in range(len(own_a)):
        n = pairs + a[k]
        total = own_a[k] + pair_own
        total = total + (
            under * np.maximum(required - n, 0) + over * np.maximum(n - required, 0)
        ).sum(1)
        best = int(total.min()) if best is None else min(best, int(total.min()))
    assert best is not None
    return best


def test_column_generation_reaches_the_relaxation_over_all_schedules(
    eight_days, every_schedule, optimum
):
    problem = read_problem(eight_days)
    generated = generate(problem, Deadline.after(60))
    assert generated.converged
    full = _full_relaxation(problem, every_schedule)
    assert generated.relaxation == pytest.approx(full, abs=1e-6)
    assert generated.bound == pytest.approx(full, abs=1e-6)
    assert generated.bound <= optimum + 1e-9


def test_generation_on_lagrangian_bounds_converges_to_the_same_relaxation(
    eight_days, every_schedule, optimum, limits_priced
):
    # every limit priced, never tracked: an employee's least reduced cost is then often known
    # only as a bound; converging on those bounds still reaches the relaxation over every
    # schedule, and the bound stays below it
    problem = read_problem(eight_days)
    generated = generate(problem, Deadline.after(60))
    assert generated.converged
    full = _full_relaxation(problem, every_schedule)
    assert generated.relaxation == pytest.approx(full, abs=1e-6)
    assert generated.bound is not None and generated.bound <= full + 1e-6
    assert math.ceil(generated.bound - 1e-6) <= optimum


def test_rosters_by_columns_reach_the_optimum_and_keep_every_rule(eight_days, optimum):
    problem = read_problem(eight_days)
    roster = solve_roster(problem, time_limit=30, method="columns")
    rows = list(roster.assignments.itertuples(index=False, name=None))
    checked = read_instance(eight_days)
    assert violations(checked, rows) == []
    assert roster.penalty == objective(checked, rows) == optimum
    assert roster.solution.bound is not None and roster.solution.bound <= optimum
