"""Pricing with the shift-type limits priced (a Lagrangian relaxation), not tracked.

On the eight-day instance of test_pricing.py, whose feasible schedules conftest.py enumerates
with the independent checker (roster_checker.py): the schedule must be one of them, worth what
it claims, never below the least reduced cost, and exactly the least whenever it claims a proof
(the multipliers' optimality condition); unproven, it may be above (a heuristic).
"""

from __future__ import annotations

import numpy as np
import pytest

from optimise.deadline import Deadline
from optimise.roster import dynamic
from optimise.roster.dynamic import LazyPricer
from optimise.roster.instance import read_instance as read_problem
from optimise.roster.milp import CoverIndex
from tests.optimise.roster.test_pricing import _row, priced_by_hand


@pytest.mark.parametrize("scale", [1.0, 10.0, 300.0])
def test_quick_pricing_keeps_the_limits_and_is_worth_what_it_claims(
    eight_days, every_schedule, limits_priced, monkeypatch, scale
):
    # no limit may be tracked: whenever a limit binds, the limits are priced (or the integer
    # program behind them prices the employee)
    calls = []
    priced_limits = LazyPricer._priced_limits

    def spy(self, prices, *rounds):
        found = priced_limits(self, prices, *rounds)
        calls.append((found, self._multipliers.max()))
        return found

    monkeypatch.setattr(LazyPricer, "_priced_limits", spy)
    problem = read_problem(eight_days)
    index = CoverIndex.of(problem)
    rng = np.random.default_rng(int(scale))
    quick_seen = 0  # schedules left unproven (allowed: a heuristic then)
    for _ in range(6):
        prices = rng.uniform(-1.0, 1.0, len(problem.cover)) * scale
        for employee, schedules in every_schedule.items():
            worth = {
                tuple(sorted(schedule.items())): own
                - sum(prices[_row(problem, d, s)] for d, s in schedule.items())
                for schedule, own in schedules
            }
            priced = LazyPricer(problem, employee, index).price(
                prices, Deadline.after(30), quick=True
            )
            assert priced is not None
            key = tuple(sorted(priced.schedule.items()))
            assert key in worth  # the checker finds it keeps the contract
            assert priced.value == pytest.approx(worth[key], abs=1e-9)
            assert priced.value >= min(worth.values()) - 1e-9
            # the Lagrangian value it reports is one no schedule keeping the limits beats
            assert priced.lower <= min(worth.values()) + 1e-9
            if priced.proven:
                assert priced.value == pytest.approx(min(worth.values()), abs=1e-9)
            quick_seen += not priced.proven
    # A's limit of two lates binds at some of these prices: a positive multiplier proved the
    # schedule best at least once (at the largest prices, doubling from 1 rarely lands on a
    # multiplier that proves: none is required there)
    proofs = [found is not None and found.proven and top > 0 for found, top in calls]
    assert scale > 100 or any(proofs)


@pytest.mark.parametrize("scale", [1.0, 10.0, 300.0])
def test_pricing_tracking_the_limits_it_broke_proves_the_least(
    eight_days, every_schedule, monkeypatch, scale
):
    # no program may track every limit at once, but one may track any of them while the others
    # are priced: each limit a schedule broke is tracked from the next call, so once calls stop
    # breaking new limits the schedule is proven the least (against the checker's enumeration)
    monkeypatch.setattr(dynamic, "MOST_STATES", 0)
    monkeypatch.setattr(dynamic, "CHEAP_STATES", 0)
    monkeypatch.setattr(dynamic, "PARTIAL_STATES", 10**9)
    problem = read_problem(eight_days)
    index = CoverIndex.of(problem)
    for prices, employee, _, least in priced_by_hand(
        problem, every_schedule, scale, seed=int(scale) + 1
    ):
        pricer = LazyPricer(problem, employee, index)
        for _ in range(len(problem.shifts) + 1):  # a limit more tracked each time at most
            priced = pricer.price(prices, Deadline.after(30), quick=True)
            assert priced is not None
            assert priced.value >= least - 1e-9
            if priced.proven:
                break
        assert priced.proven
        assert priced.value == pytest.approx(least, abs=1e-9)


@pytest.mark.parametrize("scale", [1.0, 10.0, 300.0])
def test_pricing_to_a_threshold_decides_it_or_proves_the_least(
    eight_days, every_schedule, limits_priced, scale
):
    # column generation needs to know only whether some schedule's reduced cost is below the
    # employee's price (`enough`): the answer is a schedule below it, a bound no schedule beats
    # that reaches it, or the least schedule proven (against the checker's enumeration)
    problem = read_problem(eight_days)
    index = CoverIndex.of(problem)
    decided_by_bound = 0
    for prices, employee, _, least in priced_by_hand(
        problem, every_schedule, scale, seed=int(scale) + 7
    ):
        for enough in (least - 1.0, least + 1e-3, least + 1.0):
            priced = LazyPricer(problem, employee, index).price(
                prices, Deadline.after(30), enough=enough
            )
            assert priced is not None
            assert least - 1e-9 <= priced.value
            assert priced.lower <= least + 1e-9
            if priced.proven:
                assert priced.value == pytest.approx(least, abs=1e-9)
            else:
                assert priced.value < enough or priced.lower >= enough - 1e-6
                decided_by_bound += priced.value >= enough
            if enough < least:  # no schedule is below it: never claimed
                assert priced.value >= enough
    # the bound decided some without the exact program (the point of it; at the largest
    # prices the multipliers, doubling from 1, seldom come near enough for that)
    assert scale > 100 or decided_by_bound > 0
