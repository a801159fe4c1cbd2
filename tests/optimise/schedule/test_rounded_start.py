"""The rounded-down relaxation a budget plan starts from keeps the tours: each day's shifts
rounded to exactly the number of tours working that day."""

from __future__ import annotations

import math

import pulp
from hypothesis import given
from hypothesis import strategies as st

from optimise.schedule.start import _rounded_to


def variables(values: list[float]) -> tuple[list[pulp.LpVariable], dict[str, float]]:
    """Return one variable per value and the values by name."""
    problem = pulp.LpProblem("rounding")
    made = [problem.add_variable(f"x_{i}", 0) for i in range(len(values))]
    return made, {v.name: value for v, value in zip(made, values, strict=True)}


def test_one_shift_of_fourteen_agents_gives_up_two_when_twelve_tours_work_that_day():
    # the relaxation put 14 agents on one shift of a day that 12 whole tours work
    made, values = variables([14.0])
    assert _rounded_to(12, made, values) == {"x_0": 12}


def test_fractions_are_raised_largest_first():
    # 1.7 + 2.2 + 0.6 = 4.5 agents, floors 1 + 2 + 0 = 3; to reach 4 the largest fraction (0.7)
    # is raised; to reach 5 the next (0.6) too
    made, values = variables([1.7, 2.2, 0.6])
    assert _rounded_to(4, made, values) == {"x_0": 2, "x_1": 2, "x_2": 0}
    assert _rounded_to(5, made, values) == {"x_0": 2, "x_1": 2, "x_2": 1}


def test_lowering_takes_from_the_smallest_fractions_first():
    # floors 3, 1, 2 (fractions 0.1, 0.9, 0.0): down to 2 takes x_2's two, then one of x_0's
    made, values = variables([3.1, 1.9, 2.0])
    assert _rounded_to(3, made, values) == {"x_0": 2, "x_1": 1, "x_2": 0}


@given(
    st.lists(st.floats(0, 30, allow_nan=False), min_size=1, max_size=12),
    st.integers(0, 400),
)
def test_any_total_is_met_exactly_with_no_negative_count(values, total):
    made, by_name = variables(values)
    rounded = _rounded_to(total, made, by_name)
    assert sum(rounded.values()) == total
    assert all(count >= 0 for count in rounded.values())
    if total <= sum(math.floor(v + 1e-9) for v in values):
        # lowering only: no variable is raised above its floor
        assert all(rounded[v.name] <= math.floor(by_name[v.name] + 1e-9) for v in made)
