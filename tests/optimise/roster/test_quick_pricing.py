"""Quick pricing: a schedule keeping the shift-type limits found by pricing those shifts higher.

On the eight-day instance of test_pricing.py, whose feasible schedules conftest.py enumerates
with the independent checker (roster_checker.py): the quick schedule must be one of them,
worth what it claims, and never below the least reduced cost (a heuristic: not proven).
"""

from __future__ import annotations

import numpy as np
import pytest

from optimise.deadline import Deadline
from optimise.roster import dynamic
from optimise.roster.dynamic import LazyPricer
from optimise.roster.instance import read_instance as read_problem
from optimise.roster.milp import CoverIndex
from tests.optimise.roster.test_pricing import _row


@pytest.mark.parametrize("scale", [1.0, 10.0, 300.0])
def test_quick_pricing_keeps_the_limits_and_is_worth_what_it_claims(
    eight_days, every_schedule, monkeypatch, scale
):
    # no limit may be tracked: whenever a limit binds, the quick path (or the integer
    # program behind it) prices the employee
    monkeypatch.setattr(dynamic, "MOST_STATES", 0)
    problem = read_problem(eight_days)
    index = CoverIndex.of(problem)
    rng = np.random.default_rng(int(scale))
    quick_seen = 0
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
            quick_seen += not priced.proven
    # A's limit of two lates binds at some of these prices: the quick path was taken
    assert quick_seen > 0
