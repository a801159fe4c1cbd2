"""Weekly tours: the days on and off a week rule allows, against brute force over the week."""

from __future__ import annotations

import itertools

import pytest

from optimise.schedule import tours
from scenarios.shift_rules import WeekRule


def test_tours_are_the_weeks_with_two_consecutive_days_off():
    # 5 days on, 2 consecutive off, the week wrapping round: the 7 rotations of the weekend
    week = tours(WeekRule(days_on=5, consecutive_days_off=2))
    assert len(week) == 7
    assert (0, 1, 2, 3, 4) in week and (0, 1, 2, 3, 6) in week  # off Sat-Sun, off Fri-Sat
    assert (0, 2, 3, 4, 5) not in week  # off Tue and Sun: not consecutive


@pytest.mark.parametrize(
    "days_on, days_off",
    [(on, off) for on in range(1, 8) for off in range(0, 8 - on)],
)
def test_tours_equal_every_week_the_rule_allows(days_on, days_off):
    # every on/off pattern of Mon..Sun with `days_on` days on whose days off hold a run of
    # `days_off` in a row, the week read twice so that a run may go from Sunday into Monday
    allowed = set()
    for week in itertools.product("01", repeat=7):
        text = "".join(week)
        if text.count("1") == days_on and "0" * days_off in text + text:
            allowed.add(tuple(d for d in range(7) if text[d] == "1"))
    found = tours(WeekRule(days_on=days_on, consecutive_days_off=days_off))
    assert len(found) == len(set(found))  # no tour twice
    assert set(found) == allowed
